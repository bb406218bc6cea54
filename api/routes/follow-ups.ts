// Follow-up tasks for leaders: the tasks of their unit (coordinators: all; officers: their own, read-only), one
// task with why it exists (the rules' trace) and its history, and the actions: record a training, decide a
// reassignment or a nomination, cancel with a reason. Each action is a Temporal Update on the task's workflow,
// whose validator refuses what the task's type and state do not allow. The department seats a re-examination in
// one of its sessions with a free seat.
import { z } from 'zod';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Prisma } from '../../prisma/db';
import { DEFAULT_FOLLOW_UP_POLICY, FOLLOW_UP_STATUSES, FOLLOW_UP_TYPES, isOverdue, trainingProblem } from '../../domain/follow-up-task';
import { seatReexamination, sessionsForReexamination, startFollowUpWorkflows } from '../../activities/follow-ups';
import { renderFollowUpTrace, type FollowUpTrace } from '../../rules/follow-up';
import {
  cancelTaskUpdate,
  decideNominationUpdate,
  decideReassignmentUpdate,
  followUpTaskQuery,
  followUpWorkflowId,
  reexamScheduledSignal,
  recordTrainingUpdate,
  type FollowUpTaskView,
} from '../../workflows/follow-up-task/contract';
import type { AuthUser } from '../auth';
import { badRequest, conflict, forbidden, HttpError, notFound, updateRefusal } from '../errors';
import { addMessages, translate, type Locale } from '../i18n';
import { idParam, page, pageQuery, skipTake } from '../route';
import { assertUnitInScope, scopePath, STAFF_ROLES, unitInScope, unitScopeWhere } from '../scope';
import type { ApiContext } from '../context';
import { followUpTaskView, paged } from '../response-shapes';

