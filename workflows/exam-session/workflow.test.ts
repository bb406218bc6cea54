// The session's clock under time skipping: at each candidate's deadline their attempt is submitted with what
// was saved, extra time included; once the last attempt is in, the session closes and its items are analysed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../prisma/db';
import { assignSeats, generateSessionForms } from '../../services/exam-scheduling';
import { saveAnswers, startAttempt } from '../../services/exam-delivery';
import { examFixture, testExamHandles } from '../../test/exam-fixture';
import { timeSkippingWorld, type RunningWorker, type TimeSkippingWorld } from '../../test/support';
import { examSessionQuery, examSessionWorkflowId } from './contract';
import { ExamSessionWorkflow } from './workflow';

let world: TimeSkippingWorld;
let env: TimeSkippingWorld['env'];
let prisma: PrismaClient;
let worker: RunningWorker;

beforeAll(async () => {
  world = await timeSkippingWorld();
  ({ env, prisma, worker } = world);
});

afterAll(() => world?.close());

describe('ExamSessionWorkflow', () => {
  it('submits each attempt at its own deadline with what was saved, then closes the session', async () => {
    const now = new Date(Number(await env.currentTimeMs()));
    const { cycle, registrations, officers, slow } = await examFixture(prisma, now);
    const session = await prisma.examSession.create({ data: { cycleId: cycle.id, unitId: 'D35', code: 'CA-TS', startsAt: now, capacity: 10, status: 'PUBLISHED' } });
    expect((await assignSeats(prisma, cycle.id, 'D35', null)).assigned).toBe(3);
    await generateSessionForms(prisma, session.id);

    // Two candidates start now (one with 1.5x time); the normal one saves three answers; the third never starts.
    const [normal, , slowRegistration] = registrations;
    const paper = await startAttempt(prisma, testExamHandles, { registrationId: normal.id, officerId: officers[0].id, now });
    await startAttempt(prisma, testExamHandles, { registrationId: slowRegistration.id, officerId: slow.id, now });
    const answers = paper.questions.slice(0, 3).map((q) => ({ itemHandle: q.itemHandle, optionHandle: q.options[0].optionHandle }));
    await saveAnswers(prisma, testExamHandles, { registrationId: normal.id, officerId: officers[0].id, answers, now });

    const handle = await env.client.workflow.start(ExamSessionWorkflow, {
      workflowId: examSessionWorkflowId(session.id),
      taskQueue: worker.taskQueue,
      args: [{ sessionId: session.id, startsAt: now.toISOString(), lastStartAt: new Date(now.getTime() + 30 * 60_000).toISOString() }],
    });

    await env.sleep('61 minutes');
    const first = await prisma.attempt.findUniqueOrThrow({ where: { registrationId: normal.id }, include: { result: true, answers: true } });
    expect(first.status).toBe('AUTO_SUBMITTED');
    expect(first.submittedAt?.getTime()).toBe(first.deadlineAt.getTime());
    expect(first.answers).toHaveLength(3);
    expect(first.result).toMatchObject({ itemCount: 40 });
    expect((await prisma.attempt.findUniqueOrThrow({ where: { registrationId: slowRegistration.id } })).status).toBe('IN_PROGRESS');
    expect((await handle.query(examSessionQuery)).inProgress).toBe(1);

    await env.sleep('30 minutes'); // the 90-minute deadline
    expect((await prisma.attempt.findUniqueOrThrow({ where: { registrationId: slowRegistration.id } })).status).toBe('AUTO_SUBMITTED');
    const view = await handle.result();
    expect(view).toMatchObject({ closed: true, submittedByClock: 2, inProgress: 0 });
    expect((await prisma.examSession.findUniqueOrThrow({ where: { id: session.id } })).status).toBe('DONE');
    // One test analysis per position among the submitted attempts (item statistics cover them all).
    const positions = new Set([normal.positionId, slowRegistration.positionId]);
    expect(await prisma.testAnalysis.count({ where: { sessionId: session.id } })).toBe(positions.size);
    expect(await prisma.itemAnalysis.count({ where: { sessionId: session.id } })).toBeGreaterThan(0);
  });
});
