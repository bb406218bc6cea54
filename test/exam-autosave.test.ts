// Autosave as the exam room uses it: changes carry their order, so a save that arrives late (a retry after a
// dropped connection) never overwrites a newer answer; review flags are kept with the answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../prisma/db';
import { saveAnswers, startAttempt } from '../services/exam-delivery';
import { generateSessionForms } from '../services/exam-scheduling';
import { examFixture, paperKey, testExamHandles } from './exam-fixture';
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
    const started = await startAttempt(prisma, testExamHandles, { registrationId: registration.id, officerId: slow.id, now });
    const [q1, q2] = started.questions;
    const [k1, k2] = await paperKey(prisma, registration.id, started);
    const option = (q: typeof q1, i: number) => q.options[i].optionHandle;
    const save = (answers: Parameters<typeof saveAnswers>[2]['answers']) => saveAnswers(prisma, testExamHandles, { registrationId: registration.id, officerId: slow.id, answers, now: new Date(now.getTime() + 1_000) });

    await save([{ itemHandle: q1.itemHandle, optionHandle: option(q1, 1), seq: 200 }]);
    // The older change (seq 100) comes in late: acknowledged, and ignored.
    const late = await save([{ itemHandle: q1.itemHandle, optionHandle: option(q1, 0), seq: 100 }, { itemHandle: q2.itemHandle, optionHandle: null, flagged: true, seq: 150 }]);
    expect(late.saved).toBe(2);
    const resumed = await startAttempt(prisma, testExamHandles, { registrationId: registration.id, officerId: slow.id, now: new Date(now.getTime() + 2_000) });
    expect(resumed.answers[q1.itemHandle]).toBe(option(q1, 1));
    expect(resumed.seqs[q1.itemHandle]).toBe(200);
    expect(resumed.flagged).toEqual([q2.itemHandle]);
    expect(resumed.answers[q2.itemHandle]).toBeNull();
    expect(new Date(resumed.serverTime).getTime()).toBe(now.getTime() + 2_000);

    // A newer change replaces it; a change without an order is ordered by the server's clock.
    await save([{ itemHandle: q1.itemHandle, optionHandle: option(q1, 2), seq: 300 }]);
    await saveAnswers(prisma, testExamHandles, { registrationId: registration.id, officerId: slow.id, answers: [{ itemHandle: q2.itemHandle, optionHandle: option(q2, 3) }], now: new Date(now.getTime() + 3_000) });
    const stored = await prisma.attemptAnswer.findMany({ where: { attemptId: started.attemptId }, orderBy: { seq: 'asc' } });
    // Stored as ever: by item version and the option's own key (the one at that place in the candidate's order).
    expect(stored.map((a) => [a.itemVersionId, a.chosenKey, a.flagged, Number(a.seq)])).toEqual([
      [k1.itemVersionId, k1.optionOrder[2], false, 300],
      [k2.itemVersionId, k2.optionOrder[3], false, now.getTime() + 3_000],
    ]);
  });
});