addMessages({
  vi: {
    'entity.FollowUpTask': 'nhiệm vụ sau đánh giá',
    'entity.JobPosition': 'vị trí việc làm',
    'followUp.action.training': 'ghi nhận bồi dưỡng',
    'followUp.action.reassignment': 'quyết định bố trí lại',
    'followUp.action.nomination': 'quyết định đề cử',
    'followUp.action.cancel': 'hủy nhiệm vụ',
    'followUp.notStarted': 'Nhiệm vụ đang được khởi tạo; vui lòng thử lại sau ít giây.',
    'followUp.closed': 'Nhiệm vụ đã kết thúc ({status}); không thể {action}.',
    'followUp.busy': 'Một thao tác khác trên nhiệm vụ đang được xử lý; vui lòng thử lại.',
    'followUp.wrongType': 'Không thể {action} cho nhiệm vụ loại {type}.',
    'followUp.invalidTraining': 'Thông tin bồi dưỡng chưa hợp lệ: {detail}.',
    'followUp.decisionRequired': 'Phải chọn chấp nhận hoặc không chấp nhận.',
    'followUp.positionRequired': 'Chấp nhận bố trí lại phải nêu vị trí việc làm mới.',
    'followUp.reasonRequired': 'Phải nêu lý do.',
    'followUp.reexamTaken': 'Công chức đã dự kiểm tra lại: kết quả bài thi sẽ khép nhiệm vụ, không thể hủy.',
    'followUp.refused': 'Không thể {action}: {detail}',
    'followUp.refused.REEXAM_TAKEN': 'Công chức đã dự kiểm tra lại: kết quả bài thi sẽ khép nhiệm vụ, không thể hủy.',
    'followUp.refused.FUTURE_DATE': 'Ngày kết thúc khóa bồi dưỡng không được ở tương lai.',
    'followUp.refused.SAME_ASSIGNMENT': 'Công chức đang giữ đúng vị trí này tại đơn vị này.',
    'followUp.refused.UNKNOWN_POSITION': 'Vị trí việc làm không tồn tại hoặc không còn áp dụng.',
    'followUp.refused.UNKNOWN_UNIT': 'Đơn vị không tồn tại.',
    'followUp.refused.POSITION_REQUIRED': 'Chấp nhận bố trí lại phải nêu vị trí việc làm mới.',
    'followUp.positionInactive': 'Vị trí việc làm "{id}" không còn áp dụng.',
    'followUp.sameAssignment': 'Công chức đang giữ đúng vị trí này tại đơn vị này.',
    'followUp.notYourTask': 'Bạn chỉ được xem nhiệm vụ của chính mình.',
    'followUp.reexam.NOT_REEXAMINATION': 'Đây không phải nhiệm vụ kiểm tra lại.',
    'followUp.reexam.TASK_CLOSED': 'Nhiệm vụ kiểm tra lại đã kết thúc.',
    'followUp.reexam.NOT_REGISTERED': 'Chưa có đăng ký kiểm tra lại (nhiệm vụ đang được khởi tạo hoặc đã hủy).',
    'followUp.reexam.ALREADY_STARTED': 'Công chức đã bắt đầu làm bài kiểm tra lại; không thể xếp ca khác.',
    'followUp.reexam.UNKNOWN_SESSION': 'Không có ca thi này trong kỳ đánh giá của bài kiểm tra lại.',
    'followUp.reexam.OTHER_DEPARTMENT': 'Chỉ được xếp vào ca thi tại đơn vị (Cục) của công chức.',
    'followUp.reexam.SESSION_STARTED': 'Ca thi đã bắt đầu hoặc đã kết thúc.',
    'followUp.reexam.SESSION_FULL': 'Ca thi đã đủ chỗ.',
  },
  en: {
    'entity.FollowUpTask': 'follow-up task',
    'entity.JobPosition': 'job position',
    'followUp.action.training': 'record the training',
    'followUp.action.reassignment': 'decide the reassignment',
    'followUp.action.nomination': 'decide the nomination',
    'followUp.action.cancel': 'cancel the task',
    'followUp.notStarted': 'The task is being opened; please try again in a few seconds.',
    'followUp.closed': 'The task is over ({status}); cannot {action}.',
    'followUp.busy': 'Another action on this task is in progress; please try again.',
    'followUp.wrongType': 'Cannot {action} on a {type} task.',
    'followUp.invalidTraining': 'The training record is not valid: {detail}.',
    'followUp.decisionRequired': 'Choose to accept or decline.',
    'followUp.positionRequired': 'An accepted reassignment needs the new job position.',
    'followUp.reasonRequired': 'A reason is required.',
    'followUp.reexamTaken': 'The officer has taken the re-examination: its result closes the task, which can no longer be cancelled.',
    'followUp.refused': 'Cannot {action}: {detail}',
    'followUp.refused.REEXAM_TAKEN': 'The officer has taken the re-examination: its result closes the task, which can no longer be cancelled.',
    'followUp.refused.FUTURE_DATE': 'The training cannot end in the future.',
    'followUp.refused.SAME_ASSIGNMENT': 'The officer already holds this position in this unit.',
    'followUp.refused.UNKNOWN_POSITION': 'The job position does not exist or is no longer in use.',
    'followUp.refused.UNKNOWN_UNIT': 'The unit does not exist.',
    'followUp.refused.POSITION_REQUIRED': 'An accepted reassignment needs the new job position.',
    'followUp.positionInactive': 'Job position "{id}" is no longer in use.',
    'followUp.sameAssignment': 'The officer already holds this position in this unit.',
    'followUp.notYourTask': 'You may only see your own tasks.',
    'followUp.reexam.NOT_REEXAMINATION': 'This is not a re-examination task.',
    'followUp.reexam.TASK_CLOSED': 'The re-examination task is over.',
    'followUp.reexam.NOT_REGISTERED': 'The re-examination has no registration yet (the task is being opened) or it was withdrawn.',
    'followUp.reexam.ALREADY_STARTED': 'The officer has started the re-examination; it cannot move to another session.',
    'followUp.reexam.UNKNOWN_SESSION': "No such session in the re-examination's cycle.",
    'followUp.reexam.OTHER_DEPARTMENT': "A re-examination is seated in a session of the officer's own department.",
    'followUp.reexam.SESSION_STARTED': 'The session has started or is over.',
    'followUp.reexam.SESSION_FULL': 'The session is full.',
  },
});

/** Validator refusals (by failure type) and activity refusals (by code) to message keys; the first group is bad input. */
const INPUT_REFUSALS: Record<string, string> = {
  InvalidTraining: 'followUp.invalidTraining',
  DecisionRequired: 'followUp.decisionRequired',
  PositionRequired: 'followUp.positionRequired',
  ReasonRequired: 'followUp.reasonRequired',
};
const STATE_REFUSALS: Record<string, string> = {
  TaskNotStarted: 'followUp.notStarted',
  TaskClosed: 'followUp.closed',
  TaskBusy: 'followUp.busy',
  WrongTaskType: 'followUp.wrongType',
  ReexamTaken: 'followUp.reexamTaken',
};

