// Business feedback on service quality, by resource: ratings (businesses rate their declarations), cases (the
// complaints unsatisfied ratings open, followed by the business and handled by staff), legal notices, and
// statistics (look-up, export, summaries for profiles and unit evaluation). Registered in this order, which is
// the order of the API's documentation.
import { DEFAULT_FEEDBACK_POLICY, type FeedbackPolicy } from '../../../domain/feedback-policy';
import type { ApiContext } from '../../context';
import { createCaseDispatcher } from '../../../services/feedback-dispatch';
import { businessCaseRoutes, staffCaseRoutes } from './cases';
import { noticeRoutes } from './notices';
import { ratingRoutes } from './ratings';
import { statisticsRoutes } from './statistics';

export function feedbackRoutes(ctx: ApiContext, policy: FeedbackPolicy = DEFAULT_FEEDBACK_POLICY) {
  // Starts the workflows of the cases this process's ratings open, right after each request (never during it);
  // the worker's dispatcher takes whatever this one could not (Temporal down, the process gone).
  const dispatcher = createCaseDispatcher(ctx.prisma, ctx.workflows, policy.case, { pollMs: null });
  const feedback = { ...ctx, policy, dispatcher };
  ratingRoutes(feedback);
  businessCaseRoutes(feedback);
  noticeRoutes(feedback);
  staffCaseRoutes(feedback);
  statisticsRoutes(feedback);
}
