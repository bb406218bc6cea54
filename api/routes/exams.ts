// Exams: sessions at departments' test centres, seating, publishing (which draws the forms and starts the
// session's workflow), the candidate's start / autosave / submit, and voiding a faulty item with a regrade.
import { z } from 'zod';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { PrismaClient } from '../../prisma/db';
import { assignSeats, generateSessionForms, moveSeat } from '../../activities/exam-scheduling';
import { DeliveryError, saveAnswers, startAttempt, submitAttempt } from '../../activities/exam-delivery';
import { voidItemAndRegrade } from '../../activities/regrade';
import { writeAudit } from '../../activities/audit';
import { notifyUsers } from '../../activities/notifications';
import { examSessionWorkflowId } from '../../workflows/exam-session/contract';
import { ExamSessionWorkflow } from '../../workflows/exam-session/workflow';
import type { AuthUser } from '../auth';
import { HttpError, badRequest, conflict, forbidden, notFound } from '../errors';
import { addMessages } from '../i18n';
import { assertCycleVisible, assertUnitInScope, MANAGING_ROLES, unitScopeWhere } from '../scope';
import { idParam } from '../route';
import type { ApiContext } from '../context';
import { isoTime, named } from '../response-shapes';

addMessages({
  vi: {
    'exam.NOT_YOUR_EXAM': 'Đây không phải bài thi của bạn.',
    'exam.NOT_SEATED': 'Bạn chưa được xếp vào ca thi nào; vui lòng liên hệ đơn vị.',
    'exam.NOT_PUBLISHED': 'Lịch thi của ca này chưa được công bố.',
    'exam.TOO_EARLY': 'Chưa đến giờ thi (bắt đầu lúc {startsAt}).',
    'exam.TOO_LATE': 'Đã quá {minutes} phút kể từ giờ bắt đầu ca thi; không thể vào thi.',
    'exam.NO_FORM': 'Đề thi của bạn chưa được tạo; vui lòng báo giám thị.',
    'exam.NOT_STARTED': 'Bạn chưa bắt đầu làm bài.',
    'exam.TIME_UP': 'Đã hết giờ làm bài (lúc {deadlineAt}); câu trả lời không được ghi nhận.',
    'exam.ALREADY_SUBMITTED': 'Bài thi đã nộp; không thể sửa câu trả lời.',
    'exam.UNKNOWN_ITEM': 'Câu hỏi {itemVersionId} không có trong đề của bạn.',
    'exam.UNKNOWN_OPTION': 'Phương án "{key}" không có trong câu hỏi này.',
    'exam.sessionOutsideWindow': 'Ca thi (kể cả thi lại) phải nằm trong khoảng từ ngày thi đến ngày kết thúc kỳ ({from} – {to}).',
    'exam.sessionNotDepartment': 'Ca thi được tổ chức tại Cục Hải quan tỉnh hoặc đơn vị thuộc Tổng cục; "{unit}" không phải.',
    'exam.sessionStarted': 'Ca thi đã bắt đầu; không thể thay đổi.',
    'exam.NOT_SEATED_MOVE': 'Công chức chưa được xếp chỗ.',
    'exam.UNKNOWN_SESSION': 'Không có ca thi này trong kỳ.',
    'exam.OTHER_DEPARTMENT': 'Chỉ được chuyển sang ca thi của cùng đơn vị.',
    'exam.ALREADY_STARTED': 'Thí sinh đã bắt đầu làm bài; không thể chuyển ca.',
    'exam.SESSION_FULL': 'Ca thi đã đủ chỗ.',
    'entity.ExamSession': 'ca thi',
  },
  en: {
    'exam.NOT_YOUR_EXAM': 'This is not your exam.',
    'exam.NOT_SEATED': 'You have no seat in any session yet; please contact your unit.',
    'exam.NOT_PUBLISHED': "This session's schedule has not been published.",
    'exam.TOO_EARLY': 'The exam has not started yet (it starts at {startsAt}).',
    'exam.TOO_LATE': 'More than {minutes} minutes have passed since the session started; you can no longer begin.',
    'exam.NO_FORM': 'Your test has not been generated; please tell the invigilator.',
    'exam.NOT_STARTED': 'You have not started the exam.',
    'exam.TIME_UP': 'Time is up (at {deadlineAt}); the answer was not recorded.',
    'exam.ALREADY_SUBMITTED': 'The exam has been submitted; answers can no longer change.',
    'exam.UNKNOWN_ITEM': 'Question {itemVersionId} is not in your test.',
    'exam.UNKNOWN_OPTION': 'Option "{key}" is not one of this question\'s options.',
    'exam.sessionOutsideWindow': "A session (re-examinations included) must fall between the cycle's exam start and its closing ({from} – {to}).",
    'exam.sessionNotDepartment': 'Sessions are held at provincial departments or HQ units; "{unit}" is neither.',
    'exam.sessionStarted': 'The session has started and can no longer change.',
    'exam.NOT_SEATED_MOVE': 'The candidate has no seat.',
    'exam.UNKNOWN_SESSION': 'No such session in this cycle.',
    'exam.OTHER_DEPARTMENT': 'A candidate can only move to a session of the same unit.',
    'exam.ALREADY_STARTED': 'The candidate has started the exam and cannot move.',
    'exam.SESSION_FULL': 'The session is full.',
    'entity.ExamSession': 'exam session',
  },
});

