// Every activity the worker registers, bound to its dependencies.
import type { PrismaClient } from '../prisma/db';
import { createCyclePhaseActivities } from './cycle-phases';

export function createActivities(prisma: PrismaClient) {
  return {
    ...createCyclePhaseActivities(prisma),
  };
}
export type Activities = ReturnType<typeof createActivities>;
