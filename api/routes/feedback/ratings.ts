// Businesses rate their declarations: the reasons they may give, their declarations with the subjects to rate
// (branch, teams, stages, officers), the ratings themselves (several subjects per request, all or nothing,
// amendable within the policy's window) and the ratings they gave.
import { z } from 'zod';
import type { Prisma } from '../../../prisma/db';
import { amendableUntil } from '../../../domain/feedback-policy';
import { levelOf, SATISFACTION_LEVELS, scoreOf, type RatingProblem } from '../../../domain/feedback-rating';
import { declarationSubjects, SUBJECT_KEY_PATTERN } from '../../../domain/feedback-subject';
import { LEVEL_VI } from '../../../services/documents/feedback-workbook';
import { rateDeclaration } from '../../../services/feedback-ratings';
import { conflict, HttpError, notFound } from '../../errors';
import { idParam, page, pageQuery, skipTake } from '../../route';
import { STAFF_ROLES } from '../../scope';
import { declarationView, paged } from '../../response-shapes';
import { BUSINESS, booleanFlag, levelList, parseLevels, presentRating, rangeOf, rangeQuery, requireBusiness, subjectInclude, type FeedbackContext } from './shared';
import { declarationDetailShape, ratingsSubmittedShape, reasonsShape } from '../../work-shapes';
const levelInput = z
  .union([z.enum(SATISFACTION_LEVELS), z.number().int().min(1).max(5)])
  .describe('VERY_SATISFIED, SATISFIED, NORMAL, UNSATISFIED, VERY_UNSATISFIED, or a score 5 (very satisfied) … 1 (very unsatisfied)');

const ratingsBody = z.object({
  ratings: z
    .array(
      z.object({
        subject: z.string().regex(SUBJECT_KEY_PATTERN),
        level: levelInput,
        reasonCodes: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
        comment: z.string().max(2000).nullish(),
      }),
    )
    .min(1)
    .max(50)
    .superRefine((ratings, ctx) => {
      const seen = new Set<string>();
      ratings.forEach((r, i) => {
        if (seen.has(r.subject)) {
          ctx.addIssue({ code: 'custom', path: [i, 'subject'], message: 'subject repeated', params: { key: 'validate.subjectRepeated', subject: r.subject } });
        }
        seen.add(r.subject);
      });
    }),
});

