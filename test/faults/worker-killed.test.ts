// Fault injection on real processes: a cycle's worker killed with SIGKILL in the middle of verification. A new
// worker takes over; the dead worker's activity attempts are given up within the heartbeat timeout (seconds, not
// their start-to-close minutes), every department's list opens, and every registration is verified exactly once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createPrisma, type PrismaClient } from '../../prisma/db';
import { seedDemoData } from '../../prisma/seed';
import { publishBuiltInRuleSets } from '../../services/rule-sets';
import { createScratchDatabase, type ScratchDatabase } from '../scratch-database';
import { registerOne } from '../../services/registrations';
import { cycleWorkflowId } from '../../workflows/assessment-cycle/contract';
import { unitReviewWorkflowId } from '../../workflows/unit-review/contract';
import { WORKFLOWS } from '../../workflows/contracts';
import { createTestCycle, testTemporalClient } from '../support';
import { WorkerProcesses, until } from './processes';

let DEPARTMENTS: string[] = [];
const STARTED = 2; // PENDING_ACTIVITY_STATE_STARTED

let database: ScratchDatabase;
let prisma: PrismaClient;
let temporal: Client;
let workers: WorkerProcesses;
const taskQueue = `faults-${randomUUID()}`;

beforeAll(async () => {
  // A database of its own: every department's officers get registered in a running cycle, which would change
  // what the other test files' verifications see (registrations in another active cycle) on the shared one.
  database = await createScratchDatabase('faults');
  prisma = createPrisma(database.url, { max: 6 });
  await seedDemoData(prisma, { officers: 600, seed: 'faults' });
  await publishBuiltInRuleSets(prisma);
  temporal = await testTemporalClient();
  workers = new WorkerProcesses({ databaseUrl: database.url, temporalAddress: () => inject('temporalAddress'), taskQueue, workflowBundlePath: inject('workflowBundlePath') });
  // Every department: many verifications at once, so the kill finds attempts under way.
  DEPARTMENTS = (await prisma.unit.findMany({ where: { parentId: 'HQ', id: { startsWith: 'D' } }, select: { id: true } })).map((u) => u.id);
});

afterAll(async () => {
  await workers?.killAll();
  await temporal?.connection.close();
  await prisma?.$disconnect();
  await database?.drop();
});

it('loses no candidate and no review time when the worker is killed in the middle of verification', async () => {
  // Registration open now and closing in a few seconds; the lists are due in 30 days.
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const DAY = 86_400_000;
  const timeline = { registrationOpensAt: at(-DAY), registrationClosesAt: at(12_000), listsDueAt: at(30 * DAY), examStartsAt: at(60 * DAY), examEndsAt: at(62 * DAY), closesAt: at(120 * DAY) };
  const created = await createTestCycle(prisma, timeline, { scopeUnitIds: DEPARTMENTS });
  const cycle = await prisma.assessmentCycle.update({ where: { id: created.id }, data: { status: 'RUNNING', workflowId: cycleWorkflowId(created.id) } });
  const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } });
  const officers = await prisma.officer.findMany({ where: { active: true, OR: DEPARTMENTS.map((d) => ({ unit: { path: { startsWith: `/HQ/${d}/` } } })) }, select: { id: true, positionId: true } });
  for (const o of officers) {
    await registerOne(prisma, cycle, { officerId: o.id, positionId: o.positionId }, { userId: coordinator.id, role: 'COORDINATOR', scopePath: '/', officerId: null });
  }
  const registrations = await prisma.registration.count({ where: { cycleId: cycle.id } });
  expect(registrations).toBeGreaterThan(40);

  const first = await workers.start();
  await temporal.workflow.start(WORKFLOWS.assessmentCycle.type, { workflowId: cycle.workflowId!, taskQueue, args: [{ cycleId: cycle.id, timeline }] });

  // The moment a department's verification activity is running on the first worker: kill it.
  const running = await until(
    'a verification attempt under way',
    async () => {
      for (const unitId of DEPARTMENTS) {
        const described = await temporal.workflow.getHandle(unitReviewWorkflowId(cycle.id, unitId)).describe().catch(() => null);
        if (described?.raw.pendingActivities?.some((a) => a.state === STARTED && a.activityType?.name === 'verifyRegistrationBatch')) return unitId;
      }
      return null;
    },
    60_000,
    20,
  );
  await workers.kill(first);
  const killedAt = Date.now();
  await workers.start();

  // Every department's list opens for review, soon after the kill.
  await until('every list open', async () => (await prisma.unitList.count({ where: { cycleId: cycle.id } })) === DEPARTMENTS.length, 120_000, 250);
  const recoveryMs = Date.now() - killedAt;

  // Exactly once: every registration still there, verified once, none excluded because of the crash.
  const rows = await prisma.registration.findMany({ where: { cycleId: cycle.id }, select: { id: true, status: true, verificationOutcome: true } });
  expect(rows).toHaveLength(registrations);
  expect(rows.filter((r) => r.verificationOutcome === null)).toEqual([]);
  expect(rows.filter((r) => r.status === 'EXCLUDED')).toEqual([]);
  expect(new Set(rows.map((r) => r.id)).size).toBe(registrations);
  const lists = await prisma.unitList.findMany({ where: { cycleId: cycle.id }, select: { unitId: true, status: true, escalatedAt: true } });
  expect(lists.every((l) => l.status === 'DRAFT' && l.escalatedAt === null)).toBe(true);
  // The dead worker's attempts were given up on at their heartbeat timeout (10 s) and retried, not after 2-5 minutes.
  let heartbeatTimeouts = 0;
  for (const unitId of DEPARTMENTS) {
    const history = await temporal.workflow.getHandle(unitReviewWorkflowId(cycle.id, unitId)).fetchHistory();
    // (A retried attempt's failure is not an event of its own: the attempt that succeeded carries it.)
    heartbeatTimeouts += (history.events ?? []).filter((e) => /heartbeat/i.test(JSON.stringify(e.activityTaskStartedEventAttributes?.lastFailure ?? ''))).length;
  }
  expect(heartbeatTimeouts, 'the kill caught attempts under way (otherwise this test proved nothing)').toBeGreaterThan(0);
  expect(recoveryMs).toBeLessThan(45_000);
  console.log(`faults: worker SIGKILL during verification (${running} first); attempts timed out by heartbeat ${heartbeatTimeouts}; recovery ${(recoveryMs / 1000).toFixed(1)} s; registrations checked ${registrations}, lost 0, duplicated 0`);
  await temporal.workflow.getHandle(cycle.workflowId!).terminate('test over');
}, 240_000);
