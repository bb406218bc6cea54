// Feedback cases: the business follows the cases its unsatisfied ratings opened and accepts or contests the
// answers; staff handle the cases of their unit scope (verify, record the handling, record the outcome, which
// answers the business). Every transition is an Update on the case's FeedbackCaseWorkflow, whose validator
// refuses an invalid one.
import { z } from 'zod';
import type { Prisma } from '../../../prisma/db';
import { stepOf } from '../../../domain/feedback-case';
import { actOnCase, caseContests, dispatchWaitingCases, liveCase, type CaseAction, type CaseRequests, type FeedbackCaseView } from '../../../services/feedback-cases';
import type { AuthUser } from '../../auth';
import { notFound } from '../../errors';
import { translate, type Locale } from '../../i18n';
import { refusalError } from '../../refusals';
import { idParam, page, pageQuery, skipTake } from '../../route';
import { assertUnitInScope, MANAGING_ROLES, unitScopeWhere } from '../../scope';
import { BUSINESS, CASE_ACTORS, booleanFlag, caseInclude, presentCase, presentCaseToBusiness, rangeOf, rangeQuery, requireBusiness, type CaseRow, type FeedbackContext } from './shared';
import { businessCaseShape, caseActionShape, caseDetailShape, caseShape } from '../../work-shapes';
import { paged } from '../../response-shapes';
const noteBody = z.object({ note: z.string().trim().min(10).max(4000) });
const outcomeBody = z.object({
  outcome: z.enum(['SUBSTANTIATED', 'NOT_SUBSTANTIATED']),
  reason: z.string().trim().min(10).max(4000).describe('The action taken (substantiated) or the reasons (not substantiated): the business reads it'),
});
const responseBody = z
  .object({ accept: z.boolean(), comment: z.string().trim().max(2000).optional() })
  .refine((b) => b.accept || (b.comment?.length ?? 0) >= 5, {
    path: ['comment'],
    message: 'a contest needs a comment',
    params: { key: 'validate.contestNeedsComment' },
  });

/** Finding a case for staff (in their unit scope) or for its business (its own), acting on it, reading it again. */
function caseAccess({ prisma, workflows, policy }: FeedbackContext) {
  async function staffCase(user: AuthUser, id: string) {
    const c = await prisma.feedbackCase.findUnique({ where: { id }, include: caseInclude });
    if (!c) throw notFound('FeedbackCase', id);
    assertUnitInScope(user, c.responsibleUnit);
    return c;
  }

  async function businessCase(user: AuthUser, id: string) {
    const c = await prisma.feedbackCase.findFirst({ where: { id, feedback: { businessId: requireBusiness(user) } }, include: caseInclude });
    if (!c) throw notFound('FeedbackCase', id);
    return c;
  }

  /** One transition through the case's workflow; refusals become 409s (400 for missing text) in the caller's language. */
  async function act<A extends CaseAction>(c: CaseRow, action: A, request: CaseRequests[A], locale: Locale): Promise<FeedbackCaseView> {
    const acted = await actOnCase(workflows, policy.case, c, action, request);
    if (acted.ok) return acted.value;
    const { refusal } = acted;
    const actionName = translate(locale, `feedback.action.${action}`);
    if (refusal.code === 'NotRunning' || refusal.code === 'NotStarted') throw refusalError(refusal, { action: actionName });
    const step = (await liveCase(workflows, c.id))?.step ?? stepOf(c);
    throw refusalError(refusal, { action: actionName, step: translate(locale, `feedback.step.${step ?? 'none'}`), detail: refusal.message });
  }

  const reread = async (id: string) => prisma.feedbackCase.findUniqueOrThrow({ where: { id }, include: caseInclude });

  /** A case as its business sees it, with its contests. */
  const toBusiness = async (c: CaseRow) => presentCaseToBusiness(c, (await caseContests(prisma, [c.id])).get(c.id) ?? []);

  return { staffCase, businessCase, act, reread, toBusiness };
}

