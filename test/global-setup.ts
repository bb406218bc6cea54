// Once per test run: a fresh PostgreSQL database with the migrations applied and demo data, a Temporal dev
// server (the real CLI binary), and the workflow bundle built once. Test files receive their addresses.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';
import { temporalCliPath } from '../scripts/toolchain';
import { bundleWorkflows } from '../runtime/worker';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { createScratchDatabase } from './scratch-database';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

/** Small enough to seed in seconds, large enough that every department has officers. */
const TEST_SEED_OFFICERS = 600;

export default async function setup(project: TestProject) {
  const [database, temporal, bundle] = await Promise.all([
    createScratchDatabase('assess_test'),
    TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' },
    }),
    bundleWorkflows(),
  ]);
  const prisma = createPrisma(database.url);
  await seedDemoData(prisma, { officers: TEST_SEED_OFFICERS, seed: 'customs-2026' });
  await publishBuiltInRuleSets(prisma);
  await prisma.$disconnect();

  const bundleDir = mkdtempSync(join(tmpdir(), 'workflow-bundle-'));
  const workflowBundlePath = join(bundleDir, 'workflows.js');
  writeFileSync(workflowBundlePath, bundle);

  project.provide('databaseUrl', database.url);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await temporal.teardown();
    rmSync(bundleDir, { recursive: true, force: true });
    if (!process.env.KEEP_TEST_DATABASE) await database.drop();
  };
}
