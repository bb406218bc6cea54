// Activities of an exam session's workflow: submitting attempts whose time is up, and the item analysis
// once the session is over. Both idempotent.
import { Context } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/db';
import { finishAttempt } from './exam-delivery';
import { analyseItems } from './item-analysis';

export function createExamSessionActivities(prisma: PrismaClient) {
  return {
    /** Submits every attempt of the session past its deadline (by the server's clock) with what was saved. */
    async sweepExpiredAttempts({ sessionId }: { sessionId: string }) {
      const now = new Date(Context.current().info.scheduledTimestampMs);
      const expired = await prisma.attempt.findMany({
        where: { status: 'IN_PROGRESS', deadlineAt: { lte: now }, registration: { seat: { sessionId } } },
        select: { id: true, deadlineAt: true },
      });
      let submitted = 0;
      for (const a of expired) if (await finishAttempt(prisma, a.id, 'AUTO_SUBMITTED', a.deadlineAt)) submitted++;
      const next = await prisma.attempt.aggregate({
        where: { status: 'IN_PROGRESS', registration: { seat: { sessionId } } },
        _min: { deadlineAt: true },
        _count: true,
      });
      return { at: now.toISOString(), submitted, inProgress: next._count, nextDeadlineAt: next._min.deadlineAt?.toISOString() ?? null };
    },

    async closeExamSession({ sessionId }: { sessionId: string }) {
      const session = await prisma.examSession.update({ where: { id: sessionId }, data: { status: 'DONE' } });
      const analysis = await analyseItems(prisma, { cycleId: session.cycleId, sessionId });
      return { items: analysis.items, attempts: analysis.attempts };
    },

    async analyseCycleItems({ cycleId }: { cycleId: string }) {
      const analysis = await analyseItems(prisma, { cycleId, sessionId: null });
      return { items: analysis.items, attempts: analysis.attempts };
    },
  };
}
