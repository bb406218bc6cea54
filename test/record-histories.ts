// `npm run record:histories`: records workflow histories for the replay test. Run it when a workflow gains a
// new version, and ADD the new files: never re-record or delete the old ones, they stand for running cycles.
// Uses a scratch PostgreSQL database and the time-skipping test server.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { createWorker } from '../runtime/worker';
import { temporalCliPath, temporalTestServerPath, projectRoot } from '../scripts/toolchain';
import { cancelCycleUpdate, cycleWorkflowId, cyclePhaseQuery } from '../workflows/assessment-cycle/contract';
import { AssessmentCycleWorkflow } from '../workflows/assessment-cycle/workflow';
import { createScratchDatabase } from './scratch-database';
import { createTestCycle, timelineFrom } from './support-data';

Runtime.install({ logger: new DefaultLogger('WARN') });
const label = process.argv[2] ?? new Date().toISOString().slice(0, 10);
const database = await createScratchDatabase('assess_record');
const prisma = createPrisma(database.url);
// Enough of an organisation for the departments' review to run (D35 is the cycles' scope).
await seedDemoData(prisma, { officers: 300, seed: 'customs-2026' });
await publishBuiltInRuleSets(prisma);
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
});
const worker = await createWorker({ prisma, connection: env.nativeConnection, namespace: 'default', taskQueue: 'record' });

const dev = await TestWorkflowEnvironment.createLocal({
  server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' },
});
const devWorker = await createWorker({ prisma, connection: dev.nativeConnection, namespace: 'default', taskQueue: 'record' });

async function save(name: string, workflowId: string, from: TestWorkflowEnvironment = env) {
  const history = await from.client.workflow.getHandle(workflowId).fetchHistory();
  const file = join(projectRoot, 'test', 'histories', `${name}-${label}.json`);
  writeFileSync(file, historyToJSON(history));
  console.log(`recorded ${file} (${history.events?.length} events)`);
}

await worker.runUntil(async () => {
  const now = new Date(Number(await env.currentTimeMs()));
  const walked = await createTestCycle(prisma, timelineFrom(now), { scopeUnitIds: ['D35'] });
  await env.client.workflow.execute(AssessmentCycleWorkflow, {
    workflowId: cycleWorkflowId(walked.id),
    taskQueue: 'record',
    args: [{ cycleId: walked.id, timeline: timelineFrom(now) }],
  });
  await save('assessment-cycle-completed', cycleWorkflowId(walked.id));

  // The cancellation is recorded on the dev server (the Java test server loses track of updates here), with a
  // timeline in seconds so that registration has opened and closed before the coordinator cancels.
  const seconds = (n: number) => new Date(Date.now() + n * 1000).toISOString();
  const shortTimeline = { registrationOpensAt: seconds(1), registrationClosesAt: seconds(2), listsDueAt: seconds(600), examStartsAt: seconds(700), examEndsAt: seconds(800), closesAt: seconds(900) };
  const cancelled = await createTestCycle(prisma, shortTimeline, { scopeUnitIds: ['D35'] });
  await devWorker.runUntil(async () => {
    const handle = await dev.client.workflow.start(AssessmentCycleWorkflow, {
      workflowId: cycleWorkflowId(cancelled.id),
      taskQueue: 'record',
      args: [{ cycleId: cancelled.id, timeline: shortTimeline }],
    });
    while ((await handle.query(cyclePhaseQuery)).phase !== 'REVIEW') await new Promise((r) => setTimeout(r, 200));
    await handle.executeUpdate(cancelCycleUpdate, { args: [{ reason: 'Ghi lịch sử để kiểm thử phát lại', actorUserId: 'recorder' }] });
    await handle.result();
  });
  await save('assessment-cycle-cancelled', cycleWorkflowId(cancelled.id), dev);
});

await env.teardown();
await dev.teardown();
await prisma.$disconnect();
await database.drop();
