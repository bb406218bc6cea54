// Follow-up tasks: created from a cycle's results by its frozen FOLLOW_UP rule set (in batches, keyed so that a
// retry or a second run creates nothing new), each started as its own FollowUpTaskWorkflow; the steps of that
// workflow: open the task (a re-examination's round-2 registration too), record a leader's decision, remind,
// escalate one unit up, and look for a re-examination's result, each idempotent (a retry finds its work done and
// answers with the stored state). And for the API: a leader's action through the task's workflow, its live view,
// seating a re-examination in a session, and starting tasks' workflows that never started.
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { FollowUpStatus, FollowUpType, Prisma, PrismaClient, RuleSet } from '../prisma/db';
import {
  DEFAULT_FOLLOW_UP_POLICY,
  dueDateMs,
  FOLLOW_UP_BATCH,
  escalatedDueMs,
  type FollowUpPolicy,
  type FollowUpStatusName,
  type FollowUpTypeName,
} from '../domain/follow-up-task';
import { unitPath } from '../domain/unit-path';
import { followUpDedupeKey, proposeFollowUps, type FollowUpTypeName as RuleEventType, type ResultFollowUpInput, type ResultLevelName } from '../rules/follow-up';
import type { RuleSetDocument } from '../rules/rule-set-schema';
import { refuse } from '../workflows/contracts';
import {
  cancelTaskUpdate,
  decideNominationUpdate,
  decideReassignmentUpdate,
  followUpTaskQuery,
  followUpWorkflowId,
  reexamScheduledSignal,
  recordTrainingUpdate,
  type CancelTaskRequest,
  type FollowUpActionProblem,
  type FollowUpTaskState,
  type FollowUpTaskView,
  type NominationDecisionRequest,
  type ReassignmentDecisionRequest,
  type RecordTrainingRequest,
} from '../workflows/follow-up-task/contract';
import { writeAudit } from './audit';
import { generateSessionForms } from './exam-scheduling';
import { notifyUsers } from './notifications';
import { loadRuleSet } from './rule-sets';
import { WorkflowGateway, type UpdateOutcome } from './workflow-gateway';

export type { FollowUpTaskView } from '../workflows/follow-up-task/contract';

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

// The workflow's names (domain), the rules' event types and the data model's enums must be the same sets.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _namesMatch: Same<FollowUpTypeName, FollowUpType> & Same<FollowUpTypeName, RuleEventType> & Same<FollowUpStatusName, FollowUpStatus> = true;

export interface FollowUpBatchInput {
  cycleId: string;
  /** Keyset pagination over the cycle's result ids: the last id of the previous batch (null for the first). */
  after: string | null;
  /** At most FOLLOW_UP_BATCH are taken; call again from lastId until it is null. */
  limit: number;
}

export interface FollowUpBatchOutcome {
  /** The last result id looked at; null when there was none left. */
  lastId: string | null;
  /** Results looked at in this batch. */
  results: number;
  /** Results without a level yet (the level rules have not run on them): no task is decided for them. */
  unlevelled: number;
  /** Tasks created now (0 for a batch already done by an earlier attempt or run). */
  created: number;
  byType: Partial<Record<FollowUpTypeName, number>>;
}

/** A leader's action, as the workflow's validators accepted it. */
export type FollowUpDecision =
  | { kind: 'TRAINING'; actorUserId: string; course: string; completedOn: string; hours: number }
  | { kind: 'REASSIGNMENT'; actorUserId: string; accept: boolean; positionId?: string; unitId?: string; reason?: string }
  | { kind: 'NOMINATION'; actorUserId: string; accept: boolean; reason: string }
  | { kind: 'CANCEL'; actorUserId: string; reason: string };

/** Refusals an activity makes (the workflow does not retry them); `code` names the problem for the API. */
function refuseAction(code: FollowUpActionProblem, message: string): never {
  refuse('FollowUpActionRefused', message, { code });
}

// ───────────────────────────── Facts and rules ─────────────────────────────

const resultInclude = {
  registration: { select: { positionId: true, heldPositionId: true, round: true } },
  competencyScores: { select: { competencyId: true, score: true, requiredLevel: true }, orderBy: { competencyId: 'asc' } },
  officer: { select: { id: true, unitId: true } },
  cycle: { select: { examStartsAt: true } },
} as const satisfies Prisma.ResultInclude;
type ResultRow = Prisma.ResultGetPayload<{ include: typeof resultInclude }>;

/**
 * Per result: the officer's not-achieved results before it (earlier cycles by exam date, and earlier rounds of
 * the same cycle), in one query for the whole batch.
 */
async function previousFailures(db: Db, results: ResultRow[]): Promise<Map<string, number>> {
  const failures = await db.result.findMany({
    where: { officerId: { in: [...new Set(results.map((r) => r.officerId))] }, level: 'NOT_ACHIEVED' },
    select: { id: true, officerId: true, cycleId: true, registration: { select: { round: true } }, cycle: { select: { examStartsAt: true } } },
  });
  return new Map(
    results.map((r) => [
      r.id,
      failures.filter(
        (f) =>
          f.officerId === r.officerId &&
          f.id !== r.id &&
          (f.cycleId === r.cycleId ? f.registration.round < r.registration.round : f.cycle.examStartsAt < r.cycle.examStartsAt),
      ).length,
    ]),
  );
}

