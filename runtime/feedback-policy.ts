// FEEDBACK_POLICY: a JSON object merged over the feedback policy's defaults (domain/feedback-policy.ts), checked
// as a whole when the configuration loads, e.g.
//   FEEDBACK_POLICY='{"amendmentWindowHours":72,"case":{"verifyHours":24,"reminderHoursBefore":[24,4]}}'
import { z } from 'zod';
import type { FeedbackCasePolicy } from '../domain/feedback-case';
import { DEFAULT_FEEDBACK_POLICY, type FeedbackPolicy } from '../domain/feedback-policy';

const hours = z.number().positive().max(24 * 365);

const casePolicySchema = z.strictObject({
  verifyHours: hours,
  handleHours: hours,
  answerHours: hours,
  businessResponseHours: hours,
  reminderHoursBefore: z.array(hours).max(5),
  escalationGraceHours: hours,
  maxEscalationLevel: z.number().int().min(1).max(2),
  maxReconsiderations: z.number().int().min(0).max(3),
});

const policySchema = z.strictObject({
  amendmentWindowHours: z.number().min(0).max(24 * 365),
  requireReasonWhenUnsatisfied: z.boolean(),
  newNoticeDays: z.number().int().min(1).max(365),
  maxExportRows: z.number().int().min(1).max(1_000_000),
  case: casePolicySchema,
});

/** A policy with `overrides` merged over `base`, checked as a whole; throws with every problem listed. */
export function feedbackPolicy(overrides: unknown = {}, base: FeedbackPolicy = DEFAULT_FEEDBACK_POLICY): FeedbackPolicy {
  const given = (overrides ?? {}) as Partial<FeedbackPolicy> & { case?: Partial<FeedbackCasePolicy> };
  if (typeof given !== 'object' || Array.isArray(given)) throw new Error('Invalid feedback policy: expected a JSON object');
  const merged = { ...base, ...given, case: { ...base.case, ...(given.case ?? {}) } };
  const parsed = policySchema.safeParse(merged);
  if (!parsed.success) {
    throw new Error(`Invalid feedback policy: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The policy in force: FEEDBACK_POLICY (JSON) over the defaults. */
export function feedbackPolicyFromEnv(env: Record<string, string | undefined>): FeedbackPolicy {
  const raw = env.FEEDBACK_POLICY?.trim();
  if (!raw) return DEFAULT_FEEDBACK_POLICY;
  let overrides: unknown;
  try {
    overrides = JSON.parse(raw);
  } catch {
    throw new Error('Invalid feedback policy: FEEDBACK_POLICY is not valid JSON');
  }
  return feedbackPolicy(overrides);
}
