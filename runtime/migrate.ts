// Applies the Prisma migrations (offline, through scripts/prisma.sh) to the given database.
import { execFileSync } from 'node:child_process';
import { projectRoot } from '../scripts/toolchain';

export function migrateDatabase(databaseUrl: string): void {
  execFileSync('bash', ['scripts/prisma.sh', 'migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}
