// Follow-up tasks through the HTTP API on the dev server with a worker: leaders see and act on the tasks of their
// unit only (leader.d01 never on a D35 task), coordinators on all, officers read their own; a task read with why
// it exists and its history; the actions refused clearly when they do not fit; a re-examination seated in a
// session of the officer's department; a task whose workflow never started is started when someone acts on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createApp } from '../api/app';
import type { TokenService } from '../api/auth';
import { logger } from '../runtime/logger';
import type { FollowUpTask, PrismaClient } from '../prisma/db';
import { createFollowUpActivities } from '../activities/follow-ups';
import { startTestWorker, testPrisma, testTemporalClient, type RunningWorker } from './support';
import { createOfficer, createResult, followUpCycle, otherPosition, SOUND, type TestOfficer } from './support-follow-ups';

let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>['app'];
let tokens: TokenService;
const bearer: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${bearer[who]}` });

let cycleId: string;
let trainee: TestOfficer;
let failing: TestOfficer;
let d35: TestOfficer;
const tasks: Record<string, FollowUpTask> = {};

async function officerToken(officer: TestOfficer) {
  return tokens.issue({ id: `user-${officer.id}`, username: officer.id, displayName: officer.fullName, role: 'OFFICER', unitId: officer.unitId, unitPath: officer.unit.path, officerId: officer.id, businessId: null });
}

async function waitForWorkflow(taskId: string) {
  for (let i = 0; i < 100; i++) {
    const t = await prisma.followUpTask.findUniqueOrThrow({ where: { id: taskId }, include: { reexamRegistration: true } });
    if (t.workflowId && (t.type !== 'REEXAMINATION' || t.reexamRegistration)) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task ${taskId} was not taken on`);
}

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  ({ app, tokens } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue }));
  for (const [username, password] of [['coordinator', 'demo-coordinator'], ['leader.d01', 'demo-leader'], ['reviewer.d35', 'demo-reviewer'], ['reviewer.d01', 'demo-reviewer']]) {
    bearer[username] = (await request(app).post('/api/auth/token').send({ username, password })).body.token;
  }

  // One cycle over D01 and D35: a weak competency and an excellent result, a failure, and a D35 position mismatch.
  const cycle = await followUpCycle(prisma, new Date(), ['D01', 'D35']);
  cycleId = cycle.id;
  trainee = await createOfficer(prisma, 'D01', 'Bùi Thị Thanh Hương');
  failing = await createOfficer(prisma, 'D01', 'Đỗ Văn Lâm');
  d35 = await createOfficer(prisma, 'D35', 'Giàng A Páo');
  await createResult(prisma, cycle, trainee, { score: 93, level: 'LEVEL_3', competencyScores: [45], restScore: 95 });
  await createResult(prisma, cycle, failing, { score: 44, level: 'NOT_ACHIEVED', restScore: 75 });
  await createResult(prisma, cycle, d35, { score: SOUND, level: 'LEVEL_2', positionId: (await otherPosition(prisma, d35.positionId)).id });

  const activities = createFollowUpActivities(prisma);
  const context = new MockActivityEnvironment({ scheduledTimestampMs: Date.now(), taskQueue: worker.taskQueue }, { client: temporal });
  const batch = await context.run(activities.createFollowUpTasksBatch, { cycleId, after: null, limit: 100 });
  expect(batch).toMatchObject({ results: 3, unlevelled: 0, created: 4, byType: { RETRAINING: 1, EXPERT_NOMINATION: 1, REEXAMINATION: 1, REASSIGNMENT: 1 } });
  for (const t of await prisma.followUpTask.findMany({ where: { cycleId } })) tasks[`${t.type}:${t.officerId}`] = await waitForWorkflow(t.id);
  bearer.trainee = await officerToken(trainee);
});

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

const task = (type: string, officer: TestOfficer) => tasks[`${type}:${officer.id}`];
const ids = (body: { items: { id: string }[] }) => body.items.map((t) => t.id).sort();

