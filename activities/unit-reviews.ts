// Departments' lists: which departments a cycle reviews, the lists' transitions, reminders and escalation.
// Every activity is idempotent: a retry finds its work done and changes nothing.
import { Context } from '@temporalio/activity';
import type { PrismaClient, UnitListStatus } from '../prisma/db';
import type { MissingListPolicy } from '../domain/unit-list';
import { refuse } from '../workflows/contracts';
import { writeAudit } from './audit';
import { notifyUsers } from './notifications';

/** The server's time for this activity (the time-skipping server's skipped time under test). */
const serverNow = () => new Date(Context.current().info.scheduledTimestampMs);

const TRANSITIONS = {
  SUBMIT: { from: ['DRAFT', 'RETURNED'], to: 'SUBMITTED', audit: 'unit_list.submitted' },
  APPROVE: { from: ['SUBMITTED'], to: 'APPROVED', audit: 'unit_list.approved' },
  RETURN: { from: ['SUBMITTED'], to: 'RETURNED', audit: 'unit_list.returned' },
} as const satisfies Record<string, { from: UnitListStatus[]; to: UnitListStatus; audit: string }>;

export interface TransitionUnitListInput {
  cycleId: string;
  unitId: string;
  action: keyof typeof TRANSITIONS;
  actorUserId: string;
  comment?: string;
  /** The revision the workflow holds; a list already past it means this is a retry. */
  fromRevision: number;
  late: boolean;
}

