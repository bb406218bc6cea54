// Fault injection on real processes: a cycle's worker killed with SIGKILL in the middle of level assignment. The
// cycle's workflow runs for real from registration to closing, its dates seconds apart: its department is
// verified and its list approved, then the LEVELS phase levels thousands of graded results a batch of 1000 per
// activity. The worker is killed while a batch is running; a new worker takes over, the dead attempt is given up
// at its heartbeat timeout (30 s, not its 15-minute start-to-close) and retried, and every result ends with the
// level its rules give, every follow-up task is created once and the cycle closes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../prisma/db';
import { computeLevels } from '../../services/levels';
import { loadRuleSet } from '../../services/rule-sets';
import { cycleWorkflowId } from '../../workflows/assessment-cycle/contract';
import { approveListUpdate, submitListUpdate, unitReviewWorkflowId } from '../../workflows/unit-review/contract';
import { WORKFLOWS } from '../../workflows/contracts';
import { createTestCycle, testPrisma, testTemporalClient, timelineFrom } from '../support';
import { gradedDepartment, type GradedDepartment } from './graded-department';
import { until, WorkerProcesses } from './processes';

/** Two batches of the workflow's 1000 (half a second each here): the kill waits for one that has just started. */
const CANDIDATES = 2_000;
const STARTED = 2; // PENDING_ACTIVITY_STATE_STARTED
const DAY = 86_400_000;

let prisma: PrismaClient;
let temporal: Client;
let workers: WorkerProcesses;
const taskQueue = `faults-levels-${randomUUID()}`;
let workflowId: string | undefined;

beforeAll(async () => {
  // The run's database: the department, its officers and their results are this file's own rows.
  prisma = testPrisma();
  temporal = await testTemporalClient();
  workers = new WorkerProcesses({ databaseUrl: inject('databaseUrl'), temporalAddress: () => inject('temporalAddress'), taskQueue, workflowBundlePath: inject('workflowBundlePath') });
});

