// The embedded database for a laptop with nothing installed: PGlite (PostgreSQL in WebAssembly) persisted to a
// local folder, served on the PostgreSQL wire protocol so Prisma and the CLI talk to it like any server.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { serveSession } from './pglite-session';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // Every process (API, worker, migrations, the demo's loader) connects; the connections take turns on the one
  // session (runtime/pglite-session.ts).
  const server = await serveSession(db, port, '127.0.0.1', 32);
  return {
    // One connection per process: PGlite runs one statement at a time anyway, and a pool of one queues a
    // process's queries in the process instead of holding more sockets.
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?connection_limit=1`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