/** The business's own cases and its answer to each. */
export function businessCaseRoutes(ctx: FeedbackContext) {
  const { prisma, routes } = ctx;
  const { businessCase, act, reread, toBusiness } = caseAccess(ctx);

  routes.route({
    method: 'get',
    path: '/feedback/my/cases',
    response: paged(businessCaseShape),
    tag: 'Feedback (business)',
    summary: "Cases opened by the business's unsatisfied ratings, with the answers given",
    roles: BUSINESS,
    query: pageQuery.extend({ status: z.enum(['OPEN', 'VERIFYING', 'HANDLING', 'ANSWERED', 'CLOSED']).optional() }),
    async handle({ query, user }) {
      const where: Prisma.FeedbackCaseWhereInput = { feedback: { businessId: requireBusiness(user) }, ...(query.status ? { status: query.status } : {}) };
      const [items, total] = await Promise.all([
        prisma.feedbackCase.findMany({ where, include: caseInclude, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...skipTake(query) }),
        prisma.feedbackCase.count({ where }),
      ]);
      const contests = await caseContests(prisma, items.map((c) => c.id));
      return page(items.map((c) => presentCaseToBusiness(c, contests.get(c.id) ?? [])), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/my/cases/:id',
    response: businessCaseShape,
    tag: 'Feedback (business)',
    summary: 'One of the business\'s cases',
    roles: BUSINESS,
    params: idParam,
    async handle({ params, user }) {
      return toBusiness(await businessCase(user, params.id));
    },
  });

  routes.route({
    method: 'post',
    path: '/feedback/my/cases/:id/response',
    response: businessCaseShape,
    tag: 'Feedback (business)',
    summary: 'Accept the answer to a case, or contest it with a comment (a contest reopens the case at the department as the policy allows)',
    roles: BUSINESS,
    params: idParam,
    body: responseBody,
    async handle({ params, body, user, locale }) {
      const c = await businessCase(user, params.id);
      // A retried request whose response is already recorded gets the same answer.
      if (c.businessRespondedAt && c.businessAccepted === body.accept && stepOf(c) !== 'BUSINESS_RESPONSE') return { ...(await toBusiness(c)), repeated: true };
      await act(c, 'response', { actorUserId: user.id, accept: body.accept, comment: body.comment }, locale);
      return toBusiness(await reread(c.id));
    },
  });
}

/** Staff: the cases of their unit scope and the steps they record. */
export function staffCaseRoutes(ctx: FeedbackContext) {
  const { prisma, workflows, routes, policy } = ctx;
  const { staffCase, act, reread } = caseAccess(ctx);

  routes.route({
    method: 'get',
    path: '/feedback/cases',
    response: paged(caseShape),
    tag: 'Feedback cases',
    summary: "Cases of the caller's unit scope (the responsible unit's leaders act on them), newest first",
    roles: MANAGING_ROLES,
    query: pageQuery.extend({
      ...rangeQuery.shape,
      status: z.enum(['OPEN', 'VERIFYING', 'HANDLING', 'ANSWERED', 'CLOSED']).optional(),
      open: booleanFlag.describe('true: not closed'),
      overdue: booleanFlag.describe('true: a step the organisation owns is past its deadline'),
      escalated: booleanFlag,
      unitId: z.string().min(1).max(40).optional(),
      officerId: z.string().min(1).max(40).optional(),
      businessId: z.string().min(1).max(40).optional(),
      declarationNumber: z.string().trim().regex(/^\d{1,12}$/).optional(),
    }),
    async handle({ query, user }) {
      const unit = query.unitId ? await prisma.unit.findUnique({ where: { id: query.unitId } }) : null;
      if (query.unitId && !unit) throw notFound('Unit', query.unitId);
      if (unit) assertUnitInScope(user, unit);
      const now = new Date();
      const range = rangeOf(query);
      const where: Prisma.FeedbackCaseWhereInput = {
        AND: [
          { responsibleUnit: unit ? { path: { startsWith: unit.path } } : unitScopeWhere(user) },
          query.status ? { status: query.status } : {},
          query.open === 'true' ? { status: { not: 'CLOSED' } } : query.open === 'false' ? { status: 'CLOSED' } : {},
          query.overdue === 'true' ? { status: { in: ['VERIFYING', 'HANDLING'] }, stepDueAt: { lt: now } } : {},
          query.escalated === 'true' ? { escalationLevel: { gte: 1 } } : query.escalated === 'false' ? { escalationLevel: 0 } : {},
          query.officerId ? { feedback: { subjectOfficerId: query.officerId } } : {},
          query.businessId ? { feedback: { businessId: query.businessId } } : {},
          query.declarationNumber ? { feedback: { declaration: { number: { startsWith: query.declarationNumber } } } } : {},
          range.from || range.to ? { createdAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {},
        ],
      };
      const [items, total] = await Promise.all([
        prisma.feedbackCase.findMany({ where, include: caseInclude, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...skipTake(query) }),
        prisma.feedbackCase.count({ where }),
      ]);
      return page(items.map((c) => presentCase(c, now)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/cases/:id',
    response: caseDetailShape,
    tag: 'Feedback cases',
    summary: "A case with every step's record, its audit trail and the workflow's live view",
    roles: MANAGING_ROLES,
    params: idParam,
    async handle({ params, user }) {
      const c = await staffCase(user, params.id);
      const [audit, live, contests] = await Promise.all([
        prisma.auditLog.findMany({
          where: { OR: [{ entityType: 'FeedbackCase', entityId: c.id }, { entityType: 'Feedback', entityId: c.feedbackId }] },
          orderBy: { id: 'asc' },
        }),
        c.status === 'CLOSED' ? null : liveCase(workflows, c.id),
        caseContests(prisma, [c.id]),
      ]);
      return {
        ...presentCase(c, new Date()),
        contests: contests.get(c.id) ?? [],
        live,
        timeline: audit.map((a) => ({ at: a.at, action: a.action, actorUserId: a.actorUserId, actorRole: a.actorRole, reason: a.reason, details: a.details })),
      };
    },
  });

  const staffAction = (
    action: 'verify' | 'handling' | 'outcome',
    summary: string,
    body: typeof noteBody | typeof outcomeBody,
    alreadyDone: (c: CaseRow, b: { note?: string; outcome?: string; reason?: string }) => boolean,
    call: (c: CaseRow, b: { note?: string; outcome?: 'SUBSTANTIATED' | 'NOT_SUBSTANTIATED'; reason?: string }, user: AuthUser, locale: Locale) => Promise<FeedbackCaseView>,
  ) =>
    routes.route({
      method: 'post',
      path: `/feedback/cases/:id/${action}`,
      response: caseActionShape,
      tag: 'Feedback cases',
      summary,
      roles: CASE_ACTORS,
      params: idParam,
      body,
      async handle({ params, body, user, locale }) {
        const c = await staffCase(user, params.id);
        const b = body as { note?: string; outcome?: 'SUBSTANTIATED' | 'NOT_SUBSTANTIATED'; reason?: string };
        const now = new Date();
        if (alreadyDone(c, b)) return { ...presentCase(c, now), repeated: true }; // a retried request
        const live = await call(c, b, user, locale);
        return { ...presentCase(await reread(c.id), now), live };
      },
    });

  staffAction(
    'verify',
    'Verify the complaint (first step): what was checked and found',
    noteBody,
    (c, b) => c.verifiedAt !== null && c.verificationNote === b.note && stepOf(c) !== 'VERIFY',
    (c, b, user, locale) => act(c, 'verify', { actorUserId: user.id, note: b.note! }, locale),
  );
  staffAction(
    'handling',
    'Record how the complaint was handled (second step)',
    noteBody,
    (c, b) => c.handledAt !== null && c.handlingNote === b.note && stepOf(c) !== 'HANDLE',
    (c, b, user, locale) => act(c, 'handling', { actorUserId: user.id, note: b.note! }, locale),
  );
  staffAction(
    'outcome',
    'Record the outcome (substantiated with the action taken, or not substantiated with the reasons); the business is notified',
    outcomeBody,
    (c, b) => c.answeredAt !== null && c.outcome === b.outcome && c.outcomeReason === b.reason,
    (c, b, user, locale) => act(c, 'outcome', { actorUserId: user.id, outcome: b.outcome!, reason: b.reason! }, locale),
  );

  routes.route({
    method: 'post',
    path: '/feedback/cases/dispatch',
    tag: 'Feedback cases',
    summary: 'Start the workflows of cases opened while Temporal was unreachable (headquarters; safe to repeat)',
    roles: ['COORDINATOR'],
    async handle({ req }) {
      return dispatchWaitingCases(prisma, workflows, policy.case, req.log);
    },
  });
}
