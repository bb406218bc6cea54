// Once per test run: a fresh PostgreSQL database with the migrations applied and demo data, a Temporal dev
// server (the real CLI binary), and the workflow bundle built once. Test files receive their addresses.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TestProject } from 'vitest/node';
import { temporalCliPath, projectRoot } from '../scripts/toolchain';
import { bundleWorkflows } from '../runtime/worker';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    workflowBundlePath: string;
  }
}

export const TEST_SEED_OFFICERS = 600;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const database = `assess_test_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const databaseUrl = withDatabase(serverUrl, database);

  execFileSync('bash', ['scripts/prisma.sh', 'migrate', 'deploy'], {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'pipe',
  });
  const prisma = createPrisma(databaseUrl);
  await seedDemoData(prisma, { officers: TEST_SEED_OFFICERS, seed: 'customs-2026' });
  await prisma.$disconnect();

  const temporal = await TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' },
  });
  const bundleDir = mkdtempSync(join(tmpdir(), 'workflow-bundle-'));
  const workflowBundlePath = join(bundleDir, 'workflows.js');
  writeFileSync(workflowBundlePath, await bundleWorkflows());

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporal.address);
  project.provide('workflowBundlePath', workflowBundlePath);

  return async () => {
    await temporal.teardown();
    rmSync(bundleDir, { recursive: true, force: true });
    if (!process.env.KEEP_TEST_DATABASE) await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  };
}
