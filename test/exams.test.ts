// Exams end to end through the API on the dev server: sessions and seating, publishing (forms drawn before
// the session), start / resume / autosave / submit with the server keeping time, and voiding an item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import type { TokenService } from '../api/auth';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { analyseItems } from '../services/item-analysis';
import { levelResult } from '../services/levels';
import { startTestWorker, testPrisma, testTemporalClient, untilGraded, type RunningWorker } from './support';
import { examFixture, paperKey } from './exam-fixture';

let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>['app'];
let tokens: TokenService;
const bearer: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${bearer[who]}` });

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  ({ app, tokens } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue }));
  for (const [username, password] of [['coordinator', 'demo-coordinator'], ['reviewer.d35', 'demo-reviewer'], ['reviewer.d01', 'demo-reviewer']]) {
    bearer[username] = (await request(app).post('/api/auth/token').send({ username, password })).body.token;
  }
});

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

async function officerToken(officerId: string) {
  return tokens.issue({ id: `user-${officerId}`, username: officerId, displayName: officerId, role: 'OFFICER', unitId: null, unitPath: null, officerId, businessId: null });
}

describe('exams', () => {
  it('seats, publishes, and delivers a timed exam whose answer key never leaves the server', async () => {
    const { cycle, officers, registrations, slow } = await examFixture(prisma, new Date());
    const [first, second, third] = registrations;
    const startsAt = new Date(Date.now() - 60_000).toISOString();

    // Sessions only inside the exam window, only at a department, only in the reviewer's scope.
    const outside = await request(app).post(`/api/cycles/${cycle.id}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-0', startsAt: new Date(Date.now() + 90 * 86_400_000).toISOString(), capacity: 2 });
    expect(outside.status).toBe(400);
    expect((await request(app).post(`/api/cycles/${cycle.id}/sessions`).set(as('reviewer.d01')).send({ unitId: 'D35', code: 'CA-X', startsAt, capacity: 2 })).status).toBe(403);
    const small = await request(app).post(`/api/cycles/${cycle.id}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-1', startsAt, capacity: 2, room: 'Phòng thi số 1' });
    expect(small.status).toBe(201);

    // Two seats for three candidates: the third is reported, not dropped; a second session takes them.
    const seating = await request(app).post(`/api/cycles/${cycle.id}/schedule/D35`).set(as('reviewer.d35'));
    expect(seating.body).toMatchObject({ assigned: 2, alreadySeated: 0 });
    expect(seating.body.unseated).toHaveLength(1);
    const big = await request(app).post(`/api/cycles/${cycle.id}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-2', startsAt, capacity: 10 });
    const again = await request(app).post(`/api/cycles/${cycle.id}/schedule/D35`).set(as('reviewer.d35'));
    expect(again.body).toMatchObject({ assigned: 1, alreadySeated: 2, unseated: [] });
    expect(await prisma.examSeat.count({ where: { session: { cycleId: cycle.id } } })).toBe(3);
    // Every candidate in CA-2, so one session's clock serves them all.
    for (const r of registrations) {
      const seat = await prisma.examSeat.findUniqueOrThrow({ where: { registrationId: r.id } });
      if (seat.sessionId !== big.body.id) {
        const moved = await request(app).post(`/api/cycles/${cycle.id}/seats/${r.id}/move`).set(as('reviewer.d35')).send({ sessionId: big.body.id });
        expect(moved.status).toBe(200);
      }
    }

    const token = await officerToken(officers[0].id);
    bearer.first = token;
    expect((await request(app).post(`/api/exams/${first.id}/start`).set(as('first'))).body.error.code).toBe('NOT_PUBLISHED');
    const published = await request(app).post(`/api/cycles/${cycle.id}/sessions/${big.body.id}/publish`).set(as('reviewer.d35'));
    expect(published.status).toBe(200);
    expect(published.body.forms).toEqual({ generated: 3, existing: 0 });
    const forms = await prisma.examForm.findMany({ where: { registrationId: { in: registrations.map((r) => r.id) } } });
    expect(forms).toHaveLength(3);
    expect(new Set(forms.map((f) => f.seed)).size).toBe(3);

    // Start: questions in a shuffled order of options, no key anywhere in the payload.
    const started = await request(app).post(`/api/exams/${first.id}/start`).set(as('first'));
    expect(started.status).toBe(200);
    expect(started.body.questions).toHaveLength(40);
    expect(JSON.stringify(started.body)).not.toMatch(/correctKey/);
    expect(started.body.remainingSeconds).toBeGreaterThan(59 * 60);
    expect(started.body.remainingSeconds).toBeLessThanOrEqual(60 * 60);

    // Another candidate's exam is not yours.
    bearer.slow = await officerToken(slow.id);
    expect((await request(app).post(`/api/exams/${first.id}/start`).set(as('slow'))).status).toBe(403);
    // Extra time is the candidate's own: 1.5 x 60 minutes.
    const slowStart = await request(app).post(`/api/exams/${third.id}/start`).set(as('slow'));
    expect(slowStart.body.remainingSeconds).toBeGreaterThan(89 * 60);
    expect(slowStart.body.extraTimeMultiplier).toBe(1.5);

    // Autosave (by the paper's handles), then "lose the connection" and resume where they were.
    const key = await paperKey(prisma, first.id, started.body);
    const right = key.slice(0, 30).map((q) => ({ itemHandle: q.itemHandle, optionHandle: q.right }));
    expect((await request(app).put(`/api/exams/${first.id}/answers`).set(as('first')).send({ answers: right })).body.saved).toBe(30);
    const badOption = await request(app).put(`/api/exams/${first.id}/answers`).set(as('first')).send({ answers: [{ itemHandle: key[0].itemHandle, optionHandle: 'Z' }] });
    expect(badOption.status).toBe(422);
    const resumed = await request(app).post(`/api/exams/${first.id}/start`).set(as('first'));
    expect(resumed.body.attemptId).toBe(started.body.attemptId);
    expect(Object.keys(resumed.body.answers)).toHaveLength(30);
    expect(resumed.body.remainingSeconds).toBeLessThanOrEqual(started.body.remainingSeconds);

    // Submit: 30 of 40 right = 75.00; submitting twice is harmless; no answer after.
    const submitted = await request(app).post(`/api/exams/${first.id}/submit`).set(as('first'));
    expect(submitted.status).toBe(200);
    // Closed at once and graded a moment later, out of the request: until then the answer says so.
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', result: null, grading: true });
    const graded = await untilGraded(() => request(app).post(`/api/exams/${first.id}/submit`).set(as('first')));
    expect(graded.body).toMatchObject({ status: 'SUBMITTED', grading: false, result: { score: 75, correctCount: 30, itemCount: 40, passed: true } });
    expect(graded.body.submittedAt).toBe(submitted.body.submittedAt);
    const twice = await request(app).post(`/api/exams/${first.id}/submit`).set(as('first'));
    expect(twice.body.result.id).toBe(graded.body.result.id);
    expect(await prisma.auditLog.count({ where: { entityId: started.body.attemptId, action: 'exam.submitted' } })).toBe(1);
    expect(await prisma.result.count({ where: { registrationId: first.id } })).toBe(1);
    expect((await request(app).put(`/api/exams/${first.id}/answers`).set(as('first')).send({ answers: right.slice(0, 1) })).body.error.code).toBe('ALREADY_SUBMITTED');

    // The server keeps time: once the deadline has passed an answer is refused, and the attempt closes by the clock.
    bearer.second = await officerToken(officers[1].id);
    await request(app).post(`/api/exams/${second.id}/start`).set(as('second'));
    await prisma.attempt.update({ where: { registrationId: second.id }, data: { deadlineAt: new Date(Date.now() - 1000) } });
    const late = await request(app).put(`/api/exams/${second.id}/answers`).set(as('second')).send({ answers: [{ itemHandle: 'any', optionHandle: null }] });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('TIME_UP');
    const afterDeadline = await request(app).post(`/api/exams/${second.id}/submit`).set(as('second'));
    expect(afterDeadline.body.status).toBe('AUTO_SUBMITTED');

    // A faulty item is voided: every affected attempt is regraded (and relevelled), with an audit entry.
    await levelResult(prisma, graded.body.result.id);
    expect((await prisma.result.findUniqueOrThrow({ where: { id: graded.body.result.id } })).level).not.toBeNull();
    const faulty = key[0].itemVersionId;
    const voided = await request(app).post(`/api/cycles/${cycle.id}/items/${faulty}/void`).set(as('coordinator')).send({ reason: 'Đáp án sai: câu hỏi có hai phương án đúng' });
    expect(voided.status).toBe(200);
    const withItem = forms.filter((f) => (f.items as { itemVersionId: string }[]).some((i) => i.itemVersionId === faulty));
    const gradedWithItem = withItem.filter((f) => [first.id, second.id].includes(f.registrationId)).length;
    expect(voided.body).toMatchObject({ alreadyVoided: false, affectedForms: withItem.length, regraded: gradedWithItem });
    const regraded = await prisma.result.findFirstOrThrow({ where: { registrationId: first.id } });
    expect(regraded).toMatchObject({ correctCount: 29, itemCount: 39 });
    expect(Number(regraded.score)).toBeCloseTo(74.36, 2);
    expect(voided.body.relevelled).toBe(1);
    expect((regraded.levelTrace as { facts: { totalScore: number } }).facts.totalScore).toBeCloseTo(74.36, 2);
    expect(await prisma.auditLog.count({ where: { action: 'exam.item_voided', entityId: faulty, cycleId: cycle.id } })).toBe(1);
    expect((await request(app).post(`/api/cycles/${cycle.id}/items/${faulty}/void`).set(as('reviewer.d35')).send({ reason: 'Không có quyền thực hiện việc này' })).status).toBe(403);

    // Item analysis of the session, computed after the fact.
    const analysis = await analyseItems(prisma, { cycleId: cycle.id, sessionId: big.body.id });
    expect(analysis.attempts).toBe(2);
    const stored = await prisma.itemAnalysis.findMany({ where: { sessionId: big.body.id } });
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.find((s) => s.itemVersionId === faulty)).toBeUndefined();
  });
});