describe('follow-up tasks over the API', () => {
  it("lists a leader's unit's tasks (not D35's), all of them for a coordinator, and an officer's own", async () => {
    const d01Tasks = [task('RETRAINING', trainee), task('EXPERT_NOMINATION', trainee), task('REEXAMINATION', failing)].map((t) => t.id).sort();
    const leader = await request(app).get('/api/follow-ups').query({ cycleId }).set(as('leader.d01'));
    expect(leader.status).toBe(200);
    expect(ids(leader.body)).toEqual(d01Tasks);
    expect(leader.body.items[0]).toMatchObject({ status: 'OPEN', overdue: false, officer: { fullName: expect.any(String) }, unit: { id: expect.any(String) } });
    expect(leader.body.items[0].ruleTrace).toBeUndefined(); // lists stay light: the trace is on the task itself

    const all = await request(app).get('/api/follow-ups').query({ cycleId }).set(as('coordinator'));
    expect(all.body.total).toBe(4);
    const byType = await request(app).get('/api/follow-ups').query({ cycleId, type: 'RETRAINING' }).set(as('leader.d01'));
    expect(ids(byType.body)).toEqual([task('RETRAINING', trainee).id]);
    expect((await request(app).get('/api/follow-ups').query({ cycleId, unitId: 'D35' }).set(as('leader.d01'))).status).toBe(403);
    const d35Only = await request(app).get('/api/follow-ups').query({ cycleId, unitId: 'D35' }).set(as('coordinator'));
    expect(ids(d35Only.body)).toEqual([task('REASSIGNMENT', d35).id]);

    // Overdue: an open task past its due date.
    await prisma.followUpTask.update({ where: { id: task('REEXAMINATION', failing).id }, data: { dueAt: new Date(Date.now() - 86_400_000) } });
    const overdue = await request(app).get('/api/follow-ups').query({ cycleId, overdue: 'true' }).set(as('leader.d01'));
    expect(ids(overdue.body)).toEqual([task('REEXAMINATION', failing).id]);
    expect(overdue.body.items[0].overdue).toBe(true);
    const onTime = await request(app).get('/api/follow-ups').query({ cycleId, overdue: 'false' }).set(as('leader.d01'));
    expect(onTime.body.total).toBe(2);

    const own = await request(app).get('/api/follow-ups').set(as('trainee'));
    expect(ids(own.body)).toEqual([task('RETRAINING', trainee), task('EXPERT_NOMINATION', trainee)].map((t) => t.id).sort());
    expect((await request(app).get('/api/follow-ups').query({ type: 'NOPE' }).set(as('leader.d01'))).status).toBe(400);
  });

  it('reads one task with why it exists (in both languages), its trace, its history and the live workflow view', async () => {
    const nomination = task('EXPERT_NOMINATION', trainee);
    const vi = await request(app).get(`/api/follow-ups/${nomination.id}`).set(as('leader.d01'));
    expect(vi.status).toBe(200);
    expect(vi.body.explanation).toEqual([
      'Kết quả xuất sắc (93 điểm, mức 3): đề cử vào nhóm chuyên gia / nguồn cán bộ lãnh đạo (expert-nomination-excellent)',
    ]);
    expect(vi.body.ruleTrace).toMatchObject({ ruleSet: { id: 'follow-up', version: 1 }, subject: 'RESULT', facts: { level: 'LEVEL_3', totalScore: 93 } });
    expect(vi.body.ruleTrace.rules.find((r: { rule: string }) => r.rule === 'expert-nomination-excellent')).toMatchObject({ fired: true });
    expect(vi.body.history.map((h: { action: string }) => h.action)).toEqual(['follow_up.created', 'follow_up.opened']);
    expect(vi.body.live).toMatchObject({ taskId: nomination.id, type: 'EXPERT_NOMINATION', status: 'OPEN' });
    expect(vi.body.result).toMatchObject({ score: 93, level: 'LEVEL_3' });
    const en = await request(app).get(`/api/follow-ups/${task('RETRAINING', trainee).id}`).set(as('trainee')).set('Accept-Language', 'en');
    expect(en.body.explanation[0]).toMatch(/^The competency scored 45, below the threshold of the level \d the position requires/);

    const reexam = await request(app).get(`/api/follow-ups/${task('REEXAMINATION', failing).id}`).set(as('leader.d01'));
    expect(reexam.body.reexamination).toMatchObject({ round: 2, status: 'ACTIVE', session: null, attempt: null, result: null });

    expect((await request(app).get(`/api/follow-ups/${task('REEXAMINATION', failing).id}`).set(as('trainee'))).status).toBe(403);
    expect((await request(app).get(`/api/follow-ups/${task('REASSIGNMENT', d35).id}`).set(as('leader.d01'))).status).toBe(403);
    expect((await request(app).get('/api/follow-ups/nope').set(as('coordinator'))).status).toBe(404);
  });

  it('keeps leader.d01 off a D35 task, which a coordinator decides', async () => {
    const reassignment = task('REASSIGNMENT', d35);
    const refused = await request(app).post(`/api/follow-ups/${reassignment.id}/reassignment`).set(as('leader.d01')).send({ decision: 'DECLINE', reason: 'Không thuộc thẩm quyền' });
    expect(refused.status).toBe(403);
    expect((await request(app).post(`/api/follow-ups/${reassignment.id}/cancel`).set(as('leader.d01')).send({ reason: 'Không thuộc thẩm quyền' })).status).toBe(403);
    expect((await request(app).post(`/api/follow-ups/${reassignment.id}/cancel`).set(as('reviewer.d35')).send({ reason: 'Người rà soát không quyết định' })).status).toBe(403); // a role that does not act
    expect((await request(app).post(`/api/follow-ups/${reassignment.id}/cancel`).set(as('trainee')).send({ reason: 'Tôi không đồng ý' })).status).toBe(403);
    expect(await prisma.followUpTask.findUniqueOrThrow({ where: { id: reassignment.id } })).toMatchObject({ status: 'OPEN' });

    const noReason = await request(app).post(`/api/follow-ups/${reassignment.id}/reassignment`).set(as('coordinator')).set('Accept-Language', 'en').send({ decision: 'DECLINE' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.message).toBe('A reason is required.');
    const accepted = await request(app).post(`/api/follow-ups/${reassignment.id}/reassignment`).set(as('coordinator')).send({ decision: 'ACCEPT', reason: 'Điều chỉnh đúng vị trí thực tế đảm nhiệm' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'DONE', decidedById: 'U-coordinator', outcome: { kind: 'REASSIGNMENT', accepted: true, positionId: reassignment.proposedPositionId, unitId: d35.unitId } });
    expect(await prisma.officer.findUniqueOrThrow({ where: { id: d35.id } })).toMatchObject({ positionId: reassignment.proposedPositionId });
    const again = await request(app).post(`/api/follow-ups/${reassignment.id}/reassignment`).set(as('coordinator')).send({ decision: 'DECLINE', reason: 'Đổi ý, giữ nguyên vị trí' });
    expect(again.status).toBe(409);
  });

  it('records a training (refusing a future date and the wrong task type) and decides a nomination', async () => {
    const retraining = task('RETRAINING', trainee);
    const nomination = task('EXPERT_NOMINATION', trainee);
    const training = { course: 'Lớp bồi dưỡng kỹ năng phân tích rủi ro', completedOn: new Date().toISOString().slice(0, 10), hours: 24 };
    expect((await request(app).post(`/api/follow-ups/${retraining.id}/training`).set(as('leader.d01')).send({ ...training, hours: 0 })).status).toBe(400);
    const future = await request(app).post(`/api/follow-ups/${retraining.id}/training`).set(as('leader.d01')).send({ ...training, completedOn: '2099-01-01' });
    expect(future.status).toBe(409);
    expect(future.body.error.code).toBe('FUTURE_DATE');
    const wrongType = await request(app).post(`/api/follow-ups/${nomination.id}/training`).set(as('leader.d01')).set('Accept-Language', 'en').send(training);
    expect(wrongType.status).toBe(409);
    expect(wrongType.body.error.message).toBe('Cannot record the training on a task of expert nomination.');
    expect((await request(app).post(`/api/follow-ups/${retraining.id}/training`).set(as('trainee')).send(training)).status).toBe(403);

    const recorded = await request(app).post(`/api/follow-ups/${retraining.id}/training`).set(as('leader.d01')).send(training);
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'DONE', outcome: { kind: 'TRAINING', ...training } });
    const nominated = await request(app).post(`/api/follow-ups/${nomination.id}/nomination`).set(as('leader.d01')).send({ decision: 'ACCEPT', reason: 'Đề cử vào Tổ chuyên gia quản lý rủi ro của Cục' });
    expect(nominated.status).toBe(200);
    expect(nominated.body).toMatchObject({ status: 'DONE', decisionReason: 'Đề cử vào Tổ chuyên gia quản lý rủi ro của Cục' });
    const history = await request(app).get(`/api/follow-ups/${retraining.id}`).set(as('trainee'));
    expect(history.body.history.map((h: { action: string }) => h.action)).toEqual(['follow_up.created', 'follow_up.opened', 'follow_up.training_recorded']);
  });

  it("seats a re-examination in a session of the officer's department, and cancels it with a reason", async () => {
    const reexam = task('REEXAMINATION', failing);
    const startsAt = new Date(Date.now() + 2 * 86_400_000);
    const own = await prisma.examSession.create({ data: { cycleId, unitId: 'D01', code: `RE-D01-${reexam.id.slice(-6)}`, startsAt, capacity: 2, status: 'PUBLISHED' } });
    const other = await prisma.examSession.create({ data: { cycleId, unitId: 'D35', code: `RE-D35-${reexam.id.slice(-6)}`, startsAt, capacity: 2, status: 'PUBLISHED' } });
    const sessions = await request(app).get(`/api/follow-ups/${reexam.id}/reexamination/sessions`).set(as('leader.d01'));
    expect(sessions.body.items.map((s: { id: string }) => s.id)).toContain(own.id);
    expect(sessions.body.items.map((s: { id: string }) => s.id)).not.toContain(other.id);

    const wrong = await request(app).post(`/api/follow-ups/${reexam.id}/reexamination/schedule`).set(as('leader.d01')).send({ sessionId: other.id });
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.code).toBe('OTHER_DEPARTMENT');
    expect((await request(app).post(`/api/follow-ups/${reexam.id}/reexamination/schedule`).set(as('reviewer.d35')).send({ sessionId: own.id })).status).toBe(403);
    const seated = await request(app).post(`/api/follow-ups/${reexam.id}/reexamination/schedule`).set(as('reviewer.d01')).send({ sessionId: own.id });
    expect(seated.status).toBe(200);
    expect(seated.body).toMatchObject({ seat: { sessionId: own.id, seatNumber: 1 }, changed: true, forms: { generated: 1 } });
    const registration = await prisma.registration.findUniqueOrThrow({ where: { followUpTaskId: reexam.id }, include: { seat: true, forms: true } });
    expect(registration).toMatchObject({ round: 2, source: 'REEXAMINATION', seat: { sessionId: own.id } });
    expect(registration.forms).toHaveLength(1);
    const read = await request(app).get(`/api/follow-ups/${reexam.id}`).set(as('leader.d01'));
    expect(read.body.reexamination.session).toMatchObject({ id: own.id, seatNumber: 1 });
    expect(read.body.history.map((h: { action: string }) => h.action)).toContain('follow_up.reexam_scheduled');

    expect((await request(app).post(`/api/follow-ups/${reexam.id}/cancel`).set(as('leader.d01')).send({ reason: 'x' })).status).toBe(400);
    const cancelled = await request(app).post(`/api/follow-ups/${reexam.id}/cancel`).set(as('leader.d01')).send({ reason: 'Công chức chuyển công tác sang đơn vị ngoài ngành' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect(await prisma.registration.findUniqueOrThrow({ where: { id: registration.id }, include: { seat: true } })).toMatchObject({ status: 'WITHDRAWN', seat: null });
  });

  it('starts the workflow of a task that never got one when someone acts on it', async () => {
    const stray = await prisma.followUpTask.create({
      data: { dedupeKey: `test:stray:${trainee.id}`, type: 'EXPERT_NOMINATION', officerId: trainee.id, unitId: trainee.unitId, cycleId, dueAt: new Date(Date.now() + 30 * 86_400_000) },
    });
    const decision = { decision: 'DECLINE', reason: 'Chưa đủ thời gian công tác tại vị trí hiện tại' };
    const first = await request(app).post(`/api/follow-ups/${stray.id}/nomination`).set(as('leader.d01')).send(decision);
    expect(first.status).toBe(409);
    expect(first.body.error.code).toBe('FOLLOW_UP_NOT_STARTED');
    await waitForWorkflow(stray.id);
    let retried = await request(app).post(`/api/follow-ups/${stray.id}/nomination`).set(as('leader.d01')).send(decision);
    for (let i = 0; i < 20 && retried.status === 409; i++) {
      await new Promise((r) => setTimeout(r, 200)); // the workflow opens the task first
      retried = await request(app).post(`/api/follow-ups/${stray.id}/nomination`).set(as('leader.d01')).send(decision);
    }
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('DECLINED');
  });

  it('documents the routes', async () => {
    const doc = await request(app).get('/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining([
      '/follow-ups', '/follow-ups/{id}', '/follow-ups/{id}/training', '/follow-ups/{id}/reassignment', '/follow-ups/{id}/nomination',
      '/follow-ups/{id}/cancel', '/follow-ups/{id}/reexamination/sessions', '/follow-ups/{id}/reexamination/schedule',
    ]));
  });
});
