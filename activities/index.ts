// Every activity the worker registers, bound to its dependencies.
import type { PrismaClient } from '../prisma/db';
import { createCyclePhaseActivities } from './cycle-phases';
import { createUnitReviewActivities } from './unit-reviews';
import { createVerificationActivities } from './verification';

export function createActivities(prisma: PrismaClient) {
  return {
    ...createCyclePhaseActivities(prisma),
    ...createUnitReviewActivities(prisma),
    ...createVerificationActivities(prisma),
  };
}
export type Activities = ReturnType<typeof createActivities>;
