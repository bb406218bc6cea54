// Business feedback on service quality, by resource: ratings (businesses rate their declarations), cases (the
// complaints unsatisfied ratings open, followed by the business and handled by staff), legal notices, and
// statistics (look-up, export, summaries for profiles and unit evaluation). Registered in this order, which is
// the order of the API's documentation.
import { DEFAULT_FEEDBACK_POLICY, type FeedbackPolicy } from '../../../domain/feedback-policy';
import type { ApiContext } from '../../context';
import { businessCaseRoutes, staffCaseRoutes } from './cases';
import { noticeRoutes } from './notices';
import { ratingRoutes } from './ratings';
import { statisticsRoutes } from './statistics';

export function feedbackRoutes(ctx: ApiContext, policy: FeedbackPolicy = DEFAULT_FEEDBACK_POLICY) {
  const feedback = { ...ctx, policy };
  ratingRoutes(feedback);
  businessCaseRoutes(feedback);
  noticeRoutes(feedback);
  staffCaseRoutes(feedback);
  statisticsRoutes(feedback);
}
