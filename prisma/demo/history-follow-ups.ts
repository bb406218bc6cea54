// The lives of a past cycle's follow-up tasks, through the activities of FollowUpTaskWorkflow run at the dates
// they happened: a re-examination opens its round-2 registration, is seated in a session of the cycle, sat,
// graded and levelled, and closes by its result (a second failure makes the follow-up rules propose a
// reassignment); leaders record trainings, accept or decline reassignments and nominations, or cancel a task;
// a task left overdue escalates one unit up first. Some tasks of the latest cycle stay open: their workflows
// start when the demo starts, so leaders have work waiting.
import type { Prisma } from '../db';
import { createExamSessionActivities } from '../../activities/exam-sessions';
import { generateSessionForms } from '../../services/exam-scheduling';
import { createFollowUpActivities } from '../../activities/follow-ups';
import { seatReexamination, type FollowUpDecision } from '../../services/follow-ups';
import { levelResult } from '../../services/levels';
import { DEFAULT_FOLLOW_UP_POLICY, escalatedDueMs, followUpWorkflowId } from '../../domain/follow-up-task';
import { unitPath } from '../../domain/unit-path';
import { randomFor, type Random } from './random';
import { calibrateSitting, simulateSitting, sitThroughDelivery, writeSittings, type FormItem, type Sitting } from './sitting';
import { runAt, HISTORY_TASK_QUEUE } from './simulated-time';
import { abilityOf, DAY, departmentOfPath, HOUR, judgeSitting, later, leaderOf, type HistoryWorld, type OfficerRow } from './history-world';
import type { PastCycleSpec } from './history-cycle';

export interface FollowUpPlan {
  /** Share of the tasks (other than re-examinations) still open when the history ends. */
  openShare: number;
  /** At least this many of them in one department (the demo leader's). */
  openAtLeast?: { departmentId: string; count: number };
}

const COURSES: Record<string, string[]> = {
  default: ['Lớp bồi dưỡng chuyên đề', 'Khóa bồi dưỡng trực tuyến', 'Lớp tập huấn nghiệp vụ'],
};
const CANCEL_REASONS = ['Công chức nghỉ hưu theo chế độ.', 'Công chức chuyển công tác ra ngoài ngành.', 'Công chức nghỉ ốm dài ngày theo chỉ định của bác sĩ.'];
const DECLINE_REASSIGNMENT = [
  'Vị trí hiện tại phù hợp với năng lực; đơn vị chưa có chỉ tiêu ở vị trí đề xuất.',
  'Đơn vị đã bố trí kèm cặp tại vị trí hiện tại; xem xét lại sau kỳ đánh giá tới.',
];
const NOMINATION_ACCEPT = ['Đề cử vào nhóm chuyên gia nghiệp vụ của Cục.', 'Đưa vào danh sách quy hoạch cán bộ nguồn.'];
const NOMINATION_DECLINE = ['Chưa đủ thời gian công tác ở vị trí hiện tại.', 'Đơn vị đã đủ thành viên nhóm chuyên gia năm nay.'];

