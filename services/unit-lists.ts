// Departments' lists: the reviewer submits, headquarters approves or returns with comments. Every transition is
// an Update on the department's UnitReviewWorkflow, whose validator refuses an invalid one. And the steps that
// workflow takes: which departments a cycle reviews, the list's transitions, reminders and escalation, each
// idempotent (a retry finds its work done and changes nothing) and dated by the caller (the server's time).
import {
  approveListUpdate,
  returnListUpdate,
  submitListUpdate,
  unitListQuery,
  unitReviewWorkflowId,
  type ListActionRequest,
  type UnitListView,
} from '../workflows/unit-review/contract';
import type { PrismaClient, UnitListStatus } from '../prisma/db';
import type { MissingListPolicy } from '../domain/unit-list';
import { refuse } from '../workflows/contracts';
import { writeAudit } from './audit';
import { notifyUsers } from './notifications';
import type { UpdateOutcome, WorkflowGateway } from './workflow-gateway';

export type ListAction = 'submit' | 'approve' | 'return';

const UPDATES = { submit: submitListUpdate, approve: approveListUpdate, return: returnListUpdate } as const;

/** The list's state after the action (by the workflow), or why the workflow refused it. */
export function actOnList(workflows: WorkflowGateway, action: ListAction, cycleId: string, unitId: string, request: ListActionRequest): Promise<UpdateOutcome<'unitReview', UnitListView>> {
  // No fixed update id: a refused attempt (flags pending) must not answer the next attempt at the same
  // revision. A retry of an attempt that succeeded is answered from the stored list before it gets here.
  return workflows.update(workflows.handle('unitReview', unitReviewWorkflowId(cycleId, unitId)), UPDATES[action], request);
}

/** The workflow's live view of the list; null once it is finished (or Temporal is unreachable): the stored list stands. */
export function liveList(workflows: WorkflowGateway, cycleId: string, unitId: string): Promise<UnitListView | null> {
  return workflows.query(workflows.handle('unitReview', unitReviewWorkflowId(cycleId, unitId)), unitListQuery);
}

/** The reminders the list's workflow sent its reviewers, oldest first: how many days before the deadline, and when. */
export async function listReminders(prisma: PrismaClient, listId: string): Promise<{ daysBefore: number; sentAt: Date }[]> {
  const entries = await prisma.auditLog.findMany({
    where: { entityType: 'UnitList', entityId: listId, action: 'unit_list.reminded' },
    orderBy: { id: 'asc' },
    select: { at: true, details: true },
  });
  return entries.map((e) => ({ daysBefore: Number((e.details as { daysBefore?: number } | null)?.daysBefore ?? 0), sentAt: e.at }));
}

// ───────────────────────────── The review workflow's steps ─────────────────────────────

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

/** Active reviewers of a unit's subtree, or every coordinator. */
async function usersOf(prisma: PrismaClient, role: 'REVIEWER' | 'COORDINATOR', unitId?: string): Promise<string[]> {
  const unit = unitId ? await prisma.unit.findUniqueOrThrow({ where: { id: unitId } }) : null;
  const users = await prisma.user.findMany({
    where: { role, active: true, ...(unit ? { unit: { path: { startsWith: unit.path } } } : {}) },
    select: { id: true },
  });
  return users.map((u) => u.id);
}

/** Departments (depth-1 units) inside the cycle's scope, with its review policy. */
export async function planUnitReviews(prisma: PrismaClient, { cycleId }: { cycleId: string }) {
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
}

export async function openUnitList(prisma: PrismaClient, { cycleId, unitId }: { cycleId: string; unitId: string }, at: Date) {
  const list = await prisma.$transaction(async (tx) => {
    const existing = await tx.unitList.findUnique({ where: { cycleId_unitId: { cycleId, unitId } } });
    if (existing) return existing;
    const created = await tx.unitList.create({ data: { cycleId, unitId } });
    await writeAudit(tx, { action: 'unit_list.opened', entityType: 'UnitList', entityId: created.id, cycleId, unitId, at });
    return created;
  });
  return { status: list.status, revision: list.revision, at: at.toISOString() };
}

export async function transitionUnitList(prisma: PrismaClient, input: TransitionUnitListInput, at: Date) {
  const { cycleId, unitId, action } = input;
  const rule = TRANSITIONS[action];
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
    const actor = await tx.user.findUnique({ where: { id: input.actorUserId }, select: { role: true } });
    await writeAudit(tx, {
      action: rule.audit, entityType: 'UnitList', entityId: list.id, cycleId, unitId,
      actorUserId: input.actorUserId, actorRole: actor?.role ?? null, reason: input.comment ?? null, details: { from: list.status, to: rule.to, late: input.late }, at,
    });
  });
  const recipients = action === 'SUBMIT' ? await usersOf(prisma, 'COORDINATOR') : await usersOf(prisma, 'REVIEWER', unitId);
  await notifyUsers(prisma, recipients, {
    key: `list:${cycleId}:${unitId}:${input.fromRevision}:${action}`,
    templateKey: `unitList.${action.toLowerCase()}`,
    unitId,
    params: { cycleId, unitId, comment: input.comment ?? '' },
  });
}

export async function sendListReminder(prisma: PrismaClient, { cycleId, unitId, daysBefore, status }: { cycleId: string; unitId: string; daysBefore: number; status: string }, at: Date) {
  const reviewers = await usersOf(prisma, 'REVIEWER', unitId);
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
}

/** The deadline passed without an approved list: tell headquarters and apply the cycle's policy. */
export async function escalateMissingList(prisma: PrismaClient, { cycleId, unitId, policy, status }: { cycleId: string; unitId: string; policy: MissingListPolicy; status: string }, at: Date) {
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
  await notifyUsers(prisma, await usersOf(prisma, 'COORDINATOR'), {
    key: `list-escalation:${cycleId}:${unitId}`,
    templateKey: 'unitList.escalated',
    unitId,
    params: { cycleId, unitId, policy, status },
  });
  return { excluded };
}
