// Assessment cycles: created and launched by headquarters coordinators; every launched cycle is driven by its
// AssessmentCycleWorkflow, whose id is derived from the cycle id.
import { z } from 'zod';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  type Client,
} from '@temporalio/client';
import { TIMELINE_FIELDS, timelineProblems, type CycleTimeline } from '../../domain/cycle-timeline';
import { MISSING_LIST_POLICIES } from '../../domain/unit-list';
import {
  cancelCycleUpdate,
  cycleWorkflowId,
  cyclePhaseQuery,
  type CyclePhaseView,
} from '../../workflows/assessment-cycle/contract';
import { AssessmentCycleWorkflow } from '../../workflows/assessment-cycle/workflow';
import { writeAudit } from '../../activities/audit';
import { bankShortfallsForPositions } from '../../activities/question-bank';
import type { AssessmentCycle, PrismaClient } from '../../prisma/db';
import { HttpError, badRequest, conflict, notFound, updateRefusal } from '../errors';
import { assertCycleVisible, cycleScopeWhere, STAFF_ROLES } from '../scope';
import { idParam, page, pageQuery, skipTake } from '../route';
import type { ApiContext } from '../context';
import { cycleView, paged } from '../response-shapes';

const isoDate = z.iso.datetime({ offset: true });

const timelineSchema = z.object(Object.fromEntries(TIMELINE_FIELDS.map((f) => [f, isoDate])) as Record<keyof CycleTimeline, typeof isoDate>);