export async function liveFollowUps(world: HistoryWorld, spec: PastCycleSpec, cycleId: string, followUpAt: Date, byOfficer: Map<string, OfficerRow>): Promise<void> {
  const { prisma } = world;
  const activities = createFollowUpActivities(prisma, { temporal: world.deferred.client, taskQueue: HISTORY_TASK_QUEUE, levelResult: (id) => levelResult(prisma, id) });
  const policy = DEFAULT_FOLLOW_UP_POLICY;
  const random = (key: string) => randomFor(world.seed, `follow-up/${key}`);
  const at = (when: Date, taskId: string, work: () => Promise<unknown>) => runAt(when, work, { workflowId: followUpWorkflowId(taskId) });

  await world.timed('followUps.reexam', () => reexamine(world, spec, cycleId, followUpAt, byOfficer, activities));

  // ── Every other task: decided (sometimes after an escalation), cancelled, or left open ──
  const tasks = byKey(await prisma.followUpTask.findMany({
    where: { cycleId, status: 'OPEN', type: { not: 'REEXAMINATION' } },
    include: { unit: true, officer: { include: { position: true } }, competency: true, result: { select: { registration: { select: { round: true } } } } },
  }), spec);
  const keepOpen = new Set<string>();
  if (spec.followUps.openShare > 0) {
    for (const t of tasks) if (random(`open/${t.key}`).chance(spec.followUps.openShare)) keepOpen.add(t.id);
    const wanted = spec.followUps.openAtLeast;
    if (wanted) {
      const there = tasks.filter((t) => departmentOfPath(t.unit.path) === wanted.departmentId);
      for (const t of there) {
        if ([...keepOpen].filter((id) => there.some((x) => x.id === id)).length >= wanted.count) break;
        keepOpen.add(t.id);
      }
    }
  }
  // The leaders' decisions. Those that move an officer (an accepted reassignment: the assignment history changes)
  // and the demo officer's own tasks go through the workflow's activities; the many others are written at once,
  // the same columns and audit entries as those activities write (closeTasks below).
  const bulk: Closure[] = [];
  // When each task was created: its audit entry says (the row's own createdAt is the database clock's).
  const createdAudit = await prisma.auditLog.findMany({ where: { cycleId, action: 'follow_up.created' }, select: { entityId: true, at: true } });
  const createdAtOf = new Map(createdAudit.map((a) => [a.entityId, a.at]));
  for (const task of tasks) {
    if (keepOpen.has(task.id)) continue;
    const r = random(task.key);
    const createdAt = createdAtOf.get(task.id) ?? followUpAt;
    const actorUserId = leaderOf(world, departmentOfPath(task.unit.path));
    const window = task.dueAt.getTime() - createdAt.getTime();
    let when = new Date(createdAt.getTime() + window * (0.15 + 0.8 * r.float()));
    // Overdue: the workflow moves it one unit up at the due date; it is decided in the grace period.
    const escalated = r.chance(0.1) && unitPath.parent(task.unit.path) !== null;
    if (escalated) when = later(task.dueAt, (1 + r.float() * (policy.escalationGraceDays - 2)) * DAY);
    const decision = decisionFor(world, task, when, r, actorUserId, byOfficer);
    const moves = decision.kind === 'REASSIGNMENT' && decision.accept;
    if (moves || world.users.officers.has(task.officerId)) {
      await world.timed('followUps.activities', async () => {
        await at(later(createdAt, 5 * 60_000), task.id, () => activities.beginFollowUpTask({ taskId: task.id, policy }));
        if (escalated) await at(task.dueAt, task.id, () => activities.escalateFollowUpTask({ taskId: task.id, level: 1, policy }));
        await decide(activities, task.id, when, decision);
      });
    } else {
      bulk.push({ task, openedAt: later(createdAt, 5 * 60_000), escalated, when, decision });
    }
  }
  await world.timed('followUps.bulk', () => closeTasks(world, bulk, policy));
}

interface Closure {
  task: TaskRow & { key: string };
  openedAt: Date;
  escalated: boolean;
  when: Date;
  decision: FollowUpDecision;
}

/**
 * What beginFollowUpTask, escalateFollowUpTask and recordFollowUpDecision write for a task that is trained,
 * declined, decided or cancelled (never one that moves an officer or needs a re-examination), for many tasks in
 * a few statements: the task's workflow id, owner unit, due date, status, outcome and decision, and the same
 * audit entries. The notifications of the past are not written: they went out at the time.
 */
