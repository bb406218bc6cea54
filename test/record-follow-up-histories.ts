// `npx tsx test/record-follow-up-histories.ts v2`: records FollowUpTaskWorkflow histories for the replay test
// (workflows/replay.test.ts replays every file in test/histories; workflows/follow-up-task.test.ts checks that an
// incompatible change rejects them). Run it when the workflow gains a new version and ADD the new files: never
// re-record or delete the old ones, they stand for tasks already running. Uses a scratch PostgreSQL database and
// the time-skipping test server.
//   follow-up-task-retraining-escalated-<label>.json  reminders, escalation up to headquarters, training recorded
//   follow-up-task-reexam-failed-<label>.json         round-2 registration, seated (signalled), taken, failed: closes, proposes
//   follow-up-task-reassignment-accepted-<label>.json the proposed reassignment, accepted into the assignment history
//   follow-up-task-reexam-cancelled-<label>.json      nobody seats it: weekly looks, reminders, escalation, cancelled
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MockActivityEnvironment, TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { createWorker } from '../runtime/worker';
import { projectRoot, temporalTestServerPath } from '../scripts/toolchain';
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { createFollowUpActivities } from '../activities/follow-ups';
import { seatReexamination } from '../services/follow-ups';
import { saveAnswers, startAttempt, submitAttempt } from '../services/exam-delivery';
import { gradeQueued } from '../services/grading';
import { paperKey, testExamHandles } from './exam-fixture';
import {
  cancelTaskUpdate,
  decideReassignmentUpdate,
  followUpTaskQuery,
  followUpWorkflowId,
  reexamScheduledSignal,
  recordTrainingUpdate,
  type FollowUpTaskView,
} from '../workflows/follow-up-task/contract';
import { createScratchDatabase } from './scratch-database';
import { createOfficer, createResult, followUpCycle, otherPosition } from './support-follow-ups';

Runtime.install({ logger: new DefaultLogger('WARN') });
const label = process.argv[2] ?? new Date().toISOString().slice(0, 10);
const database = await createScratchDatabase('follow_up_record');
const prisma = createPrisma(database.url);
await seedDemoData(prisma, { officers: 600, seed: 'customs-2026' });
await publishBuiltInRuleSets(prisma);
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
});
const worker = await createWorker({ prisma, connection: env.nativeConnection, namespace: 'default', taskQueue: 'record' });
const leader = 'U-leader.d01';
const coordinator = 'U-coordinator';
const serverNow = async () => new Date(Number(await env.currentTimeMs()));
const handleOf = (taskId: string) => env.client.workflow.getHandle(followUpWorkflowId(taskId));

async function save(name: string, taskId: string) {
  const history = await handleOf(taskId).fetchHistory();
  const file = join(projectRoot, 'test', 'histories', `${name}-${label}.json`);
  writeFileSync(file, historyToJSON(history));
  console.log(`recorded ${file} (${history.events?.length} events)`);
}

async function createTasks(cycleId: string) {
  const context = new MockActivityEnvironment({ scheduledTimestampMs: Number(await env.currentTimeMs()), taskQueue: 'record' }, { client: env.client });
  const activities = createFollowUpActivities(prisma);
  for (let after: string | null = null; ; ) {
    const batch: { lastId: string | null } = await context.run(activities.createFollowUpTasksBatch, { cycleId, after, limit: 50 });
    if (!batch.lastId) return;
    after = batch.lastId;
  }
}

