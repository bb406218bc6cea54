// Activities of an exam session's workflow (submitting attempts whose time is up, closing the session) and the
// cycle's item analysis when grading starts. All idempotent.
import type { PrismaClient } from '../prisma/db';
import { closeSession, sweepExpiredAttempts } from '../services/exam-sessions';
import { analyseCycleItems } from '../services/item-analysis';
import { serverNow } from './context';

export function createExamSessionActivities(prisma: PrismaClient) {
  return {
    sweepExpiredAttempts: async ({ sessionId }: { sessionId: string }) => sweepExpiredAttempts(prisma, sessionId, serverNow()),
    closeExamSession: async ({ sessionId }: { sessionId: string }) => closeSession(prisma, sessionId),
    analyseCycleItems: async ({ cycleId }: { cycleId: string }) => analyseCycleItems(prisma, cycleId),
  };
}