async function closeTasks(world: HistoryWorld, closures: Closure[], policy: typeof DEFAULT_FOLLOW_UP_POLICY): Promise<void> {
  if (closures.length === 0) return;
  const rows: Record<string, unknown>[] = [];
  const audit: Prisma.AuditLogCreateManyInput[] = [];
  for (const { task, openedAt, escalated, when, decision } of closures) {
    const workflowId = followUpWorkflowId(task.id);
    const base = { entityType: 'FollowUpTask', entityId: task.id, cycleId: task.cycleId };
    audit.push({ ...base, action: 'follow_up.opened', unitId: task.unitId, details: { workflowId, type: task.type, dueAt: task.dueAt.toISOString() }, at: openedAt });
    let unitId = task.unitId;
    let dueAt = task.dueAt;
    let escalationLevel = task.escalationLevel;
    if (escalated) {
      const parentId = unitPath.parent(task.unit.path)!;
      const newDue = new Date(escalatedDueMs(policy, task.dueAt.getTime()));
      audit.push({
        ...base, action: 'follow_up.escalated', unitId: parentId, reason: `Overdue since ${task.dueAt.toISOString()}`,
        details: { level: 1, fromUnitId: task.unitId, toUnitId: parentId, overdueSince: task.dueAt.toISOString(), dueAt: newDue.toISOString() }, at: task.dueAt,
      });
      unitId = parentId;
      dueAt = newDue;
      escalationLevel = 1;
    }
    const late = dueAt < when;
    const closed = closureOf(task.type, decision);
    audit.push({
      ...base, action: closed.audit, unitId, actorUserId: decision.actorUserId, reason: closed.reason,
      details: { ...closed.details, late, escalationLevel } as Prisma.InputJsonObject, at: when,
    });
    rows.push({ id: task.id, workflowId, unitId, dueAt: dueAt.toISOString(), escalationLevel, status: closed.status, outcome: closed.outcome, decidedById: decision.actorUserId, decidedAt: when.toISOString(), reason: closed.reason });
  }
  await world.prisma.$executeRaw`
    UPDATE "FollowUpTask" AS t
    SET "workflowId" = d."workflowId", "unitId" = d."unitId", "dueAt" = d."dueAt"::timestamp, "escalationLevel" = d."escalationLevel",
        status = d.status::"FollowUpStatus", outcome = d.outcome, "decidedById" = d."decidedById", "decidedAt" = d."decidedAt"::timestamp,
        "decisionReason" = d.reason, "updatedAt" = d."decidedAt"::timestamp
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
         AS d(id text, "workflowId" text, "unitId" text, "dueAt" text, "escalationLevel" int, status text, outcome jsonb, "decidedById" text, "decidedAt" text, reason text)
    WHERE t.id = d.id AND t.status = 'OPEN'`;
  for (let i = 0; i < audit.length; i += 4000) await world.prisma.auditLog.createMany({ data: audit.slice(i, i + 4000) });
}

/** recordFollowUpDecision's status, outcome, reason and audit entry for a decision that moves no one. */
function closureOf(type: string, d: FollowUpDecision): { status: 'DONE' | 'DECLINED' | 'CANCELLED'; outcome: Prisma.InputJsonObject; reason: string | null; audit: string; details: Prisma.InputJsonObject } {
  switch (d.kind) {
    case 'TRAINING': {
      const outcome = { kind: 'TRAINING', course: d.course, completedOn: d.completedOn, hours: d.hours };
      return { status: 'DONE', outcome, reason: null, audit: 'follow_up.training_recorded', details: outcome };
    }
    case 'REASSIGNMENT':
      if (d.accept) throw new Error('an accepted reassignment moves the officer: it goes through the activity');
      return { status: 'DECLINED', outcome: { kind: 'REASSIGNMENT', accepted: false }, reason: d.reason ?? null, audit: 'follow_up.reassignment_declined', details: { accepted: false } };
    case 'NOMINATION': {
      const outcome = { kind: 'NOMINATION', accepted: d.accept };
      return { status: d.accept ? 'DONE' : 'DECLINED', outcome, reason: d.reason, audit: d.accept ? 'follow_up.nomination_accepted' : 'follow_up.nomination_declined', details: outcome };
    }
    case 'CANCEL':
      return { status: 'CANCELLED', outcome: { kind: 'CANCEL', withdrawnRegistrationId: null }, reason: d.reason, audit: 'follow_up.cancelled', details: { type, withdrawnRegistrationId: null } };
  }
}

