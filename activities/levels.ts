// The cycle's levels, a batch of results per activity, by its frozen LEVEL rule set.
import type { PrismaClient } from '../prisma/db';
import { assignLevelsBatch, type AssignLevelsInput } from '../services/levels';

export function createLevelActivities(prisma: PrismaClient) {
  return {
    assignLevelsBatch: async (input: AssignLevelsInput) => assignLevelsBatch(prisma, input),
  };
}
