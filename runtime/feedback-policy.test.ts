import { describe, expect, it } from 'vitest';
import { DEFAULT_FEEDBACK_POLICY } from '../domain/feedback-policy';
import { feedbackPolicy, feedbackPolicyFromEnv } from './feedback-policy';

describe('feedback policy', () => {
  it('merges FEEDBACK_POLICY over the defaults and refuses nonsense with every problem named', () => {
    expect(feedbackPolicyFromEnv({})).toEqual(DEFAULT_FEEDBACK_POLICY);
    const policy = feedbackPolicyFromEnv({ FEEDBACK_POLICY: '{"amendmentWindowHours":72,"case":{"verifyHours":24,"reminderHoursBefore":[24,4]}}' });
    expect(policy.amendmentWindowHours).toBe(72);
    expect(policy.case).toMatchObject({ verifyHours: 24, reminderHoursBefore: [24, 4], handleHours: DEFAULT_FEEDBACK_POLICY.case.handleHours });
    expect(() => feedbackPolicyFromEnv({ FEEDBACK_POLICY: '{"case":{"verifyHours":-1,"maxEscalationLevel":5}}' })).toThrow(/case\.verifyHours.*case\.maxEscalationLevel/);
    expect(() => feedbackPolicyFromEnv({ FEEDBACK_POLICY: '{not json' })).toThrow(/not valid JSON/);
    expect(() => feedbackPolicy({ amendmentWindowHourz: 3 })).toThrow(/amendmentWindowHourz/);
  });
});
