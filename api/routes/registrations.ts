// Registrations: officers register for the position they hold (self-service, or their department registers
// them one by one or from a file); reviewers see their unit's list with the verification flags and decide on
// each flagged registration with a written justification.
import { z } from 'zod';
import type { AssessmentCycle, Prisma } from '../../prisma/db';
import { parseRegistrationFile, registrationTemplate } from '../../services/documents/registration-file';
import { importRegistrations, registerOne, registrationWindowOpen, type Actor } from '../../services/registrations';
import { listNotRegistered, NOT_REGISTERED_SORT_KEYS } from '../../services/eligibility-sql';
import { decideRegistration, registrationInclude, type RegistrationRow } from '../../services/registration-review';
import { renderReason } from '../../rules/reason-messages';
import { orNoMatch } from '../../domain/unit-path';
import type { AuthUser } from '../auth';
import { HttpError, badRequest, conflict, forbidden, importRejected, notFound } from '../errors';
import type { Locale } from '../i18n';
import { assertUnitInScope, MANAGING_ROLES, scopePath, STAFF_ROLES, unitScopeWhere } from '../scope';
import { loadUnitInScope, loadVisibleCycle } from '../lookups';
import { idParam, page, pageQuery, skipTake } from '../route';
import type { ApiContext } from '../context';
import { paged, registrationView } from '../response-shapes';
import { importOutcomeShape, notRegisteredShape, registrationDetailShape } from '../console-shapes';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NOT_REGISTERED_SORTS = [...NOT_REGISTERED_SORT_KEYS, ...NOT_REGISTERED_SORT_KEYS.map((k) => `-${k}` as const)] as const;
const registrationParams = z.object({ id: z.string().min(1).max(100), registrationId: z.string().min(1).max(100) });

function assertRegistrationOpen(cycle: AssessmentCycle) {
  if (!registrationWindowOpen(cycle)) {
    throw conflict('REGISTRATION_CLOSED', 'registration.closed', { code: cycle.code, opens: cycle.registrationOpensAt.toISOString(), closes: cycle.registrationClosesAt.toISOString() });
  }
}

export function actorOf(user: AuthUser): Actor {
  return { userId: user.id, role: user.role, scopePath: user.role === 'OFFICER' ? null : scopePath(user), officerId: user.officerId };
}

export function presentRegistration(r: RegistrationRow, locale: Locale) {
  const reasons = (r.verificationReasons ?? []) as { code: string; severity: string; params: Record<string, string | number | boolean> }[];
  const name = (p: { nameVi: string; nameEn: string }) => (locale === 'en' ? p.nameEn : p.nameVi);
  // The reasons are worded with both positions named, the one chosen and the one held.
  const named = { chosenPosition: name(r.position), heldPosition: name(r.heldPosition) };
  return {
    id: r.id,
    cycleId: r.cycleId,
    officer: { id: r.officer.id, employeeCode: r.officer.employeeCode, fullName: r.officer.fullName },
    unit: { id: r.unit.id, nameVi: r.unit.nameVi, nameEn: r.unit.nameEn },
    position: { id: r.position.id, nameVi: r.position.nameVi, nameEn: r.position.nameEn },
    heldPosition: { id: r.heldPosition.id, nameVi: r.heldPosition.nameVi, nameEn: r.heldPosition.nameEn },
    source: r.source,
    status: r.status,
    verification: r.verificationOutcome
      ? { outcome: r.verificationOutcome, verifiedAt: r.verifiedAt, reasons: reasons.map((x) => ({ ...x, message: renderReason({ code: x.code, params: { ...x.params, ...named } }, locale) })) }
      : null,
    review: { decision: r.reviewDecision, justification: r.reviewJustification, reviewedById: r.reviewedById, reviewedAt: r.reviewedAt, correctedFromPositionId: r.correctedFromPositionId },
    createdAt: r.createdAt,
  };
}

export { registrationInclude };

const SORT_KEYS = ['unit', 'officer', 'position', 'outcome', 'decision', 'createdAt'] as const;
const REGISTRATION_SORTS = [...SORT_KEYS, ...SORT_KEYS.map((k) => `-${k}` as const)] as const;