/** Queries first: the time-skipping server sometimes loses an update sent to a run it has not been asked about. */
async function until(taskId: string, ok: (v: FollowUpTaskView) => boolean) {
  for (let i = 0; i < 150; i++) {
    const view = await handleOf(taskId).query(followUpTaskQuery).catch(() => null);
    if (view && ok(view)) return view;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${taskId} did not get there`);
}

const onlyTask = async (officerId: string, type: string) => (await prisma.followUpTask.findFirstOrThrow({ where: { officerId, type: type as never } })).id;

await worker.runUntil(async () => {
  // Retraining: reminders, team → branch → department → headquarters, then the training recorded.
  const d01 = await followUpCycle(prisma, await serverNow(), ['D01']);
  const trainee = await createOfficer(prisma, 'D01', 'Trần Minh Khoa');
  await createResult(prisma, d01, trainee, { score: 74, level: 'LEVEL_2', competencyScores: [40] });
  await createTasks(d01.id);
  const retraining = await onlyTask(trainee.id, 'RETRAINING');
  await until(retraining, (v) => v.status === 'OPEN');
  await env.sleep('181 days');
  await env.sleep('14 days');
  await env.sleep('14 days');
  await env.sleep('20 days');
  await until(retraining, (v) => v.escalationLevel === 3);
  await handleOf(retraining).executeUpdate(recordTrainingUpdate, {
    args: [{ actorUserId: leader, course: 'Bồi dưỡng nghiệp vụ kiểm tra sau thông quan (Trường Hải quan Việt Nam)', completedOn: (await serverNow()).toISOString().slice(0, 10), hours: 40 }],
  });
  await handleOf(retraining).result();
  await save('follow-up-task-retraining-escalated', retraining);

  // A re-examination seated, taken and failed; it proposes a reassignment, which is accepted.
  const d35 = await followUpCycle(prisma, await serverNow(), ['D35']);
  const failing = await createOfficer(prisma, 'D35', 'Hoàng Thị Mỷ');
  await createResult(prisma, d35, failing, { score: 38, level: 'NOT_ACHIEVED', restScore: 75 });
  await createTasks(d35.id);
  const reexam = await onlyTask(failing.id, 'REEXAMINATION');
  const { reexam: opened } = await until(reexam, (v) => v.reexam !== null);
  const now = await serverNow();
  const session = await prisma.examSession.create({ data: { cycleId: d35.id, unitId: 'D35', code: 'RE-REC-1', startsAt: new Date(now.getTime() + 2 * 3_600_000), capacity: 3, status: 'PUBLISHED' } });
  await seatReexamination(prisma, { taskId: reexam, sessionId: session.id, actorUserId: 'U-reviewer.d35', now });
  await handleOf(reexam).signal(reexamScheduledSignal, { sessionId: session.id, startsAt: session.startsAt.toISOString() });
  await env.sleep('2 hours');
  const registrationId = opened!.registrationId;
  const sitting = await serverNow();
  const started = await startAttempt(prisma, testExamHandles, { registrationId, officerId: failing.id, now: sitting });
  const answers = (await paperKey(prisma, registrationId, started)).map((q) => ({ itemHandle: q.itemHandle, optionHandle: q.wrong }));
  await saveAnswers(prisma, testExamHandles, { registrationId, officerId: failing.id, answers, now: new Date(sitting.getTime() + 600_000) });
  await submitAttempt(prisma, { registrationId, officerId: failing.id, now: new Date(sitting.getTime() + 1_200_000) });
  await gradeQueued(prisma, { attemptIds: [started.attemptId] }); // as the API's grader does
  const graded = await prisma.result.update({ where: { attemptId: started.attemptId }, data: { level: 'NOT_ACHIEVED' } });
  await env.sleep('3 hours');
  await handleOf(reexam).result();
  await save('follow-up-task-reexam-failed', reexam);

  const reassignment = (await prisma.followUpTask.findFirstOrThrow({ where: { resultId: graded.id, type: 'REASSIGNMENT' } })).id;
  await until(reassignment, (v) => v.status === 'OPEN');
  await env.sleep('10 days');
  await until(reassignment, (v) => v.status === 'OPEN');
  const target = await otherPosition(prisma, failing.positionId);
  await handleOf(reassignment).executeUpdate(decideReassignmentUpdate, {
    args: [{ actorUserId: coordinator, accept: true, positionId: target.id, unitId: failing.unit.parentId!, reason: 'Bố trí sang vị trí phù hợp năng lực theo đề xuất của Chi cục' }],
  });
  await handleOf(reassignment).result();
  await save('follow-up-task-reassignment-accepted', reassignment);

  // A re-examination nobody seats: reminders, escalation, then cancelled.
  const absent = await createOfficer(prisma, 'D35', 'Sùng Thị Mai');
  await createResult(prisma, d35, absent, { score: 45, level: 'NOT_ACHIEVED', restScore: 75 });
  await createTasks(d35.id);
  const unseated = await onlyTask(absent.id, 'REEXAMINATION');
  await until(unseated, (v) => v.reexam !== null);
  await env.sleep('91 days');
  await until(unseated, (v) => v.escalationLevel === 1);
  await handleOf(unseated).executeUpdate(cancelTaskUpdate, { args: [{ actorUserId: coordinator, reason: 'Công chức nghỉ hưu theo chế độ từ tháng sau' }] });
  await handleOf(unseated).result();
  await save('follow-up-task-reexam-cancelled', unseated);
});

await env.teardown();
await prisma.$disconnect();
await database.drop();
