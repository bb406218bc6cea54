// Departments' lists: the reviewer submits, headquarters approves or returns with comments. Every transition
// is a Temporal Update on the department's UnitReviewWorkflow, whose validator refuses invalid ones; the
// request names the revision it acts on, which also makes a retried request the same update.
import { z } from 'zod';
import type { PrismaClient } from '../../prisma/db';
import { buildApprovedListWorkbook } from '../../services/documents/approved-list-workbook';
import { orNoMatch, unitPath } from '../../domain/unit-path';
import { registrationReport } from '../../services/registration-report';
import { actOnList, listReminders, liveList } from '../../services/unit-lists';
import type { AuthUser } from '../auth';
import { conflict, notFound } from '../errors';
import { loadUnitInScope, loadVisibleCycle } from '../lookups';
import { refusalError } from '../refusals';
import { MANAGING_ROLES, scopePath, unitScopeWhere } from '../scope';
import { idParam } from '../route';
import type { ApiContext } from '../context';
import { listTransitionShape, registrationReportShape, unitListDetailShape, unitListsShape } from '../console-shapes';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const listParams = z.object({ id: z.string().min(1).max(100), unitId: z.string().min(1).max(40) });

const TARGET = { submit: 'SUBMITTED', approve: 'APPROVED', return: 'RETURNED' } as const;

async function findList(prisma: PrismaClient, user: AuthUser, cycleId: string, unitId: string) {
  const cycle = await loadVisibleCycle(prisma, user, cycleId);
  const unit = (await loadUnitInScope(prisma, user, unitId))!;
  const list = await prisma.unitList.findUnique({ where: { cycleId_unitId: { cycleId, unitId } } });
  if (!list) throw notFound('UnitList', `${cycleId}/${unitId}`);
  return { cycle, unit, list };
}

export function unitListRoutes({ prisma, workflows, routes }: ApiContext) {
  routes.route({
    method: 'get',
    path: '/cycles/:id/lists',
    tag: 'Unit lists',
    summary: "Departments' lists in the caller's scope with their status",
    response: unitListsShape,
    roles: MANAGING_ROLES,
    params: idParam,
    async handle({ params, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const items = await prisma.unitList.findMany({
        where: { cycleId: cycle.id, unit: { OR: [unitScopeWhere(user), ...(user.unitPath ? [{ id: { in: unitPath.ids(user.unitPath) } }] : [])] } },
        include: { unit: { select: { id: true, nameVi: true, nameEn: true } } },
        orderBy: { unitId: 'asc' },
      });
      return { items: items.map((l) => ({ ...l, late: l.status !== 'APPROVED' ? l.escalatedAt !== null : (l.approvedAt ?? cycle.listsDueAt) > cycle.listsDueAt, dueAt: cycle.listsDueAt })) };
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/lists/:unitId',
    tag: 'Unit lists',
    summary: "A department's list: its stored state and the workflow's live view",
    response: unitListDetailShape,
    roles: MANAGING_ROLES,
    params: listParams,
    async handle({ params, user }) {
      const { list, cycle } = await findList(prisma, user, params.id, params.unitId);
      const [live, reminders] = await Promise.all([liveList(workflows, cycle.id, params.unitId), listReminders(prisma, list.id)]);
      return { ...list, dueAt: cycle.listsDueAt, live, reminders, reminderDaysBefore: cycle.reminderDaysBefore };
    },
  });

  const transition = (action: 'submit' | 'approve' | 'return', roles: readonly ('REVIEWER' | 'COORDINATOR')[], summary: string) =>
    routes.route({
      method: 'post',
      path: `/cycles/:id/lists/:unitId/${action}`,
      tag: 'Unit lists',
      summary,
      roles,
      params: listParams,
      response: listTransitionShape,
      body: z.object({
        expectedRevision: z.number().int().min(0),
        comment: action === 'return' ? z.string().trim().min(5).max(2000) : z.string().trim().max(2000).optional(),
      }),
      async handle({ params, body, user }) {
        const { list } = await findList(prisma, user, params.id, params.unitId);
        // A retried request whose transition already happened (even after the workflow finished) gets the same answer.
        if (list.revision === body.expectedRevision + 1 && list.status === TARGET[action]) return { ...list, repeated: true };
        const acted = await actOnList(workflows, action, params.id, params.unitId, { actorUserId: user.id, expectedRevision: body.expectedRevision, comment: body.comment });
        // The stored list as it is now, the same shape as a retry's answer above.
        const after = await prisma.unitList.findUniqueOrThrow({ where: { cycleId_unitId: { cycleId: params.id, unitId: params.unitId } } });
        if (acted.ok) return { ...after, repeated: false };
        const [details] = acted.refusal.details as [{ pending?: number }?];
        throw refusalError(acted.refusal, { action: `unitList.action.${action}`, status: after.status, pending: details?.pending ?? 0 });
      },
    });
  transition('submit', ['REVIEWER', 'COORDINATOR'], "Submit the department's reviewed list to headquarters");
  transition('approve', ['COORDINATOR'], 'Approve a submitted list (headquarters)');
  transition('return', ['COORDINATOR'], 'Return a submitted list with comments (headquarters)');

  routes.route({
    method: 'get',
    path: '/cycles/:id/lists/:unitId/export',
    tag: 'Unit lists',
    summary: 'The approved list as an Excel file',
    roles: MANAGING_ROLES,
    params: listParams,
    produces: XLSX,
    async handle({ params, user, res }) {
      const { cycle, unit, list } = await findList(prisma, user, params.id, params.unitId);
      if (list.status !== 'APPROVED') throw conflict('LIST_NOT_APPROVED', 'unitList.notApproved', { status: list.status });
      const registrations = await prisma.registration.findMany({
        where: { cycleId: cycle.id, status: 'ACTIVE', unit: { path: { startsWith: unit.path } }, reviewDecision: { not: 'REJECTED' } },
        include: { officer: true, position: { include: { field: true } }, heldPosition: true, unit: true },
        orderBy: [{ unitId: 'asc' }, { officer: { employeeCode: 'asc' } }],
      });
      const file = await buildApprovedListWorkbook({
        cycle: { code: cycle.code, nameVi: cycle.nameVi },
        unit: { id: unit.id, nameVi: unit.nameVi },
        approvedAt: list.approvedAt,
        rows: registrations.map((r) => ({
          employeeCode: r.officer.employeeCode,
          fullName: r.officer.fullName,
          heldPositionName: r.heldPosition.nameVi,
          positionCode: r.position.code,
          positionName: r.position.nameVi,
          fieldName: r.position.field.nameVi,
          unitName: r.unit.nameVi,
          verificationOutcome: r.verificationOutcome ?? 'CLEAR',
          reviewDecision: r.reviewDecision,
          justification: r.reviewJustification,
        })),
      });
      res.type(XLSX).attachment(`danh-sach-${cycle.code}-${unit.id}.xlsx`).send(file);
    },
  });

  routes.route({
    method: 'get',
    path: '/cycles/:id/reports/registration',
    tag: 'Reports',
    summary: 'Registration report per department: registered, not registered, flags by reason, decisions, list status and lateness; mismatch rate',
    response: registrationReportShape,
    roles: MANAGING_ROLES,
    params: idParam,
    query: z.object({ unitId: z.string().optional() }),
    async handle({ params, query, user }) {
      const cycle = await loadVisibleCycle(prisma, user, params.id);
      const unit = await loadUnitInScope(prisma, user, query.unitId);
      return registrationReport(prisma, { cycleId: cycle.id, unitPathPrefix: unit?.path ?? orNoMatch(scopePath(user)) });
    },
  });
}
