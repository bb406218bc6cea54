// Activities of FeedbackCaseWorkflow: thin calls into the feedback case service, dated by the server.
import type { PrismaClient } from '../prisma/db';
import type { FeedbackCasePolicy } from '../domain/feedback-case';
import {
  advanceFeedbackCase,
  beginFeedbackCase,
  closeFeedbackCaseWithoutResponse,
  escalateFeedbackCase,
  remindFeedbackCase,
  respondToFeedbackAnswer,
  type AdvanceFeedbackCaseInput,
} from '../services/feedback-cases';
import { feedbackCaseWorkflowId } from '../workflows/feedback-case/contract';
import { serverNow, workflowIdOr } from './context';

export function createFeedbackActivities(prisma: PrismaClient) {
  return {
    /** The workflow takes the case on: the verification step starts and the responsible leaders are told. */
    beginFeedbackCase: async (input: { caseId: string; policy: FeedbackCasePolicy }) =>
      beginFeedbackCase(prisma, input, serverNow(), workflowIdOr(feedbackCaseWorkflowId(input.caseId))),
    advanceFeedbackCase: async (input: AdvanceFeedbackCaseInput) => advanceFeedbackCase(prisma, input, serverNow()),
    respondToFeedbackAnswer: async (input: Parameters<typeof respondToFeedbackAnswer>[1]) => respondToFeedbackAnswer(prisma, input, serverNow()),
    remindFeedbackCase: async (input: Parameters<typeof remindFeedbackCase>[1]) => remindFeedbackCase(prisma, input, serverNow()),
    escalateFeedbackCase: async (input: Parameters<typeof escalateFeedbackCase>[1]) => escalateFeedbackCase(prisma, input, serverNow()),
    closeFeedbackCaseWithoutResponse: async (input: Parameters<typeof closeFeedbackCaseWithoutResponse>[1]) => closeFeedbackCaseWithoutResponse(prisma, input, serverNow()),
  };
}
