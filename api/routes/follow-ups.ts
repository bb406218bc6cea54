// Follow-up tasks for leaders: the tasks of their unit (coordinators: all; officers: their own, read-only), one
// task with why it exists (the rules' trace) and its history, and the actions: record a training, decide a
// reassignment or a nomination, cancel with a reason. Each action is a Temporal Update on the task's workflow,
// whose validator refuses what the task's type and state do not allow. The department seats a re-examination in
// one of its sessions with a free seat.
import { z } from 'zod';
import type { Prisma } from '../../prisma/db';
import { FOLLOW_UP_STATUSES, FOLLOW_UP_TYPES, isOverdue, trainingProblem } from '../../domain/follow-up-task';
import { NO_MATCH, orNoMatch } from '../../domain/unit-path';
import { sessionsForReexamination } from '../../services/follow-ups';
import { renderFollowUpTrace, type FollowUpTrace } from '../../rules/follow-up';
import { actOnTask, liveTask, scheduleReexamination, type TaskAction, type TaskRequests } from '../../services/follow-ups';
import type { AuthUser } from '../auth';
import { badRequest, conflict, forbidden, HttpError, notFound } from '../errors';
import { refusalError } from '../refusals';
import { translate, type Locale } from '../i18n';
import { idParam, page, pageQuery, skipTake } from '../route';
import { assertUnitInScope, scopePath, STAFF_ROLES, unitInScope, unitScopeWhere } from '../scope';
import type { ApiContext } from '../context';
import { followUpTaskView, paged } from '../response-shapes';
import { AUDIT_ENTRY_FIELDS } from '../../services/audit';
import { followUpDetailShape, reexamSeatedShape, reexamSessionsShape } from '../work-shapes';

export const taskInclude = {
  officer: { select: { id: true, employeeCode: true, fullName: true, unitId: true, positionId: true, unit: { select: { id: true, path: true, nameVi: true, nameEn: true } } } },
  unit: { select: { id: true, path: true, nameVi: true, nameEn: true } },
  competency: { select: { id: true, code: true, nameVi: true, nameEn: true } },
  proposedPosition: { select: { id: true, code: true, nameVi: true, nameEn: true } },
  result: { select: { id: true, score: true, level: true, positionId: true, gradedAt: true } },
  cycle: { select: { id: true, code: true, nameVi: true, nameEn: true } },
} as const satisfies Prisma.FollowUpTaskInclude;
export type TaskRow = Prisma.FollowUpTaskGetPayload<{ include: typeof taskInclude }>;

/** Leaders and reviewers: tasks owned in their subtree, or about an officer of their subtree (after an escalation too). */
function taskScopeWhere(user: AuthUser): Prisma.FollowUpTaskWhereInput {
  if (user.role === 'COORDINATOR') return {};
  if (user.role === 'OFFICER') return { officerId: orNoMatch(user.officerId) };
  if (scopePath(user) === null) return { id: NO_MATCH };
  return { OR: [{ unit: unitScopeWhere(user) }, { officer: { unit: unitScopeWhere(user) } }] };
}

function assertTaskVisible(user: AuthUser, task: TaskRow): void {
  if (user.role === 'OFFICER') {
    if (task.officerId !== user.officerId) throw forbidden('followUp.notYourTask');
    return;
  }
  if (!unitInScope(user, task.unit.path) && !unitInScope(user, task.officer.unit.path)) throw forbidden('auth.outOfScope', { unit: task.unitId });
}

export function presentTask(task: TaskRow, now: Date) {
  const { result, ...rest } = task;
  return {
    ...rest,
    result: result ? { ...result, score: Number(result.score) } : null,
    overdue: isOverdue(task, now),
  };
}

const decisionBody = z.enum(['ACCEPT', 'DECLINE']);
const reason = z.string().trim().min(5).max(2000);