function followUpInputOf(r: ResultRow, failures: number): ResultFollowUpInput {
  return {
    level: r.level as ResultLevelName,
    totalScore: Number(r.score),
    isReexamination: r.registration.round > 1,
    registeredPositionId: r.registration.positionId,
    heldPositionId: r.registration.heldPositionId,
    previousFailures: failures,
    competencies: r.competencyScores.map((c) => ({ competencyId: c.competencyId, score: Number(c.score), requiredLevel: c.requiredLevel })),
  };
}

/** Task rows for levelled results, created at `at` and owned by each officer's current unit. */
async function proposedTasks(db: Db, rules: { doc: RuleSetDocument; row: RuleSet }, results: ResultRow[], at: Date): Promise<Prisma.FollowUpTaskCreateManyInput[]> {
  const levelled = results.filter((r) => r.level !== null);
  const failures = await previousFailures(db, levelled);
  const rows: Prisma.FollowUpTaskCreateManyInput[] = [];
  for (const r of levelled) {
    for (const p of await proposeFollowUps(rules.doc, followUpInputOf(r, failures.get(r.id) ?? 0))) {
      rows.push({
        dedupeKey: followUpDedupeKey(r.id, p.type, p.competencyId),
        type: p.type,
        officerId: r.officerId,
        unitId: r.officer.unitId,
        cycleId: r.cycleId,
        resultId: r.id,
        competencyId: p.competencyId,
        proposedPositionId: p.proposedPositionId,
        dueAt: new Date(dueDateMs(at.getTime(), p.dueDays)),
        ruleTrace: { ...p.trace, ruleSetId: rules.row.id } as unknown as Prisma.InputJsonValue,
      });
    }
  }
  return rows;
}

/** Creates the rows not created yet, with an audit entry each; returns the ones created now. */
async function insertTasks(tx: Tx, rows: Prisma.FollowUpTaskCreateManyInput[], at: Date, origin: Prisma.InputJsonObject) {
  if (rows.length === 0) return [];
  const created = await tx.followUpTask.createManyAndReturn({
    data: rows,
    skipDuplicates: true,
    select: { id: true, type: true, officerId: true, unitId: true, cycleId: true, resultId: true, competencyId: true, dueAt: true, dedupeKey: true },
  });
  for (const t of created) {
    await writeAudit(tx, {
      action: 'follow_up.created', entityType: 'FollowUpTask', entityId: t.id, cycleId: t.cycleId, unitId: t.unitId,
      details: { type: t.type, officerId: t.officerId, resultId: t.resultId, competencyId: t.competencyId, dueAt: t.dueAt.toISOString(), dedupeKey: t.dedupeKey, ...origin },
      at,
    });
  }
  return created;
}

// ───────────────────────────── Who is told ─────────────────────────────

type Recipients = { userIds: string[]; unitId: string };

/** The owner unit's leaders: the nearest unit on its path that has leaders; headquarters' coordinators if none. */
async function leadersOf(db: Db, path: string): Promise<Recipients> {
  const ids = unitPath.ids(path);
  if (ids.length > 1) {
    const users = await db.user.findMany({ where: { role: 'LEADER', active: true, unitId: { in: ids } }, select: { id: true, unitId: true } });
    for (const unitId of [...ids].reverse()) {
      const here = users.filter((u) => u.unitId === unitId).map((u) => u.id);
      if (here.length) return { userIds: here, unitId };
    }
  }
  const coordinators = await db.user.findMany({ where: { role: 'COORDINATOR', active: true }, select: { id: true } });
  return { userIds: coordinators.map((u) => u.id), unitId: ids[0] ?? 'HQ' };
}

async function officerUsers(db: Db, officerId: string): Promise<string[]> {
  const users = await db.user.findMany({ where: { officerId, active: true }, select: { id: true } });
  return users.map((u) => u.id);
}

// ───────────────────────────── Task state ─────────────────────────────

const taskInclude = {
  unit: { select: { path: true } },
  reexamRegistration: {
    include: {
      unit: { select: { path: true } },
      seat: { include: { session: { select: { id: true, startsAt: true, status: true } } } },
      attempts: { select: { status: true } },
      results: { select: { id: true, score: true, level: true } },
    },
  },
} as const satisfies Prisma.FollowUpTaskInclude;
type TaskRow = Prisma.FollowUpTaskGetPayload<{ include: typeof taskInclude }>;