type ActionName = 'training' | 'reassignment' | 'nomination' | 'cancel';

const taskInclude = {
  officer: { select: { id: true, employeeCode: true, fullName: true, unitId: true, positionId: true, unit: { select: { id: true, path: true, nameVi: true, nameEn: true } } } },
  unit: { select: { id: true, path: true, nameVi: true, nameEn: true } },
  competency: { select: { id: true, code: true, nameVi: true, nameEn: true } },
  proposedPosition: { select: { id: true, code: true, nameVi: true, nameEn: true } },
  result: { select: { id: true, score: true, level: true, positionId: true, gradedAt: true } },
  cycle: { select: { id: true, code: true, nameVi: true, nameEn: true } },
} as const satisfies Prisma.FollowUpTaskInclude;
type TaskRow = Prisma.FollowUpTaskGetPayload<{ include: typeof taskInclude }>;

/** Leaders and reviewers: tasks owned in their subtree, or about an officer of their subtree (after an escalation too). */
function taskScopeWhere(user: AuthUser): Prisma.FollowUpTaskWhereInput {
  if (user.role === 'COORDINATOR') return {};
  if (user.role === 'OFFICER') return { officerId: user.officerId ?? '\u0000' };
  if (scopePath(user) === null) return { id: '\u0000' };
  return { OR: [{ unit: unitScopeWhere(user) }, { officer: { unit: unitScopeWhere(user) } }] };
}

function assertTaskVisible(user: AuthUser, task: TaskRow): void {
  if (user.role === 'OFFICER') {
    if (task.officerId !== user.officerId) throw forbidden('followUp.notYourTask');
    return;
  }
  if (!unitInScope(user, task.unit.path) && !unitInScope(user, task.officer.unit.path)) throw forbidden('auth.outOfScope', { unit: task.unitId });
}

function present(task: TaskRow, now: Date) {
  const { result, ...rest } = task;
  return {
    ...rest,
    result: result ? { ...result, score: Number(result.score) } : null,
    overdue: isOverdue(task, now),
  };
}


const decisionBody = z.enum(['ACCEPT', 'DECLINE']);
const reason = z.string().trim().min(5).max(2000);

