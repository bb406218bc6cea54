// Every activity the worker registers, bound to its dependencies.
import type { PrismaClient } from '../prisma/db';
import { createCyclePhaseActivities } from './cycle-phases';
import { createFeedbackActivities } from './feedback';
import { createFollowUpActivities } from './follow-ups';
import { createExamSessionActivities } from './exam-sessions';
import { levelResult } from '../services/levels';
import { createLevelActivities } from './levels';
import { createUnitReviewActivities } from './unit-reviews';
import { createVerificationActivities } from './verification';
import { withHeartbeats } from './context';

export function createActivities(prisma: PrismaClient) {
  return withHeartbeats({
    ...createCyclePhaseActivities(prisma),
    ...createExamSessionActivities(prisma),
    ...createUnitReviewActivities(prisma),
    ...createVerificationActivities(prisma),
    ...createLevelActivities(prisma),
    ...createFeedbackActivities(prisma),
    // A re-examination's result is levelled when its task finds it (the cycle's LEVELS phase is long past).
    ...createFollowUpActivities(prisma, { levelResult: (resultId) => levelResult(prisma, resultId) }),
  });
}
export type Activities = ReturnType<typeof createActivities>;
