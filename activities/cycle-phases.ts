// The cycle workflow's phase changes, persisted by the cycle service at the server's time.
import type { PrismaClient } from '../prisma/db';
import { recordCyclePhase, type RecordCyclePhaseInput } from '../services/cycles';
import { serverNow } from './context';

export function createCyclePhaseActivities(prisma: PrismaClient) {
  return {
    recordCyclePhase: async (input: RecordCyclePhaseInput) => recordCyclePhase(prisma, input, serverNow()),
  };
}
export type CyclePhaseActivities = ReturnType<typeof createCyclePhaseActivities>;