/** Re-examinations: opened, seated, sat, found by their task. */
async function reexamine(world: HistoryWorld, spec: PastCycleSpec, cycleId: string, followUpAt: Date, byOfficer: Map<string, OfficerRow>, activities: ReturnType<typeof createFollowUpActivities>) {
  const { prisma } = world;
  const policy = DEFAULT_FOLLOW_UP_POLICY;
  const random = (key: string) => randomFor(world.seed, `follow-up/${key}`);
  const at = (when: Date, taskId: string, work: () => Promise<unknown>) => runAt(when, work, { workflowId: followUpWorkflowId(taskId) });
  const reexams = byKey(await prisma.followUpTask.findMany({ where: { cycleId, type: 'REEXAMINATION' }, include: { unit: true, result: { select: { registration: { select: { round: true } } } } } }), spec);
  const seatAt = later(spec.reexamAt, -21 * DAY);
  const sessionsByDepartment = new Map<string, string>();
  const cancelled = new Set<string>();
  for (const task of reexams) {
    const openedAt = later(followUpAt, 10 * 60_000);
    await openReexamination(world, task, openedAt);
    await world.timed('reexam.begin', () => at(openedAt, task.id, () => activities.beginFollowUpTask({ taskId: task.id, policy })));
    const r = random(task.key);
    if (r.chance(0.05)) {
      await decide(activities, task.id, later(followUpAt, (5 + r.int(0, 20)) * DAY), { kind: 'CANCEL', actorUserId: leaderOf(world, departmentOfPath(task.unit.path)), reason: r.pick(CANCEL_REASONS) });
      cancelled.add(task.id);
      continue;
    }
    const departmentId = departmentOfPath(task.unit.path);
    let sessionId = sessionsByDepartment.get(departmentId);
    if (!sessionId) {
      sessionId = `SS-${spec.code}-${departmentId}-R`;
      await prisma.examSession.create({
        data: { id: sessionId, cycleId, unitId: departmentId, code: `TL-${departmentId}`, room: 'Phòng thi số 1, trụ sở Cục', startsAt: spec.reexamAt, capacity: 60, status: 'PLANNED', createdAt: later(seatAt, -2 * DAY) },
      });
      await prisma.auditLog.create({
        data: { action: 'exam.session_created', entityType: 'ExamSession', entityId: sessionId, cycleId, unitId: departmentId, actorUserId: leaderOf(world, departmentId), details: { code: `TL-${departmentId}`, capacity: 60, reexamination: true }, at: later(seatAt, -2 * DAY) },
      });
      sessionsByDepartment.set(departmentId, sessionId);
    }
    const seated = await world.timed('reexam.seat', () => seatReexamination(prisma, { taskId: task.id, sessionId: sessionId!, actorUserId: leaderOf(world, departmentId), now: seatAt }));
    if ('error' in seated) throw new Error(`re-examination of task ${task.id} not seated: ${seated.error}`);
  }
  // Published once everyone is seated: the forms are drawn then, as the publish route draws them.
  const sessions = createExamSessionActivities(prisma);
  for (const [departmentId, sessionId] of sessionsByDepartment) {
    const forms = await generateSessionForms(prisma, sessionId);
    await prisma.examSession.update({ where: { id: sessionId }, data: { status: 'PUBLISHED' } });
    await prisma.auditLog.create({
      data: { action: 'exam.session_published', entityType: 'ExamSession', entityId: sessionId, cycleId, unitId: departmentId, actorUserId: leaderOf(world, departmentId), details: forms, at: later(seatAt, DAY) },
    });
    await world.timed('reexam.sit', () => sitReexaminations(world, spec, cycleId, sessionId, byOfficer));
    if (world.watched.has(departmentId)) await sessions.closeExamSession({ sessionId });
    else await prisma.examSession.update({ where: { id: sessionId }, data: { status: 'DONE' } });
  }
  const checkAt = later(spec.reexamAt, policy.sessionHours * HOUR + 5 * 60_000);
  for (const task of reexams) {
    if (!cancelled.has(task.id)) await world.timed('reexam.check', () => at(checkAt, task.id, () => activities.checkReexamination({ taskId: task.id })));
  }

}

