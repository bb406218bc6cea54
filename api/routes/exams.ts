// Exams: sessions at departments' test centres, seating, publishing (which draws the forms and starts the
// session's workflow), the candidate's start / autosave / submit, and voiding a faulty item with a regrade.
import { z } from 'zod';
import type { PrismaClient } from '../../prisma/db';
import { FormsCannotBeDrawn, assignSeats, moveSeat } from '../../services/exam-scheduling';
import { attendanceSheet, listSessions, seatingStatus, sessionSeats } from '../../services/exam-session-rosters';
import { buildAttendanceSheetPdf } from '../../services/documents/attendance-sheet-pdf';
import { vietnamTime } from '../../domain/notification-text';
import { DeliveryError, saveAnswers, startAttempt, submitAttempt } from '../../services/exam-delivery';
import type { ExamHandles } from '../../services/exam-handles';
import { voidItemAndRegrade } from '../../services/regrade';
import { ITEM_ANALYSIS_SORTS, ITEM_FLAGS, readCycleItemAnalysis } from '../../services/item-analysis';
import { planSession, publishSession } from '../../services/exam-sessions';
import type { AuthUser } from '../auth';
import { HttpError, badRequest, conflict, forbidden, notFound } from '../errors';
import { assertUnitInScope, MANAGING_ROLES, unitScopeWhere } from '../scope';
import { loadUnitInScope, loadVisibleCycle } from '../lookups';
import { idParam, pageQuery } from '../route';
import type { ApiContext } from '../context';
import { isoTime, named } from '../response-shapes';

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

// What a candidate receives names their questions and options only by this attempt's opaque handles
// (services/exam-handles.ts): no item id and no option key, so nothing on one paper means anything on another.
const itemHandle = z.string().describe("An opaque handle for a question of this attempt: another candidate's handle for the same question differs");
const optionHandle = z.string().describe("An opaque handle for an option of a question of this attempt: it does not reveal the option's key or position, and differs from attempt to attempt");

const startedAttemptResponse = z.object({
  attemptId: z.string(),
  status: attemptStatus,
  startedAt: isoTime,
  deadlineAt: isoTime.describe('start + duration x the extra-time multiplier: the server keeps the time'),
  submittedAt: isoTime.nullable(),
  serverTime: isoTime.describe("The server's clock when it answered, so a browser can correct its own"),
  remainingSeconds: z.number().int(),
  answers: z.record(z.string(), z.string().nullable()).describe("Saved answers: the chosen option's handle (null: none) by question handle"),
  flagged: z.array(itemHandle).describe('Handles of the questions marked to come back to'),
  seqs: z.record(z.string(), z.number()).describe("Each saved answer's change order, by question handle"),
  durationMinutes: z.number().int(),
  extraTimeMultiplier: z.number(),
  questions: z
    .array(z.object({ number: z.number().int(), itemHandle, stem: z.string(), options: z.array(z.object({ optionHandle, text: z.string() })).describe("In this candidate's shuffled order (label them by position)") }))
    .describe('The paper, in order; empty once the attempt is closed'),
});

const levelOrNone = z.enum(['LEVEL_3', 'LEVEL_2', 'LEVEL_1', 'NOT_ACHIEVED', 'NONE']);
const regradeResponse = z.object({
  alreadyVoided: z.boolean().describe('The item was voided before: nothing was regraded again'),
  affectedForms: z.number().int(),
  regraded: z.number().int().describe('Graded attempts regraded'),
  relevelled: z.number().int().describe('Results whose level the frozen rules decided again'),
  scoresChanged: z.number().int(),
  meanScoreChange: z.number().nullable().describe('Mean change of the regraded scores, in points out of 100'),
  passedChanged: z.number().int().describe('Results that now pass, or no longer pass, the pass mark'),
  levelsChanged: z.number().int(),
  levelMoves: z.array(z.object({ from: levelOrNone, to: levelOrNone, count: z.number().int() })),
});

const itemAnalysisQuery = pageQuery.extend({
  sort: z.enum(ITEM_ANALYSIS_SORTS).default('flags'),
  order: z.enum(['asc', 'desc']).optional(),
  flagged: z.enum(['true', 'false']).optional().describe('true: only flagged items that are not voided'),
});

