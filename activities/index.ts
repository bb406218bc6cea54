// Every activity the worker registers, bound to its dependencies.
import type { PrismaClient } from '../prisma/db';
import { createCyclePhaseActivities } from './cycle-phases';
import { createFeedbackActivities } from './feedback';
import { createExamSessionActivities } from './exam-sessions';
import { createUnitReviewActivities } from './unit-reviews';
import { createVerificationActivities } from './verification';

export function createActivities(prisma: PrismaClient) {
  return {
    ...createCyclePhaseActivities(prisma),
    ...createExamSessionActivities(prisma),
    ...createUnitReviewActivities(prisma),
    ...createVerificationActivities(prisma),
    ...createFeedbackActivities(prisma),
  };
}
export type Activities = ReturnType<typeof createActivities>;
