// Feedback cases' use cases: take the cases opened by unsatisfied ratings on (each its own FeedbackCaseWorkflow,
// started once), carry a case through its steps by the workflow's Updates, and read the workflow's live view.
// Then the steps the workflow takes: begin the case, record verification, handling and outcome, the business's
// response, reminders, escalation, closing on silence. Each idempotent (a retry finds its work done and answers
// with the stored state) and dated by the caller (the server's time).
import type { UpdateDefinition } from '@temporalio/common';
import { Prisma, type FeedbackCase, type PrismaClient } from '../prisma/db';
import {
  escalationTarget,
  graceDeadlineMs,
  stepDeadlineMs,
  stepOf,
  type CaseOutcomeName,
  type CaseStep,
  type FeedbackCasePolicy,
} from '../domain/feedback-case';
import { unitPath } from '../domain/unit-path';
import { refuse } from '../workflows/contracts';
import {
  businessResponseUpdate,
  feedbackCaseQuery,
  feedbackCaseWorkflowId,
  recordHandlingUpdate,
  recordOutcomeUpdate,
  verifyCaseUpdate,
  type BusinessResponseRequest,
  type CaseOutcomeRequest,
  type CaseStepRequest,
  type FeedbackCaseState,
  type FeedbackCaseView,
} from '../workflows/feedback-case/contract';
import { writeAudit } from './audit';
import { notifyUsers } from './notifications';
import type { UpdateOutcome, WorkflowGateway } from './workflow-gateway';

export type { FeedbackCaseView } from '../workflows/feedback-case/contract';

type Log = { warn: (o: object, m: string) => void };

export type CaseTracking = 'started' | 'running' | 'pending';

/** Starts the workflows of cases not taken on yet; a case whose workflow exists already is left alone. */
export async function startCaseWorkflows(workflows: WorkflowGateway, caseIds: string[], policy: FeedbackCasePolicy, log?: Log): Promise<Record<string, CaseTracking>> {
  const out: Record<string, CaseTracking> = {};
  await Promise.all(
    caseIds.map(async (caseId) => {
      try {
        out[caseId] = (await workflows.startOnce('feedbackCase', caseId, { caseId, policy })) === 'started' ? 'started' : 'running';
      } catch (err) {
        // The case is stored (status OPEN) with its row in the dispatch outbox: the case dispatcher starts it later.
        log?.warn({ err, caseId }, 'feedback case workflow not started');
        out[caseId] = 'pending';
      }
    }),
  );
  return out;
}