const DELIVERY_STATUS: Record<string, number> = { NOT_YOUR_EXAM: 403, NOT_SEATED: 409, NOT_PUBLISHED: 409, TOO_EARLY: 409, TOO_LATE: 409, NO_FORM: 409, NOT_STARTED: 409, TIME_UP: 409, ALREADY_SUBMITTED: 409, UNKNOWN_ITEM: 422, UNKNOWN_OPTION: 422 };

/** Runs a delivery step, turning its refusals into messages the candidate can act on. */
async function deliver<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof DeliveryError) throw new HttpError(DELIVERY_STATUS[err.problem] ?? 409, err.problem, `exam.${err.problem}`, err.params);
    throw err;
  }
}

const attemptStatus = z.enum(['IN_PROGRESS', 'SUBMITTED', 'AUTO_SUBMITTED', 'VOIDED']);

const myExamsResponse = z.object({
  items: z.array(
    z.object({
      registrationId: z.string(),
      cycle: z.object({ code: z.string(), nameVi: z.string(), nameEn: z.string() }),
      position: named,
      session: z
        .object({ id: z.string(), code: z.string(), room: z.string().nullable(), startsAt: isoTime, lateStartMinutes: z.number().int(), status: z.enum(['PLANNED', 'PUBLISHED', 'IN_PROGRESS', 'DONE']), seatNumber: z.number().int() })
        .nullable(),
      attempt: z.object({ status: attemptStatus, deadlineAt: isoTime }).nullable(),
    }),
  ),
});

const startedAttemptResponse = z.object({
  attemptId: z.string(),
  status: attemptStatus,
  startedAt: isoTime,
  deadlineAt: isoTime.describe('start + duration x the extra-time multiplier: the server keeps the time'),
  submittedAt: isoTime.nullable(),
  serverTime: isoTime.describe("The server's clock when it answered, so a browser can correct its own"),
  remainingSeconds: z.number().int(),
  answers: z.record(z.string(), z.string().nullable()).describe('Saved answers by question (item version id)'),
  flagged: z.array(z.string()).describe('Questions marked to come back to'),
  seqs: z.record(z.string(), z.number()).describe("Each saved answer's change order"),
  durationMinutes: z.number().int(),
  extraTimeMultiplier: z.number(),
  questions: z.array(z.object({ number: z.number().int(), itemVersionId: z.string(), stem: z.string(), options: z.array(z.object({ key: z.string(), text: z.string() })) })),
});

