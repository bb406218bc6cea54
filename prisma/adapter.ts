// The pg adapter Prisma runs on (the CLI too, so this file must not import the generated client).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

const CATALOG_CHAR = 18;
const CATALOG_NAME = 19;
const TEXT = 25;

type WithFields = { fields?: { dataTypeID: number }[] };

/** adapter-pg 6.x refuses PostgreSQL's catalog types "char" and name (prisma/orm#27403), which migrate reads: report them as text. */
function textifyCatalogTypes<T>(result: T): T {
  for (const field of (result as WithFields | undefined)?.fields ?? []) {
    if (field.dataTypeID === CATALOG_CHAR || field.dataTypeID === CATALOG_NAME) field.dataTypeID = TEXT;
  }
  return result;
}

const patched = Symbol('textified');

function patchClient(client: pg.PoolClient): pg.PoolClient {
  const marked = client as pg.PoolClient & { [patched]?: true };
  if (marked[patched]) return client;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const out = query(...args);
    return out instanceof Promise ? out.then(textifyCatalogTypes) : out;
  };
  marked[patched] = true;
  return client;
}

/**
 * A checked-out connection that the server drops (a restart, a terminated backend) goes back to the pool at
 * once, destroyed. adapter-pg releases a transaction's connection only after its COMMIT or ROLLBACK succeeded,
 * which on a dead connection never happens: each such transaction kept a pool slot for good, and a few database
 * restarts left the API waiting forever for a connection. Releasing twice is harmless here.
 */
function releaseWhenLost(client: pg.PoolClient): pg.PoolClient {
  const release = client.release.bind(client);
  let released = false;
  const lost = (err?: Error) => once(err ?? new Error('connection ended'));
  const once = (err?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener('error', lost);
    client.removeListener('end', lost);
    release(err as never);
  };
  client.on('error', lost);
  client.on('end', lost);
  client.release = once as typeof client.release;
  return client;
}

export class CatalogTextPool extends pg.Pool {
  // pg's own Pool.query calls connect() with a callback, so only the promise form is patched here.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback as never);
    return super.connect().then((client) => releaseWhenLost(patchClient(client)));
  }

  override query(...args: unknown[]): never {
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    return (out instanceof Promise ? out.then(textifyCatalogTypes) : out) as never;
  }
}

export interface DbOptions {
  /** Pool size; the embedded PGlite wants few connections. */
  max?: number;
  /** Pool size when neither `max` nor the URL's connection_limit says (the configuration's DB_POOL_MAX); 10 by default. */
  defaultMax?: number;
}

export function poolMaxFor(url: string, defaultMax = 10): number {
  return Number(new URL(url).searchParams.get('connection_limit') ?? defaultMax);
}

function stripPrismaParams(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('connection_limit');
  return u.toString();
}

/** The adapter factory, with a shadow database for `prisma migrate diff --from-migrations`. */
export function adapterFactory(url: string, options: DbOptions = {}) {
  const connectionString = stripPrismaParams(url);
  const pool = new CatalogTextPool({ connectionString, max: options.max ?? poolMaxFor(url, options.defaultMax) });
  pool.on('error', () => {}); // an idle connection dropped by the server is replaced on next use
  const factory = new PrismaPg(pool, { disposeExternalPool: true });
  return Object.assign(factory, {
    /** The same pool, for the few hot paths that run plain SQL (see prisma/db.ts sqlPool). */
    pool,
    async connectToShadowDb() {
      const database = `prisma_shadow_${globalThis.crypto.randomUUID().replaceAll('-', '')}`;
      await pool.query(`CREATE DATABASE "${database}"`);
      const shadowUrl = new URL(connectionString);
      shadowUrl.pathname = `/${database}`;
      const shadowPool = new CatalogTextPool({ connectionString: shadowUrl.toString(), max: 2 });
      const adapter = await new PrismaPg(shadowPool, { disposeExternalPool: true }).connect();
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await pool.query(`DROP DATABASE IF EXISTS "${database}"`);
      };
      return adapter;
    },
  });
}

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/customs_assessment';
