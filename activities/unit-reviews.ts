// Activities of a department's UnitReviewWorkflow: thin calls into the unit-list service, dated by the server.
import type { PrismaClient } from '../prisma/db';
import type { MissingListPolicy } from '../domain/unit-list';
import {
  escalateMissingList,
  openUnitList,
  planUnitReviews,
  sendListReminder,
  transitionUnitList,
  type TransitionUnitListInput,
} from '../services/unit-lists';
import { serverNow } from './context';

export function createUnitReviewActivities(prisma: PrismaClient) {
  return {
    planUnitReviews: async (input: { cycleId: string }) => planUnitReviews(prisma, input),
    openUnitList: async (input: { cycleId: string; unitId: string }) => openUnitList(prisma, input, serverNow()),
    transitionUnitList: async (input: TransitionUnitListInput) => transitionUnitList(prisma, input, serverNow()),
    sendListReminder: async (input: { cycleId: string; unitId: string; daysBefore: number; status: string }) => sendListReminder(prisma, input, serverNow()),
    escalateMissingList: async (input: { cycleId: string; unitId: string; policy: MissingListPolicy; status: string }) => escalateMissingList(prisma, input, serverNow()),
  };
}