function stateOf(t: TaskRow, at: Date): FollowUpTaskState {
  const reg = t.reexamRegistration;
  const result = reg?.results[0];
  return {
    at: at.toISOString(),
    type: t.type,
    status: t.status,
    dueAt: t.dueAt.toISOString(),
    escalationLevel: t.escalationLevel,
    unitId: t.unitId,
    canEscalate: unitPath.parent(t.unit.path) !== null,
    proposedPositionId: t.proposedPositionId,
    outcome: (t.outcome as Record<string, unknown> | null) ?? null,
    reexam: reg
      ? {
          registrationId: reg.id,
          sessionId: reg.seat?.session.id ?? null,
          sessionStartsAt: reg.seat?.session.startsAt.toISOString() ?? null,
          attemptStatus: reg.attempts[0]?.status ?? null,
          resultId: result?.id ?? null,
          score: result ? Number(result.score) : null,
          level: result?.level ?? null,
        }
      : null,
  };
}

const loadTask = (db: Db, taskId: string) => db.followUpTask.findUniqueOrThrow({ where: { id: taskId }, include: taskInclude });

// ───────────────────────────── Starting tasks' workflows ─────────────────────────────

/**
 * Starts the workflow of each task (id `follow-up-<taskId>`). A task whose workflow already runs, or ended, is
 * left alone; only a run that failed or was terminated may be started again (it resumes from the database).
 */
export async function startFollowUpWorkflows(
  client: Client,
  taskQueue: string,
  taskIds: string[],
  policy: FollowUpPolicy = DEFAULT_FOLLOW_UP_POLICY,
  progress?: () => void,
): Promise<{ started: number; running: number }> {
  const workflows = new WorkflowGateway(client, taskQueue);
  let started = 0;
  let running = 0;
  const CONCURRENCY = 16;
  for (let i = 0; i < taskIds.length; i += CONCURRENCY) {
    await Promise.all(
      taskIds.slice(i, i + CONCURRENCY).map(async (taskId) => {
        if ((await workflows.startOnce('followUpTask', taskId, { taskId, policy })) === 'started') started++;
        else running++;
      }),
    );
    progress?.();
  }
  return { started, running };
}

// ───────────────────────────── Seating a re-examination (API) ─────────────────────────────

export type ReexamSeatingProblem =
  | 'NOT_REEXAMINATION' | 'TASK_CLOSED' | 'NOT_REGISTERED' | 'ALREADY_STARTED' | 'UNKNOWN_SESSION' | 'OTHER_DEPARTMENT' | 'SESSION_STARTED' | 'SESSION_FULL';

/** Sessions a re-examination may be seated in: its cycle's, at the officer's department, not begun, with a free seat. */
export async function sessionsForReexamination(prisma: PrismaClient, taskId: string, now = new Date()) {
  const task = await prisma.followUpTask.findUniqueOrThrow({ where: { id: taskId }, include: { reexamRegistration: { include: { unit: true } } } });
  const reg = task.reexamRegistration;
  if (!reg) return [];
  const sessions = await prisma.examSession.findMany({
    where: { cycleId: reg.cycleId, unitId: unitPath.department(reg.unit.path), status: { in: ['PLANNED', 'PUBLISHED'] }, startsAt: { gt: now } },
    include: { _count: { select: { seats: true } } },
    orderBy: [{ startsAt: 'asc' }, { code: 'asc' }],
  });
  return sessions
    .map(({ _count, ...s }) => ({ ...s, seated: _count.seats, free: s.capacity - _count.seats }))
    .filter((s) => s.free > 0);
}

/**
 * Seats a task's re-examination in a session of the officer's department (or moves it there), under the same
 * lock as the department's seating; a published session draws the candidate's form at once.
 */