const itemAnalysisResponse = z.object({
  computedAt: isoTime.nullable().describe('When the figures were computed; null when the cycle has no analysis yet'),
  attempts: z.number().int(),
  totals: z.object({ items: z.number().int(), flagged: z.number().int(), voided: z.number().int() }),
  items: z.array(
    z.object({
      itemVersionId: z.string(),
      code: z.string(),
      version: z.number().int(),
      stem: z.string(),
      difficulty: z.enum(['EASY', 'MEDIUM', 'HARD']),
      competency: named,
      responses: z.number().int(),
      facilityIndex: z.number().describe('Share answering right, 0..100 (the p-value x 100)'),
      discriminationIndex: z.number().nullable().describe('Correlation of the item with the rest of the test, -100..100'),
      discriminativeEfficiency: z.number().nullable(),
      flags: z.array(z.enum(ITEM_FLAGS)),
      options: z.array(z.object({ key: z.string(), text: z.string(), count: z.number().int(), correct: z.boolean() })),
      blank: z.number().int().describe('Responses left blank'),
      voided: z.object({ reason: z.string(), voidedAt: isoTime }).nullable(),
    }),
  ),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});

const sessionStatus = z.enum(['PLANNED', 'PUBLISHED', 'IN_PROGRESS', 'DONE']);
const sessionView = z.object({
  id: z.string(),
  cycleId: z.string(),
  unitId: z.string(),
  code: z.string(),
  room: z.string().nullable(),
  startsAt: isoTime,
  lateStartMinutes: z.number().int(),
  capacity: z.number().int(),
  status: sessionStatus,
  createdAt: isoTime,
});
const officerView = z.object({ id: z.string(), employeeCode: z.string(), fullName: z.string() });
const unseatedReason = z.enum(['NO_SESSION', 'NO_FREE_SEAT', 'NOT_SEATED_YET']).describe('No open session at the department / every open seat taken / free seats, seating not run since');
const seatView = z.object({ id: z.string(), sessionId: z.string(), registrationId: z.string(), seatNumber: z.number().int(), assignedAt: isoTime });

const sessionParams = z.object({ id: z.string().min(1).max(100), sessionId: z.string().min(1).max(100) });
const registrationParam = z.object({ registrationId: z.string().min(1).max(100) });

async function sessionFor(prisma: PrismaClient, cycleId: string, sessionId: string, user: AuthUser) {
  // The cycle first, as every route under /cycles/:id does: a session at the caller's unit does not open a cycle they cannot see.
  await loadVisibleCycle(prisma, user, cycleId);
  const session = await prisma.examSession.findFirst({ where: { id: sessionId, cycleId }, include: { unit: true } });
  if (!session) throw notFound('ExamSession', sessionId);
  assertUnitInScope(user, session.unit);
  return session;
}

function officerOf(user: AuthUser): string {
  if (!user.officerId) throw forbidden('auth.notYourOfficer');
  return user.officerId;
}

