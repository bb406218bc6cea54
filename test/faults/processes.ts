// Real processes for the fault tests, each started, stopped and killed by its own id: a worker in a process of its
// own (test/faults/worker-process.ts), a Temporal dev server with its state persisted in a file, and a PostgreSQL
// cluster of the test's own (the shared one at 127.0.0.1:5432 serves the other test files and is never restarted).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot, temporalCliPath } from '../../scripts/toolchain';

const run = promisify(execFile);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it gives a value, or fails naming what it waited for. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A port nobody listens on now (the kernel's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', () => r()));
}

/** Workers in processes of their own, killed with SIGKILL by the test (and by `killAll` after it). */
export class WorkerProcesses {
  readonly children: ChildProcess[] = [];
  constructor(private readonly args: { databaseUrl: string; temporalAddress: () => string; taskQueue: string; workflowBundlePath: string }) {}

  start(): Promise<ChildProcess> {
    // One node process (tsx as a loader, not tsx's launcher, whose child would outlive a SIGKILL of the launcher).
    const { databaseUrl, temporalAddress, taskQueue, workflowBundlePath } = this.args;
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test/faults/worker-process.ts'), databaseUrl, temporalAddress(), taskQueue, workflowBundlePath], { stdio: ['ignore', 'pipe', 'inherit'], cwd: projectRoot });
    this.children.push(child);
    child.unref();
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d) => String(d).includes('worker ready') && resolve(child));
      child.once('exit', (code, signal) => reject(new Error(`worker exited with ${code ?? signal} before it was ready`)));
    });
  }

  async kill(child: ChildProcess): Promise<void> {
    child.kill('SIGKILL');
    await exited(child);
  }

  async killAll(): Promise<void> {
    await Promise.all(this.children.map((c) => this.kill(c)));
  }
}

/** `temporal server start-dev` of the test's own: its ports, its SQLite file, no Web UI; stopped and started again at will. */
export class TemporalDevServer {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async create(): Promise<TemporalDevServer> {
    const server = new TemporalDevServer(await freePort(), mkdtempSync(join(tmpdir(), 'faults-temporal-')));
    await server.start();
    return server;
  }

  get address() {
    return `127.0.0.1:${this.port}`;
  }

  get dbFile() {
    return join(this.dir, 'temporal.sqlite');
  }

  /** Starts the server on the same port and file as before, and waits until it answers. */
  async start(): Promise<void> {
    const child = spawn(temporalCliPath(), ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(this.port), '--db-filename', this.dbFile, '--log-level', 'error'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)).length > 20_000 && (stderr = stderr.slice(-10_000)));
    const gone = exited(child).then(() => {
      throw new Error(`the Temporal dev server exited before it answered: ${stderr.slice(-2_000)}`);
    });
    // It answers once the CLI reports its health over gRPC.
    const healthy = until('the Temporal dev server to answer', async () => (await run(temporalCliPath(), ['operator', 'cluster', 'health', '--address', this.address]).then(() => true, () => false)), 60_000, 250);
    await Promise.race([healthy, gone]);
  }

  /** Stops the server: SIGTERM (a clean shutdown) or SIGKILL (a crash); its file stays. */
  async stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited(child);
    clearTimeout(killer);
  }

  async remove(): Promise<void> {
    await this.stop('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const PG_BIN = '/usr/lib/postgresql/15/bin';
/** PostgreSQL's tools refuse to run as root: the cluster belongs to the postgres user. */
const asPostgres = (tool: string, args: string[]) => run('runuser', ['-u', 'postgres', '--', join(PG_BIN, tool), ...args], { timeout: 60_000 });

/** A PostgreSQL cluster of the test's own in a temporary directory, on a free port, really stopped and started. */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async create(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'faults-postgres-'));
    chownSync(dir, ...(await postgresIds()));
    const cluster = new PrivatePostgres(await freePort(), dir);
    try {
      await asPostgres('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
      await cluster.start();
    } catch (err) {
      await cluster.remove();
      throw err;
    }
    return cluster;
  }

  private get dataDir() {
    return join(this.dir, 'data');
  }

  url(database: string) {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Starts the server and waits until it accepts connections (pg_ctl -w). */
  async start(): Promise<void> {
    // Only TCP on 127.0.0.1, its socket in its own directory; fsync off: a test database, restarted cleanly.
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off -c full_page_writes=off -c max_connections=60`;
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  }

  /** A fast shutdown, as an operator's restart does: every session is terminated, open transactions roll back. */
  async stop(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '60', 'stop']);
  }

  async remove(): Promise<void> {
    await asPostgres('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function postgresIds(): Promise<[number, number]> {
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return [Number(uid), Number(gid)];
}
