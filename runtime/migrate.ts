// Applies the Prisma migrations (offline, through scripts/prisma.sh) to the given database.
// Asynchronous on purpose: the embedded PGlite serves the CLI from this same process's event loop.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { projectRoot } from '../scripts/toolchain';
import { childEnvironment } from './config';

const run = promisify(execFile);

export async function migrateDatabase(databaseUrl: string): Promise<void> {
  try {
    await run('bash', ['scripts/prisma.sh', 'migrate', 'deploy'], {
      cwd: projectRoot,
      env: childEnvironment({ DATABASE_URL: databaseUrl }),
    });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`Migrations failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
