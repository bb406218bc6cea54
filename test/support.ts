// Shared pieces for integration tests: the run's database and Temporal server (from test/global-setup.ts),
// a worker on a task queue of the test file's own, and a cycle row to drive.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporalTestServerPath } from '../scripts/toolchain';
import { createPrisma, type PrismaClient } from '../prisma/db';
import { createWorker } from '../runtime/worker';

export const testDatabaseUrl = () => inject('databaseUrl');
export const testPrisma = (): PrismaClient => createPrisma(inject('databaseUrl'), { max: 4 });

export async function testTemporalClient(): Promise<Client> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return new Client({ connection, namespace: 'default' });
}

export interface RunningWorker {
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

/** Starts a worker on a fresh task queue, against the given connection (dev server by default). */
export async function startTestWorker(prisma: PrismaClient, connection?: NativeConnection): Promise<RunningWorker> {
  const ownConnection = connection ?? (await NativeConnection.connect({ address: inject('temporalAddress') }));
  const taskQueue = `test-${randomUUID()}`;
  const worker = await createWorker({
    prisma,
    connection: ownConnection,
    namespace: 'default',
    taskQueue,
    workflowBundlePath: inject('workflowBundlePath'),
  });
  const running = worker.run();
  return {
    taskQueue,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      if (!connection) await ownConnection.close();
    },
  };
}

export { createTestCycle, timelineFrom } from './support-data';

export interface TimeSkippingWorld {
  env: TestWorkflowEnvironment;
  prisma: PrismaClient;
  worker: RunningWorker;
  close(): Promise<void>;
}

/** The Java time-skipping test server with a worker on the run's database: months of timers pass in seconds. */
export async function timeSkippingWorld(): Promise<TimeSkippingWorld> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  const prisma = testPrisma();
  const worker = await startTestWorker(prisma, env.nativeConnection);
  return {
    env,
    prisma,
    worker,
    async close() {
      await worker.stop();
      await env.teardown();
      await prisma.$disconnect();
    },
  };
}

/**
 * Submits again until the result is graded (a submission is graded out of the request, within moments) and
 * returns that answer; fails if it takes more than `timeoutMs`.
 */
export async function untilGraded<R extends { status: number; body: { grading?: boolean; result?: unknown } }>(submit: () => PromiseLike<R>, timeoutMs = 10_000): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await submit();
    if (res.status !== 200 || res.body.grading === false) return res;
    if (Date.now() > deadline) throw new Error(`still being graded after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
