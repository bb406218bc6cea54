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
    // PGlite runs one query at a time: a small pool avoids queueing many connections behind it.
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres?connection_limit=4`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
