// The API for the load benchmarks, as `npm run api` runs it: its own entry point in processes of its own
// (API_PROCESSES of them, node:cluster), request logs on (written to /dev/null), on a free loopback port. Also
// reads the CPU time those processes used (from /proc), the figure a busy machine changes least.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../scripts/toolchain';
import { freePort } from '../test/faults/processes';

export interface ApiProcesses {
  /** http://127.0.0.1:<port>/api */
  base: string;
  /** CPU milliseconds used so far by the primary and every process it forked. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** `profileDir`: each process writes a CPU profile there when it exits (bench/profile-summary.ts reads them). */
export async function startApiProcesses(options: { databaseUrl: string; temporalAddress: string; processes: number; authSecret: string; taskQueue?: string; profileDir?: string }): Promise<ApiProcesses> {
  const port = await freePort();
  if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
  const api = spawn(process.execPath, [...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []), '--import', 'tsx', join(projectRoot, 'runtime/api-main.ts')], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(port),
      API_PROCESSES: String(options.processes),
      AUTH_SECRET: options.authSecret,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_TASK_QUEUE: options.taskQueue ?? 'bench',
      DB_POOL_MAX: '16',
      LOG_LEVEL: 'info',
      NODE_ENV: 'production',
    },
  });
  const exited = new Promise((resolve) => api.once('exit', resolve));
  for (let ready = false; !ready; ) {
    await new Promise((r) => setTimeout(r, 250));
    if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode} before it served`);
    ready = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
  }
  await new Promise((r) => setTimeout(r, 1000 * options.processes)); // every process listening, not only the first

  const children = () => readdirSync(`/proc/${api.pid}/task`).flatMap((task) => readFileSync(`/proc/${api.pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  return {
    base: `http://127.0.0.1:${port}/api`,
    cpuMs: () =>
      [api.pid!, ...children()].reduce((sum, pid) => {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return sum + ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in ticks of 1/100 s
      }, 0),
    async stop() {
      api.kill('SIGTERM');
      await exited;
    },
  };
}