export function followUpRoutes({ prisma, temporal, config, routes }: ApiContext) {
  async function findTask(user: AuthUser, id: string): Promise<TaskRow> {
    const task = await prisma.followUpTask.findUnique({ where: { id }, include: taskInclude });
    if (!task) throw notFound('FollowUpTask', id);
    assertTaskVisible(user, task);
    return task;
  }

  async function liveView(taskId: string): Promise<FollowUpTaskView | null> {
    try {
      return await temporal.workflow.getHandle(followUpWorkflowId(taskId)).query(followUpTaskQuery);
    } catch {
      return null; // finished or unreachable: the stored state stands
    }
  }

  /** One action through the task's workflow; refusals become 400 (bad input) or 409 (not now) in the caller's language. */
  async function act<Req>(task: TaskRow, action: ActionName, update: UpdateDefinition<FollowUpTaskView, [Req]>, request: Req, locale: Locale, now: Date) {
    const actionName = translate(locale, `followUp.action.${action}`);
    try {
      await temporal.workflow.getHandle(followUpWorkflowId(task.id)).executeUpdate(update, { args: [request] });
    } catch (err) {
      const refusal = updateRefusal(err);
      if (refusal) {
        const type = refusal.type ?? '';
        const params = { action: actionName, detail: refusal.message, type: task.type, status: task.status };
        if (INPUT_REFUSALS[type]) throw badRequest('FOLLOW_UP_INPUT_REQUIRED', INPUT_REFUSALS[type], params);
        if (STATE_REFUSALS[type]) {
          const fresh = await prisma.followUpTask.findUniqueOrThrow({ where: { id: task.id } });
          throw conflict('FOLLOW_UP_REFUSED', STATE_REFUSALS[type], { ...params, status: fresh.status });
        }
        const [details] = (refusal.details ?? []) as [{ code?: string }?];
        throw conflict(details?.code ?? 'FOLLOW_UP_REFUSED', details?.code ? `followUp.refused.${details.code}` : 'followUp.refused', params);
      }
      if (err instanceof WorkflowNotFoundError) {
        if (task.status === 'OPEN') {
          // Its workflow never started (the batch that created it stopped short): start it; the caller retries.
          await startFollowUpWorkflows(temporal, config.TEMPORAL_TASK_QUEUE, [task.id], DEFAULT_FOLLOW_UP_POLICY);
          throw conflict('FOLLOW_UP_NOT_STARTED', 'followUp.notStarted');
        }
        throw conflict('FOLLOW_UP_CLOSED', 'followUp.closed', { action: actionName, status: task.status });
      }
      throw err;
    }
    const fresh = await prisma.followUpTask.findUniqueOrThrow({ where: { id: task.id }, include: taskInclude });
    return present(fresh, now);
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
      return page(items.map((t) => present(t as TaskRow, now)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/follow-ups/:id',
    tag: 'Follow-up',
    summary: 'One task: why it exists (the rules that fired, in words and as a trace), its re-examination, its history, and the live workflow view',
    roles: STAFF_ROLES,
    params: idParam,
    async handle({ params, user, locale }) {
      const task = await findTask(user, params.id);
      const [history, reexam, live] = await Promise.all([
        prisma.auditLog.findMany({ where: { entityType: 'FollowUpTask', entityId: task.id }, orderBy: { id: 'asc' } }),
        prisma.registration.findUnique({
          where: { followUpTaskId: task.id },
          include: { seat: { include: { session: true } }, attempts: { select: { status: true, startedAt: true, submittedAt: true } }, results: { select: { id: true, score: true, level: true } } },
        }),
        liveView(task.id),
      ]);
      const trace = task.ruleTrace as unknown as FollowUpTrace | null;
      return {
        ...present(task, new Date()),
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
      return act(task, 'training', recordTrainingUpdate, { actorUserId: user.id, ...body }, locale, new Date());
    },
  });

  routes.route({
    method: 'post',
    path: '/follow-ups/:id/reassignment',
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
        decideReassignmentUpdate,
        { actorUserId: user.id, accept: body.decision === 'ACCEPT', positionId: body.positionId, unitId: body.unitId, reason: body.reason },
        locale,
        new Date(),
      );
    },
  });

  routes.route({
    method: 'post',
    path: '/follow-ups/:id/nomination',
    tag: 'Follow-up',
    summary: 'Decide an expert group / leadership pipeline nomination: accept or decline, with a reason',
    roles: ['LEADER', 'COORDINATOR'],
    params: idParam,
    body: z.object({ decision: decisionBody, reason }),
    async handle({ params, body, user, locale }) {
      const task = await findTask(user, params.id);
      return act(task, 'nomination', decideNominationUpdate, { actorUserId: user.id, accept: body.decision === 'ACCEPT', reason: body.reason }, locale, new Date());
    },
  });

  routes.route({
    method: 'post',
    path: '/follow-ups/:id/cancel',
    tag: 'Follow-up',
    summary: "Cancel an open task with a reason (a re-examination not yet taken: its registration is withdrawn)",
    roles: ['LEADER', 'COORDINATOR'],
    params: idParam,
    body: z.object({ reason }),
    async handle({ params, body, user, locale }) {
      const task = await findTask(user, params.id);
      return act(task, 'cancel', cancelTaskUpdate, { actorUserId: user.id, reason: body.reason }, locale, new Date());
    },
  });

  routes.route({
    method: 'get',
    path: '/follow-ups/:id/reexamination/sessions',
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
    tag: 'Follow-up',
    summary: "Seat a re-examination in a session of the officer's department with a free seat (or move it there); a published session draws the form at once",
    roles: ['REVIEWER', 'LEADER', 'COORDINATOR'],
    params: idParam,
    body: z.object({ sessionId: z.string().min(1).max(100) }),
    async handle({ params, body, user, req }) {
      const task = await findTask(user, params.id);
      const seated = await seatReexamination(prisma, { taskId: task.id, sessionId: body.sessionId, actorUserId: user.id });
      if ('error' in seated) throw new HttpError(seated.error === 'UNKNOWN_SESSION' ? 404 : 409, seated.error, `followUp.reexam.${seated.error}`);
      // The task looks for the result once the session is over; should this signal be lost, its idle look finds it later.
      try {
        await temporal.workflow.getHandle(followUpWorkflowId(task.id)).signal(reexamScheduledSignal, { sessionId: seated.seat.sessionId, startsAt: seated.seat.startsAt });
      } catch (err) {
        req.log?.warn({ err, taskId: task.id }, 'follow-up task not told of its seating');
      }
      return seated;
    },
  });
}