export async function seatReexamination(
  prisma: PrismaClient,
  input: { taskId: string; sessionId: string; actorUserId: string; now?: Date },
): Promise<{ error: ReexamSeatingProblem } | { seat: { sessionId: string; seatNumber: number; startsAt: string }; changed: boolean; forms: { generated: number; existing: number } | null }> {
  const now = input.now ?? new Date();
  const outcome = await prisma.$transaction(async (tx) => {
    const task = await tx.followUpTask.findUniqueOrThrow({ where: { id: input.taskId }, include: { reexamRegistration: { include: { unit: true, seat: true, attempts: { select: { id: true } } } } } });
    if (task.type !== 'REEXAMINATION') return { error: 'NOT_REEXAMINATION' as const };
    if (task.status !== 'OPEN') return { error: 'TASK_CLOSED' as const };
    const reg = task.reexamRegistration;
    if (!reg || reg.status !== 'ACTIVE') return { error: 'NOT_REGISTERED' as const };
    if (reg.attempts.length) return { error: 'ALREADY_STARTED' as const };
    const session = await tx.examSession.findUnique({ where: { id: input.sessionId } });
    if (!session || session.cycleId !== reg.cycleId) return { error: 'UNKNOWN_SESSION' as const };
    if (session.unitId !== unitPath.department(reg.unit.path)) return { error: 'OTHER_DEPARTMENT' as const };
    if (!['PLANNED', 'PUBLISHED'].includes(session.status) || session.startsAt <= now) return { error: 'SESSION_STARTED' as const };
    if (reg.seat?.sessionId === session.id) return { seat: reg.seat, changed: false, session };
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`seats:${session.cycleId}:${session.unitId}`}))`;
    const taken = new Set((await tx.examSeat.findMany({ where: { sessionId: session.id }, select: { seatNumber: true } })).map((s) => s.seatNumber));
    let seatNumber = 1;
    while (taken.has(seatNumber)) seatNumber++;
    if (seatNumber > session.capacity) return { error: 'SESSION_FULL' as const };
    const seat = reg.seat
      ? await tx.examSeat.update({ where: { id: reg.seat.id }, data: { sessionId: session.id, seatNumber, assignedAt: now } })
      : await tx.examSeat.create({ data: { sessionId: session.id, registrationId: reg.id, seatNumber, assignedAt: now } });
    await writeAudit(tx, {
      action: 'follow_up.reexam_scheduled', entityType: 'FollowUpTask', entityId: task.id, cycleId: reg.cycleId, unitId: task.unitId, actorUserId: input.actorUserId,
      details: { registrationId: reg.id, sessionId: session.id, sessionCode: session.code, startsAt: session.startsAt.toISOString(), seatNumber, movedFrom: reg.seat?.sessionId ?? null },
      at: now,
    });
    return { seat, changed: true, session };
  });
  if (outcome.error) return { error: outcome.error };
  const { seat, changed, session } = outcome;
  const forms = session.status === 'PUBLISHED' ? await generateSessionForms(prisma, session.id) : null;
  if (changed) {
    const task = await prisma.followUpTask.findUniqueOrThrow({ where: { id: input.taskId } });
    await notifyUsers(prisma, await officerUsers(prisma, task.officerId), {
      key: `follow-up:${task.id}:scheduled:${session.id}`,
      templateKey: 'followUp.reexamScheduled',
      unitId: session.unitId,
      params: { taskId: task.id, sessionId: session.id, code: session.code, startsAt: session.startsAt.toISOString(), room: session.room ?? '', seatNumber: seat.seatNumber },
    });
  }
  return { seat: { sessionId: seat.sessionId, seatNumber: seat.seatNumber, startsAt: session.startsAt.toISOString() }, changed, forms };
}

/** What the follow-up steps that create tasks need from where they run (an activity of the worker). */
export interface FollowUpRun {
  /** The server's time of this step. */
  at: Date;
  /** Starts the workflows of tasks just created (or left without one). */
  startWorkflows: (taskIds: string[]) => Promise<unknown>;
  /** Tells Temporal the step is alive: it may take a while (one workflow start per task). */
  heartbeat: () => void;
  /**
   * Gives a graded result its level when it has none yet (the level rules). Without it, a re-examination's task
   * waits until something else levels its result.
   */
  levelResult?: (resultId: string) => Promise<unknown>;
}

/** The round-2 registration of a re-examination: same cycle and position as the result it retakes. */
async function openReexamination(tx: Tx, task: TaskRow, at: Date): Promise<void> {
  if (!task.resultId) refuseAction('NO_RESULT', `Re-examination task ${task.id} names no result`);
  const source = await tx.result.findUniqueOrThrow({ where: { id: task.resultId }, include: { registration: true, officer: true } });
  const previous = source.registration;
  const registration = await tx.registration.create({
    data: {
      cycleId: previous.cycleId,
      officerId: source.officerId,
      round: previous.round + 1,
      positionId: previous.positionId,
      heldPositionId: source.officer.positionId,
      unitId: source.officer.unitId,
      source: 'REEXAMINATION',
      status: 'ACTIVE',
      followUpTaskId: task.id,
      // The position was verified and reviewed for the first sitting: the re-examination carries that forward.
      verificationOutcome: previous.verificationOutcome,
      verificationReasons: previous.verificationReasons ?? undefined,
      verifiedAt: previous.verifiedAt,
      reviewDecision: previous.reviewDecision,
      reviewJustification: previous.reviewJustification,
    },
  });
  await writeAudit(tx, {
    action: 'follow_up.reexam_registered', entityType: 'FollowUpTask', entityId: task.id, cycleId: previous.cycleId, unitId: task.unitId,
    details: { registrationId: registration.id, round: registration.round, positionId: registration.positionId, retakes: { resultId: source.id, registrationId: previous.id } },
    at,
  });
}

/** Records a leader's decision on an OPEN task, in the caller's transaction. */
async function applyDecision(tx: Tx, task: TaskRow, decision: FollowUpDecision, at: Date): Promise<void> {
  const expected: Record<FollowUpDecision['kind'], FollowUpTypeName | null> = { TRAINING: 'RETRAINING', REASSIGNMENT: 'REASSIGNMENT', NOMINATION: 'EXPERT_NOMINATION', CANCEL: null };
  const type = expected[decision.kind];
  if (type && task.type !== type) refuseAction('WRONG_TYPE', `Cannot record ${decision.kind} on a ${task.type} task`);
  const audit = (action: string, details: Prisma.InputJsonObject, reason: string | null = null) =>
    writeAudit(tx, { action, entityType: 'FollowUpTask', entityId: task.id, cycleId: task.cycleId, unitId: task.unitId, actorUserId: decision.actorUserId, reason, details: { ...details, late: task.dueAt < at, escalationLevel: task.escalationLevel }, at });
  const close = (status: 'DONE' | 'DECLINED' | 'CANCELLED', outcome: Prisma.InputJsonObject, reason: string | null, extra: Prisma.FollowUpTaskUncheckedUpdateInput = {}) =>
    tx.followUpTask.update({ where: { id: task.id }, data: { status, outcome, decidedById: decision.actorUserId, decidedAt: at, decisionReason: reason, ...extra } });

  switch (decision.kind) {
    case 'TRAINING': {
      const outcome = { kind: 'TRAINING', course: decision.course, completedOn: decision.completedOn, hours: decision.hours };
      if (new Date(decision.completedOn).getTime() > at.getTime()) refuseAction('FUTURE_DATE', 'The training cannot end in the future');
      await close('DONE', outcome, null);
      await audit('follow_up.training_recorded', outcome);
      return;
    }
    case 'REASSIGNMENT': {
      if (!decision.accept) {
        await close('DECLINED', { kind: 'REASSIGNMENT', accepted: false }, decision.reason ?? null);
        await audit('follow_up.reassignment_declined', { accepted: false }, decision.reason ?? null);
        return;
      }
      const moved = await reassignOfficer(tx, { officerId: task.officerId, positionId: decision.positionId, unitId: decision.unitId, decisionRef: `follow-up:${task.id}`, actorUserId: decision.actorUserId, at });
      const outcome = { kind: 'REASSIGNMENT', accepted: true, ...moved };
      await close('DONE', outcome, decision.reason ?? null, { proposedPositionId: moved.positionId });
      await audit('follow_up.reassignment_accepted', outcome, decision.reason ?? null);
      return;
    }
    case 'NOMINATION': {
      const outcome = { kind: 'NOMINATION', accepted: decision.accept };
      await close(decision.accept ? 'DONE' : 'DECLINED', outcome, decision.reason);
      await audit(decision.accept ? 'follow_up.nomination_accepted' : 'follow_up.nomination_declined', outcome, decision.reason);
      return;
    }
    case 'CANCEL': {
      const reg = task.reexamRegistration;
      if (reg?.attempts.length) refuseAction('REEXAM_TAKEN', 'The re-examination has been taken: its result closes the task');
      if (reg) {
        await tx.examSeat.deleteMany({ where: { registrationId: reg.id } });
        await tx.registration.update({ where: { id: reg.id }, data: { status: 'WITHDRAWN' } });
      }
      await close('CANCELLED', { kind: 'CANCEL', withdrawnRegistrationId: reg?.id ?? null }, decision.reason);
      await audit('follow_up.cancelled', { type: task.type, withdrawnRegistrationId: reg?.id ?? null }, decision.reason);
      return;
    }
  }
}

/**
 * The one way an accepted reassignment changes the assignment history: the open assignment closes today, a new
 * one opens today, and the officer's current position and unit follow, in the caller's transaction.
 */
async function reassignOfficer(
  tx: Tx,
  input: { officerId: string; positionId?: string; unitId?: string; decisionRef: string; actorUserId: string; at: Date },
) {
  const officer = await tx.officer.findUniqueOrThrow({ where: { id: input.officerId } });
  const positionId = input.positionId;
  if (!positionId) refuseAction('POSITION_REQUIRED', 'An accepted reassignment needs the new position');
  const position = await tx.jobPosition.findUnique({ where: { id: positionId } });
  if (!position?.active) refuseAction('UNKNOWN_POSITION', `No active position ${positionId}`);
  const unitId = input.unitId ?? officer.unitId;
  if (!(await tx.unit.findUnique({ where: { id: unitId } }))) refuseAction('UNKNOWN_UNIT', `No unit ${unitId}`);
  if (positionId === officer.positionId && unitId === officer.unitId) refuseAction('SAME_ASSIGNMENT', 'The officer already holds this position in this unit');
  const today = new Date(input.at.toISOString().slice(0, 10));
  const { count: closed } = await tx.assignment.updateMany({ where: { officerId: officer.id, endDate: null }, data: { endDate: today } });
  const assignment = await tx.assignment.create({ data: { officerId: officer.id, positionId, unitId, startDate: today, decisionRef: input.decisionRef } });
  await tx.officer.update({ where: { id: officer.id }, data: { positionId, unitId } });
  const moved = { assignmentId: assignment.id, positionId, unitId, fromPositionId: officer.positionId, fromUnitId: officer.unitId, startDate: today.toISOString().slice(0, 10), closedAssignments: closed };
  await writeAudit(tx, { action: 'officer.reassigned', entityType: 'Officer', entityId: officer.id, unitId, actorUserId: input.actorUserId, reason: input.decisionRef, details: moved, at: input.at });
  return moved;
}

// ───────────────────────────── The task workflow's steps ─────────────────────────────

/** The cycle's frozen FOLLOW_UP rule set; a cycle launched before it existed freezes the newest one on first use. */
async function rulesOf(prisma: PrismaClient, cycleId: string, at: Date): Promise<{ doc: RuleSetDocument; row: RuleSet }> {
  let cycle = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycleId } });
  if (!cycle.followUpRuleSetId) {
    const newest = await prisma.ruleSet.findFirst({ where: { kind: 'FOLLOW_UP', status: 'ACTIVE' }, orderBy: { version: 'desc' } });
    if (!newest) throw ApplicationFailure.nonRetryable(`No FOLLOW_UP rule set is published for cycle ${cycle.code}`, 'NoRuleSet');
    await prisma.$transaction(async (tx) => {
      const { count } = await tx.assessmentCycle.updateMany({ where: { id: cycleId, followUpRuleSetId: null }, data: { followUpRuleSetId: newest.id } });
      if (count) {
        await writeAudit(tx, {
          action: 'cycle.follow_up_rules_frozen', entityType: 'AssessmentCycle', entityId: cycleId, cycleId,
          reason: 'The cycle had no FOLLOW_UP rule set frozen: the newest active one is frozen at first use',
          details: { ruleSetId: newest.id, version: newest.version }, at,
        });
      }
    });
    cycle = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycleId } });
  }
  const row = await prisma.ruleSet.findUniqueOrThrow({ where: { id: cycle.followUpRuleSetId! } });
  return { doc: await loadRuleSet(prisma, row.id), row };
}

/** Starts the workflows of the OPEN tasks among `where` that no workflow has taken on yet. */
async function startPending(prisma: PrismaClient, run: FollowUpRun, where: Prisma.FollowUpTaskWhereInput) {
  const pending = await prisma.followUpTask.findMany({ where: { ...where, status: 'OPEN', workflowId: null }, select: { id: true }, orderBy: { id: 'asc' } });
  if (pending.length === 0) return;
  await run.startWorkflows(pending.map((t) => t.id));
}

/**
 * One batch of a cycle's first-sitting results (keyset by result id): the follow-up rules decide each levelled
 * result's tasks, the tasks not created yet are created (dedupeKey), and every task of the batch whose
 * workflow has not begun is started. Run it again, for the same batch or the whole cycle: nothing is duplicated.
 */
export async function createFollowUpTasksBatch(prisma: PrismaClient, { cycleId, after, limit }: FollowUpBatchInput, run: FollowUpRun): Promise<FollowUpBatchOutcome> {
  const { at } = run;
  const results = await prisma.result.findMany({
    where: { cycleId, registration: { followUpTaskId: null }, ...(after ? { id: { gt: after } } : {}) },
    include: resultInclude,
    orderBy: { id: 'asc' },
    take: Math.max(1, Math.min(limit, FOLLOW_UP_BATCH)),
  });
  if (results.length === 0) return { lastId: null, results: 0, unlevelled: 0, created: 0, byType: {} };
  const rules = await rulesOf(prisma, cycleId, at);
  const rows = await proposedTasks(prisma, rules, results, at);
  const created = await prisma.$transaction((tx) => insertTasks(tx, rows, at, { by: 'CYCLE', ruleSetVersion: rules.row.version }), { timeout: 120_000 });
  run.heartbeat();
  await startPending(prisma, run, { resultId: { in: results.map((r) => r.id) } });
  const byType: FollowUpBatchOutcome['byType'] = {};
  for (const t of created) byType[t.type] = (byType[t.type] ?? 0) + 1;
  return { lastId: results[results.length - 1].id, results: results.length, unlevelled: results.filter((r) => r.level === null).length, created: created.length, byType };
}

/** The workflow takes the task on: a re-examination gets its round-2 registration; the owner's leaders are told. */
export async function beginFollowUpTask(prisma: PrismaClient, { taskId }: { taskId: string; policy: FollowUpPolicy }, at: Date, workflowId: string): Promise<FollowUpTaskState> {
  const { task, firstTime } = await prisma.$transaction(async (tx) => {
    const found = await loadTask(tx, taskId);
    if (found.status !== 'OPEN') return { task: found, firstTime: false };
    let firstTime = false;
    if (found.workflowId !== workflowId) {
      firstTime = true;
      await tx.followUpTask.update({ where: { id: taskId }, data: { workflowId } });
      await writeAudit(tx, {
        action: 'follow_up.opened', entityType: 'FollowUpTask', entityId: taskId, cycleId: found.cycleId, unitId: found.unitId,
        details: { workflowId, type: found.type, dueAt: found.dueAt.toISOString() }, at,
      });
    }
    if (found.type === 'REEXAMINATION' && !found.reexamRegistration) await openReexamination(tx, found, at);
    return { task: await loadTask(tx, taskId), firstTime };
  });
  if (task.status === 'OPEN') {
    const leaders = await leadersOf(prisma, task.unit.path);
    await notifyUsers(prisma, leaders.userIds, {
      key: `follow-up:${taskId}:assigned`,
      templateKey: 'followUp.assigned',
      unitId: task.unitId,
      params: { taskId, type: task.type, officerId: task.officerId, dueAt: task.dueAt.toISOString() },
    });
    if (firstTime) {
      await notifyUsers(prisma, await officerUsers(prisma, task.officerId), {
        key: `follow-up:${taskId}:officer-told`,
        templateKey: `followUp.officer.${task.type}`,
        unitId: task.unitId,
        params: { taskId, type: task.type, dueAt: task.dueAt.toISOString() },
      });
    }
  }
  return stateOf(task, at);
}

/** A leader's action, accepted by the workflow's validator: training recorded, a decision, or a cancellation. */
export async function recordFollowUpDecision(prisma: PrismaClient, { taskId, decision }: { taskId: string; decision: FollowUpDecision }, at: Date): Promise<FollowUpTaskState> {
  const closedNow = await prisma.$transaction(async (tx) => {
    const task = await loadTask(tx, taskId);
    if (task.status !== 'OPEN') return false; // recorded by an earlier attempt
    await applyDecision(tx, task, decision, at);
    return true;
  });
  const task = await loadTask(prisma, taskId);
  if (closedNow) {
    await notifyUsers(prisma, await officerUsers(prisma, task.officerId), {
      key: `follow-up:${taskId}:closed`,
      templateKey: 'followUp.closed',
      unitId: task.unitId,
      params: { taskId, type: task.type, status: task.status, reason: task.decisionReason ?? '' },
    });
  }
  return stateOf(task, at);
}

/** A reminder before the due date (daysBefore > 0), or the notice that a task at the top is overdue (0). */
export async function remindFollowUpTask(prisma: PrismaClient, { taskId, escalationLevel, daysBefore }: { taskId: string; escalationLevel: number; daysBefore: number }, at: Date): Promise<{ at: string }> {
  const task = await loadTask(prisma, taskId);
  if (task.status !== 'OPEN' || task.escalationLevel !== escalationLevel) return { at: at.toISOString() };
  const leaders = await leadersOf(prisma, task.unit.path);
  const sent = await notifyUsers(prisma, leaders.userIds, {
    key: `follow-up:${taskId}:reminder:${escalationLevel}:${daysBefore}`,
    templateKey: daysBefore === 0 ? 'followUp.overdue' : 'followUp.reminder',
    unitId: task.unitId,
    params: { taskId, type: task.type, daysBefore, dueAt: task.dueAt.toISOString(), escalationLevel },
  });
  if (sent > 0) {
    await writeAudit(prisma, {
      action: 'follow_up.reminded', entityType: 'FollowUpTask', entityId: taskId, cycleId: task.cycleId, unitId: task.unitId,
      details: { daysBefore, escalationLevel, dueAt: task.dueAt.toISOString(), recipients: leaders.userIds.length, to: leaders.unitId }, at,
    });
  }
  return { at: at.toISOString() };
}

/** Overdue: the task moves to the owner unit's parent (department, then headquarters) with a new due date. */
export async function escalateFollowUpTask(prisma: PrismaClient, { taskId, level, policy: taskPolicy }: { taskId: string; level: number; policy: FollowUpPolicy }, at: Date): Promise<FollowUpTaskState> {
  const moved = await prisma.$transaction(async (tx) => {
    const task = await loadTask(tx, taskId);
    const parentId = unitPath.parent(task.unit.path);
    if (task.status !== 'OPEN' || task.escalationLevel >= level || !parentId) return null; // done, escalated already, or at the top
    const dueAt = new Date(escalatedDueMs(taskPolicy, at.getTime()));
    await tx.followUpTask.update({ where: { id: taskId }, data: { unitId: parentId, escalationLevel: level, dueAt } });
    await writeAudit(tx, {
      action: 'follow_up.escalated', entityType: 'FollowUpTask', entityId: taskId, cycleId: task.cycleId, unitId: parentId,
      reason: `Overdue since ${task.dueAt.toISOString()}`,
      details: { level, fromUnitId: task.unitId, toUnitId: parentId, overdueSince: task.dueAt.toISOString(), dueAt: dueAt.toISOString() },
      at,
    });
    return { fromUnitId: task.unitId, toUnitId: parentId };
  });
  const task = await loadTask(prisma, taskId);
  if (moved) {
    const leaders = await leadersOf(prisma, task.unit.path);
    await notifyUsers(prisma, leaders.userIds, {
      key: `follow-up:${taskId}:escalation:${level}`,
      templateKey: 'followUp.escalated',
      unitId: task.unitId,
      params: { taskId, type: task.type, level, fromUnitId: moved.fromUnitId, toUnitId: moved.toUnitId, dueAt: task.dueAt.toISOString() },
    });
  }
  return stateOf(task, at);
}

/**
 * Looks for the re-examination's result. Once it is graded and levelled the task closes (passed or failed),
 * and the cycle's follow-up rules judge the new result: for a failed re-examination they propose the next
 * action (a reassignment), created and started here, as idempotently as the cycle's batches.
 */
export async function checkReexamination(prisma: PrismaClient, { taskId }: { taskId: string }, run: FollowUpRun): Promise<FollowUpTaskState> {
  const { at } = run;
  let task = await loadTask(prisma, taskId);
  const result = task.reexamRegistration?.results[0];
  if (task.status === 'OPEN' && result) {
    if (!result.level && run.levelResult) {
      await run.levelResult(result.id);
      task = await loadTask(prisma, taskId);
    }
    const graded = await prisma.result.findUniqueOrThrow({ where: { id: result.id }, include: resultInclude });
    if (graded.level && task.cycleId) {
      const rules = await rulesOf(prisma, task.cycleId, at);
      const rows = await proposedTasks(prisma, rules, [graded], at);
      const passed = graded.level !== 'NOT_ACHIEVED';
      const closedNow = await prisma.$transaction(async (tx) => {
        const fresh = await loadTask(tx, taskId);
        if (fresh.status !== 'OPEN') return false;
        const outcome = { kind: 'REEXAMINATION', passed, resultId: graded.id, score: Number(graded.score), level: graded.level, nextTasks: rows.map((r) => r.dedupeKey) };
        await tx.followUpTask.update({ where: { id: taskId }, data: { status: 'DONE', outcome, decidedAt: at } });
        await writeAudit(tx, {
          action: passed ? 'follow_up.reexam_passed' : 'follow_up.reexam_failed', entityType: 'FollowUpTask', entityId: taskId,
          cycleId: fresh.cycleId, unitId: fresh.unitId, details: { ...outcome, late: fresh.dueAt < at, escalationLevel: fresh.escalationLevel }, at,
        });
        await insertTasks(tx, rows, at, { by: 'REEXAMINATION', taskId });
        return true;
      });
      task = await loadTask(prisma, taskId);
      if (closedNow) {
        await notifyUsers(prisma, await officerUsers(prisma, task.officerId), {
          key: `follow-up:${taskId}:closed`,
          templateKey: 'followUp.closed',
          unitId: task.unitId,
          params: { taskId, type: task.type, status: task.status, passed, score: Number(graded.score), level: graded.level },
        });
      }
    }
  }
  // Proposed by this task (now or by an earlier attempt): make sure their workflows run.
  if (task.status === 'DONE' && task.reexamRegistration?.results[0]) {
    await startPending(prisma, run, { resultId: task.reexamRegistration.results[0].id });
  }
  return stateOf(task, at);
}

// ───────────────────────────── A leader's action (API) ─────────────────────────────

export type TaskAction = 'training' | 'reassignment' | 'nomination' | 'cancel';

export interface TaskRequests {
  training: RecordTrainingRequest;
  reassignment: ReassignmentDecisionRequest;
  nomination: NominationDecisionRequest;
  cancel: CancelTaskRequest;
}

const UPDATES = { training: recordTrainingUpdate, reassignment: decideReassignmentUpdate, nomination: decideNominationUpdate, cancel: cancelTaskUpdate } as const;

/**
 * One action through the task's workflow. A task whose workflow never started (the batch that created it
 * stopped short) gets it started now and the refusal NotStarted: the caller retries.
 */
export async function actOnTask<A extends TaskAction>(
  workflows: WorkflowGateway,
  task: { id: string; status: string },
  action: A,
  request: TaskRequests[A],
): Promise<UpdateOutcome<'followUpTask', FollowUpTaskView>> {
  const update = UPDATES[action] as UpdateDefinition<FollowUpTaskView, [TaskRequests[A]]>;
  const startMissing = task.status === 'OPEN' ? () => workflows.startOnce('followUpTask', task.id, { taskId: task.id, policy: DEFAULT_FOLLOW_UP_POLICY }) : null;
  return workflows.updateStarting(workflows.handle('followUpTask', followUpWorkflowId(task.id)), update, request, startMissing);
}

/** The workflow's live view of the task; null once it is finished (or Temporal is unreachable): the stored task stands. */
export function liveTask(workflows: WorkflowGateway, taskId: string): Promise<FollowUpTaskView | null> {
  return workflows.query(workflows.handle('followUpTask', followUpWorkflowId(taskId)), followUpTaskQuery);
}

/**
 * Seats a task's re-examination (see seatReexamination) and tells the task, which looks for the result once the
 * session is over; should that signal be lost, the task's idle look finds the result later.
 */
export async function scheduleReexamination(
  prisma: PrismaClient,
  workflows: WorkflowGateway,
  input: { taskId: string; sessionId: string; actorUserId: string },
  log?: { warn: (o: object, m: string) => void },
) {
  const seated = await seatReexamination(prisma, input);
  if ('error' in seated) return seated;
  try {
    await workflows.signal(workflows.handle('followUpTask', followUpWorkflowId(input.taskId)), reexamScheduledSignal, { sessionId: seated.seat.sessionId, startsAt: seated.seat.startsAt });
  } catch (err) {
    log?.warn({ err, taskId: input.taskId }, 'follow-up task not told of its seating');
  }
  return seated;
}