/**
 * The re-examination's round-2 registration, as beginFollowUpTask opens it (the same columns and audit entry),
 * but with an id of the history's own: the form is drawn from the registration's id, and a generated one would
 * give the re-examination another form, other answers and other sub-scores on every load. The activity then
 * finds it and carries on (workflow id, the task's opening, the leaders and the officer told).
 */
async function openReexamination(world: HistoryWorld, task: { id: string; unitId: string; resultId: string | null }, at: Date) {
  const { prisma } = world;
  const source = await prisma.result.findUniqueOrThrow({ where: { id: task.resultId! }, include: { registration: true, officer: true } });
  const previous = source.registration;
  const id = `${previous.id}-R${previous.round + 1}`;
  await prisma.$transaction(async (tx) => {
    const registration = await tx.registration.create({
      data: {
        id, cycleId: previous.cycleId, officerId: source.officerId, round: previous.round + 1, positionId: previous.positionId,
        heldPositionId: source.officer.positionId, unitId: source.officer.unitId, source: 'REEXAMINATION', status: 'ACTIVE', followUpTaskId: task.id,
        verificationOutcome: previous.verificationOutcome, verificationReasons: previous.verificationReasons ?? undefined, verifiedAt: previous.verifiedAt,
        reviewDecision: previous.reviewDecision, reviewJustification: previous.reviewJustification, createdAt: at, updatedAt: at,
      },
    });
    await tx.auditLog.create({
      data: {
        action: 'follow_up.reexam_registered', entityType: 'FollowUpTask', entityId: task.id, cycleId: previous.cycleId, unitId: task.unitId,
        details: { registrationId: registration.id, round: registration.round, positionId: registration.positionId, retakes: { resultId: source.id, registrationId: previous.id } },
        at,
      },
    });
  });
}

type TaskRow = Prisma.FollowUpTaskGetPayload<{ include: { unit: true; officer: { include: { position: true } }; competency: true } }>;

/**
 * Tasks with a key that does not depend on generated ids (the officer, the kind of task, the competency and the
 * sitting's round), in that key's order: each task's fate is drawn from its own seeded stream.
 */
