// Verifying a department's registrations, a batch per activity, for its UnitReviewWorkflow.
import type { PrismaClient } from '../prisma/db';
import { verifyRegistrationBatch, type VerifyBatchInput } from '../services/verification';

export function createVerificationActivities(prisma: PrismaClient) {
  return {
    verifyRegistrationBatch: async (input: VerifyBatchInput) => verifyRegistrationBatch(prisma, input),
  };
}