const createCycleBody = z.object({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, 'Mã kỳ gồm 3–40 ký tự A–Z, 0–9, "-" / Code: 3–40 characters A–Z, 0–9, "-"'),
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

const listCyclesQuery = pageQuery.extend({
  status: z.enum(['DRAFT', 'RUNNING', 'CLOSED', 'CANCELLED']).optional(),
});

const cancelBody = z.object({ reason: z.string().trim().min(5).max(1000) });

export function timelineOf(cycle: AssessmentCycle): CycleTimeline {
  return Object.fromEntries(TIMELINE_FIELDS.map((f) => [f, cycle[f].toISOString()])) as unknown as CycleTimeline;
}

/** A cycle as the API shows it: the six dates grouped as its timeline. */
function present(cycle: AssessmentCycle) {
  const rest: Partial<AssessmentCycle> = { ...cycle };
  for (const field of TIMELINE_FIELDS) delete rest[field];
  return { ...rest, timeline: timelineOf(cycle) };
}

async function findCycle(prisma: PrismaClient, id: string) {
  const cycle = await prisma.assessmentCycle.findUnique({ where: { id } });
  if (!cycle) throw notFound('AssessmentCycle', id);
  return cycle;
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

/** What the bank lacks to serve the blueprint of every position in the cycle's scope (empty = it can). */
async function shortfallsInScope(prisma: PrismaClient, cycle: AssessmentCycle) {
  const groups = [...(cycle.includeNonLeadership ? [{ isLeadership: false }] : []), ...(cycle.includeTeamLeaders ? [{ isLeadership: true }] : [])];
  const positions = await prisma.jobPosition.findMany({
    where: { active: true, OR: groups, ...(cycle.scopeFieldIds.length ? { fieldId: { in: cycle.scopeFieldIds } } : {}) },
    select: { id: true },
  });
  return bankShortfallsForPositions(prisma, positions.map((p) => p.id));
}

/** The live phase from the workflow; the database's record when the workflow is not answering (closed, or Temporal down). */
async function livePhase(temporal: Client, cycle: AssessmentCycle): Promise<CyclePhaseView & { source: 'workflow' | 'database' }> {
  if (cycle.workflowId && cycle.status === 'RUNNING') {
    try {
      const view = await temporal.workflow.getHandle(cycle.workflowId).query(cyclePhaseQuery);
      return { ...view, source: 'workflow' };
    } catch {
      // fall through to the persisted phase
    }
  }
  return { cycleId: cycle.id, phase: cycle.phase, enteredAt: null, next: null, cancelReason: cycle.cancelReason, source: 'database' };
}

const UPDATE_FAILURES: Record<string, string> = {
  AlreadyCancelled: 'cycle.alreadyCancelled',
  AlreadyClosed: 'cycle.alreadyClosed',
  ReasonRequired: 'cycle.reasonRequired',
};

export function cycleRoutes({ prisma, temporal, config, routes }: ApiContext) {
  routes.route({
    method: 'post',
    path: '/cycles',
    tag: 'Cycles',
    summary: 'Create an assessment cycle (draft): scope, timeline and policies',
    roles: ['COORDINATOR'],
    body: createCycleBody,
    status: 201,
    async handle({ body, user }) {
      const problems = timelineProblems(body.timeline);
      if (problems.length) {
        throw badRequest('INVALID_TIMELINE', problems[0].key, problems[0].params,
          problems.map((p) => ({ path: `body.timeline.${p.field}`, messageKey: p.key, params: p.params })));
      }
      await checkScope(prisma, body);
      const { timeline, ...fields } = body;
      const cycle = await prisma.$transaction(async (tx) => {
        const created = await tx.assessmentCycle.create({
          data: { ...fields, ...Object.fromEntries(TIMELINE_FIELDS.map((f) => [f, new Date(timeline[f])])), createdById: user.id } as never,
        });
        await writeAudit(tx, { action: 'cycle.created', entityType: 'AssessmentCycle', entityId: created.id, cycleId: created.id, actorUserId: user.id, actorRole: user.role, details: { code: created.code } });
        return created;
      });
      return present(cycle);
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
    async handle({ query, user }) {
      const where = { ...cycleScopeWhere(user), ...(query.status ? { status: query.status } : {}) };
      const [items, total] = await Promise.all([
        prisma.assessmentCycle.findMany({ where, orderBy: { createdAt: 'desc' }, ...skipTake(query) }),
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
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user }) {
      const cycle = await findCycle(prisma, params.id);
      assertCycleVisible(user, cycle);
      return present(cycle);
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/launch',
    tag: 'Cycles',
    summary: 'Launch a draft cycle: freezes its rule sets and starts its workflow (once only)',
    roles: ['COORDINATOR'],
    params: idParam,
    async handle({ params, user }) {
      const cycle = await findCycle(prisma, params.id);
      if (cycle.status !== 'DRAFT') throw conflict('CYCLE_ALREADY_LAUNCHED', 'cycle.alreadyLaunched', { code: cycle.code, status: cycle.status });
      if (cycle.closesAt.getTime() <= Date.now()) throw conflict('TIMELINE_PASSED', 'cycle.timelinePassed', { closesAt: cycle.closesAt.toISOString() });

      const workflowId = cycleWorkflowId(cycle.id);
      // Freeze the rule sets in force now: a later version never changes a running cycle.
      const active = await prisma.ruleSet.findMany({ where: { status: 'ACTIVE' }, orderBy: { version: 'desc' } });
      const latest = (kind: string) => active.find((r) => r.kind === kind)?.id ?? null;
      for (const kind of ['VERIFICATION', 'LEVEL'] as const) {
        if (!latest(kind)) throw conflict('NO_RULE_SET', 'cycle.noRuleSet', { kind });
      }
      const shortfalls = await shortfallsInScope(prisma, cycle);
      if (shortfalls.length) {
        throw new HttpError(409, 'BANK_SHORTFALL', 'cycle.bankShortfall', { count: shortfalls.length }, shortfalls.map((s) => ({
          path: `${s.positionId}/${s.competencyId}/${s.difficulty}`,
          messageKey: 'cycle.shortfallLine',
          params: { position: s.positionId, competency: s.competencyId, difficulty: s.difficulty, required: s.required, available: s.available },
        })));
      }
      const claimed = await prisma.$transaction(async (tx) => {
        const { count } = await tx.assessmentCycle.updateMany({
          where: { id: cycle.id, status: 'DRAFT' },
          data: {
            status: 'RUNNING',
            workflowId,
            launchedAt: new Date(),
            verificationRuleSetId: latest('VERIFICATION'),
            levelRuleSetId: latest('LEVEL'),
            followUpRuleSetId: latest('FOLLOW_UP'),
          },
        });
        if (count === 1) {
          await writeAudit(tx, { action: 'cycle.launched', entityType: 'AssessmentCycle', entityId: cycle.id, cycleId: cycle.id, actorUserId: user.id, actorRole: user.role, details: { workflowId } });
        }
        return count === 1;
      });
      if (!claimed) throw conflict('CYCLE_ALREADY_LAUNCHED', 'cycle.alreadyLaunched', { code: cycle.code, status: 'RUNNING' });

      try {
        await temporal.workflow.start(AssessmentCycleWorkflow, {
          workflowId,
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
          args: [{ cycleId: cycle.id, timeline: timelineOf(cycle) }],
          memo: { code: cycle.code },
        });
      } catch (err) {
        if (err instanceof WorkflowExecutionAlreadyStartedError) {
          throw conflict('CYCLE_ALREADY_LAUNCHED', 'cycle.alreadyLaunched', { code: cycle.code, status: 'RUNNING' });
        }
        // The workflow did not start: put the cycle back as it was, so launching can be retried.
        await prisma.assessmentCycle.update({
          where: { id: cycle.id },
          data: { status: 'DRAFT', workflowId: null, launchedAt: null, verificationRuleSetId: null, levelRuleSetId: null, followUpRuleSetId: null },
        });
        throw new HttpError(503, 'TEMPORAL_UNAVAILABLE', 'error.temporalUnavailable');
      }
      return present(await findCycle(prisma, cycle.id));
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/phase',
    tag: 'Cycles',
    summary: "The cycle's live phase, asked of its workflow",
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user }) {
      const cycle = await findCycle(prisma, params.id);
      assertCycleVisible(user, cycle);
      return livePhase(temporal, cycle);
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
      const cycle = await findCycle(prisma, params.id);
      if (cycle.status === 'DRAFT') {
        const { count } = await prisma.$transaction(async (tx) => {
          const updated = await tx.assessmentCycle.updateMany({
            where: { id: cycle.id, status: 'DRAFT' },
            data: { status: 'CANCELLED', phase: 'CANCELLED', cancelledAt: new Date(), cancelReason: body.reason },
          });
          if (updated.count) await writeAudit(tx, { action: 'cycle.cancelled', entityType: 'AssessmentCycle', entityId: cycle.id, cycleId: cycle.id, actorUserId: user.id, actorRole: user.role, reason: body.reason });
          return updated;
        });
        if (!count) throw conflict('CYCLE_NOT_CANCELLABLE', 'cycle.notCancellable', { code: cycle.code, status: 'RUNNING' });
        return present(await findCycle(prisma, cycle.id));
      }
      if (cycle.status !== 'RUNNING' || !cycle.workflowId) {
        throw conflict('CYCLE_NOT_CANCELLABLE', 'cycle.notCancellable', { code: cycle.code, status: cycle.status });
      }
      try {
        await temporal.workflow.getHandle(cycle.workflowId).executeUpdate(cancelCycleUpdate, {
          args: [{ reason: body.reason, actorUserId: user.id }],
          updateId: `cancel-${cycle.id}`, // a retried request is the same update
        });
      } catch (err) {
        const refusal = updateRefusal(err);
        if (refusal) {
          const key = UPDATE_FAILURES[refusal.type ?? ''] ?? 'cycle.notCancellable';
          throw conflict('CYCLE_NOT_CANCELLABLE', key, { code: cycle.code, status: cycle.status });
        }
        throw err;
      }
      return present(await findCycle(prisma, cycle.id));
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/history',
    tag: 'Cycles',
    summary: "The cycle's phase changes and audit trail",
    roles: ['COORDINATOR'],
    params: idParam,
    async handle({ params }) {
      const cycle = await findCycle(prisma, params.id);
      const [phases, audit] = await Promise.all([
        prisma.cyclePhaseEvent.findMany({ where: { cycleId: cycle.id }, orderBy: { enteredAt: 'asc' } }),
        prisma.auditLog.findMany({ where: { cycleId: cycle.id }, orderBy: { id: 'asc' }, take: 500 }),
      ]);
      return { phases, audit: audit.map((a) => ({ ...a, id: a.id.toString() })) };
    },
  });
}