export function followUpRoutes({ prisma, workflows, routes }: ApiContext) {
  async function findTask(user: AuthUser, id: string): Promise<TaskRow> {
    const task = await prisma.followUpTask.findUnique({ where: { id }, include: taskInclude });
    if (!task) throw notFound('FollowUpTask', id);
    assertTaskVisible(user, task);
    return task;
  }

  /** One action through the task's workflow; refusals become 400 (bad input) or 409 (not now) in the caller's language. */
  async function act<A extends TaskAction>(task: TaskRow, action: A, request: TaskRequests[A], locale: Locale, now: Date) {
    const acted = await actOnTask(workflows, task, action, request);
    if (!acted.ok) {
      const { refusal } = acted;
      const actionName = translate(locale, `followUp.action.${action}`);
      if (refusal.code === 'NotRunning' || refusal.code === 'NotStarted') throw refusalError(refusal, { action: actionName, status: task.status });
      const fresh = await prisma.followUpTask.findUniqueOrThrow({ where: { id: task.id } });
      throw refusalError(refusal, { action: actionName, detail: refusal.message, type: task.type, status: fresh.status });
    }
    const fresh = await prisma.followUpTask.findUniqueOrThrow({ where: { id: task.id }, include: taskInclude });
    return presentTask(fresh, now);
  }

  routes.route({
    method: 'get',
    path: '/follow-ups',
    tag: 'Follow-up',
    summary: "Follow-up tasks in the caller's scope (leaders: their unit; coordinators: all; officers: their own), due first",
    roles: STAFF_ROLES,
    response: paged(followUpTaskView),
    query: pageQuery.extend({
      type: z.enum(FOLLOW_UP_TYPES as [string, ...string[]]).optional(),
      status: z.enum(FOLLOW_UP_STATUSES as [string, ...string[]]).optional(),
      overdue: z.enum(['true', 'false']).optional(),
      escalated: z.enum(['true', 'false']).optional(),
      unitId: z.string().min(1).max(40).optional(),
      cycleId: z.string().min(1).max(100).optional(),
      officerId: z.string().min(1).max(40).optional(),
    }),
    async handle({ query, user }) {
      const now = new Date();
      const filters: Prisma.FollowUpTaskWhereInput[] = [taskScopeWhere(user)];
      if (query.unitId) {
        const unit = await prisma.unit.findUnique({ where: { id: query.unitId } });
        if (!unit) throw notFound('Unit', query.unitId);
        if (user.role !== 'OFFICER') assertUnitInScope(user, unit);
        filters.push({ unit: { path: { startsWith: unit.path } } });
      }
      if (query.type) filters.push({ type: query.type as Prisma.FollowUpTaskWhereInput['type'] });
      if (query.status) filters.push({ status: query.status as Prisma.FollowUpTaskWhereInput['status'] });
      if (query.overdue === 'true') filters.push({ status: 'OPEN', dueAt: { lt: now } });
      if (query.overdue === 'false') filters.push({ NOT: { status: 'OPEN', dueAt: { lt: now } } });
      if (query.escalated === 'true') filters.push({ escalationLevel: { gte: 1 } });
      if (query.escalated === 'false') filters.push({ escalationLevel: 0 });
      if (query.cycleId) filters.push({ cycleId: query.cycleId });
      if (query.officerId) filters.push({ officerId: query.officerId });
      const where = { AND: filters };
      const [items, total] = await Promise.all([
        prisma.followUpTask.findMany({ where, include: taskInclude, omit: { ruleTrace: true }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], ...skipTake(query) }),
        prisma.followUpTask.count({ where }),
      ]);
      return page(items.map((t) => presentTask(t as TaskRow, now)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/follow-ups/:id',
    response: followUpDetailShape,
    tag: 'Follow-up',
    summary: 'One task: why it exists (the rules that fired, in words and as a trace), its re-examination, its history, and the live workflow view',
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user, locale }) {
      const task = await findTask(user, params.id);
      const [history, reexam, live] = await Promise.all([
        prisma.auditLog.findMany({ where: { entityType: 'FollowUpTask', entityId: task.id }, orderBy: { id: 'asc' }, select: AUDIT_ENTRY_FIELDS }),
        prisma.registration.findUnique({
          where: { followUpTaskId: task.id },
          include: { seat: { include: { session: true } }, attempts: { select: { status: true, startedAt: true, submittedAt: true } }, results: { select: { id: true, score: true, level: true } } },
        }),
        liveTask(workflows, task.id),
      ]);
      const trace = task.ruleTrace as unknown as FollowUpTrace | null;
      return {
        ...presentTask(task, new Date()),
        explanation: trace ? renderFollowUpTrace(trace, locale) : [],
        history: history.map((h) => ({ ...h, id: String(h.id) })),
        reexamination: reexam
          ? {
              registrationId: reexam.id,
              round: reexam.round,
              status: reexam.status,
              session: reexam.seat ? { ...reexam.seat.session, seatNumber: reexam.seat.seatNumber } : null,
              attempt: reexam.attempts[0] ?? null,
              result: reexam.results[0] ? { ...reexam.results[0], score: Number(reexam.results[0].score) } : null,
            }
          : null,
        live,
      };
    },
  });

  routes.route({
    method: 'post',
    path: '/follow-ups/:id/training',
    response: followUpTaskView,
    tag: 'Follow-up',
    summary: 'Record the training of a retraining task (course, date, hours): the task is done',
    roles: ['LEADER', 'COORDINATOR'],
    params: idParam,
    body: z.object({
      course: z.string().trim().min(3).max(500),
      completedOn: z.iso.date(),
      hours: z.number().positive().max(2000),
    }),
    async handle({ params, body, user, locale }) {
      const task = await findTask(user, params.id);
      const problem = trainingProblem(body);
      if (problem) throw badRequest('FOLLOW_UP_INPUT_REQUIRED', 'followUp.invalidTraining', { detail: problem });
      return act(task, 'training', { actorUserId: user.id, ...body }, locale, new Date());
    },
  });

  routes.route({
    method: 'post',
    path: '/follow-ups/:id/reassignment',
    response: followUpTaskView,
    tag: 'Follow-up',
    summary: "Decide a reassignment proposal: accept with the new position (and unit), which updates the officer's assignment history, or decline with a reason",
    roles: ['LEADER', 'COORDINATOR'],
    params: idParam,
    body: z.object({
      decision: decisionBody,
      positionId: z.string().min(1).max(40).optional(),
      unitId: z.string().min(1).max(40).optional(),
      reason: reason.optional(),
    }),
    async handle({ params, body, user, locale }) {
      const task = await findTask(user, params.id);
      if (body.decision === 'DECLINE' && !body.reason) throw badRequest('FOLLOW_UP_INPUT_REQUIRED', 'followUp.reasonRequired');
      if (body.decision === 'ACCEPT') {
        const positionId = body.positionId ?? task.proposedPositionId;
        if (!positionId) throw badRequest('FOLLOW_UP_INPUT_REQUIRED', 'followUp.positionRequired');
        const position = await prisma.jobPosition.findUnique({ where: { id: positionId } });
        if (!position) throw notFound('JobPosition', positionId);
        if (!position.active) throw conflict('POSITION_INACTIVE', 'followUp.positionInactive', { id: positionId });
        const unit = await prisma.unit.findUnique({ where: { id: body.unitId ?? task.officer.unitId } });
        if (!unit) throw notFound('Unit', body.unitId ?? task.officer.unitId);
        assertUnitInScope(user, unit); // nobody moves an officer into a unit outside their own scope
        if (positionId === task.officer.positionId && unit.id === task.officer.unitId) throw conflict('SAME_ASSIGNMENT', 'followUp.sameAssignment');
      }
      return act(
        task,
        'reassignment',
        { actorUserId: user.id, accept: body.decision === 'ACCEPT', positionId: body.positionId, unitId: body.unitId, reason: body.reason },
        locale,
        new Date(),
      );
    },
  });

  routes.route({
    method: 'post',
    path: '/follow-ups/:id/nomination',
    response: followUpTaskView,
    tag: 'Follow-up',
    summary: 'Decide an expert group / leadership pipeline nomination: accept or decline, with a reason',
    roles: ['LEADER', 'COORDINATOR'],
    params: idParam,
    body: z.object({ decision: decisionBody, reason }),
    async handle({ params, body, user, locale }) {
      const task = await findTask(user, params.id);
      return act(task, 'nomination', { actorUserId: user.id, accept: body.decision === 'ACCEPT', reason: body.reason }, locale, new Date());
    },
  });

  routes.route({
    method: 'post',
    path: '/follow-ups/:id/cancel',
    response: followUpTaskView,
    tag: 'Follow-up',
    summary: "Cancel an open task with a reason (a re-examination not yet taken: its registration is withdrawn)",
    roles: ['LEADER', 'COORDINATOR'],
    params: idParam,
    body: z.object({ reason }),
    async handle({ params, body, user, locale }) {
      const task = await findTask(user, params.id);
      return act(task, 'cancel', { actorUserId: user.id, reason: body.reason }, locale, new Date());
    },
  });

  routes.route({
    method: 'get',
    path: '/follow-ups/:id/reexamination/sessions',
    response: reexamSessionsShape,
    tag: 'Follow-up',
    summary: "Sessions a re-examination may be seated in: its cycle's, at the officer's department, not begun, with a free seat",
    roles: ['REVIEWER', 'LEADER', 'COORDINATOR'],
    params: idParam,
    async handle({ params, user }) {
      const task = await findTask(user, params.id);
      if (task.type !== 'REEXAMINATION') throw conflict('NOT_REEXAMINATION', 'followUp.reexam.NOT_REEXAMINATION');
      return { items: await sessionsForReexamination(prisma, task.id) };
    },
  });

  routes.route({
    method: 'post',
    path: '/follow-ups/:id/reexamination/schedule',
    response: reexamSeatedShape,
    tag: 'Follow-up',
    summary: "Seat a re-examination in a session of the officer's department with a free seat (or move it there); a published session draws the form at once",
    roles: ['REVIEWER', 'LEADER', 'COORDINATOR'],
    params: idParam,
    body: z.object({ sessionId: z.string().min(1).max(100) }),
    async handle({ params, body, user, req }) {
      const task = await findTask(user, params.id);
      const seated = await scheduleReexamination(prisma, workflows, { taskId: task.id, sessionId: body.sessionId, actorUserId: user.id }, req.log);
      if ('error' in seated) throw new HttpError(seated.error === 'UNKNOWN_SESSION' ? 404 : 409, seated.error, `followUp.reexam.${seated.error}`);
      return seated;
    },
  });
}
