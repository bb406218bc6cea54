// Assessment cycles: created and launched by headquarters coordinators; every launched cycle is driven by its
// AssessmentCycleWorkflow, whose id is derived from the cycle id.
import { z } from 'zod';
import { TIMELINE_FIELDS, timelineOf, timelineProblems, type CycleTimeline } from '../../domain/cycle-timeline';
import { MISSING_LIST_POLICIES } from '../../domain/unit-list';
import type { AssessmentCycle, Prisma, PrismaClient } from '../../prisma/db';
import { cancelCycle, createCycle, launchCycle, livePhase } from '../../services/cycles';
import { HttpError, badRequest, conflict } from '../errors';
import { loadVisibleCycle } from '../lookups';
import { refusalError } from '../refusals';
import { cycleScopeWhere, STAFF_ROLES } from '../scope';
import { idParam, page, pageQuery, skipTake } from '../route';
import type { ApiContext } from '../context';
import { cycleView, paged } from '../response-shapes';
import { cyclePhaseShape, launchRefusalShape } from '../console-shapes';
import { AUDIT_ENTRY_FIELDS } from '../../services/audit';

const isoDate = z.iso.datetime({ offset: true });

const timelineSchema = z.object(Object.fromEntries(TIMELINE_FIELDS.map((f) => [f, isoDate])) as Record<keyof CycleTimeline, typeof isoDate>);

const createCycleBody = z.object({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/).describe('3–40 characters A–Z, 0–9, "-"'),
  nameVi: z.string().trim().min(3).max(200),
  nameEn: z.string().trim().min(3).max(200),
  scopeUnitIds: z.array(z.string().min(1)).max(100).default([]),
  scopeFieldIds: z.array(z.string().min(1)).max(8).default([]),
  includeNonLeadership: z.boolean().default(true),
  includeTeamLeaders: z.boolean().default(false),
  timeline: timelineSchema,
  missingListPolicy: z.enum(MISSING_LIST_POLICIES).default('EXCLUDE_CANDIDATES'),
  reminderDaysBefore: z.array(z.number().int().min(1).max(60)).max(5).default([7, 2]),
  recentAssignmentMonths: z.number().int().min(0).max(60).default(6),
});

const CYCLE_SORT_KEYS = ['code', 'name', 'status', 'phase', 'examStartsAt', 'createdAt'] as const;
const CYCLE_SORTS = [...CYCLE_SORT_KEYS, ...CYCLE_SORT_KEYS.map((k) => `-${k}` as const)] as const;

const listCyclesQuery = pageQuery.extend({
  status: z.enum(['DRAFT', 'RUNNING', 'CLOSED', 'CANCELLED']).optional(),
  sort: z.enum(CYCLE_SORTS).default('-createdAt').describe('Sort key, "-" first for descending; ties by id (newest first by default)'),
});

/** The cycles' order from a sort key (names in the caller's language); ending on id, so pages never overlap. */
function cycleOrder(sort: (typeof CYCLE_SORTS)[number], locale: 'vi' | 'en'): Prisma.AssessmentCycleOrderByWithRelationInput[] {
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const key = sort.replace(/^-/, '') as (typeof CYCLE_SORT_KEYS)[number];
  const first: Prisma.AssessmentCycleOrderByWithRelationInput =
    key === 'name' ? (locale === 'en' ? { nameEn: dir } : { nameVi: dir }) : { [key]: dir };
  return [first, { id: dir }];
}

const cancelBody = z.object({ reason: z.string().trim().min(5).max(1000) });

/** A cycle as the API shows it: the six dates grouped as its timeline. */
function present(cycle: AssessmentCycle) {
  const rest: Partial<AssessmentCycle> = { ...cycle };
  for (const field of TIMELINE_FIELDS) delete rest[field];
  return { ...rest, timeline: timelineOf(cycle) };
}

async function checkScope(prisma: PrismaClient, body: z.infer<typeof createCycleBody>) {
  const units = await prisma.unit.findMany({ where: { id: { in: body.scopeUnitIds } } });
  const missing = body.scopeUnitIds.filter((id) => !units.some((u) => u.id === id));
  if (missing.length) throw badRequest('UNKNOWN_UNIT', 'cycle.unknownUnits', { ids: missing.join(', ') });
  const wrongKind = units.find((u) => !['HEADQUARTERS', 'HQ_UNIT', 'DEPARTMENT'].includes(u.kind));
  if (wrongKind) throw badRequest('BAD_SCOPE_UNIT', 'cycle.scopeUnitKind', { id: wrongKind.id, kind: wrongKind.kind });
  const fields = await prisma.professionalField.findMany({ where: { id: { in: body.scopeFieldIds } } });
  const missingFields = body.scopeFieldIds.filter((id) => !fields.some((f) => f.id === id));
  if (missingFields.length) throw badRequest('UNKNOWN_FIELD', 'cycle.unknownFields', { ids: missingFields.join(', ') });
  if (!body.includeNonLeadership && !body.includeTeamLeaders) throw badRequest('NO_CANDIDATES', 'cycle.noCandidateGroup');
}

