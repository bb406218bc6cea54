// Autosave as the exam room uses it: changes carry their order, so a save that arrives late (a retry after a
// dropped connection) never overwrites a newer answer; review flags are kept with the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../prisma/db';
import { saveAnswers, startAttempt } from '../services/exam-delivery';
import { generateSessionForms } from '../services/exam-scheduling';
import { examFixture } from './exam-fixture';
import { testPrisma } from './support';

let prisma: PrismaClient;
beforeAll(() => {
  prisma = testPrisma();
});
afterAll(async () => {
  await prisma.$disconnect();
});

describe('ordered autosave', () => {
  it('keeps the newest change of each question, whatever order the saves arrive in', async () => {
    const now = new Date();
    const { cycle, registrations, slow } = await examFixture(prisma, now);
    const registration = registrations.find((r) => r.officerId === slow.id)!;
    const session = await prisma.examSession.create({ data: { cycleId: cycle.id, unitId: 'D35', code: `AS-${registration.id.slice(-6)}`, startsAt: new Date(now.getTime() - 60_000), capacity: 5, status: 'PUBLISHED' } });
    await prisma.examSeat.create({ data: { sessionId: session.id, registrationId: registration.id, seatNumber: 1 } });
    await generateSessionForms(prisma, session.id);
    const started = await startAttempt(prisma, { registrationId: registration.id, officerId: slow.id, now });
    const [q1, q2] = started.questions;
    const key = (q: typeof q1, i: number) => q.options[i].key;
    const save = (answers: Parameters<typeof saveAnswers>[1]['answers']) => saveAnswers(prisma, { registrationId: registration.id, officerId: slow.id, answers, now: new Date(now.getTime() + 1_000) });

    await save([{ itemVersionId: q1.itemVersionId, chosenKey: key(q1, 1), seq: 200 }]);
    // The older change (seq 100) comes in late: acknowledged, and ignored.
    const late = await save([{ itemVersionId: q1.itemVersionId, chosenKey: key(q1, 0), seq: 100 }, { itemVersionId: q2.itemVersionId, chosenKey: null, flagged: true, seq: 150 }]);
    expect(late.saved).toBe(2);
    const resumed = await startAttempt(prisma, { registrationId: registration.id, officerId: slow.id, now: new Date(now.getTime() + 2_000) });
    expect(resumed.answers[q1.itemVersionId]).toBe(key(q1, 1));
    expect(resumed.seqs[q1.itemVersionId]).toBe(200);
    expect(resumed.flagged).toEqual([q2.itemVersionId]);
    expect(resumed.answers[q2.itemVersionId]).toBeNull();
    expect(new Date(resumed.serverTime).getTime()).toBe(now.getTime() + 2_000);

    // A newer change replaces it; a change without an order is ordered by the server's clock.
    await save([{ itemVersionId: q1.itemVersionId, chosenKey: key(q1, 2), seq: 300 }]);
    await saveAnswers(prisma, { registrationId: registration.id, officerId: slow.id, answers: [{ itemVersionId: q2.itemVersionId, chosenKey: key(q2, 3) }], now: new Date(now.getTime() + 3_000) });
    const stored = await prisma.attemptAnswer.findMany({ where: { attemptId: started.attemptId }, orderBy: { seq: 'asc' } });
    expect(stored.map((a) => [a.itemVersionId, a.chosenKey, a.flagged, Number(a.seq)])).toEqual([
      [q1.itemVersionId, key(q1, 2), false, 300],
      [q2.itemVersionId, key(q2, 3), false, now.getTime() + 3_000],
    ]);
  });
});
