// The embedded database for a laptop with nothing installed: PGlite (PostgreSQL in WebAssembly) persisted to a
// local folder, served on the PostgreSQL wire protocol so Prisma and the CLI talk to it like any server.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 8 });
  await server.start();
  return {
    // PGlite is one database session behind every socket: two connections' extended-protocol messages can
    // interleave ("bind message supplies 3 parameters, but prepared statement \"\" requires 6", or worse, one
    // statement bound to another's parameters). One connection: the queries queue here instead.
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?connection_limit=1`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
