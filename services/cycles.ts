// Assessment cycles' use cases: create a draft, launch it (freeze its rule sets, check the bank, start its
// workflow exactly once), cancel it (a draft at once, a running cycle through its workflow), read its live phase,
// and record each phase the workflow enters.
import type { AssessmentCycle, PrismaClient, Role } from '../prisma/db';
import { TIMELINE_FIELDS, timelineOf, type CyclePhaseName, type CycleTimeline } from '../domain/cycle-timeline';
import type { MissingListPolicy } from '../domain/unit-list';
import { cancelCycleUpdate, cycleWorkflowId, cyclePhaseQuery, type CyclePhaseView } from '../workflows/assessment-cycle/contract';
import { writeAudit } from './audit';
import { bankShortfallsForPositions, type Shortfall } from './question-bank';
import type { Refusal, WorkflowGateway } from './workflow-gateway';

export interface Actor {
  id: string;
  role: Role;
}

export interface NewCycle {
  code: string;
  nameVi: string;
  nameEn: string;
  scopeUnitIds: string[];
  scopeFieldIds: string[];
  includeNonLeadership: boolean;
  includeTeamLeaders: boolean;
  timeline: CycleTimeline;
  missingListPolicy: MissingListPolicy;
  reminderDaysBefore: number[];
  recentAssignmentMonths: number;
}

export async function createCycle(prisma: PrismaClient, input: NewCycle, actor: Actor): Promise<AssessmentCycle> {
  const { timeline, ...fields } = input;
  return prisma.$transaction(async (tx) => {
    const created = await tx.assessmentCycle.create({
      data: { ...fields, ...Object.fromEntries(TIMELINE_FIELDS.map((f) => [f, new Date(timeline[f])])), createdById: actor.id } as never,
    });
    await writeAudit(tx, { action: 'cycle.created', entityType: 'AssessmentCycle', entityId: created.id, cycleId: created.id, actorUserId: actor.id, actorRole: actor.role, details: { code: created.code } });
    return created;
  });
}

/** What the bank lacks to serve the blueprint of every position in the cycle's scope (empty = it can). */
async function shortfallsInScope(prisma: PrismaClient, cycle: AssessmentCycle): Promise<Shortfall[]> {
  const groups = [...(cycle.includeNonLeadership ? [{ isLeadership: false }] : []), ...(cycle.includeTeamLeaders ? [{ isLeadership: true }] : [])];
  const positions = await prisma.jobPosition.findMany({
    where: { active: true, OR: groups, ...(cycle.scopeFieldIds.length ? { fieldId: { in: cycle.scopeFieldIds } } : {}) },
    select: { id: true },
  });
  return bankShortfallsForPositions(prisma, positions.map((p) => p.id));
}

type Named = { id: string; nameVi: string; nameEn: string };
/** A shortfall with its position and competency named, so a person reads it without looking ids up. */
export type NamedShortfall = Shortfall & { position: Named; competency: Named };

async function named(prisma: PrismaClient, shortfalls: Shortfall[]): Promise<NamedShortfall[]> {
  const select = { id: true, nameVi: true, nameEn: true } as const;
  const [positions, competencies] = await Promise.all([
    prisma.jobPosition.findMany({ where: { id: { in: [...new Set(shortfalls.map((s) => s.positionId))] } }, select }),
    prisma.competency.findMany({ where: { id: { in: [...new Set(shortfalls.map((s) => s.competencyId))] } }, select }),
  ]);
  const byId = (rows: Named[], id: string) => rows.find((r) => r.id === id) ?? { id, nameVi: id, nameEn: id };
  return shortfalls.map((s) => ({ ...s, position: byId(positions, s.positionId), competency: byId(competencies, s.competencyId) }));
}

export type LaunchOutcome =
  | { kind: 'launched' }
  /** Not a draft (any more): launched before, or by a request at the same moment. */
  | { kind: 'alreadyLaunched'; status: string }
  | { kind: 'timelinePassed' }
  | { kind: 'noRuleSet'; ruleSetKind: 'VERIFICATION' | 'LEVEL' }
  | { kind: 'bankShortfall'; shortfalls: NamedShortfall[] }
  /** The workflow could not be started: the cycle is a draft again, so launching can be retried. */
  | { kind: 'temporalUnavailable' };

/** Launches a draft: freezes the rule sets in force now (a later version never changes a running cycle) and starts its workflow once. */
export async function launchCycle(prisma: PrismaClient, workflows: WorkflowGateway, cycle: AssessmentCycle, actor: Actor, now = new Date()): Promise<LaunchOutcome> {
  if (cycle.status !== 'DRAFT') return { kind: 'alreadyLaunched', status: cycle.status };
  if (cycle.closesAt.getTime() <= now.getTime()) return { kind: 'timelinePassed' };

  const workflowId = cycleWorkflowId(cycle.id);
  const active = await prisma.ruleSet.findMany({ where: { status: 'ACTIVE' }, orderBy: { version: 'desc' } });
  const latest = (kind: string) => active.find((r) => r.kind === kind)?.id ?? null;
  for (const kind of ['VERIFICATION', 'LEVEL'] as const) {
    if (!latest(kind)) return { kind: 'noRuleSet', ruleSetKind: kind };
  }
  const shortfalls = await shortfallsInScope(prisma, cycle);
  if (shortfalls.length) return { kind: 'bankShortfall', shortfalls: await named(prisma, shortfalls) };

  const claimed = await prisma.$transaction(async (tx) => {
    const { count } = await tx.assessmentCycle.updateMany({
      where: { id: cycle.id, status: 'DRAFT' },
      data: {
        status: 'RUNNING',
        workflowId,
        launchedAt: new Date(),
        verificationRuleSetId: latest('VERIFICATION'),
        levelRuleSetId: latest('LEVEL'),
        followUpRuleSetId: latest('FOLLOW_UP'),
      },
    });
    if (count === 1) {
      await writeAudit(tx, { action: 'cycle.launched', entityType: 'AssessmentCycle', entityId: cycle.id, cycleId: cycle.id, actorUserId: actor.id, actorRole: actor.role, details: { workflowId } });
    }
    return count === 1;
  });
  if (!claimed) return { kind: 'alreadyLaunched', status: 'RUNNING' };

  try {
    const started = await workflows.startOnce('assessmentCycle', cycle.id, { cycleId: cycle.id, timeline: timelineOf(cycle) }, { memo: { code: cycle.code } });
    if (started === 'alreadyStarted') return { kind: 'alreadyLaunched', status: 'RUNNING' };
  } catch {
    // The workflow did not start: put the cycle back as it was, so launching can be retried.
    await prisma.assessmentCycle.update({
      where: { id: cycle.id },
      data: { status: 'DRAFT', workflowId: null, launchedAt: null, verificationRuleSetId: null, levelRuleSetId: null, followUpRuleSetId: null },
    });
    return { kind: 'temporalUnavailable' };
  }
  return { kind: 'launched' };
}