export function createUnitReviewActivities(prisma: PrismaClient) {
  const usersOf = async (role: 'REVIEWER' | 'COORDINATOR', unitId?: string) => {
    const unit = unitId ? await prisma.unit.findUniqueOrThrow({ where: { id: unitId } }) : null;
    const users = await prisma.user.findMany({
      where: { role, active: true, ...(unit ? { unit: { path: { startsWith: unit.path } } } : {}) },
      select: { id: true },
    });
    return users.map((u) => u.id);
  };

  return {
    /** Departments (depth-1 units) inside the cycle's scope, with its review policy. */
    async planUnitReviews({ cycleId }: { cycleId: string }) {
      const cycle = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycleId } });
      const scope = await prisma.unit.findMany({ where: { id: { in: cycle.scopeUnitIds } }, select: { path: true } });
      const departments = await prisma.unit.findMany({
        where: {
          depth: 1,
          ...(scope.length && !scope.some((s) => s.path === '/HQ/')
            ? { OR: scope.map((s) => ({ path: { startsWith: s.path } })) }
            : {}),
        },
        select: { id: true },
        orderBy: { id: 'asc' },
      });
      return {
        unitIds: departments.map((d) => d.id),
        reminderDaysBefore: cycle.reminderDaysBefore,
        missingListPolicy: cycle.missingListPolicy,
      };
    },

    async openUnitList({ cycleId, unitId }: { cycleId: string; unitId: string }) {
      const at = serverNow();
      const list = await prisma.$transaction(async (tx) => {
        const existing = await tx.unitList.findUnique({ where: { cycleId_unitId: { cycleId, unitId } } });
        if (existing) return existing;
        const created = await tx.unitList.create({ data: { cycleId, unitId } });
        await writeAudit(tx, { action: 'unit_list.opened', entityType: 'UnitList', entityId: created.id, cycleId, unitId, at });
        return created;
      });
      return { status: list.status, revision: list.revision, at: at.toISOString() };
    },

    async transitionUnitList(input: TransitionUnitListInput) {
      const { cycleId, unitId, action } = input;
      const rule = TRANSITIONS[action];
      const at = serverNow();
      await prisma.$transaction(async (tx) => {
        const list = await tx.unitList.findUniqueOrThrow({ where: { cycleId_unitId: { cycleId, unitId } }, include: { unit: true } });
        if (list.revision !== input.fromRevision) return; // already applied by an earlier attempt
        if (!(rule.from as readonly UnitListStatus[]).includes(list.status)) {
          refuse('ListTransitionRefused', `Cannot ${action.toLowerCase()} a list that is ${list.status}`);
        }
        if (action === 'SUBMIT') {
          const pending = await tx.registration.count({
            where: { cycleId, status: 'ACTIVE', unit: { path: { startsWith: list.unit.path } }, verificationOutcome: { in: ['FLAGGED', 'BLOCKED'] }, reviewDecision: 'PENDING' },
          });
          if (pending > 0) {
            refuse('PendingFlags', `${pending} flagged registrations still need a decision before the list can be submitted`, { pending });
          }
        }
        await tx.unitList.update({
          where: { id: list.id },
          data: {
            status: rule.to,
            revision: { increment: 1 },
            ...(action === 'SUBMIT' ? { submittedAt: at, submittedById: input.actorUserId } : {}),
            ...(action === 'APPROVE' ? { approvedAt: at, approvedById: input.actorUserId } : {}),
            ...(action === 'RETURN' ? { returnedAt: at, returnedById: input.actorUserId, returnComment: input.comment } : {}),
          },
        });
        await writeAudit(tx, {
          action: rule.audit, entityType: 'UnitList', entityId: list.id, cycleId, unitId,
          actorUserId: input.actorUserId, reason: input.comment ?? null, details: { from: list.status, to: rule.to, late: input.late }, at,
        });
      });
      const recipients = action === 'SUBMIT' ? await usersOf('COORDINATOR') : await usersOf('REVIEWER', unitId);
      await notifyUsers(prisma, recipients, {
        key: `list:${cycleId}:${unitId}:${input.fromRevision}:${action}`,
        templateKey: `unitList.${action.toLowerCase()}`,
        unitId,
        params: { cycleId, unitId, comment: input.comment ?? '' },
      });
    },

    async sendListReminder({ cycleId, unitId, daysBefore, status }: { cycleId: string; unitId: string; daysBefore: number; status: string }) {
      const at = serverNow();
      const reviewers = await usersOf('REVIEWER', unitId);
      await notifyUsers(prisma, reviewers, {
        key: `list-reminder:${cycleId}:${unitId}:${daysBefore}`,
        templateKey: 'unitList.reminder',
        unitId,
        params: { cycleId, unitId, daysBefore, status },
      });
      await prisma.$transaction(async (tx) => {
        const list = await tx.unitList.findUniqueOrThrow({ where: { cycleId_unitId: { cycleId, unitId } } });
        if (list.remindersSent.includes(daysBefore)) return;
        await tx.unitList.update({ where: { id: list.id }, data: { remindersSent: { push: daysBefore } } });
        await writeAudit(tx, { action: 'unit_list.reminded', entityType: 'UnitList', entityId: list.id, cycleId, unitId, details: { daysBefore, status, reviewers: reviewers.length }, at });
      });
      return { at: at.toISOString() };
    },

    /** The deadline passed without an approved list: tell headquarters and apply the cycle's policy. */
    async escalateMissingList({ cycleId, unitId, policy, status }: { cycleId: string; unitId: string; policy: MissingListPolicy; status: string }) {
      const at = serverNow();
      const excluded = policy === 'EXCLUDE_CANDIDATES';
      await prisma.$transaction(async (tx) => {
        const list = await tx.unitList.findUniqueOrThrow({ where: { cycleId_unitId: { cycleId, unitId } }, include: { unit: true } });
        if (list.escalatedAt) return;
        await tx.unitList.update({ where: { id: list.id }, data: { escalatedAt: at, missingDecision: policy } });
        const { count } = excluded
          ? await tx.registration.updateMany({ where: { cycleId, status: 'ACTIVE', unit: { path: { startsWith: list.unit.path } } }, data: { status: 'EXCLUDED' } })
          : { count: 0 };
        await writeAudit(tx, {
          action: 'unit_list.escalated', entityType: 'UnitList', entityId: list.id, cycleId, unitId,
          reason: excluded ? 'List missing at the deadline: candidates excluded' : 'List missing at the deadline: the exam phase waits',
          details: { policy, status, excludedRegistrations: count }, at,
        });
      });
      await notifyUsers(prisma, await usersOf('COORDINATOR'), {
        key: `list-escalation:${cycleId}:${unitId}`,
        templateKey: 'unitList.escalated',
        unitId,
        params: { cycleId, unitId, policy, status },
      });
      return { excluded };
    },
  };
}