export function cycleRoutes({ prisma, workflows, routes }: ApiContext) {
  routes.route({
    method: 'post',
    path: '/cycles',
    tag: 'Cycles',
    summary: 'Create an assessment cycle (draft): scope, timeline and policies',
    roles: ['COORDINATOR'],
    body: createCycleBody,
    status: 201,
    response: cycleView,
    async handle({ body, user }) {
      const problems = timelineProblems(body.timeline);
      if (problems.length) {
        throw badRequest('INVALID_TIMELINE', problems[0].key, problems[0].params,
          problems.map((p) => ({ path: `body.timeline.${p.field}`, messageKey: p.key, params: p.params })));
      }
      await checkScope(prisma, body);
      return present(await createCycle(prisma, body, user));
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles',
    tag: 'Cycles',
    summary: 'List the cycles visible to the caller',
    roles: STAFF_ROLES,
    response: paged(cycleView),
    query: listCyclesQuery,
    async handle({ query, user, locale }) {
      const where = { ...cycleScopeWhere(user), ...(query.status ? { status: query.status } : {}) };
      const [items, total] = await Promise.all([
        prisma.assessmentCycle.findMany({ where, orderBy: cycleOrder(query.sort, locale), ...skipTake(query) }),
        prisma.assessmentCycle.count({ where }),
      ]);
      return page(items.map(present), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id',
    tag: 'Cycles',
    summary: 'Read a cycle',
    response: cycleView,
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user }) {
      return present(await loadVisibleCycle(prisma, user, params.id));
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/launch',
    tag: 'Cycles',
    summary: 'Launch a draft cycle: freezes its rule sets and starts its workflow (once only)',
    response: cycleView,
    refusal: launchRefusalShape,
    roles: ['COORDINATOR'],
    params: idParam,
    async handle({ params, user, locale }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const launched = await launchCycle(prisma, workflows, cycle, user);
      switch (launched.kind) {
        case 'alreadyLaunched':
          throw conflict('CYCLE_ALREADY_LAUNCHED', 'cycle.alreadyLaunched', { code: cycle.code, status: launched.status });
        case 'timelinePassed':
          throw conflict('TIMELINE_PASSED', 'cycle.timelinePassed', { closesAt: cycle.closesAt.toISOString() });
        case 'noRuleSet':
          throw conflict('NO_RULE_SET', 'cycle.noRuleSet', { kind: launched.ruleSetKind });
        case 'bankShortfall':
          // One detail per blueprint cell the bank cannot fill: a sentence, and the same as data for a table.
          throw new HttpError(409, 'BANK_SHORTFALL', 'cycle.bankShortfall', { count: launched.shortfalls.length }, launched.shortfalls.map((s) => ({
            path: `${s.positionId}/${s.competencyId}/${s.difficulty}`,
            messageKey: 'cycle.shortfallLine',
            params: { position: locale === 'en' ? s.position.nameEn : s.position.nameVi, competency: locale === 'en' ? s.competency.nameEn : s.competency.nameVi, difficulty: `entity.Difficulty.${s.difficulty}`, required: s.required, available: s.available },
            facts: { position: s.position, competency: s.competency, difficulty: s.difficulty, needed: s.required, available: s.available },
          })));
        case 'temporalUnavailable':
          throw new HttpError(503, 'TEMPORAL_UNAVAILABLE', 'error.temporalUnavailable');
      }
      return present(await loadVisibleCycle(prisma, user, cycle.id));
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/phase',
    tag: 'Cycles',
    summary: "The cycle's live phase, asked of its workflow",
    response: cyclePhaseShape,
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user }) {
      return livePhase(workflows, await loadVisibleCycle(prisma, user, params.id));
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/cancel',
    tag: 'Cycles',
    summary: 'Cancel a cycle with a reason (a draft at once; a running cycle through its workflow)',
    roles: ['COORDINATOR'],
    params: idParam,
    body: cancelBody,
    async handle({ params, body, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const cancelled = await cancelCycle(prisma, workflows, cycle, body.reason, user);
      if (cancelled.kind === 'notCancellable') throw conflict('CYCLE_NOT_CANCELLABLE', 'cycle.notCancellable', { code: cycle.code, status: cancelled.status });
      if (cancelled.kind === 'refused') throw refusalError(cancelled.refusal, { code: cycle.code, status: cycle.status });
      return present(await loadVisibleCycle(prisma, user, cycle.id));
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/history',
    tag: 'Cycles',
    summary: "The cycle's phase changes and audit trail",
    roles: ['COORDINATOR'],
    params: idParam,
    async handle({ params, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const [phases, audit] = await Promise.all([
        prisma.cyclePhaseEvent.findMany({ where: { cycleId: cycle.id }, orderBy: { enteredAt: 'asc' } }),
        prisma.auditLog.findMany({
          where: { cycleId: cycle.id },
          orderBy: { id: 'asc' },
          take: 500,
          select: AUDIT_ENTRY_FIELDS,
        }),
      ]);
      return { phases, audit: audit.map((a) => ({ ...a, id: a.id.toString() })) };
    },
  });
}
