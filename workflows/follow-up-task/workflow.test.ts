// Follow-up tasks under the time-skipping server, each type through its whole life: retraining with reminders and
// escalation team → branch → department → headquarters before the training is recorded; a re-examination that
// passes and one that fails (taken through the real delivery functions, in the server's time), the failure
// proposing a reassignment that is accepted into the assignment history; a re-examination nobody seats, which
// escalates and is cancelled; a reassignment declined; a nomination accepted; and the validators refusing bad
// actions. Then idempotency: creating tasks again creates nothing, a batch cut short is finished by its retry, and
// a worker replaced mid-way loses and repeats nothing; the cycle's own follow-up phase; the recorded histories.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { projectRoot, temporalTestServerPath } from '../../scripts/toolchain';
import type { PrismaClient } from '../../prisma/db';
import { createActivities } from '../../activities';
import { createFollowUpActivities, type FollowUpDependencies } from '../../activities/follow-ups';
import { seatReexamination, type FollowUpBatchOutcome } from '../../services/follow-ups';
import { saveAnswers, startAttempt, submitAttempt } from '../../services/exam-delivery';
import { gradeQueued } from '../../services/grading';
import { paperKey, testExamHandles } from '../../test/exam-fixture';
import { createTestCycle, startTestWorker, testPrisma, timelineFrom, type RunningWorker } from '../../test/support';
import { cycleWorkflowId, cyclePhaseQuery } from '../assessment-cycle/contract';
import { AssessmentCycleWorkflow } from '../assessment-cycle/workflow';
import { createOfficer, createResult, followUpCycle, otherPosition, SOUND, type FollowUpCycle } from '../../test/support-follow-ups';
import {
  cancelTaskUpdate,
  decideNominationUpdate,
  decideReassignmentUpdate,
  followUpTaskQuery,
  followUpWorkflowId,
  recordTrainingUpdate,
  reexamScheduledSignal,
  type FollowUpTaskView,
} from './contract';
import { FollowUpTaskWorkflow } from './workflow';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let prisma: PrismaClient;
let worker: RunningWorker;
const users: Record<string, string> = {};

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  prisma = testPrisma();
  worker = await startTestWorker(prisma, env.nativeConnection);
  for (const u of await prisma.user.findMany({ where: { username: { in: ['leader.d01', 'coordinator', 'reviewer.d35'] } } })) users[u.username] = u.id;
});

afterAll(async () => {
  await worker?.stop();
  await env?.teardown();
  await prisma?.$disconnect();
});

const serverNow = async () => new Date(Number(await env.currentTimeMs()));

/** The cycle's follow-up batches, run as the cycle workflow runs them, in the server's time. */
async function createTasks(cycleId: string, options: { deps?: FollowUpDependencies; taskQueue?: string; limit?: number } = {}) {
  const activities = createFollowUpActivities(prisma, options.deps);
  const context = new MockActivityEnvironment(
    { scheduledTimestampMs: Number(await env.currentTimeMs()), taskQueue: options.taskQueue ?? worker.taskQueue },
    { client: env.client },
  );
  const totals = { batches: 0, results: 0, created: 0, byType: {} as Record<string, number> };
  let after: string | null = null;
  for (;;) {
    const batch: FollowUpBatchOutcome = await context.run(activities.createFollowUpTasksBatch, { cycleId, after, limit: options.limit ?? 50 });
    if (!batch.lastId) break;
    totals.batches++;
    totals.results += batch.results;
    totals.created += batch.created;
    for (const [type, n] of Object.entries(batch.byType)) totals.byType[type] = (totals.byType[type] ?? 0) + (n ?? 0);
    after = batch.lastId;
  }
  return totals;
}

const handleOf = (taskId: string): WorkflowHandle<typeof FollowUpTaskWorkflow> => env.client.workflow.getHandle(followUpWorkflowId(taskId));