const sessionParams = z.object({ id: z.string().min(1).max(100), sessionId: z.string().min(1).max(100) });
const registrationParam = z.object({ registrationId: z.string().min(1).max(100) });

async function cycleFor(prisma: PrismaClient, id: string, user: AuthUser) {
  const cycle = await prisma.assessmentCycle.findUnique({ where: { id } });
  if (!cycle) throw notFound('AssessmentCycle', id);
  assertCycleVisible(user, cycle);
  return cycle;
}

async function sessionFor(prisma: PrismaClient, cycleId: string, sessionId: string, user: AuthUser) {
  const session = await prisma.examSession.findFirst({ where: { id: sessionId, cycleId }, include: { unit: true } });
  if (!session) throw notFound('ExamSession', sessionId);
  assertUnitInScope(user, session.unit);
  return session;
}

function officerOf(user: AuthUser): string {
  if (!user.officerId) throw forbidden('auth.notYourOfficer');
  return user.officerId;
}

export function examRoutes({ prisma, temporal, config, routes }: ApiContext) {
  routes.route({
    method: 'post',
    path: '/cycles/:id/sessions',
    tag: 'Exams',
    summary: "Plan an exam session at a department's test centre",
    roles: ['REVIEWER', 'COORDINATOR'],
    params: idParam,
    status: 201,
    body: z.object({
      unitId: z.string().min(1).max(40),
      code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/),
      startsAt: z.iso.datetime({ offset: true }),
      capacity: z.number().int().min(1).max(1000),
      room: z.string().trim().max(200).optional(),
      lateStartMinutes: z.number().int().min(0).max(24 * 60).optional().describe('How long after the start a candidate may still begin (30 by default)'),
    }),
    async handle({ params, body, user }) {
      const cycle = await cycleFor(prisma, params.id, user);
      const unit = await prisma.unit.findUnique({ where: { id: body.unitId } });
      if (!unit) throw notFound('Unit', body.unitId);
      assertUnitInScope(user, unit);
      if (unit.depth !== 1) throw badRequest('NOT_A_DEPARTMENT', 'exam.sessionNotDepartment', { unit: unit.id });
      const startsAt = new Date(body.startsAt);
      // Re-examinations are held after the exam window, until the cycle closes.
      if (startsAt < cycle.examStartsAt || startsAt >= cycle.closesAt) {
        throw badRequest('OUTSIDE_EXAM_WINDOW', 'exam.sessionOutsideWindow', { from: cycle.examStartsAt.toISOString(), to: cycle.closesAt.toISOString() });
      }
      return prisma.$transaction(async (tx) => {
        const session = await tx.examSession.create({ data: { cycleId: cycle.id, unitId: unit.id, code: body.code, startsAt, capacity: body.capacity, room: body.room, lateStartMinutes: body.lateStartMinutes } });
        await writeAudit(tx, { action: 'exam.session_created', entityType: 'ExamSession', entityId: session.id, cycleId: cycle.id, unitId: unit.id, actorUserId: user.id, actorRole: user.role, details: { code: body.code, capacity: body.capacity } });
        return session;
      });
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/sessions',
    tag: 'Exams',
    summary: "Sessions in the caller's scope with their seat counts",
    roles: MANAGING_ROLES,
    params: idParam,
    async handle({ params, user }) {
      const cycle = await cycleFor(prisma, params.id, user);
      const sessions = await prisma.examSession.findMany({
        where: { cycleId: cycle.id, unit: unitScopeWhere(user) },
        include: { _count: { select: { seats: true } } },
        orderBy: [{ unitId: 'asc' }, { startsAt: 'asc' }],
      });
      return { items: sessions.map(({ _count, ...s }) => ({ ...s, seated: _count.seats })) };
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/schedule/:unitId',
    tag: 'Exams',
    summary: "Seat every approved candidate of a department in its sessions; reports who could not be seated",
    roles: ['REVIEWER', 'COORDINATOR'],
    params: z.object({ id: z.string().min(1).max(100), unitId: z.string().min(1).max(40) }),
    async handle({ params, user }) {
      const cycle = await cycleFor(prisma, params.id, user);
      const unit = await prisma.unit.findUnique({ where: { id: params.unitId } });
      if (!unit) throw notFound('Unit', params.unitId);
      assertUnitInScope(user, unit);
      return assignSeats(prisma, cycle.id, unit.id, user.id);
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/seats/:registrationId/move',
    tag: 'Exams',
    summary: 'Move a candidate to another session of the same department',
    roles: ['REVIEWER', 'COORDINATOR'],
    params: z.object({ id: z.string().min(1).max(100), registrationId: z.string().min(1).max(100) }),
    body: z.object({ sessionId: z.string().min(1).max(100) }),
    async handle({ params, body, user }) {
      await cycleFor(prisma, params.id, user);
      const registration = await prisma.registration.findFirst({ where: { id: params.registrationId, cycleId: params.id }, include: { unit: true } });
      if (!registration) throw notFound('Registration', params.registrationId);
      assertUnitInScope(user, registration.unit);
      const moved = await moveSeat(prisma, registration.id, body.sessionId, user.id);
      if (moved.error) {
        const key = moved.error === 'NOT_SEATED' ? 'exam.NOT_SEATED_MOVE' : `exam.${moved.error}`;
        throw conflict(moved.error, key);
      }
      return moved.seat!;
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/sessions/:sessionId/publish',
    tag: 'Exams',
    summary: "Publish a session's schedule to its candidates: draws their forms and starts the session's clock",
    roles: ['REVIEWER', 'COORDINATOR'],
    params: sessionParams,
    async handle({ params, user }) {
      const session = await sessionFor(prisma, params.id, params.sessionId, user);
      if (session.status === 'IN_PROGRESS' || session.status === 'DONE') throw conflict('SESSION_STARTED', 'exam.sessionStarted');
      const forms = await generateSessionForms(prisma, session.id);
      const lastStartAt = new Date(session.startsAt.getTime() + session.lateStartMinutes * 60_000);
      try {
        await temporal.workflow.start(ExamSessionWorkflow, {
          workflowId: examSessionWorkflowId(session.id),
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          args: [{ sessionId: session.id, startsAt: session.startsAt.toISOString(), lastStartAt: lastStartAt.toISOString() }],
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err; // published before: same clock
      }
      const published = await prisma.$transaction(async (tx) => {
        const updated = await tx.examSession.update({ where: { id: session.id }, data: { status: 'PUBLISHED' } });
        if (session.status !== 'PUBLISHED') {
          await writeAudit(tx, { action: 'exam.session_published', entityType: 'ExamSession', entityId: session.id, cycleId: session.cycleId, unitId: session.unitId, actorUserId: user.id, actorRole: user.role, details: forms });
        }
        return updated;
      });
      const candidates = await prisma.user.findMany({ where: { officer: { registrations: { some: { seat: { sessionId: session.id } } } } }, select: { id: true } });
      await notifyUsers(prisma, candidates.map((c) => c.id), {
        key: `session-published:${session.id}`,
        templateKey: 'exam.sessionPublished',
        unitId: session.unitId,
        params: { sessionId: session.id, code: session.code, startsAt: session.startsAt.toISOString(), room: session.room ?? '' },
      });
      return { ...published, forms };
    },
  });

  routes.route({
    method: 'get',
    path: '/me/exams',
    tag: 'Exams',
    summary: "The signed-in officer's registrations with their seats and sessions",
    roles: ['OFFICER'],
    response: myExamsResponse,
    async handle({ user }) {
      const registrations = await prisma.registration.findMany({
        where: { officerId: officerOf(user) },
        include: { cycle: { select: { code: true, nameVi: true, nameEn: true } }, position: true, seat: { include: { session: true } }, attempts: { select: { status: true, deadlineAt: true } } },
        orderBy: { createdAt: 'desc' },
      });
      return { items: registrations.map((r) => ({ registrationId: r.id, cycle: r.cycle, position: { id: r.position.id, nameVi: r.position.nameVi, nameEn: r.position.nameEn }, session: r.seat?.session.status === 'PLANNED' || !r.seat ? null : { id: r.seat.session.id, code: r.seat.session.code, room: r.seat.session.room, startsAt: r.seat.session.startsAt, lateStartMinutes: r.seat.session.lateStartMinutes, status: r.seat.session.status, seatNumber: r.seat.seatNumber }, attempt: r.attempts[0] ?? null })) };
    },
  });

  routes.route({
    method: 'post',
    path: '/exams/:registrationId/start',
    tag: 'Exam delivery',
    summary: 'Start the exam, or resume it with the time that remains (the server keeps the time)',
    roles: ['OFFICER'],
    response: startedAttemptResponse,
    params: registrationParam,
    async handle({ params, user }) {
      return deliver(() => startAttempt(prisma, { registrationId: params.registrationId, officerId: officerOf(user) }));
    },
  });

  routes.route({
    method: 'put',
    path: '/exams/:registrationId/answers',
    tag: 'Exam delivery',
    summary: 'Autosave answers (refused after the deadline); an older change than the one saved is acknowledged and ignored',
    roles: ['OFFICER'],
    response: z.object({ saved: z.number().int(), serverTime: isoTime, remainingSeconds: z.number().int() }),
    params: registrationParam,
    body: z.object({
      answers: z
        .array(
          z.object({
            itemVersionId: z.string().min(1).max(100),
            chosenKey: z.string().min(1).max(4).nullable(),
            flagged: z.boolean().optional().describe('Marked to come back to'),
            seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe("The change's order in the browser (server-corrected milliseconds); an older change never overwrites a newer one"),
          }),
        )
        .min(1)
        .max(200),
    }),
    async handle({ params, body, user }) {
      return deliver(() => saveAnswers(prisma, { registrationId: params.registrationId, officerId: officerOf(user), answers: body.answers }));
    },
  });

  routes.route({
    method: 'post',
    path: '/exams/:registrationId/submit',
    tag: 'Exam delivery',
    summary: 'Submit the exam (submitting twice returns the same result)',
    roles: ['OFFICER'],
    response: z.object({
      status: attemptStatus,
      submittedAt: isoTime.nullable(),
      result: z.object({ id: z.string(), score: z.number(), correctCount: z.number().int(), itemCount: z.number().int(), passed: z.boolean() }).nullable(),
    }),
    params: registrationParam,
    async handle({ params, user }) {
      const attempt = await deliver(() => submitAttempt(prisma, { registrationId: params.registrationId, officerId: officerOf(user) }));
      const { result } = attempt;
      return { status: attempt.status, submittedAt: attempt.submittedAt, result: result && { id: result.id, score: Number(result.score), correctCount: result.correctCount, itemCount: result.itemCount, passed: result.passed } };
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/items/:itemVersionId/void',
    tag: 'Exams',
    summary: 'Void a faulty item (e.g. a wrong key) for the cycle and regrade every affected attempt',
    roles: ['COORDINATOR'],
    params: z.object({ id: z.string().min(1).max(100), itemVersionId: z.string().min(1).max(100) }),
    body: z.object({ reason: z.string().trim().min(10).max(2000) }),
    async handle({ params, body, user }) {
      const cycle = await cycleFor(prisma, params.id, user);
      const outcome = await voidItemAndRegrade(prisma, { cycleId: cycle.id, itemVersionId: params.itemVersionId, reason: body.reason, actorUserId: user.id });
      if (outcome.affectedForms === 0 && !outcome.alreadyVoided) throw notFound('QuestionItemVersion', params.itemVersionId);
      return outcome;
    },
  });
}