export function examRoutes({ prisma, workflows, routes, grader }: ApiContext, handles: ExamHandles) {
  routes.route({
    method: 'post',
    path: '/cycles/:id/sessions',
    tag: 'Exams',
    summary: "Plan an exam session at a department's test centre",
    roles: ['REVIEWER', 'COORDINATOR'],
    params: idParam,
    status: 201,
    response: sessionView,
    body: z.object({
      unitId: z.string().min(1).max(40),
      code: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/),
      startsAt: z.iso.datetime({ offset: true }),
      capacity: z.number().int().min(1).max(1000),
      room: z.string().trim().max(200).optional(),
      lateStartMinutes: z.number().int().min(0).max(24 * 60).optional().describe('How long after the start a candidate may still begin (30 by default)'),
    }),
    async handle({ params, body, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const unit = await prisma.unit.findUnique({ where: { id: body.unitId } });
      if (!unit) throw notFound('Unit', body.unitId);
      assertUnitInScope(user, unit);
      if (unit.depth !== 1) throw badRequest('NOT_A_DEPARTMENT', 'exam.sessionNotDepartment', { unit: unit.id });
      const startsAt = new Date(body.startsAt);
      // Re-examinations are held after the exam window, until the cycle closes.
      if (startsAt < cycle.examStartsAt || startsAt >= cycle.closesAt) {
        throw badRequest('OUTSIDE_EXAM_WINDOW', 'exam.sessionOutsideWindow', { from: vietnamTime(cycle.examStartsAt.toISOString()), to: vietnamTime(cycle.closesAt.toISOString()) });
      }
      const taken = await prisma.examSession.findUnique({ where: { cycleId_code: { cycleId: cycle.id, code: body.code } }, select: { id: true } });
      if (taken) throw conflict('SESSION_CODE_TAKEN', 'exam.sessionCodeTaken', { code: body.code });
      return planSession(prisma, { cycleId: cycle.id, unitId: unit.id, code: body.code, startsAt, capacity: body.capacity, room: body.room, lateStartMinutes: body.lateStartMinutes }, user);
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/sessions',
    tag: 'Exams',
    summary: "Sessions in the caller's scope (or one department of it) with their seat counts",
    roles: MANAGING_ROLES,
    params: idParam,
    query: z.object({ unitId: z.string().min(1).max(40).optional().describe("Only this department's sessions") }),
    response: z.object({ items: z.array(sessionView.extend({ seated: z.number().int() })) }),
    async handle({ params, query, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const unit = await loadUnitInScope(prisma, user, query.unitId);
      return { items: await listSessions(prisma, cycle.id, unit ? { id: unit.id } : unitScopeWhere(user)) };
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/sessions/:sessionId/seats',
    tag: 'Exams',
    summary: "A session's seats in seat order: the candidate, their unit and position, whether their form is drawn and whether they began",
    roles: MANAGING_ROLES,
    params: sessionParams,
    response: z.object({
      session: sessionView,
      items: z.array(
        z.object({
          registrationId: z.string(),
          seatNumber: z.number().int(),
          officer: officerView,
          unit: named,
          position: named,
          formDrawn: z.boolean(),
          started: z.boolean().describe('The candidate began the exam: the seat can no longer move'),
        }),
      ),
    }),
    async handle({ params, user }) {
      const { unit: _unit, ...session } = await sessionFor(prisma, params.id, params.sessionId, user);
      return { session, items: await sessionSeats(prisma, session.id) };
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/sessions/:sessionId/attendance',
    tag: 'Exams',
    summary: "A session's printable attendance sheet (PDF, Vietnamese): cycle, department, session, room and start time; one row per seat with a signature column",
    roles: MANAGING_ROLES,
    params: sessionParams,
    produces: 'application/pdf',
    async handle({ params, user, res }) {
      const session = await sessionFor(prisma, params.id, params.sessionId, user);
      const pdf = await buildAttendanceSheetPdf(await attendanceSheet(prisma, session.id));
      res.type('application/pdf').attachment(`danh-sach-du-thi-${session.code}.pdf`).send(pdf);
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/schedule/:unitId',
    tag: 'Exams',
    summary: "A department's seating: whether its list is approved, candidates and seated counts, free seats, and the approved candidates still unseated with why",
    roles: MANAGING_ROLES,
    params: z.object({ id: z.string().min(1).max(100), unitId: z.string().min(1).max(40) }),
    response: z.object({
      listApproved: z.boolean().describe('Only an approved list has candidates to seat'),
      candidates: z.number().int(),
      seated: z.number().int(),
      freeSeats: z.number().int().describe("Seats left in the department's sessions open for seating"),
      unseatedCount: z.number().int(),
      unseated: z.array(z.object({ registrationId: z.string(), officer: officerView, unit: named, position: named, reason: unseatedReason })).describe('The first 500, by unit and officer code'),
    }),
    async handle({ params, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const unit = await prisma.unit.findUnique({ where: { id: params.unitId } });
      if (!unit) throw notFound('Unit', params.unitId);
      assertUnitInScope(user, unit);
      if (unit.depth !== 1) throw badRequest('NOT_A_DEPARTMENT', 'exam.sessionNotDepartment', { unit: unit.id });
      return seatingStatus(prisma, cycle.id, unit);
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/schedule/:unitId',
    tag: 'Exams',
    summary: "Seat every approved candidate of a department in its sessions; reports who could not be seated",
    roles: ['REVIEWER', 'COORDINATOR'],
    params: z.object({ id: z.string().min(1).max(100), unitId: z.string().min(1).max(40) }),
    response: z.object({
      assigned: z.number().int(),
      alreadySeated: z.number().int(),
      unseated: z.array(z.object({ registrationId: z.string(), officerId: z.string(), employeeCode: z.string(), fullName: z.string(), reason: unseatedReason })),
    }),
    async handle({ params, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
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
    response: seatView,
    async handle({ params, body, user }) {
      await loadVisibleCycle(prisma, user, params.id);
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
    response: sessionView.extend({ forms: z.object({ generated: z.number().int(), existing: z.number().int() }) }),
    async handle({ params, user, locale }) {
      const session = await sessionFor(prisma, params.id, params.sessionId, user);
      if (session.status === 'IN_PROGRESS' || session.status === 'DONE') throw conflict('SESSION_STARTED', 'exam.sessionStarted');
      try {
        return await publishSession(prisma, workflows, session, user);
      } catch (err) {
        if (!(err instanceof FormsCannotBeDrawn)) throw err;
        const names = err.positions.map((p) => (locale === 'en' ? p.nameEn : p.nameVi)).join('; ');
        throw conflict('FORMS_CANNOT_BE_DRAWN', 'exam.formsCannotBeDrawn', { positions: names });
      }
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
      return deliver(() => startAttempt(prisma, handles, { registrationId: params.registrationId, officerId: officerOf(user) }));
    },
  });

  routes.route({
    method: 'put',
    path: '/exams/:registrationId/answers',
    tag: 'Exam delivery',
    summary: 'Autosave answers by handle (refused after the deadline); an older change than the one saved is acknowledged and ignored',
    description: "Questions and options are named by the handles the start returned; a handle that is not on this attempt's paper is a 422 and nothing of the request is saved.",
    roles: ['OFFICER'],
    response: z.object({ saved: z.number().int(), serverTime: isoTime, remainingSeconds: z.number().int() }),
    params: registrationParam,
    body: z.object({
      answers: z
        .array(
          z.object({
            itemHandle: z.string().min(1).max(64).describe('The question, by the handle the start returned'),
            optionHandle: z.string().min(1).max(64).nullable().describe('The chosen option of that question, by its handle (null clears the answer)'),
            flagged: z.boolean().optional().describe('Marked to come back to'),
            seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional().describe("The change's order in the browser (server-corrected milliseconds); an older change never overwrites a newer one"),
          }),
        )
        .min(1)
        .max(200),
    }),
    async handle({ params, body, user }) {
      return deliver(() => saveAnswers(prisma, handles, { registrationId: params.registrationId, officerId: officerOf(user), answers: body.answers }));
    },
  });

  routes.route({
    method: 'post',
    path: '/exams/:registrationId/submit',
    tag: 'Exam delivery',
    summary: 'Submit the exam (submitting twice returns the same result)',
    description: 'The attempt is closed at once and graded within seconds: until then `result` is null and `grading` true; submitting again (or reading the exams) then shows the result.',
    roles: ['OFFICER'],
    response: z.object({
      status: attemptStatus,
      submittedAt: isoTime.nullable(),
      result: z.object({ id: z.string(), score: z.number(), correctCount: z.number().int(), itemCount: z.number().int(), passed: z.boolean() }).nullable(),
      grading: z.boolean().describe('Submitted and being graded: the result follows in a few seconds'),
    }),
    params: registrationParam,
    async handle({ params, user }) {
      const { closed, ...submission } = await deliver(() => submitAttempt(prisma, { registrationId: params.registrationId, officerId: officerOf(user) }));
      if (closed) grader.kick();
      return submission;
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/item-analysis',
    tag: 'Exams',
    summary: "A cycle's item analysis over every session: flagged items first, each with its option counts and the key marked",
    description:
      'Figures as computed when grading started (or by the last rerun); voided items stay listed with their reason. ' +
      '`sort=flags` (default) lists flagged items that are not voided first, the gravest flag first; any other sort orders the whole list.',
    roles: ['COORDINATOR'],
    params: idParam,
    query: itemAnalysisQuery,
    response: itemAnalysisResponse,
    async handle({ params, query, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      return readCycleItemAnalysis(prisma, { cycleId: cycle.id, page: query.page, pageSize: query.pageSize, sort: query.sort, order: query.order ?? (query.sort === 'flags' ? 'asc' : 'desc'), flaggedOnly: query.flagged === 'true' });
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
    response: regradeResponse,
    async handle({ params, body, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const outcome = await voidItemAndRegrade(prisma, { cycleId: cycle.id, itemVersionId: params.itemVersionId, reason: body.reason, actorUserId: user.id });
      if (outcome.affectedForms === 0 && !outcome.alreadyVoided) throw notFound('QuestionItemVersion', params.itemVersionId);
      return outcome;
    },
  });
}