export type CancelOutcome =
  | { kind: 'cancelled' }
  | { kind: 'notCancellable'; status: string }
  | { kind: 'refused'; refusal: Refusal<'assessmentCycle'> };

/** A draft is cancelled at once; a running cycle through its workflow (a retried request is the same Update). */
export async function cancelCycle(prisma: PrismaClient, workflows: WorkflowGateway, cycle: AssessmentCycle, reason: string, actor: Actor): Promise<CancelOutcome> {
  if (cycle.status === 'DRAFT') {
    const { count } = await prisma.$transaction(async (tx) => {
      const updated = await tx.assessmentCycle.updateMany({
        where: { id: cycle.id, status: 'DRAFT' },
        data: { status: 'CANCELLED', phase: 'CANCELLED', cancelledAt: new Date(), cancelReason: reason },
      });
      if (updated.count) await writeAudit(tx, { action: 'cycle.cancelled', entityType: 'AssessmentCycle', entityId: cycle.id, cycleId: cycle.id, actorUserId: actor.id, actorRole: actor.role, reason });
      return updated;
    });
    return count ? { kind: 'cancelled' } : { kind: 'notCancellable', status: 'RUNNING' };
  }
  if (cycle.status !== 'RUNNING' || !cycle.workflowId) return { kind: 'notCancellable', status: cycle.status };
  const outcome = await workflows.update(workflows.handle('assessmentCycle', cycle.workflowId), cancelCycleUpdate, { reason, actorUserId: actor.id }, { updateId: `cancel-${cycle.id}` });
  return outcome.ok ? { kind: 'cancelled' } : { kind: 'refused', refusal: outcome.refusal };
}

/** The live phase from the workflow; the database's record when the workflow is not answering (closed, or Temporal down). */
export async function livePhase(workflows: WorkflowGateway, cycle: AssessmentCycle): Promise<CyclePhaseView & { source: 'workflow' | 'database' }> {
  if (cycle.workflowId && cycle.status === 'RUNNING') {
    const view = await workflows.query(workflows.handle('assessmentCycle', cycle.workflowId), cyclePhaseQuery);
    if (view) return { ...view, source: 'workflow' };
  }
  return { cycleId: cycle.id, phase: cycle.phase, enteredAt: null, next: null, cancelReason: cycle.cancelReason, source: 'database' };
}

export interface RecordCyclePhaseInput {
  cycleId: string;
  phase: CyclePhaseName;
  /** For CANCELLED: who cancelled and why. */
  actorUserId?: string;
  reason?: string;
}

export interface RecordedPhase {
  /** When the phase was entered, by the Temporal server's clock (the workflow schedules its next timer from it). */
  at: string;
}

const STATUS_AFTER: Partial<Record<CyclePhaseName, 'CLOSED' | 'CANCELLED'>> = {
  CLOSED: 'CLOSED',
  CANCELLED: 'CANCELLED',
};

/** Persists a phase change at `at` (the server's time). Idempotent: a retry finds its phase event and changes nothing. */
export async function recordCyclePhase(prisma: PrismaClient, input: RecordCyclePhaseInput, at: Date): Promise<RecordedPhase> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.cyclePhaseEvent.findUnique({
      where: { cycleId_phase: { cycleId: input.cycleId, phase: input.phase } },
    });
    if (existing) return { at: existing.enteredAt.toISOString() };

    const cycle = await tx.assessmentCycle.findUniqueOrThrow({ where: { id: input.cycleId } });
    await tx.cyclePhaseEvent.create({ data: { cycleId: input.cycleId, phase: input.phase, enteredAt: at } });
    const status = STATUS_AFTER[input.phase];
    await tx.assessmentCycle.update({
      where: { id: input.cycleId },
      data: {
        phase: input.phase,
        ...(status ? { status } : {}),
        ...(input.phase === 'CANCELLED' ? { cancelledAt: at, cancelReason: input.reason } : {}),
      },
    });
    await writeAudit(tx, {
      action: input.phase === 'CANCELLED' ? 'cycle.cancelled' : 'cycle.phase_changed',
      entityType: 'AssessmentCycle',
      entityId: input.cycleId,
      cycleId: input.cycleId,
      actorUserId: input.actorUserId ?? null,
      reason: input.reason ?? null,
      details: { from: cycle.phase, to: input.phase },
      at,
    });
    return { at: at.toISOString() };
  });
}
