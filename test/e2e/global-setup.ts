// Once per browser-test run: the real stack on this machine. A fresh PostgreSQL database with the migrations and
// the demo's base data, a Temporal dev server (the real CLI), a worker, and the API serving the built web app on a
// free port. Tests reach it through the environment this sets (E2E_*).
import type { AddressInfo } from 'node:net';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { NativeConnection } from '@temporalio/worker';
import { pino } from 'pino';
import { temporalCliPath } from '../../scripts/toolchain';
import { buildWebIfChanged, WEB_DIST } from '../../scripts/web-build';
import { createWorker } from '../../runtime/worker';
import { createApp } from '../../api/app';
import { createPrisma } from '../../prisma/db';
import { seedDemoData } from '../../prisma/seed';
import { publishBuiltInRuleSets } from '../../services/rule-sets';
import { createScratchDatabase } from '../scratch-database';

const TASK_QUEUE = 'e2e';

export default async function globalSetup() {
  buildWebIfChanged();
  const [database, temporal] = await Promise.all([
    createScratchDatabase('assess_e2e'),
    TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' } }),
  ]);
  const prisma = createPrisma(database.url);
  await seedDemoData(prisma, { officers: 400, seed: 'customs-2026' });
  await publishBuiltInRuleSets(prisma);

  const connection = await NativeConnection.connect({ address: temporal.address });
  const worker = await createWorker({ prisma, connection, namespace: 'default', taskQueue: TASK_QUEUE });
  const running = worker.run();
  const { app } = createApp({
    prisma,
    temporal: temporal.client,
    logger: pino({ level: process.env.E2E_LOG_LEVEL ?? 'silent' }),
    authSecret: 'e2e-secret-e2e-secret-e2e-secret-0000',
    taskQueue: TASK_QUEUE,
    strictResponses: true,
    webDist: WEB_DIST,
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
  process.env.E2E_DATABASE_URL = database.url;
  process.env.E2E_TEMPORAL_ADDRESS = temporal.address; // fixtures that start workflows as the product's batches do

  return async () => {
    server.close();
    worker.shutdown();
    await running;
    await connection.close();
    await prisma.$disconnect();
    await temporal.teardown();
    if (!process.env.KEEP_TEST_DATABASE) await database.drop();
  };
}