afterAll(async () => {
  await workers?.killAll();
  if (workflowId) await temporal.workflow.getHandle(workflowId).terminate('test over').catch(() => undefined);
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

it('gives every result exactly one level, and every task once, when the worker is killed in the middle of level assignment', async () => {
  // Results first (seconds of writing), then the dates: registration closed days ago; lists due, exam and closing
  // seconds after the workflow starts, so LEVELS comes within seconds.
  const created = await createTestCycle(prisma, timelineFrom(new Date(Date.now() - 20 * DAY)));
  const world: GradedDepartment = await gradedDepartment(prisma, { cycleId: created.id, candidates: CANDIDATES, satAt: new Date(Date.now() - 3_600_000) });
  const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } });
  const first = await workers.start();
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const timeline = { registrationOpensAt: at(-10 * DAY), registrationClosesAt: at(-9 * DAY), listsDueAt: at(6_000), examStartsAt: at(7_000), examEndsAt: at(8_000), closesAt: at(9_000) };
  const cycle = await prisma.assessmentCycle.update({
    where: { id: created.id },
    data: { scopeUnitIds: [world.departmentId], status: 'RUNNING', workflowId: cycleWorkflowId(created.id), ...Object.fromEntries(Object.entries(timeline).map(([k, v]) => [k, new Date(v)])) },
  });
  workflowId = cycle.workflowId!;
  const handle = await temporal.workflow.start(WORKFLOWS.assessmentCycle.type, { workflowId, taskQueue, args: [{ cycleId: cycle.id, timeline }] });

  // The department's list opens once its registrations are verified; headquarters receives and approves it.
  const review = temporal.workflow.getHandle(unitReviewWorkflowId(cycle.id, world.departmentId));
  const opened = await until('the list open', () => prisma.unitList.findUnique({ where: { cycleId_unitId: { cycleId: cycle.id, unitId: world.departmentId } } }), 60_000, 200);
  const submitted = await review.executeUpdate(submitListUpdate, { args: [{ actorUserId: coordinator.id, expectedRevision: opened.revision }] });
  await review.executeUpdate(approveListUpdate, { args: [{ actorUserId: coordinator.id, expectedRevision: submitted.revision }] });

  // The moment a level batch has just started on the first worker (so it is still running): kill the worker.
  const caught = await until(
    'a level batch under way',
    async () => {
      const described = await handle.describe();
      const attempt = described.raw.pendingActivities?.find((a) => a.state === STARTED && a.activityType?.name === 'assignLevelsBatch');
      const startedMs = attempt?.lastStartedTime?.seconds ? Number(attempt.lastStartedTime.seconds) * 1000 + (attempt.lastStartedTime.nanos ?? 0) / 1e6 : null;
      return startedMs !== null && Date.now() - startedMs < 150 ? { startedMs } : null;
    },
    60_000,
    20,
  );
  await workers.kill(first);
  const killedAt = Date.now();
  const levelledAtKill = await prisma.result.count({ where: { cycleId: cycle.id, level: { not: null } } });
  await workers.start();

  // The cycle goes on to its end: levels, follow-up tasks, closed.
  const view = await handle.result();
  const recoveryMs = Date.now() - killedAt;
  expect(view.phase).toBe('CLOSED');

  // Exactly once: every result is still there once, and has the level its cycle's frozen rules give it.
  const results = await prisma.result.findMany({ where: { cycleId: cycle.id }, select: { id: true, level: true, levelRuleSetId: true }, orderBy: { id: 'asc' } });
  expect(results.map((r) => r.id)).toEqual([...world.resultIds].sort());
  const rules = await loadRuleSet(prisma, cycle.levelRuleSetId!);
  const expected = new Map((await computeLevels(prisma, rules, { resultIds: world.resultIds })).map((c) => [c.resultId, c.decision.level]));
  expect(results.filter((r) => r.level === null || r.level !== expected.get(r.id) || r.levelRuleSetId !== cycle.levelRuleSetId)).toEqual([]);
  expect(levelledAtKill, 'the kill came before the last batch was written (otherwise this test proved nothing)').toBeLessThan(CANDIDATES);

  // Each follow-up task once, with one workflow: a re-examination and a retraining per failed result, an expert
  // nomination per excellent one, nothing for the others.
  const tasks = await prisma.followUpTask.findMany({ where: { cycleId: cycle.id }, select: { resultId: true, type: true, competencyId: true, workflowId: true } });
  const reasons = tasks.map((t) => `${t.resultId}/${t.type}/${t.competencyId ?? ''}`);
  expect(new Set(reasons).size).toBe(tasks.length);
  const ofType = (type: string) => tasks.filter((t) => t.type === type).map((t) => t.resultId).sort();
  expect(ofType('REEXAMINATION')).toEqual([...world.failed].sort());
  expect(ofType('RETRAINING')).toEqual([...world.failed].sort());
  expect(ofType('EXPERT_NOMINATION')).toEqual([...world.excellent].sort());
  expect(tasks.length).toBe(world.failed.length * 2 + world.excellent.length);
  expect(tasks.filter((t) => !t.workflowId)).toEqual([]);
  expect(new Set(tasks.map((t) => t.workflowId)).size).toBe(tasks.length);
  const taskRuns = await Promise.all(tasks.map(async (t) => (await temporal.workflow.getHandle(t.workflowId!).describe()).status.name));
  expect(taskRuns.filter((s) => s !== 'RUNNING')).toEqual([]);

  // The dead worker's attempt was given up at its heartbeat timeout and retried (the retry carries that failure).
  const history = await handle.fetchHistory();
  const heartbeatTimeouts = (history.events ?? []).filter((e) => /heartbeat/i.test(JSON.stringify(e.activityTaskStartedEventAttributes?.lastFailure ?? ''))).length;
  expect(heartbeatTimeouts, 'the kill caught a level batch under way (otherwise this test proved nothing)').toBeGreaterThan(0);
  const batches = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'assignLevelsBatch').length;
  expect(recoveryMs).toBeLessThan(90_000);
  console.log(
    `faults: worker SIGKILL during level assignment (${Math.round(killedAt - caught.startedMs)} ms into a batch, ${levelledAtKill} of ${CANDIDATES} results levelled); ` +
      `attempts timed out by heartbeat ${heartbeatTimeouts} of ${batches} batches; recovery to closed ${(recoveryMs / 1000).toFixed(1)} s; ` +
      `results checked ${results.length}, follow-up tasks checked ${tasks.length}, lost 0, duplicated 0`,
  );
}, 240_000);
