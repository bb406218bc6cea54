// Every activity the worker registers, bound to its dependencies.
import type { PrismaClient } from '../prisma/db';
import { createCyclePhaseActivities } from './cycle-phases';
import { createFeedbackActivities } from './feedback';
import { createFollowUpActivities } from './follow-ups';
import { createExamSessionActivities } from './exam-sessions';
import { createLevelActivities } from './levels';
import { createUnitReviewActivities } from './unit-reviews';
import { createVerificationActivities } from './verification';

export function createActivities(prisma: PrismaClient) {
  return {
    ...createCyclePhaseActivities(prisma),
    ...createExamSessionActivities(prisma),
    ...createUnitReviewActivities(prisma),
    ...createVerificationActivities(prisma),
    ...createLevelActivities(prisma),
    ...createFeedbackActivities(prisma),
    ...createFollowUpActivities(prisma),
  };
}
export type Activities = ReturnType<typeof createActivities>;
