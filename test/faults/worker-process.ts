// A worker in a process of its own, for the fault tests that kill it (SIGKILL) in the middle of its work:
// tsx test/faults/worker-process.ts <databaseUrl> <temporalAddress> <taskQueue> <workflowBundlePath>
import { NativeConnection } from '@temporalio/worker';
import { createPrisma } from '../../prisma/db';
import { createWorker } from '../../runtime/worker';

const [databaseUrl, address, taskQueue, workflowBundlePath] = process.argv.slice(2);
const prisma = createPrisma(databaseUrl, { max: 6 });
const connection = await NativeConnection.connect({ address });
const worker = await createWorker({ prisma, connection, namespace: 'default', taskQueue, workflowBundlePath });
console.log('worker ready');
await worker.run();
