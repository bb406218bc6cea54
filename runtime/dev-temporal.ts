// The Temporal dev server (the official CLI, SQLite-backed, with its Web UI), as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { temporalCliPath } from '../scripts/toolchain';

export interface DevTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

export async function startDevTemporal(options: { dbFile: string; port: number; uiPort: number }): Promise<DevTemporal> {
  mkdirSync(dirname(options.dbFile), { recursive: true });
  const child: ChildProcess = spawn(
    temporalCliPath(),
    ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--ui-port', String(options.uiPort),
      '--db-filename', options.dbFile, '--log-level', 'warn'],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const address = `127.0.0.1:${options.port}`;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 120; attempt++) {
    if (exited) throw new Error(`The Temporal dev server exited at start (is port ${options.port} or ${options.uiPort} taken?)`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.healthService.check({});
      await connection.close();
      break;
    } catch {
      await sleep(500);
    }
    if (attempt === 119) throw new Error('The Temporal dev server did not become ready within 60 s');
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