function byKey<T extends { officerId: string; type: string; competencyId: string | null; result: { registration: { round: number } } | null }>(tasks: T[], spec: PastCycleSpec): (T & { key: string })[] {
  return tasks
    .map((t) => ({ ...t, key: `${spec.code}/${t.officerId}/${t.type}/${t.competencyId ?? '-'}/${t.result?.registration.round ?? 1}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function decisionFor(world: HistoryWorld, task: TaskRow, when: Date, r: Random, actorUserId: string, byOfficer: Map<string, OfficerRow>): FollowUpDecision {
  if (r.chance(0.04)) return { kind: 'CANCEL', actorUserId, reason: r.pick(CANCEL_REASONS) };
  switch (task.type) {
    case 'RETRAINING': {
      const completedOn = new Date(when.getTime() - r.int(1, 20) * DAY).toISOString().slice(0, 10);
      const topic = task.competency?.nameVi ?? world.competencyNames.get(task.competencyId ?? '') ?? 'nghiệp vụ hải quan';
      return { kind: 'TRAINING', actorUserId, course: `${r.pick(COURSES.default)}: ${topic}`, completedOn, hours: r.pick([16, 24, 32, 40]) };
    }
    case 'REASSIGNMENT': {
      const officer = byOfficer.get(task.officerId);
      const open = officer?.assignments.at(-1);
      // Only an officer whose current post began before the decision can be moved from it then.
      const movable = open && open.endDate === null && open.startDate < when;
      const positionId = task.proposedPositionId ?? otherStaffPosition(world, task.officer.position.fieldId, task.officer.positionId, r);
      if (movable && positionId && positionId !== task.officer.positionId && r.chance(0.4)) {
        return { kind: 'REASSIGNMENT', actorUserId, accept: true, positionId, reason: 'Bố trí đúng vị trí việc làm theo kết quả đánh giá năng lực.' };
      }
      return { kind: 'REASSIGNMENT', actorUserId, accept: false, reason: r.pick(DECLINE_REASSIGNMENT) };
    }
    case 'EXPERT_NOMINATION': {
      const accept = r.chance(0.7);
      return { kind: 'NOMINATION', actorUserId, accept, reason: r.pick(accept ? NOMINATION_ACCEPT : NOMINATION_DECLINE) };
    }
    default:
      return { kind: 'CANCEL', actorUserId, reason: r.pick(CANCEL_REASONS) };
  }
}

function otherStaffPosition(world: HistoryWorld, fieldId: string, currentId: string, r: Random): string | null {
  const options = [...world.positions.values()].filter((p) => p.active && !p.isLeadership && p.fieldId === fieldId && p.id !== currentId).map((p) => p.id);
  return options.length ? r.pick(options) : null;
}

async function decide(activities: ReturnType<typeof createFollowUpActivities>, taskId: string, when: Date, decision: FollowUpDecision) {
  await runAt(when, () => activities.recordFollowUpDecision({ taskId, decision }), { workflowId: followUpWorkflowId(taskId) });
}

/**
 * The re-examination session: the candidates come back after their retraining; whether each passes is drawn
 * from their own stream, and their answers are calibrated to that outcome (the forms, drawn from generated
 * registration ids, differ from run to run; the outcomes do not).
 */
async function sitReexaminations(world: HistoryWorld, spec: PastCycleSpec, cycleId: string, sessionId: string, byOfficer: Map<string, OfficerRow>) {
  const { prisma } = world;
  const session = await prisma.examSession.findUniqueOrThrow({ where: { id: sessionId } });
  const seats = await prisma.examSeat.findMany({ where: { sessionId }, include: { registration: { include: { forms: { include: { blueprint: true } } } } }, orderBy: { seatNumber: 'asc' } });
  const quick: { sitting: Sitting; positionId: string; formId: string; blueprintId: string; passMark: number }[] = [];
  for (const seat of seats) {
    const r = seat.registration;
    const form = r.forms[0];
    if (!form || r.status !== 'ACTIVE') continue;
    const officer = byOfficer.get(r.officerId)!;
    const key = `${spec.code}/${r.officerId}/REEXAMINATION/${r.round}`;
    const passes = randomFor(world.seed, `reexam-outcome/${key}`).chance(0.75);
    const draw = (ability: number, attempt: number) => simulateSitting(randomFor(world.seed, `sitting/${key}/${attempt}`), ability,
      { registrationId: r.id, officerId: r.officerId, formId: form.id, items: form.items as unknown as FormItem[] },
      world.bank, { startsAt: session.startsAt, durationMinutes: form.blueprint.durationMinutes, multiplier: Number(officer.extraTimeMultiplier) });
    const sitting = await calibrateSitting(draw, abilityOf(world, officer, spec.year) + 0.5, async (s) => {
      const { level } = await judgeSitting(world, s, r.positionId);
      const passed = level !== null && level !== 'NOT_ACHIEVED';
      return passed === passes ? 0 : passes ? 1 : -1;
    });
    if (world.users.officers.has(r.officerId)) await sitThroughDelivery(prisma, sitting);
    else quick.push({ sitting, positionId: r.positionId, formId: form.id, blueprintId: form.blueprintId, passMark: form.blueprint.passMark });
  }
  if (quick.length) {
    await writeSittings(prisma, quick.map((q) => q.sitting), {
      bank: world.bank,
      positionOf: new Map(quick.map((q) => [q.sitting.registrationId, q.positionId])),
      frameworks: world.frameworks,
      passMarkOf: new Map(quick.map((q) => [q.blueprintId, q.passMark])),
      blueprintOfForm: new Map(quick.map((q) => [q.formId, q.blueprintId])),
    }, cycleId);
  }
}