/** Query until the workflow shows what we wait for (a query first also lets the test server find the run for an update). */
async function waitFor(taskId: string, ok: (v: FollowUpTaskView) => boolean): Promise<FollowUpTaskView> {
  let last: FollowUpTaskView | null = null;
  for (let i = 0; i < 150; i++) {
    try {
      last = await handleOf(taskId).query(followUpTaskQuery);
      if (last && ok(last)) return last;
    } catch {
      // not started yet: ask again
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${taskId} did not get there: ${JSON.stringify(last)}`);
}

/** The refusal's type (the validator's or an activity's), from an update that failed. */
async function refusal(update: Promise<unknown>): Promise<string | undefined> {
  try {
    await update;
  } catch (err) {
    let cause: unknown = err;
    while (cause instanceof Error && !(cause instanceof ApplicationFailure)) cause = cause.cause;
    return cause instanceof ApplicationFailure ? cause.type ?? undefined : `not refused by the task: ${String(err)}`;
  }
  throw new Error('the update was not refused');
}

const tasksOf = (officerId: string) => prisma.followUpTask.findMany({ where: { officerId }, orderBy: [{ type: 'asc' }, { competencyId: 'asc' }] });
const auditOf = (taskId: string) => prisma.auditLog.findMany({ where: { entityType: 'FollowUpTask', entityId: taskId }, orderBy: { id: 'asc' } });
const notesFor = (taskId: string, userId: string) => prisma.notification.findMany({ where: { userId, dedupeKey: { startsWith: `follow-up:${taskId}:` } }, orderBy: { createdAt: 'asc' } });

/** Takes the officer's seated re-examination through the real delivery, all answers right or all wrong, at `now`. */
async function sitReexamination(registrationId: string, officerId: string, right: boolean, now: Date) {
  const started = await startAttempt(prisma, testExamHandles, { registrationId, officerId, now });
  const answers = (await paperKey(prisma, registrationId, started)).map((q) => ({ itemHandle: q.itemHandle, optionHandle: right ? q.right : q.wrong }));
  await saveAnswers(prisma, testExamHandles, { registrationId, officerId, answers, now: new Date(now.getTime() + 20 * 60_000) });
  const submitted = await submitAttempt(prisma, { registrationId, officerId, now: new Date(now.getTime() + 30 * 60_000) });
  expect(submitted).toMatchObject({ closed: true, grading: true });
  // Graded out of the request, as the API's grader does a moment later.
  expect(await gradeQueued(prisma, { attemptIds: [started.attemptId] })).toBe(1);
  return prisma.result.findUniqueOrThrow({ where: { attemptId: started.attemptId } });
}

/** Opens a published session at the officer's department two hours from now and seats the re-examination in it (telling the task, as the API does, unless `signal` is false). */
async function seat(cycle: FollowUpCycle, taskId: string, departmentId: string, signal = true) {
  const now = await serverNow();
  const session = await prisma.examSession.create({
    data: { cycleId: cycle.id, unitId: departmentId, code: `RE-${taskId.slice(-8).toUpperCase()}`, startsAt: new Date(now.getTime() + 2 * 3_600_000), capacity: 3, status: 'PUBLISHED', room: 'Phòng thi lại' },
  });
  const seated = await seatReexamination(prisma, { taskId, sessionId: session.id, actorUserId: users['reviewer.d35'], now });
  expect(seated).toMatchObject({ seat: { sessionId: session.id, seatNumber: 1 }, changed: true, forms: { generated: 1 } });
  if (signal) await handleOf(taskId).signal(reexamScheduledSignal, { sessionId: session.id, startsAt: session.startsAt.toISOString() });
  return session;
}

describe('FollowUpTaskWorkflow', () => {
  it('RETRAINING: reminds 7 and 1 days before, escalates team → branch → department → headquarters, then the training closes it', async () => {
    const cycle = await followUpCycle(prisma, await serverNow(), ['D01']);
    const officer = await createOfficer(prisma, 'D01', 'Trần Minh Khoa');
    const { framework } = await createResult(prisma, cycle, officer, { score: 74, level: 'LEVEL_2', competencyScores: [40] });
    const created = await createTasks(cycle.id);
    expect(created).toMatchObject({ results: 1, created: 1, byType: { RETRAINING: 1 } });
    const [task] = await tasksOf(officer.id);
    expect(task).toMatchObject({ type: 'RETRAINING', status: 'OPEN', unitId: officer.unitId, competencyId: framework[0].competencyId, escalationLevel: 0 });
    const createdAt = await prisma.auditLog.findFirstOrThrow({ where: { entityId: task.id, action: 'follow_up.created' } });
    expect(task.dueAt.getTime() - createdAt.at.getTime()).toBe(180 * DAY);
    expect(task.ruleTrace).toMatchObject({ ruleSet: { id: 'follow-up', version: 1 }, subject: 'COMPETENCY', reasons: [{ code: 'BELOW_REQUIRED_LEVEL', params: { score: 40 } }] });
    await waitFor(task.id, (v) => v.status === 'OPEN');
    const leader = users['leader.d01'];
    expect((await notesFor(task.id, leader)).map((n) => n.templateKey)).toEqual(['followUp.assigned']);

    await env.sleep('174 days'); // the 7-day reminder
    await env.sleep('6 days'); // the 1-day reminder
    await env.sleep('1 day'); // due: one unit up, to the branch, 14 more days
    const branch = await waitFor(task.id, (v) => v.escalationLevel === 1);
    expect(branch.unitId).toBe(officer.unit.parentId);
    expect(branch.overdue).toBe(false);
    expect((await notesFor(task.id, leader)).map((n) => n.dedupeKey.split(':').slice(2, -1).join(':'))).toEqual(['assigned', 'reminder:0:7', 'reminder:0:1', 'escalation:1']);

    await env.sleep('14 days'); // to the department (with reminders before the new due date)
    await waitFor(task.id, (v) => v.escalationLevel === 2 && v.unitId === 'D01');
    await env.sleep('14 days'); // to headquarters: the coordinators are told
    const top = await waitFor(task.id, (v) => v.escalationLevel === 3);
    expect(top).toMatchObject({ unitId: 'HQ', canEscalate: false, status: 'OPEN' });
    expect((await notesFor(task.id, users.coordinator)).map((n) => n.templateKey)).toEqual(['followUp.escalated']);
    await env.sleep('30 days'); // nothing above headquarters: reminded, told once it is overdue, and it stays there
    const stuck = await waitFor(task.id, (v) => v.overdue);
    expect(stuck).toMatchObject({ escalationLevel: 3, unitId: 'HQ', status: 'OPEN' });
    expect((await notesFor(task.id, users.coordinator)).map((n) => n.templateKey)).toEqual(['followUp.escalated', 'followUp.reminder', 'followUp.reminder', 'followUp.overdue']);

    const escalations = (await auditOf(task.id)).filter((a) => a.action === 'follow_up.escalated');
    expect(escalations.map((a) => [(a.details as { fromUnitId: string }).fromUnitId, a.unitId])).toEqual([
      [officer.unitId, officer.unit.parentId], [officer.unit.parentId, 'D01'], ['D01', 'HQ'],
    ]);
    const reminders = (await auditOf(task.id)).filter((a) => a.action === 'follow_up.reminded').map((a) => a.details as { escalationLevel: number; daysBefore: number });
    expect(reminders.map((r) => `${r.escalationLevel}:${r.daysBefore}`)).toEqual(['0:7', '0:1', '1:7', '1:1', '2:7', '2:1', '3:7', '3:1', '3:0']);

    // Bad actions are refused before anything is recorded.
    const handle = handleOf(task.id);
    expect(await refusal(handle.executeUpdate(recordTrainingUpdate, { args: [{ actorUserId: leader, course: 'Kỹ năng kiểm tra sau thông quan', completedOn: '2026-01-10', hours: 0 }] }))).toBe('InvalidTraining');
    expect(await refusal(handle.executeUpdate(decideNominationUpdate, { args: [{ actorUserId: leader, accept: true, reason: 'Không phù hợp' }] }))).toBe('WrongTaskType');
    expect((await prisma.followUpTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('OPEN');

    const completedOn = (await serverNow()).toISOString().slice(0, 10);
    const done = await handle.executeUpdate(recordTrainingUpdate, {
      args: [{ actorUserId: leader, course: 'Bồi dưỡng nghiệp vụ kiểm tra sau thông quan (Trường Hải quan Việt Nam)', completedOn, hours: 40 }],
    });
    expect(done).toMatchObject({ status: 'DONE', outcome: { kind: 'TRAINING', completedOn, hours: 40 } });
    expect(await handle.result()).toMatchObject({ status: 'DONE' });
    const stored = await prisma.followUpTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(stored).toMatchObject({ status: 'DONE', decidedById: leader, outcome: { course: 'Bồi dưỡng nghiệp vụ kiểm tra sau thông quan (Trường Hải quan Việt Nam)' } });
    const recorded = (await auditOf(task.id)).at(-1)!;
    expect(recorded).toMatchObject({ action: 'follow_up.training_recorded', actorUserId: leader, details: { late: true, escalationLevel: 3 } });
  });

  it('REEXAMINATION that passes: a round-2 registration, seated, taken through delivery and grading; its result closes the task', async () => {
    const cycle = await followUpCycle(prisma, await serverNow(), ['D35']);
    const officer = await createOfficer(prisma, 'D35', 'Lò Văn Sáng');
    const first = await createResult(prisma, cycle, officer, { score: 42, level: 'NOT_ACHIEVED', restScore: 75 });
    expect(await createTasks(cycle.id)).toMatchObject({ created: 1, byType: { REEXAMINATION: 1 } });
    const [task] = await tasksOf(officer.id);
    expect(task.dueAt.getTime() - (await prisma.auditLog.findFirstOrThrow({ where: { entityId: task.id, action: 'follow_up.created' } })).at.getTime()).toBe(90 * DAY);
    const opened = await waitFor(task.id, (v) => v.reexam !== null);
    const registration = await prisma.registration.findUniqueOrThrow({ where: { id: opened.reexam!.registrationId } });
    expect(registration).toMatchObject({
      cycleId: cycle.id, officerId: officer.id, round: 2, source: 'REEXAMINATION', followUpTaskId: task.id, status: 'ACTIVE',
      positionId: first.registration.positionId, unitId: officer.unitId,
    });

    await seat(cycle, task.id, 'D35');
    await env.sleep('2 hours');
    const result = await sitReexamination(registration.id, officer.id, true, await serverNow());
    expect(result).toMatchObject({ registrationId: registration.id, passed: true });
    expect(Number(result.score)).toBe(100);
    await prisma.result.update({ where: { id: result.id }, data: { level: 'LEVEL_2' } }); // the level rules' part

    await env.sleep('3 hours'); // told of the seating, the task looks once the session is over (3 hours after its start)
    const done = await waitFor(task.id, (v) => v.status === 'DONE');
    expect(done.outcome).toEqual({ kind: 'REEXAMINATION', passed: true, resultId: result.id, score: 100, level: 'LEVEL_2', nextTasks: [] });
    expect(done.reexam).toMatchObject({ attemptStatus: 'SUBMITTED', resultId: result.id, level: 'LEVEL_2' });
    expect((await auditOf(task.id)).map((a) => a.action)).toEqual([
      'follow_up.created', 'follow_up.opened', 'follow_up.reexam_registered', 'follow_up.reexam_scheduled', 'follow_up.reexam_passed',
    ]);
    expect(await tasksOf(officer.id)).toHaveLength(1); // nothing follows a pass
    expect(await createTasks(cycle.id)).toMatchObject({ created: 0 }); // the round-2 result is the task's, not the cycle batch's
  });

  it('REEXAMINATION that fails: the task closes as failed and proposes a reassignment, which is accepted into the assignment history', async () => {
    const cycle = await followUpCycle(prisma, await serverNow(), ['D35']);
    const officer = await createOfficer(prisma, 'D35', 'Hoàng Thị Mỷ');
    await createResult(prisma, cycle, officer, { score: 38, level: 'NOT_ACHIEVED', restScore: 75 });
    await createTasks(cycle.id);
    const [task] = await tasksOf(officer.id);
    const { reexam } = await waitFor(task.id, (v) => v.reexam !== null);
    await seat(cycle, task.id, 'D35', false); // the task is not told: its weekly idle look finds the result all the same
    await env.sleep('2 hours');
    const result = await sitReexamination(reexam!.registrationId, officer.id, false, await serverNow());
    expect(Number(result.score)).toBe(0);
    await prisma.result.update({ where: { id: result.id }, data: { level: 'NOT_ACHIEVED' } });

    await env.sleep('7 days');
    const failed = await waitFor(task.id, (v) => v.status === 'DONE');
    expect(failed.outcome).toMatchObject({ kind: 'REEXAMINATION', passed: false, resultId: result.id, level: 'NOT_ACHIEVED' });
    const next = await prisma.followUpTask.findMany({ where: { resultId: result.id }, orderBy: { type: 'asc' } });
    const reassignment = next.find((t) => t.type === 'REASSIGNMENT')!;
    expect(reassignment).toMatchObject({ dedupeKey: `result:${result.id}:REASSIGNMENT`, status: 'OPEN', proposedPositionId: null });
    expect(reassignment.ruleTrace).toMatchObject({ facts: { isReexamination: true, previousFailures: 1 }, reasons: [{ code: 'REPEATED_FAILURE', rule: 'reassignment-repeated-failure' }] });
    expect(next.filter((t) => t.type === 'RETRAINING').length).toBeGreaterThan(0); // every competency scored 0 this time
    expect(next.some((t) => t.type === 'REEXAMINATION')).toBe(false);
    expect((failed.outcome as { nextTasks: string[] }).nextTasks.sort()).toEqual(next.map((t) => t.dedupeKey).sort());
    expect((await auditOf(task.id)).at(-1)).toMatchObject({ action: 'follow_up.reexam_failed' });

    // Looking again (a retry, a replayed poll) proposes nothing new.
    const activities = createFollowUpActivities(prisma);
    const context = new MockActivityEnvironment({ scheduledTimestampMs: Number(await env.currentTimeMs()), taskQueue: worker.taskQueue }, { client: env.client });
    await context.run(activities.checkReexamination, { taskId: task.id });
    expect(await prisma.followUpTask.count({ where: { officerId: officer.id } })).toBe(1 + next.length);

    // The proposed reassignment runs as its own task: accepting it needs a position, then moves the officer.
    await waitFor(reassignment.id, (v) => v.status === 'OPEN');
    const handle = handleOf(reassignment.id);
    expect(await refusal(handle.executeUpdate(decideReassignmentUpdate, { args: [{ actorUserId: users.coordinator, accept: true }] }))).toBe('PositionRequired');
    const target = await otherPosition(prisma, officer.positionId);
    const branchId = officer.unit.parentId!;
    const accepted = await handle.executeUpdate(decideReassignmentUpdate, {
      args: [{ actorUserId: users.coordinator, accept: true, positionId: target.id, unitId: branchId, reason: 'Bố trí sang vị trí phù hợp năng lực theo đề xuất của Chi cục' }],
    });
    expect(accepted).toMatchObject({ status: 'DONE', outcome: { kind: 'REASSIGNMENT', accepted: true, positionId: target.id, unitId: branchId, fromPositionId: officer.positionId, fromUnitId: officer.unitId } });
    const moved = await prisma.officer.findUniqueOrThrow({ where: { id: officer.id }, include: { assignments: { orderBy: { startDate: 'asc' } } } });
    expect(moved).toMatchObject({ positionId: target.id, unitId: branchId });
    const today = (await serverNow()).toISOString().slice(0, 10);
    expect(moved.assignments.map((a) => [a.positionId, a.unitId, a.endDate?.toISOString().slice(0, 10) ?? null, a.decisionRef])).toEqual([
      [officer.positionId, officer.unitId, today, null],
      [target.id, branchId, null, `follow-up:${reassignment.id}`],
    ]);
    expect(await prisma.auditLog.count({ where: { entityType: 'Officer', entityId: officer.id, action: 'officer.reassigned' } })).toBe(1);
    expect(await prisma.followUpTask.findUniqueOrThrow({ where: { id: reassignment.id } })).toMatchObject({ status: 'DONE', proposedPositionId: target.id, decidedById: users.coordinator });
  });

  it('REEXAMINATION nobody seats: reminders, escalation when overdue, then cancelled with a reason (its registration withdrawn)', async () => {
    const cycle = await followUpCycle(prisma, await serverNow(), ['D35']);
    const officer = await createOfficer(prisma, 'D35', 'Sùng Thị Mai');
    await createResult(prisma, cycle, officer, { score: 45, level: 'NOT_ACHIEVED', restScore: 75 });
    await createTasks(cycle.id);
    const [task] = await tasksOf(officer.id);
    const { reexam } = await waitFor(task.id, (v) => v.reexam !== null);
    await env.sleep('91 days');
    const escalated = await waitFor(task.id, (v) => v.escalationLevel === 1);
    expect(escalated).toMatchObject({ unitId: officer.unit.parentId, status: 'OPEN', reexam: { sessionId: null, resultId: null } });
    // D35 has no leader: the nearest owner up the tree is headquarters, so the coordinators are told.
    expect((await notesFor(task.id, users.coordinator)).map((n) => n.dedupeKey.split(':').slice(2, -1).join(':'))).toEqual(['assigned', 'reminder:0:7', 'reminder:0:1', 'escalation:1']);

    const handle = handleOf(task.id);
    expect(await refusal(handle.executeUpdate(cancelTaskUpdate, { args: [{ actorUserId: users.coordinator, reason: '  ' }] }))).toBe('ReasonRequired');
    const cancelled = await handle.executeUpdate(cancelTaskUpdate, { args: [{ actorUserId: users.coordinator, reason: 'Công chức nghỉ hưu theo chế độ từ tháng sau' }] });
    expect(cancelled).toMatchObject({ status: 'CANCELLED' });
    expect(await prisma.registration.findUniqueOrThrow({ where: { id: reexam!.registrationId } })).toMatchObject({ status: 'WITHDRAWN' });
    expect(await prisma.followUpTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'CANCELLED', decisionReason: 'Công chức nghỉ hưu theo chế độ từ tháng sau' });
    expect(await handle.result()).toMatchObject({ status: 'CANCELLED' });
  });

  it('REASSIGNMENT for a position not held: proposes the registered position, refuses a decline without reason, declines with one', async () => {
    const cycle = await followUpCycle(prisma, await serverNow(), ['D01']);
    const officer = await createOfficer(prisma, 'D01', 'Phan Văn Đức');
    const registered = await otherPosition(prisma, officer.positionId);
    await createResult(prisma, cycle, officer, { score: SOUND, level: 'LEVEL_2', positionId: registered.id });
    expect(await createTasks(cycle.id)).toMatchObject({ created: 1, byType: { REASSIGNMENT: 1 } });
    const [task] = await tasksOf(officer.id);
    expect(task).toMatchObject({ type: 'REASSIGNMENT', proposedPositionId: registered.id });
    expect(task.ruleTrace).toMatchObject({ facts: { positionMismatch: true }, reasons: [{ code: 'POSITION_MISMATCH' }] });
    await waitFor(task.id, (v) => v.status === 'OPEN');
    const handle = handleOf(task.id);
    const leader = users['leader.d01'];
    expect(await refusal(handle.executeUpdate(decideReassignmentUpdate, { args: [{ actorUserId: leader, accept: false }] }))).toBe('ReasonRequired');
    expect(await refusal(handle.executeUpdate(recordTrainingUpdate, { args: [{ actorUserId: leader, course: 'Khóa học', completedOn: '2026-01-01', hours: 8 }] }))).toBe('WrongTaskType');
    const declined = await handle.executeUpdate(decideReassignmentUpdate, {
      args: [{ actorUserId: leader, accept: false, reason: 'Công chức thực tế làm đúng vị trí đang giữ; đăng ký nhầm vị trí, đã chấn chỉnh' }],
    });
    expect(declined).toMatchObject({ status: 'DECLINED' });
    expect(await prisma.officer.findUniqueOrThrow({ where: { id: officer.id } })).toMatchObject({ positionId: officer.positionId, unitId: officer.unitId });
    expect((await auditOf(task.id)).at(-1)).toMatchObject({ action: 'follow_up.reassignment_declined', actorUserId: leader, reason: expect.stringMatching(/^Công chức thực tế/) });
  });

  it('EXPERT_NOMINATION: refuses a decision without reason, accepts one with it, and refuses anything after', async () => {
    const cycle = await followUpCycle(prisma, await serverNow(), ['D01']);
    const officer = await createOfficer(prisma, 'D01', 'Vũ Ngọc Ánh');
    await createResult(prisma, cycle, officer, { score: 96, level: 'LEVEL_3' });
    expect(await createTasks(cycle.id)).toMatchObject({ created: 1, byType: { EXPERT_NOMINATION: 1 } });
    const [task] = await tasksOf(officer.id);
    await waitFor(task.id, (v) => v.status === 'OPEN');
    await env.sleep('23 days'); // the 7-day reminder of a 30-day decision
    await waitFor(task.id, () => true);
    expect((await notesFor(task.id, users['leader.d01'])).map((n) => n.templateKey)).toEqual(['followUp.assigned', 'followUp.reminder']);
    const handle = handleOf(task.id);
    expect(await refusal(handle.executeUpdate(decideNominationUpdate, { args: [{ actorUserId: users['leader.d01'], accept: true, reason: '' }] }))).toBe('ReasonRequired');
    const accepted = await handle.executeUpdate(decideNominationUpdate, {
      args: [{ actorUserId: users['leader.d01'], accept: true, reason: 'Đề cử vào Tổ chuyên gia kiểm tra sau thông quan của Cục' }],
    });
    expect(accepted).toMatchObject({ status: 'DONE', outcome: { kind: 'NOMINATION', accepted: true } });
    expect(await handle.result()).toMatchObject({ status: 'DONE' });
    await expect(handle.executeUpdate(cancelTaskUpdate, { args: [{ actorUserId: users['leader.d01'], reason: 'Nhầm' }] })).rejects.toThrow();
    expect(await prisma.followUpTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: 'DONE', decisionReason: 'Đề cử vào Tổ chuyên gia kiểm tra sau thông quan của Cục' });
  });
});

describe('never lost, never duplicated', () => {
  it('creates nothing new the second time, finishes a batch cut short, and loses nothing when the worker is replaced', async () => {
    // A worker of this test's own, on a queue a replacement can take over. Without a workflow cache: the
    // time-skipping server leaves tasks on a stopped worker's sticky queue, and its clock then stalls.
    const taskQueue = `follow-up-restart-${Date.now()}`;
    const makeWorker = async () => {
      const w = await Worker.create({
        connection: env.nativeConnection, namespace: 'default', taskQueue, activities: createActivities(prisma),
        workflowBundle: { codePath: inject('workflowBundlePath') }, maxCachedWorkflows: 0,
      });
      return { w, running: w.run() };
    };
    const stop = async (x: { w: Worker; running: Promise<void> }) => {
      x.w.shutdown();
      await x.running;
    };
    let current = await makeWorker();

    const cycle = await followUpCycle(prisma, await serverNow(), ['D01']);
    const failing = await createOfficer(prisma, 'D01', 'Đinh Công Tráng');
    const excellent = await createOfficer(prisma, 'D01', 'Lê Thị Hồng Gấm');
    const mismatched = await createOfficer(prisma, 'D01', 'Ngô Quang Vinh');
    await createResult(prisma, cycle, failing, { score: 41, level: 'NOT_ACHIEVED', competencyScores: [30], restScore: 75 });
    await createResult(prisma, cycle, excellent, { score: 92, level: 'LEVEL_3' });
    await createResult(prisma, cycle, mismatched, { score: SOUND, level: 'LEVEL_2', positionId: (await otherPosition(prisma, mismatched.positionId)).id });

    // The connection drops after two workflow starts: the batch fails, its tasks are stored, two are running.
    let starts = 0;
    const start = env.client.workflow.start.bind(env.client.workflow) as (...args: unknown[]) => Promise<unknown>;
    const flaky = {
      workflow: {
        start: (...args: unknown[]) => (++starts > 2 ? Promise.reject(new Error('14 UNAVAILABLE: connection lost')) : start(...args)),
      },
    } as unknown as Client;
    await expect(createTasks(cycle.id, { deps: { temporal: () => flaky }, taskQueue, limit: 10 })).rejects.toThrow(/connection lost/);
    const stored = await prisma.followUpTask.findMany({ where: { cycleId: cycle.id }, orderBy: { id: 'asc' } });
    expect(stored.map((t) => t.type).sort()).toEqual(['EXPERT_NOMINATION', 'REASSIGNMENT', 'REEXAMINATION', 'RETRAINING']);

    // The retry creates nothing and starts the rest; a second run of the whole cycle changes nothing at all.
    expect(await createTasks(cycle.id, { taskQueue, limit: 2 })).toMatchObject({ results: 3, created: 0, byType: {} });
    for (const t of stored) await waitFor(t.id, (v) => v.status === 'OPEN');
    const runIds = await Promise.all(stored.map(async (t) => (await handleOf(t.id).describe()).runId));
    expect(await createTasks(cycle.id, { taskQueue })).toMatchObject({ created: 0 });
    expect(await Promise.all(stored.map(async (t) => (await handleOf(t.id).describe()).runId))).toEqual(runIds);
    expect(await prisma.followUpTask.count({ where: { cycleId: cycle.id } })).toBe(4);

    // The worker goes away mid-way and a new one takes over the same queue.
    await stop(current);
    current = await makeWorker();
    await env.sleep('24 days'); // the nomination's and the reassignment's 7-day reminders
    await env.sleep('7 days'); // their due date: one escalation each
    const nomination = stored.find((t) => t.type === 'EXPERT_NOMINATION')!;
    await waitFor(nomination.id, (v) => v.escalationLevel === 1);
    await stop(current);
    current = await makeWorker();
    const decided = await handleOf(nomination.id).executeUpdate(decideNominationUpdate, { args: [{ actorUserId: users['leader.d01'], accept: false, reason: 'Chưa đủ thời gian công tác tại vị trí' }] });
    expect(decided.status).toBe('DECLINED');

    for (const t of stored) {
      const audit = await auditOf(t.id);
      expect(audit.filter((a) => a.action === 'follow_up.created'), t.type).toHaveLength(1);
      expect(audit.filter((a) => a.action === 'follow_up.opened'), t.type).toHaveLength(1);
    }
    const leader = users['leader.d01'];
    expect((await notesFor(nomination.id, leader)).map((n) => n.dedupeKey.split(':').slice(2, -1).join(':'))).toEqual(['assigned', 'reminder:0:7', 'reminder:0:1', 'escalation:1']);
    const reexam = stored.find((t) => t.type === 'REEXAMINATION')!;
    expect(await prisma.registration.count({ where: { followUpTaskId: reexam.id } })).toBe(1);
    for (const t of stored) if (t.id !== nomination.id) await handleOf(t.id).terminate('test over');
    await stop(current);
  });
});

describe("the cycle's follow-up phase", () => {
  it('levels the results, then creates their tasks, each started as its own workflow', async () => {
    const timeline = timelineFrom(await serverNow());
    const cycle = await createTestCycle(prisma, timeline, { scopeUnitIds: ['D01'] }); // every rule set frozen, as launching does
    await prisma.assessmentCycle.update({ where: { id: cycle.id }, data: { status: 'RUNNING' } });
    const weak = await createOfficer(prisma, 'D01', 'Lê Văn Tám');
    const strong = await createOfficer(prisma, 'D01', 'Nguyễn Thị Minh Khai');
    await createResult(prisma, cycle, weak, { score: 35, level: null, restScore: 80 });
    await createResult(prisma, cycle, strong, { score: 95, level: null });
    const handle = await env.client.workflow.start(AssessmentCycleWorkflow, { workflowId: cycleWorkflowId(cycle.id), taskQueue: worker.taskQueue, args: [{ cycleId: cycle.id, timeline }] });
    await env.sleep('86 days'); // past the exam window: grading, levels, follow-up
    let created: { type: string; officerId: string; workflowId: string | null }[] = [];
    for (let i = 0; i < 150 && !(created.length === 2 && created.every((t) => t.workflowId)); i++) {
      await new Promise((r) => setTimeout(r, 100));
      created = await prisma.followUpTask.findMany({ where: { cycleId: cycle.id }, orderBy: { type: 'asc' } });
    }
    expect(created.map((t) => `${t.type}:${t.officerId}`).sort()).toEqual([`EXPERT_NOMINATION:${strong.id}`, `REEXAMINATION:${weak.id}`]);
    expect(created.every((t) => t.workflowId)).toBe(true);
    expect((await handle.query(cyclePhaseQuery)).phase).toBe('FOLLOW_UP');
    await handle.terminate('test over');
  });
});

describe('recorded histories', () => {
  const dir = join(projectRoot, 'test', 'histories');
  const histories = readdirSync(dir).filter((f) => f.startsWith('follow-up-task-') && f.endsWith('.json'));

  it('are replayed against the current code (workflows/replay.test.ts) and rejected by an incompatible change', async () => {
    expect(histories.length).toBeGreaterThanOrEqual(3);
    const { code } = await bundleWorkflowCode({ workflowsPath: join(projectRoot, 'test', 'fixtures', 'changed-follow-up-task.ts') });
    for (const file of histories) {
      const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history);
      await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history), file).rejects.toThrow(DeterminismViolationError);
    }
  });
});
