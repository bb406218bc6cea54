// Builds the Temporal worker: the workflow bundle (or its source) plus every activity bound to the database.
import { createRequire } from 'node:module';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import type { PrismaClient } from '../prisma/db';
import { createActivities } from '../activities';

const require = createRequire(import.meta.url);
export const workflowsPath = require.resolve('../workflows/index.ts');

export interface WorkerOptions {
  prisma: PrismaClient;
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A pre-built bundle (tests build it once per run); otherwise the source is bundled at start. */
  workflowBundlePath?: string;
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: createActivities(options.prisma),
    ...(options.workflowBundlePath
      ? { workflowBundle: { codePath: options.workflowBundlePath } }
      : { workflowsPath }),
  });
}

export async function bundleWorkflows(): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, logger: { info() {}, warn() {}, error: console.error, debug() {}, trace() {}, log() {} } as never });
  return code;
}
