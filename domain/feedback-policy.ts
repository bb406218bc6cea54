// The configurable policy of business feedback: how long a rating may be amended, what an unsatisfied rating
// must say, and the case steps' deadlines (domain/feedback-case.ts). Defaults suit the administration's
// service charter; a deployment changes any part with FEEDBACK_POLICY (runtime/feedback-policy.ts reads it).
import { DEFAULT_CASE_POLICY, type FeedbackCasePolicy } from './feedback-case';

export interface FeedbackPolicy {
  /** A rating may be amended for this many hours after it was first given. */
  amendmentWindowHours: number;
  /** An unsatisfied rating needs at least one reason or a comment, so that the case has something to verify. */
  requireReasonWhenUnsatisfied: boolean;
  /** Legal notices published within this many days are marked new. */
  newNoticeDays: number;
  /** The most rows one Excel export may hold (narrow the look-up for more). */
  maxExportRows: number;
  case: FeedbackCasePolicy;
}

export const DEFAULT_FEEDBACK_POLICY: FeedbackPolicy = {
  amendmentWindowHours: 168,
  requireReasonWhenUnsatisfied: true,
  newNoticeDays: 30,
  maxExportRows: 200_000,
  case: DEFAULT_CASE_POLICY,
};

/** Until when a rating given at `submittedAt` may be amended. */
export function amendableUntil(policy: Pick<FeedbackPolicy, 'amendmentWindowHours'>, submittedAt: Date): Date {
  return new Date(submittedAt.getTime() + policy.amendmentWindowHours * 3_600_000);
}