export function ratingRoutes({ prisma, dispatcher, routes, policy }: FeedbackContext) {
  routes.route({
    method: 'get',
    path: '/feedback/reasons',
    response: reasonsShape,
    tag: 'Feedback',
    summary: 'The reasons a business may give with a rating (the configurable list)',
    roles: [...BUSINESS, ...STAFF_ROLES],
    query: z.object({ includeInactive: booleanFlag }),
    async handle({ query }) {
      const items = await prisma.feedbackReason.findMany({ where: query.includeInactive === 'true' ? {} : { active: true }, orderBy: { code: 'asc' } });
      return { items, levels: SATISFACTION_LEVELS.map((level) => ({ level, score: scoreOf(level), nameVi: LEVEL_VI[level] })) };
    },
  });

  const declarationInclude = {
    branchUnit: { select: { id: true, nameVi: true, nameEn: true } },
    handlings: {
      include: {
        stage: { select: { id: true, nameVi: true, nameEn: true } },
        teamUnit: { select: { id: true, nameVi: true, nameEn: true } },
        officer: { select: { id: true, fullName: true, employeeCode: true } },
      },
      orderBy: { stageId: 'asc' },
    },
    feedback: { include: { ...subjectInclude, case: true, declaration: { select: { id: true, number: true } } } },
  } as const;
  type DeclarationRow = Prisma.DeclarationGetPayload<{ include: typeof declarationInclude }>;

  /** A declaration with every subject the business may rate and the rating it gave each. */
  function presentDeclaration(d: DeclarationRow, now: Date) {
    const names = new Map<string, { nameVi: string; nameEn: string; employeeCode?: string }>();
    names.set(`BRANCH:${d.branchUnit.id}`, d.branchUnit);
    for (const h of d.handlings) {
      names.set(`TEAM:${h.teamUnit.id}`, h.teamUnit);
      names.set(`STAGE:${h.stage.id}`, h.stage);
      names.set(`OFFICER:${h.officer.id}`, { nameVi: h.officer.fullName, nameEn: h.officer.fullName, employeeCode: h.officer.employeeCode });
    }
    const ratings = new Map(d.feedback.map((f) => [f.subjectKey, f]));
    return {
      id: d.id,
      number: d.number,
      registeredAt: d.registeredAt,
      clearedAt: d.clearedAt,
      branch: d.branchUnit,
      subjects: declarationSubjects(d).map((s) => {
        const rating = ratings.get(s.key);
        return { key: s.key, kind: s.kind, id: s.id, ...names.get(s.key), rating: rating ? presentRating(rating, policy, now) : null };
      }),
    };
  }

  routes.route({
    method: 'get',
    path: '/feedback/my/declarations',
    tag: 'Feedback (business)',
    summary: "The business's own declarations, newest first, each with the subjects it may rate and its ratings",
    roles: BUSINESS,
    response: paged(declarationView),
    query: pageQuery.extend({
      ...rangeQuery.shape,
      number: z.string().trim().regex(/^\d{1,12}$/).optional().describe('Declaration number or its beginning'),
      unrated: booleanFlag.describe('true: only declarations with no rating yet'),
    }),
    async handle({ query, user }) {
      const range = rangeOf(query);
      const where: Prisma.DeclarationWhereInput = {
        businessId: requireBusiness(user),
        ...(query.number ? { number: { startsWith: query.number } } : {}),
        ...(range.from || range.to ? { registeredAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {}),
        ...(query.unrated === 'true' ? { feedback: { none: {} } } : {}),
      };
      const [items, total] = await Promise.all([
        prisma.declaration.findMany({ where, include: declarationInclude, orderBy: [{ registeredAt: 'desc' }, { id: 'asc' }], ...skipTake(query) }),
        prisma.declaration.count({ where }),
      ]);
      const now = new Date();
      return page(items.map((d) => presentDeclaration(d, now)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/my/declarations/:id',
    response: declarationDetailShape,
    tag: 'Feedback (business)',
    summary: 'One of the business\'s declarations with its subjects and ratings (another business\'s is "not found")',
    roles: BUSINESS,
    params: idParam,
    async handle({ params, user }) {
      const d = await prisma.declaration.findFirst({ where: { id: params.id, businessId: requireBusiness(user) }, include: declarationInclude });
      if (!d) throw notFound('Declaration', params.id);
      return presentDeclaration(d, new Date());
    },
  });

  routes.route({
    method: 'post',
    path: '/feedback/my/declarations/:id/ratings',
    response: ratingsSubmittedShape,
    tag: 'Feedback (business)',
    summary: 'Rate one or more subjects of a declaration (all or nothing); giving a subject\'s rating again amends it within the window',
    description:
      'Each rating: `subject` (a key from the declaration\'s subjects, e.g. "OFFICER:O-00012"), `level` (name or 5…1), ' +
      '`reasonCodes` (from GET /feedback/reasons), `comment`. An unsatisfied or very unsatisfied rating opens a case ' +
      '(`caseOpened`); its workflow is started right after the answer (`caseTracking: "pending"` until it has), so the answer never waits on it. ' +
      '201 when a rating was created, 200 when only amended or unchanged (a retried request changes nothing).',
    roles: BUSINESS,
    params: idParam,
    body: ratingsBody,
    async handle({ params, body, user, res }) {
      const result = await rateDeclaration(prisma, dispatcher, {
        businessId: requireBusiness(user),
        declarationId: params.id,
        actorUserId: user.id,
        policy,
        ratings: body.ratings.map((r) => ({ subject: r.subject, level: levelOf(r.level), reasonCodes: [...new Set(r.reasonCodes)], comment: r.comment ?? null })),
      });
      if (result.kind === 'notFound') throw notFound('Declaration', params.id);
      if (result.kind === 'invalid') {
        const key = (p: RatingProblem) => `feedback.rating.${p.code}`;
        const [first] = result.problems;
        throw new HttpError(422, first.code, key(first), first.params, result.problems.map((p) => ({ path: `body.ratings.${p.index}.${p.field}`, messageKey: key(p), params: p.params })));
      }
      if (result.kind === 'windowClosed') {
        const until = amendableUntil(policy, result.submittedAt);
        throw conflict('AMENDMENT_WINDOW_CLOSED', 'feedback.amendmentClosed', { subject: result.subject, until: until.toISOString() });
      }
      const waiting = new Set(result.waiting);
      const now = new Date();
      res.status(result.ratings.some((r) => r.change === 'created') ? 201 : 200);
      return {
        declaration: { id: result.declarationId, number: result.declarationNumber },
        ratings: result.ratings.map((r) => ({
          change: r.change,
          caseOpened: r.caseOpened,
          // Its workflow is being started after this answer (the case's status says when it has taken the case on).
          ...(r.feedback.case && waiting.has(r.feedback.case.id) ? { caseTracking: 'pending' } : {}),
          rating: presentRating(r.feedback, policy, now),
        })),
      };
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/my/ratings',
    tag: 'Feedback (business)',
    summary: "The business's own ratings, newest first, with their cases",
    roles: BUSINESS,
    query: pageQuery.extend({ ...rangeQuery.shape, level: levelList.optional(), declarationNumber: z.string().trim().regex(/^\d{1,12}$/).optional() }),
    async handle({ query, user }) {
      const range = rangeOf(query);
      const levels = parseLevels(query.level);
      const where: Prisma.FeedbackWhereInput = {
        businessId: requireBusiness(user),
        ...(levels ? { level: { in: levels } } : {}),
        ...(query.declarationNumber ? { declaration: { number: { startsWith: query.declarationNumber } } } : {}),
        ...(range.from || range.to ? { submittedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {}),
      };
      const [items, total] = await Promise.all([
        prisma.feedback.findMany({ where, include: { ...subjectInclude, case: true, declaration: { select: { id: true, number: true } } }, orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }], ...skipTake(query) }),
        prisma.feedback.count({ where }),
      ]);
      const now = new Date();
      return page(items.map((f) => presentRating(f, policy, now)), total, query);
    },
  });
}
