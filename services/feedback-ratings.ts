// A business rates a declaration: the ratings are saved all or nothing, and every case they open (or an earlier
// attempt left waiting while Temporal was down) is taken on by its workflow.
import type { PrismaClient } from '../prisma/db';
import type { FeedbackPolicy } from '../domain/feedback-policy';
import { submitRatings, type SubmitRatingsInput, type SubmitRatingsResult } from '../activities/feedback';
import { startCaseWorkflows, type CaseTracking } from './feedback-cases';
import type { WorkflowGateway } from './workflow-gateway';

export type RateOutcome = Exclude<SubmitRatingsResult, { kind: 'saved' }> | (Extract<SubmitRatingsResult, { kind: 'saved' }> & { tracking: Record<string, CaseTracking> });

export async function rateDeclaration(
  prisma: PrismaClient,
  workflows: WorkflowGateway,
  input: Omit<SubmitRatingsInput, 'policy'> & { policy: FeedbackPolicy },
  log?: { warn: (o: object, m: string) => void },
): Promise<RateOutcome> {
  const result = await submitRatings(prisma, input);
  if (result.kind !== 'saved') return result;
  // Cases of these ratings not taken on yet: opened now, or left by an earlier attempt when Temporal was down.
  const untracked = result.ratings.flatMap((r) => (r.feedback.case?.status === 'OPEN' ? [r.feedback.case.id] : []));
  const tracking = await startCaseWorkflows(workflows, untracked, input.policy.case, log);
  return { ...result, tracking };
}