/** A list's order from its sort key; always ending on unit and id, so pages never overlap. */
function registrationOrder(sort: (typeof REGISTRATION_SORTS)[number]): Prisma.RegistrationOrderByWithRelationInput[] {
  const dir = sort.startsWith('-') ? 'desc' : 'asc';
  const first: Record<(typeof SORT_KEYS)[number], Prisma.RegistrationOrderByWithRelationInput | null> = {
    unit: null,
    officer: { officer: { fullName: dir } },
    position: { position: { nameVi: dir } },
    outcome: { verificationOutcome: { sort: dir, nulls: 'last' } },
    decision: { reviewDecision: dir },
    createdAt: { createdAt: dir },
  };
  const key = sort.replace(/^-/, '') as (typeof SORT_KEYS)[number];
  return [...(first[key] ? [first[key]] : []), { unitId: key === 'unit' ? dir : 'asc' }, { id: 'asc' }];
}

export function registrationRoutes({ prisma, routes }: ApiContext) {
  routes.route({
    method: 'post',
    path: '/cycles/:id/registrations',
    tag: 'Registrations',
    summary: 'Register an officer for a job position while registration is open (an officer registers themself)',
    roles: ['OFFICER', 'REVIEWER', 'COORDINATOR'],
    params: idParam,
    body: z.object({ positionId: z.string().min(1).max(40), officerId: z.string().min(1).max(40).optional() }),
    response: z.object({ change: z.enum(['created', 'updated', 'unchanged']), registration: registrationView }),
    async handle({ params, body, user, locale, res }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const officerId = user.role === 'OFFICER' ? user.officerId : body.officerId;
      if (!officerId) throw badRequest('OFFICER_REQUIRED', 'registration.officerRequired');
      if (user.role === 'OFFICER' && body.officerId && body.officerId !== user.officerId) throw forbidden('auth.notYourOfficer');
      assertRegistrationOpen(cycle);
      const result = await registerOne(prisma, cycle, { officerId, positionId: body.positionId }, actorOf(user));
      if ('error' in result) throw HttpError.localized(422, result.error.code, result.error.message);
      res.status(result.change === 'created' ? 201 : 200);
      const saved = await prisma.registration.findUniqueOrThrow({ where: { id: result.id }, include: registrationInclude });
      return { change: result.change, registration: presentRegistration(saved, locale) };
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/registrations/import',
    tag: 'Registrations',
    summary: 'Register officers in bulk from an Excel (.xlsx) or CSV file: all rows or none, with a per-row error report',
    description: 'Columns: "Mã công chức" (Employee code), "Mã vị trí đăng ký" (Position code), optional "Họ và tên" (Full name, cross-checked) and "Ghi chú". Importing the same file again changes nothing.',
    roles: ['REVIEWER', 'COORDINATOR'],
    params: idParam,
    upload: { contentTypes: [XLSX, 'text/csv'], maxBytes: 10 * 1024 * 1024 },
    response: importOutcomeShape,
    async handle({ params, body, user, req }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      assertRegistrationOpen(cycle);
      const data = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
      const fileName = (req.query.fileName as string | undefined) ?? undefined;
      const parsed = await parseRegistrationFile(data, fileName, req.headers['content-type']);
      const outcome = parsed.errors.length
        ? { created: 0, updated: 0, unchanged: 0, errors: parsed.errors }
        : await importRegistrations(prisma, cycle, parsed.rows, parsed.columns, actorOf(user));
      if (outcome.errors.length) {
        throw importRejected('registration.importRejected', outcome.errors);
      }
      return { rows: parsed.rows.length, created: outcome.created, updated: outcome.updated, unchanged: outcome.unchanged };
    },
  });

  routes.route({
    method: 'get',
    path: '/registrations/import-template',
    tag: 'Registrations',
    summary: 'The Excel template for bulk registration',
    roles: ['REVIEWER', 'COORDINATOR'],
    produces: XLSX,
    async handle({ res }) {
      res.type(XLSX).attachment('mau-dang-ky-danh-gia-nang-luc.xlsx').send(await registrationTemplate());
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/registrations',
    tag: 'Registrations',
    summary: "Registrations in the caller's unit scope, with verification flags (an officer sees their own)",
    response: paged(registrationView),
    roles: STAFF_ROLES,
    params: idParam,
    query: pageQuery.extend({
      unitId: z.string().optional(),
      outcome: z.enum(['CLEAR', 'FLAGGED', 'BLOCKED']).optional(),
      decision: z.enum(['PENDING', 'ACCEPTED', 'REJECTED', 'CORRECTED']).optional(),
      reason: z.string().max(40).optional(),
      sort: z.enum(REGISTRATION_SORTS).default('unit').describe('Sort key, "-" first for descending; ties by unit then id'),
    }),
    async handle({ params, query, user, locale }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const unit = await loadUnitInScope(prisma, user, query.unitId);
      const where: Prisma.RegistrationWhereInput = {
        cycleId: cycle.id,
        ...(user.role === 'OFFICER' ? { officerId: orNoMatch(user.officerId) } : { unit: unit ? { path: { startsWith: unit.path } } : unitScopeWhere(user) }),
        ...(query.outcome ? { verificationOutcome: query.outcome } : {}),
        ...(query.decision ? { reviewDecision: query.decision } : {}),
        ...(query.reason ? { verificationReasons: { array_contains: [{ code: query.reason }] } } : {}),
      };
      const [items, total] = await Promise.all([
        prisma.registration.findMany({ where, include: registrationInclude, orderBy: registrationOrder(query.sort), ...skipTake(query) }),
        prisma.registration.count({ where }),
      ]);
      return page(items.map((r) => presentRegistration(r, locale)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/registrations/:registrationId',
    tag: 'Registrations',
    summary: 'One registration with its verification reasons and the trace of the rules that fired',
    response: registrationDetailShape,
    roles: STAFF_ROLES,
    params: registrationParams,
    async handle({ params, user, locale }) {
      await loadVisibleCycle(prisma, user, params.id);
      const r = await prisma.registration.findFirst({ where: { id: params.registrationId, cycleId: params.id }, include: registrationInclude });
      if (!r) throw notFound('Registration', params.registrationId);
      if (user.role === 'OFFICER' ? r.officerId !== user.officerId : false) throw forbidden('auth.notYourOfficer');
      if (user.role !== 'OFFICER') assertUnitInScope(user, r.unit);
      return { ...presentRegistration(r, locale), trace: r.verificationTrace };
    },
  });

  routes.route({
    method: 'post',
    path: '/cycles/:id/registrations/:registrationId/decision',
    tag: 'Registrations',
    summary: "A reviewer's decision on a flagged registration: accept or reject with a justification, or correct it to the officer's actual position",
    response: registrationView,
    roles: ['REVIEWER', 'COORDINATOR'],
    params: registrationParams,
    body: z.object({
      decision: z.enum(['ACCEPT', 'REJECT', 'CORRECT']),
      justification: z.string().trim().min(10).max(2000),
    }),
    async handle({ params, body, user, locale }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const r = await prisma.registration.findFirst({ where: { id: params.registrationId, cycleId: cycle.id }, include: registrationInclude });
      if (!r) throw notFound('Registration', params.registrationId);
      assertUnitInScope(user, r.unit);
      const decided = await decideRegistration(prisma, r, body, user);
      switch (decided.kind) {
        case 'listNotOpen':
          throw conflict('LIST_NOT_OPEN', 'registration.listNotOpen', { status: decided.status });
        case 'deadlinePassed':
          throw conflict('DEADLINE_PASSED', 'unitList.deadlinePassed');
        case 'notActive':
          throw conflict('REGISTRATION_NOT_ACTIVE', 'registration.notActive', { status: decided.status });
        case 'notFlagged':
          throw conflict('NOT_FLAGGED', 'registration.notFlagged');
        case 'alreadyActual':
          throw conflict('ALREADY_ACTUAL', 'registration.alreadyActual');
      }
      return presentRegistration(decided.registration, locale);
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/not-registered',
    tag: 'Registrations',
    summary: "Officers in the cycle's scope and the caller's units who have not registered",
    response: paged(notRegisteredShape),
    roles: MANAGING_ROLES,
    params: idParam,
    query: pageQuery.extend({
      unitId: z.string().optional(),
      search: z.string().trim().max(100).optional().describe("Part of the officer's name or employee code"),
      sort: z.enum(NOT_REGISTERED_SORTS).default('unit').describe('Sort key, "-" first for descending; ties by unit then employee code'),
    }),
    async handle({ params, query, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const unit = await loadUnitInScope(prisma, user, query.unitId);
      const result = await listNotRegistered(prisma, {
        cycleId: cycle.id, unitPathPrefix: unit?.path ?? orNoMatch(scopePath(user)), page: query.page, pageSize: query.pageSize, search: query.search, sort: query.sort,
      });
      return page(result.items, result.total, query);
    },
  });
}