/** The workflows of cases opened more than half a minute ago while Temporal was unreachable; safe to repeat. */
export async function dispatchWaitingCases(prisma: PrismaClient, workflows: WorkflowGateway, policy: FeedbackCasePolicy, log?: Log, now = new Date()) {
  const waiting = await prisma.feedbackCase.findMany({
    where: { status: 'OPEN', createdAt: { lt: new Date(now.getTime() - 30_000) } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: 500,
  });
  const outcome = await startCaseWorkflows(workflows, waiting.map((c) => c.id), policy, log);
  const running = Object.entries(outcome).flatMap(([id, v]) => (v === 'pending' ? [] : [id]));
  if (running.length) await prisma.feedbackCaseDispatch.deleteMany({ where: { caseId: { in: running } } });
  const counts = { started: 0, running: 0, pending: 0 };
  for (const v of Object.values(outcome)) counts[v]++;
  return { examined: waiting.length, ...counts };
}

export type CaseAction = 'verify' | 'handling' | 'outcome' | 'response';

export interface CaseRequests {
  verify: CaseStepRequest;
  handling: CaseStepRequest;
  outcome: CaseOutcomeRequest;
  response: BusinessResponseRequest;
}

const UPDATES = { verify: verifyCaseUpdate, handling: recordHandlingUpdate, outcome: recordOutcomeUpdate, response: businessResponseUpdate } as const;

/**
 * One transition through the case's workflow. A case whose workflow never started (Temporal was down when it
 * opened) gets it started now and the refusal NotStarted: the caller retries.
 */
export async function actOnCase<A extends CaseAction>(
  workflows: WorkflowGateway,
  policy: FeedbackCasePolicy,
  c: { id: string; status: string },
  action: A,
  request: CaseRequests[A],
): Promise<UpdateOutcome<'feedbackCase', FeedbackCaseView>> {
  // No fixed update id: a refused attempt must not answer the next one. A retry of an attempt that succeeded is
  // answered from the stored case before it gets here.
  const update = UPDATES[action] as UpdateDefinition<FeedbackCaseView, [CaseRequests[A]]>;
  const startMissing = c.status === 'OPEN' ? () => startCaseWorkflows(workflows, [c.id], policy) : null;
  return workflows.updateStarting(workflows.handle('feedbackCase', feedbackCaseWorkflowId(c.id)), update, request, startMissing);
}

/** The workflow's live view of the case; null once it is closed (or Temporal is unreachable): the stored case stands. */
export function liveCase(workflows: WorkflowGateway, caseId: string): Promise<FeedbackCaseView | null> {
  return workflows.query(workflows.handle('feedbackCase', feedbackCaseWorkflowId(caseId)), feedbackCaseQuery);
}

/** A contest of the business: the answer it contested, its comment, and whether the case was reconsidered. */
export interface CaseContest {
  /** The round whose answer was contested (0 = the first answer; the reconsideration is round + 1). */
  round: number;
  at: Date;
  comment: string | null;
  contestedAnswer: { outcome: CaseOutcomeName | null; reason: string | null; at: string | null };
  /** true: the case went back to the department for a new answer; false: no reconsideration was left, it closed. */
  reopened: boolean;
}

/**
 * The contests of each case, oldest first. A reconsideration overwrites the case's answer, so what was contested
 * lives only in the contest's audit entry (written in the same transaction as the response): read from there.
 */
export async function caseContests(prisma: PrismaClient, caseIds: string[]): Promise<Map<string, CaseContest[]>> {
  const out = new Map<string, CaseContest[]>();
  if (!caseIds.length) return out;
  const rows = await prisma.auditLog.findMany({
    where: { entityType: 'FeedbackCase', entityId: { in: caseIds }, action: 'feedback_case.contested' },
    orderBy: { id: 'asc' },
    select: { entityId: true, at: true, reason: true, details: true },
  });
  for (const r of rows) {
    const d = (r.details ?? {}) as { round?: number; reopened?: boolean; answer?: { outcome?: CaseOutcomeName | null; reason?: string | null; answeredAt?: string | null } };
    const list = out.get(r.entityId) ?? [];
    list.push({
      round: d.round ?? list.length,
      at: r.at,
      comment: r.reason,
      contestedAnswer: { outcome: d.answer?.outcome ?? null, reason: d.answer?.reason ?? null, at: d.answer?.answeredAt ?? null },
      reopened: d.reopened ?? false,
    });
    out.set(r.entityId, list);
  }
  return out;
}

// ───────────────────────────── Who is told ─────────────────────────────

type Recipients = { userIds: string[]; unitId: string };

/** Active users of `role` in exactly one of `unitIds`, the deepest unit that has any. */
async function deepestWithRole(prisma: PrismaClient, role: 'LEADER' | 'REVIEWER', unitIds: string[]): Promise<Recipients | null> {
  const users = await prisma.user.findMany({ where: { role, active: true, unitId: { in: unitIds } }, select: { id: true, unitId: true } });
  for (const unitId of [...unitIds].reverse()) {
    const here = users.filter((u) => u.unitId === unitId).map((u) => u.id);
    if (here.length) return { userIds: here, unitId };
  }
  return null;
}

async function coordinators(prisma: PrismaClient): Promise<Recipients> {
  const users = await prisma.user.findMany({ where: { role: 'COORDINATOR', active: true }, select: { id: true } });
  return { userIds: users.map((u) => u.id), unitId: 'HQ' };
}

/** The leaders of the responsible unit: the nearest unit on its path that has leaders (headquarters if none). */
async function responsibleLeaders(prisma: PrismaClient, path: string): Promise<Recipients> {
  return (await deepestWithRole(prisma, 'LEADER', unitPath.ids(path))) ?? coordinators(prisma);
}

/** Who an escalation to `level` goes to: the department's leaders (else its reviewers), or headquarters. */
async function escalationRecipients(prisma: PrismaClient, path: string, level: number): Promise<Recipients> {
  if (escalationTarget(level) === 'DEPARTMENT') {
    const department = unitPath.department(path);
    return (
      (await deepestWithRole(prisma, 'LEADER', [department])) ??
      (await deepestWithRole(prisma, 'REVIEWER', [department])) ??
      coordinators(prisma)
    );
  }
  return coordinators(prisma);
}

async function businessUsers(prisma: PrismaClient, businessId: string): Promise<string[]> {
  const users = await prisma.user.findMany({ where: { businessId, active: true }, select: { id: true } });
  return users.map((u) => u.id);
}

// ───────────────────────────── The case workflow's steps ─────────────────────────────

const caseInclude = { responsibleUnit: true, feedback: { include: { declaration: { select: { id: true, number: true } } } } } as const;

function stateOf(c: FeedbackCase, at: Date): FeedbackCaseState {
  return {
    at: at.toISOString(),
    status: c.status,
    step: stepOf(c),
    stepDueAt: c.stepDueAt?.toISOString() ?? null,
    escalationLevel: c.escalationLevel,
    outcome: c.outcome,
    businessAccepted: c.businessAccepted,
  };
}

const ACTIONS = {
  VERIFY: { step: 'VERIFY', audit: 'feedback_case.verified' },
  HANDLE: { step: 'HANDLE', audit: 'feedback_case.handled' },
  ANSWER: { step: 'ANSWER', audit: 'feedback_case.answered' },
} as const satisfies Record<string, { step: CaseStep; audit: string }>;

export interface AdvanceFeedbackCaseInput {
  caseId: string;
  action: keyof typeof ACTIONS;
  actorUserId: string;
  note: string;
  outcome?: CaseOutcomeName;
  /** The case's reconsideration round (notification keys differ per round). */
  round: number;
  policy: FeedbackCasePolicy;
}

const loadCase = (tx: Prisma.TransactionClient, caseId: string) => tx.feedbackCase.findUniqueOrThrow({ where: { id: caseId }, include: caseInclude });

/** The workflow takes the case on: the verification step starts and the responsible leaders are told. */
export async function beginFeedbackCase(prisma: PrismaClient, { caseId, policy }: { caseId: string; policy: FeedbackCasePolicy }, at: Date, workflowId: string): Promise<FeedbackCaseState> {
  const c = await prisma.$transaction(async (tx) => {
    const found = await loadCase(tx, caseId);
    if (found.status !== 'OPEN') return found;
    const begun = await tx.feedbackCase.update({
      where: { id: caseId },
      data: { status: 'VERIFYING', stepDueAt: new Date(stepDeadlineMs(policy, 'VERIFY', at.getTime())), workflowId },
      include: caseInclude,
    });
    await tx.feedbackCaseDispatch.deleteMany({ where: { caseId } }); // taken on: nothing left to dispatch
    await writeAudit(tx, {
      action: 'feedback_case.assigned', entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId,
      details: { workflowId, step: 'VERIFY', stepDueAt: begun.stepDueAt!.toISOString(), policy: { ...policy } }, at,
    });
    return begun;
  });
  const leaders = await responsibleLeaders(prisma, c.responsibleUnit.path);
  await notifyUsers(prisma, leaders.userIds, {
    key: `feedback-case:${caseId}:assigned`,
    templateKey: 'feedbackCase.assigned',
    unitId: c.responsibleUnitId,
    params: { caseId, declarationNumber: c.feedback.declaration.number, subject: c.feedback.subjectKey, level: c.feedback.level, dueAt: c.stepDueAt?.toISOString() ?? '' },
  });
  // The business hears that its complaint is being handled, by whom, and when to expect the answer.
  const answerBy = new Date(at.getTime() + (policy.verifyHours + policy.handleHours + policy.answerHours) * 3_600_000);
  await notifyUsers(prisma, await businessUsers(prisma, c.feedback.businessId), {
    key: `feedback-case:${caseId}:received`,
    templateKey: 'feedbackCase.received',
    params: { caseId, declarationNumber: c.feedback.declaration.number, responsibleUnitId: c.responsibleUnitId, answerBy: answerBy.toISOString() },
  });
  return stateOf(c, at);
}


/** Verification, handling or the outcome, recorded by a leader; the outcome answers the business. */
export async function advanceFeedbackCase(prisma: PrismaClient, input: AdvanceFeedbackCaseInput, at: Date): Promise<FeedbackCaseState> {
  const { caseId, action, policy } = input;
  const rule = ACTIONS[action];
  const c = await prisma.$transaction(async (tx) => {
    const found = await loadCase(tx, caseId);
    const step = stepOf(found);
    if (step !== rule.step) {
      // The workflow's validator accepted this action at this step, so a different stored step means an
      // earlier attempt of this activity already recorded it.
      if (found.status !== 'OPEN') return found;
      refuse('CaseTransitionRefused', `Case ${caseId} is not started`);
    }
    const next = action === 'VERIFY' ? 'HANDLE' : action === 'HANDLE' ? 'ANSWER' : 'BUSINESS_RESPONSE';
    const stepDueAt = new Date(stepDeadlineMs(policy, next, at.getTime()));
    const data: Prisma.FeedbackCaseUpdateInput =
      action === 'VERIFY'
        ? { status: 'HANDLING', verificationNote: input.note, verifiedAt: at, stepDueAt }
        : action === 'HANDLE'
          ? { handlingNote: input.note, handledAt: at, stepDueAt }
          : { status: 'ANSWERED', outcome: input.outcome, outcomeReason: input.note, answeredAt: at, businessAccepted: null, businessRespondedAt: null, stepDueAt };
    const updated = await tx.feedbackCase.update({ where: { id: caseId }, data, include: caseInclude });
    await writeAudit(tx, {
      action: rule.audit, entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId, actorUserId: input.actorUserId,
      reason: input.note,
      details: {
        step: rule.step, round: input.round, late: found.stepDueAt ? found.stepDueAt < at : false, escalationLevel: found.escalationLevel,
        ...(input.outcome ? { outcome: input.outcome } : {}), nextStep: next, stepDueAt: stepDueAt.toISOString(),
      },
      at,
    });
    return updated;
  });
  if (action === 'ANSWER' && c.status === 'ANSWERED') {
    await notifyUsers(prisma, await businessUsers(prisma, c.feedback.businessId), {
      key: `feedback-case:${caseId}:answered:${input.round}`,
      templateKey: 'feedbackCase.answered',
      params: { caseId, declarationNumber: c.feedback.declaration.number, outcome: c.outcome ?? '', reason: c.outcomeReason ?? '', respondBy: c.stepDueAt?.toISOString() ?? '' },
    });
  }
  return stateOf(c, at);
}


/** The business accepts the answer (closed), or contests it: reopened at the department, or closed if no reconsideration is left. */
export async function respondToFeedbackAnswer(prisma: PrismaClient, input: {
  caseId: string; actorUserId: string; accept: boolean; comment: string | null; reopen: boolean; round: number; policy: FeedbackCasePolicy;
}, at: Date): Promise<FeedbackCaseState> {
  const { caseId, accept, reopen, policy } = input;
  const c = await prisma.$transaction(async (tx) => {
    const found = await loadCase(tx, caseId);
    if (stepOf(found) !== 'BUSINESS_RESPONSE') return found; // recorded by an earlier attempt
    const answer = { outcome: found.outcome, reason: found.outcomeReason, answeredAt: found.answeredAt?.toISOString() ?? null };
    const data: Prisma.FeedbackCaseUpdateInput = accept || !reopen
      ? { status: 'CLOSED', businessAccepted: accept, businessRespondedAt: at, closedAt: at, stepDueAt: null }
      : {
          status: 'HANDLING', businessAccepted: false, businessRespondedAt: at,
          handledAt: null, outcome: null, outcomeReason: null, answeredAt: null,
          escalationLevel: Math.max(found.escalationLevel, 1),
          stepDueAt: new Date(stepDeadlineMs(policy, 'HANDLE', at.getTime())),
        };
    const updated = await tx.feedbackCase.update({ where: { id: caseId }, data, include: caseInclude });
    await writeAudit(tx, {
      action: accept ? 'feedback_case.accepted' : 'feedback_case.contested', entityType: 'FeedbackCase', entityId: caseId,
      unitId: found.responsibleUnitId, actorUserId: input.actorUserId, actorRole: 'BUSINESS', reason: input.comment,
      details: { round: input.round, answer, reopened: !accept && reopen }, at,
    });
    if (updated.status === 'CLOSED') {
      await writeAudit(tx, {
        action: 'feedback_case.closed', entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId,
        details: { outcome: updated.outcome, businessAccepted: accept, by: 'BUSINESS_RESPONSE' }, at,
      });
    }
    return updated;
  });
  if (!accept) {
    const to = await escalationRecipients(prisma, c.responsibleUnit.path, 1);
    await notifyUsers(prisma, to.userIds, {
      key: `feedback-case:${caseId}:contested:${input.round}`,
      templateKey: reopen ? 'feedbackCase.reopened' : 'feedbackCase.contestedFinal',
      unitId: to.unitId,
      params: { caseId, declarationNumber: c.feedback.declaration.number, comment: input.comment ?? '', dueAt: c.stepDueAt?.toISOString() ?? '' },
    });
  }
  return stateOf(c, at);
}


export async function remindFeedbackCase(prisma: PrismaClient, { caseId, step, round, hoursBefore }: { caseId: string; step: CaseStep; round: number; hoursBefore: number }, at: Date) {
  const c = await prisma.feedbackCase.findUniqueOrThrow({ where: { id: caseId }, include: caseInclude });
  if (stepOf(c) !== step) return { at: at.toISOString() }; // the step is done: nothing to remind of
  const leaders = await responsibleLeaders(prisma, c.responsibleUnit.path);
  const key = `feedback-case:${caseId}:reminder:${step}:${round}:${hoursBefore}`;
  const sent = await notifyUsers(prisma, leaders.userIds, {
    key,
    templateKey: 'feedbackCase.reminder',
    unitId: c.responsibleUnitId,
    params: { caseId, declarationNumber: c.feedback.declaration.number, step, hoursBefore, dueAt: c.stepDueAt?.toISOString() ?? '' },
  });
  if (sent > 0) {
    await writeAudit(prisma, {
      action: 'feedback_case.reminded', entityType: 'FeedbackCase', entityId: caseId, unitId: c.responsibleUnitId,
      details: { step, round, hoursBefore, recipients: leaders.userIds.length, to: leaders.unitId }, at,
    });
  }
  return { at: at.toISOString() };
}


/** An overdue step goes one level up (department, then headquarters) with a grace period; recipients are told. */
export async function escalateFeedbackCase(prisma: PrismaClient, { caseId, step, round, level, policy }: { caseId: string; step: CaseStep; round: number; level: number; policy: FeedbackCasePolicy }, at: Date) {
  const c = await prisma.$transaction(async (tx) => {
    const found = await loadCase(tx, caseId);
    if (stepOf(found) !== step || found.escalationLevel >= level) return found; // done, or escalated by an earlier attempt
    const updated = await tx.feedbackCase.update({
      where: { id: caseId },
      data: { escalationLevel: level, stepDueAt: new Date(graceDeadlineMs(policy, at.getTime())) },
      include: caseInclude,
    });
    await writeAudit(tx, {
      action: 'feedback_case.escalated', entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId,
      reason: `Step ${step} overdue since ${found.stepDueAt?.toISOString()}`,
      details: { step, round, level, target: escalationTarget(level), department: unitPath.department(found.responsibleUnit.path), overdueSince: found.stepDueAt?.toISOString() ?? null, stepDueAt: updated.stepDueAt!.toISOString() },
      at,
    });
    return updated;
  });
  const to = await escalationRecipients(prisma, c.responsibleUnit.path, level);
  await notifyUsers(prisma, to.userIds, {
    key: `feedback-case:${caseId}:escalation:${step}:${round}:${level}`,
    templateKey: 'feedbackCase.escalated',
    unitId: to.unitId,
    params: { caseId, declarationNumber: c.feedback.declaration.number, step, level, target: escalationTarget(level), responsibleUnitId: c.responsibleUnitId, dueAt: c.stepDueAt?.toISOString() ?? '' },
  });
  return stateOf(c, at);
}


/** The business did not respond within the window: the answer stands and the case closes. */
export async function closeFeedbackCaseWithoutResponse(prisma: PrismaClient, { caseId, round }: { caseId: string; round: number }, at: Date) {
  const c = await prisma.$transaction(async (tx) => {
    const found = await loadCase(tx, caseId);
    if (stepOf(found) !== 'BUSINESS_RESPONSE') return found;
    const updated = await tx.feedbackCase.update({ where: { id: caseId }, data: { status: 'CLOSED', closedAt: at, stepDueAt: null }, include: caseInclude });
    await writeAudit(tx, {
      action: 'feedback_case.closed', entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId,
      details: { outcome: found.outcome, businessAccepted: null, by: 'NO_RESPONSE', round }, at,
    });
    return updated;
  });
  return stateOf(c, at);
}
