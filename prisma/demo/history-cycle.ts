// One completed assessment cycle of the demo's past, walked phase by phase through the project's own code: the
// phase activity records each phase at its date; registrations are checked by the registration rules; the
// departments' review activities verify them with the frozen rule set and carry the lists to approval; seats and
// forms come from the scheduling functions; the candidates sit (simulation + grading, sitting.ts); the session
// and cycle item analyses, the level rules and the follow-up rules run as the workflows would run them; the
// tasks then live their lives (history-follow-ups.ts). The simulation only decides what people do and when.
import type { Prisma } from '../db';
import { createCyclePhaseActivities } from '../../activities/cycle-phases';
import { createExamSessionActivities } from '../../activities/exam-sessions';
import { assignSeats, generateSessionForms } from '../../services/exam-scheduling';
import { createFollowUpActivities } from '../../activities/follow-ups';
import { createLevelActivities } from '../../activities/levels';
import { checkRegistration } from '../../services/registrations';
import { createUnitReviewActivities } from '../../activities/unit-reviews';
import { createVerificationActivities } from '../../activities/verification';
import { eligibility, type CycleScope } from '../../domain/eligibility';
import type { CyclePhaseName } from '../../domain/cycle-timeline';
import type { LevelCode } from '../../rules/level';
import { randomFor, type Random } from './random';
import { calibrateSitting, simulateSitting, sitThroughDelivery, writeSittings, type FormItem, type GradingFacts, type Sitting } from './sitting';
import { runAt, HISTORY_TASK_QUEUE } from './simulated-time';
import { abilityOf, DAY, departmentOfPath, HOUR, judgeSitting, later, reviewerOf, type HistoryWorld, type OfficerRow } from './history-world';
import { liveFollowUps, type FollowUpPlan } from './history-follow-ups';

export interface PastCycleSpec {
  code: string;
  year: number;
  nameVi: string;
  nameEn: string;
  includeTeamLeaders: boolean;
  createdAt: Date;
  launchedAt: Date;
  timeline: { registrationOpensAt: Date; registrationClosesAt: Date; listsDueAt: Date; examStartsAt: Date; examEndsAt: Date; closesAt: Date };
  /** Share of the officers in post who register. */
  participation: number;
  /** The re-examination sittings, one per department that needs one. */
  reexamAt: Date;
  /** A department whose figures are reproduced exactly (the published mountain department). */
  calibrated?: CalibratedDepartment;
  followUps: FollowUpPlan;
  /** One list is returned by headquarters once, with comments, before being approved. */
  returnedList?: { unitId: string; comment: string };
}

/** The calibrated department's candidates, best first: how many end in each class. */
export interface CalibratedDepartment {
  departmentId: string;
  /** Registrations: the tested ones plus the dodges (one accepted and tested, one rejected). */
  registered: number;
  classes: { excellent: number; level3: number; level2: number; level1: number };
}

export interface PastCycleSummary {
  cycleId: string;
  registrations: number;
  flagged: number;
  attempts: number;
  results: number;
  tasks: number;
}

type Outcome = 'excellent' | 'level3' | 'level2' | 'level1';

const MINUTE = 60_000;
const SESSION_CAPACITY = 60;
const ABSENCE = 0.025;
const DODGE = { staff: 0.06, leader: 0.12 };

const JUSTIFICATIONS = {
  ACCEPT: [
    'Đã xác minh: công chức được phân công tạm thời vị trí đăng ký theo quyết định của Cục.',
    'Đồng ý: công chức kiêm nhiệm vị trí đăng ký từ đầu năm, có văn bản phân công kèm theo.',
    'Đã đối chiếu bảng phân công nhiệm vụ của Chi cục: công chức thực tế làm vị trí đăng ký.',
  ],
  REJECT: [
    'Không chấp nhận: vị trí đăng ký không phải vị trí đang đảm nhiệm, không có văn bản phân công.',
    'Từ chối: công chức phải đăng ký đúng vị trí việc làm hiện tại theo quy định của kỳ đánh giá.',
  ],
  CORRECT: [
    'Điều chỉnh về vị trí đang đảm nhiệm theo quyết định phân công hiện hành.',
    'Sửa lại vị trí đăng ký cho đúng vị trí việc làm công chức đang làm.',
  ],
} as const;

const ROOMS = ['Phòng thi số 1, trụ sở Cục', 'Phòng thi số 2, trụ sở Cục', 'Phòng máy tính, Trung tâm dữ liệu', 'Hội trường tầng 3'];

export async function simulatePastCycle(world: HistoryWorld, spec: PastCycleSpec): Promise<PastCycleSummary> {
  const { prisma, seed, log } = world;
  const t = spec.timeline;
  const random = (stream: string) => randomFor(seed, `history/${spec.code}/${stream}`);
  const phases = createCyclePhaseActivities(prisma);
  const reviews = createUnitReviewActivities(prisma);
  const verification = createVerificationActivities(prisma);
  const levels = createLevelActivities(prisma);
  const sessions = createExamSessionActivities(prisma);
  const cycleId = `CY-${spec.code}`;
  const started = performance.now();
  const step = (what: string) => log(`demo: cycle ${spec.year} ${what} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const enter = (phase: CyclePhaseName, at: Date) => runAt(at, () => phases.recordCyclePhase({ cycleId, phase }), { workflowId: `assessment-cycle-${cycleId}` });

  // ── The cycle, created and launched by headquarters (its rule sets frozen as the launch freezes them) ──
  await prisma.assessmentCycle.create({
    data: {
      id: cycleId, code: spec.code, nameVi: spec.nameVi, nameEn: spec.nameEn, status: 'RUNNING', phase: 'NOT_STARTED',
      scopeUnitIds: world.departments ?? [], scopeFieldIds: [], includeNonLeadership: true, includeTeamLeaders: spec.includeTeamLeaders,
      ...t, missingListPolicy: 'EXCLUDE_CANDIDATES', reminderDaysBefore: [7, 2], recentAssignmentMonths: 6,
      verificationRuleSetId: world.ruleSets.VERIFICATION, levelRuleSetId: world.ruleSets.LEVEL, followUpRuleSetId: world.ruleSets.FOLLOW_UP,
      launchedAt: spec.launchedAt, createdById: world.users.coordinator, createdAt: spec.createdAt,
    },
  });
  await prisma.auditLog.createMany({
    data: [
      { action: 'cycle.created', entityType: 'AssessmentCycle', entityId: cycleId, cycleId, actorUserId: world.users.coordinator, actorRole: 'COORDINATOR', details: { code: spec.code }, at: spec.createdAt },
      { action: 'cycle.launched', entityType: 'AssessmentCycle', entityId: cycleId, cycleId, actorUserId: world.users.coordinator, actorRole: 'COORDINATOR', details: { workflowId: `assessment-cycle-${cycleId}` }, at: spec.launchedAt },
    ],
  });
  await enter('REGISTRATION_OPEN', t.registrationOpensAt);

  // ── Registration: who registers, for which position (a few dodge to a simpler one) ──
  const officers = await world.officers();
  const scope: CycleScope = { scopeUnitPaths: (world.departments ?? []).map((d) => `/HQ/${d}/`), scopeFieldIds: [], includeNonLeadership: true, includeTeamLeaders: spec.includeTeamLeaders };
  const registrations = chooseRegistrations(world, spec, officers, scope, random('registrations'));
  await prisma.registration.createMany({ data: registrations.map((r) => r.row) });
  await prisma.auditLog.createMany({
    data: registrations.map(({ row }) => ({
      action: 'registration.created', entityType: 'Registration', entityId: row.id!, cycleId, unitId: row.unitId,
      actorUserId: row.registeredById, actorRole: row.source === 'SELF' ? ('OFFICER' as const) : ('REVIEWER' as const),
      details: { officerId: row.officerId, positionId: row.positionId, heldPositionId: row.heldPositionId, source: row.source! },
      at: row.createdAt as Date,
    })),
  });
  step(`${registrations.length} registrations`);

  // ── Verification and review, department by department, as each department's review workflow does it ──
  await enter('VERIFICATION', t.registrationClosesAt);
  const plan = await reviews.planUnitReviews({ cycleId });
  const verifiedAt = later(t.registrationClosesAt, 20 * MINUTE);
  const totals = { verified: 0, clear: 0, flagged: 0, blocked: 0 };
  for (const unitId of plan.unitIds) {
    for (let after: string | null = null; ; ) {
      const batch: Awaited<ReturnType<typeof verification.verifyRegistrationBatch>> = await world.timed('verify', () => verification.verifyRegistrationBatch({ cycleId, unitId, after, limit: 1000 }));
      for (const k of ['verified', 'clear', 'flagged', 'blocked'] as const) totals[k] += batch[k];
      if (batch.verified < 1000 || !batch.lastId) break;
      after = batch.lastId;
    }
    await world.timed('lists.open', () => runAt(later(verifiedAt, 10 * MINUTE), () => reviews.openUnitList({ cycleId, unitId }), { workflowId: `unit-review-${cycleId}-${unitId}` }));
  }
  // The activity stamps its own clock; in the simulated past verification ran when registration closed.
  await prisma.registration.updateMany({ where: { cycleId }, data: { verifiedAt } });
  await enter('REVIEW', later(verifiedAt, 15 * MINUTE));
  step(`verified ${totals.verified} registrations: ${totals.clear} clear, ${totals.flagged} flagged, ${totals.blocked} blocked`);

  await decideFlags(world, spec, cycleId, random('decisions'), registrations);
  await carryListsToApproval(world, spec, cycleId, plan.unitIds, random('lists'));
  await enter('LISTS_DUE', t.listsDueAt);
  await enter('SCHEDULING', later(t.listsDueAt, 5 * MINUTE));
  step('lists approved');

  // ── Sessions at each department, seats, forms drawn at publication ──
  const sessionRows = await planSessions(world, spec, cycleId, plan.unitIds);
  step(`${sessionRows.length} sessions planned, seats assigned and forms drawn`);

  // ── The exam window: every session sits; the sessions close, some with their own item analysis ──
  await enter('EXAM_WINDOW', t.examStartsAt);
  const byOfficer = new Map(officers.map((o) => [o.id, o]));
  const targets = spec.calibrated ? await calibrationTargets(world, spec, cycleId, byOfficer) : new Map<string, Outcome>();
  let attempts = 0;
  const quick: Sitting[] = [];
  const facts: GradingFacts = { bank: world.bank, positionOf: new Map(), frameworks: world.frameworks, passMarkOf: new Map(), blueprintOfForm: new Map() };
  const seats = await world.timed('sit.load', () => prisma.examSeat.findMany({
    where: { session: { cycleId } },
    include: { registration: { include: { forms: { include: { blueprint: true } } } } },
    orderBy: [{ sessionId: 'asc' }, { seatNumber: 'asc' }],
  }));
  for (const session of sessionRows) {
    const mine = seats.filter((x) => x.sessionId === session.id);
    attempts += await sitSession(world, spec, session, mine, byOfficer, targets, random(`absence/${session.code}`), quick, facts);
  }
  await world.timed('sit.write', () => writeSittings(prisma, quick, facts, cycleId));
  // Each session's workflow closes it with its item analysis: in the past, kept for the departments the demo's
  // users look after (the cycle's own analysis, over every session, is computed for all below).
  for (const session of sessionRows.filter((x) => world.watched.has(x.unitId))) {
    await world.timed('analysis.session', () => sessions.closeExamSession({ sessionId: session.id }));
  }
  await prisma.examSession.updateMany({ where: { cycleId, status: 'PUBLISHED' }, data: { status: 'DONE' } });
  // Results written by the delivery functions carry the database clock: the simulated sitting's time instead.
  await prisma.$executeRaw`
    UPDATE "Result" r SET "gradedAt" = a."submittedAt"
    FROM "Attempt" a WHERE a.id = r."attemptId" AND r."cycleId" = ${cycleId} AND r."gradedAt" > a."submittedAt" + interval '1 day'`;
  step(`graded ${attempts} attempts`);

  await enter('GRADING', t.examEndsAt);
  const analysis = await world.timed('analysis.cycle', () => sessions.analyseCycleItems({ cycleId }));
  const levelsAt = later(t.examEndsAt, DAY + 2 * HOUR);
  await enter('LEVELS', levelsAt);
  const byLevel: Record<string, number> = {};
  for (let after: string | null = null; ; ) {
    const batch: Awaited<ReturnType<typeof levels.assignLevelsBatch>> = await world.timed('levels', () => levels.assignLevelsBatch({ cycleId, after, limit: 1000 }));
    for (const [k, n] of Object.entries(batch.byLevel)) byLevel[k] = (byLevel[k] ?? 0) + n;
    if (!batch.lastId) break;
    after = batch.lastId;
  }
  step(`item analysis over ${analysis.items} items; levels ${Object.entries(byLevel).map(([k, n]) => `${k} ${n}`).join(', ')}`);

  // ── Follow-up: the cycle's rules create the tasks (their workflows deferred: see simulated-time.ts) ──
  const followUpAt = later(levelsAt, 30 * MINUTE);
  await enter('FOLLOW_UP', followUpAt);
  const followUps = createFollowUpActivities(prisma, { temporal: world.deferred.client, taskQueue: HISTORY_TASK_QUEUE });
  let tasks = 0;
  for (let after: string | null = null; ; ) {
    const batch: Awaited<ReturnType<typeof followUps.createFollowUpTasksBatch>> = await world.timed('followUps.create', () => runAt(followUpAt, () => followUps.createFollowUpTasksBatch({ cycleId, after, limit: 300 })));
    tasks += batch.created;
    if (!batch.lastId) break;
    after = batch.lastId;
  }
  step(`${tasks} follow-up tasks by the follow-up rules`);
  await liveFollowUps(world, spec, cycleId, followUpAt, byOfficer);
  step('follow-up tasks decided');

  await enter('CLOSED', t.closesAt);
  await simulatedBookkeeping(world, cycleId, t);
  const results = await prisma.result.count({ where: { cycleId } });
  return { cycleId, registrations: registrations.length, flagged: totals.flagged, attempts, results, tasks };
}

// ───────────────────────────── registrations ─────────────────────────────

interface PlannedRegistration {
  row: Prisma.RegistrationCreateManyInput;
  officer: OfficerRow;
  dodge: boolean;
}

function chooseRegistrations(world: HistoryWorld, spec: PastCycleSpec, officers: OfficerRow[], scope: CycleScope, random: Random): PlannedRegistration[] {
  const t = spec.timeline;
  const staffOf = (fieldId: string) => [...world.positions.values()].filter((p) => p.active && !p.isLeadership && p.fieldId === fieldId).map((p) => p.id);
  const otherFields = (fieldId: string) => [...world.positions.values()].filter((p) => p.active && !p.isLeadership && p.fieldId !== fieldId).map((p) => p.id);
  const actor = { userId: world.users.coordinator, role: 'COORDINATOR', scopePath: '/', officerId: null };
  const columns = { employeeCode: 'A', positionCode: 'B', fullName: 'C' };
  // Only officers already in the post they hold today: verification compares with the current assignment.
  const inPost = officers.filter((o) => {
    const open = o.assignments.at(-1);
    return open && open.endDate === null && open.startDate <= later(t.registrationClosesAt, -30 * DAY) && o.assignments[0].startDate <= t.registrationOpensAt;
  });
  const calibrated = spec.calibrated;
  const demoOfficer = [...world.users.officers.keys()];
  const chosen: OfficerRow[] = [];
  const byDepartment = new Map<string, OfficerRow[]>();
  for (const o of inPost) {
    const d = departmentOfPath(o.unit.path);
    byDepartment.set(d, [...(byDepartment.get(d) ?? []), o]);
  }
  for (const [departmentId, pool] of byDepartment) {
    const keyed = pool.map((o) => ({ o, key: random.float() }));
    if (calibrated?.departmentId === departmentId) {
      chosen.push(...keyed.sort((a, b) => a.key - b.key).slice(0, calibrated.registered).map((k) => k.o));
      continue;
    }
    // Departments differ in how many of their people they put forward.
    const share = Math.min(0.9, Math.max(0.15, spec.participation + (random.float() - 0.5) * 0.2));
    chosen.push(...keyed.filter((k) => k.key < share || demoOfficer.includes(k.o.id)).map((k) => k.o));
  }

  const planned: PlannedRegistration[] = [];
  const calibratedDodges = { accepted: false, rejected: false };
  for (const o of chosen) {
    const placement = { active: o.active, unitPath: o.unit.path, fieldId: o.position.fieldId, isLeadership: o.position.isLeadership };
    if (!eligibility(scope, placement).eligible) continue;
    const departmentId = departmentOfPath(o.unit.path);
    let positionId = o.positionId;
    let dodge = false;
    const previous = o.assignments.length > 1 ? o.assignments[o.assignments.length - 2] : null;
    const open = o.assignments.at(-1)!;
    const recent = t.registrationClosesAt.getTime() - open.startDate.getTime() < 183 * DAY;
    const isDemoOfficer = demoOfficer.includes(o.id);
    if (calibrated?.departmentId === departmentId) {
      // Two of the mountain department's candidates dodge: one is accepted (and sits), one is rejected.
      if (!o.position.isLeadership && (!calibratedDodges.accepted || !calibratedDodges.rejected)) {
        const which = !calibratedDodges.accepted ? 'accepted' : 'rejected';
        calibratedDodges[which] = true;
        positionId = random.pick(which === 'accepted' ? staffOf(o.position.fieldId).filter((p) => p !== o.positionId) : otherFields(o.position.fieldId));
        dodge = true;
      }
    } else if (!isDemoOfficer && recent && previous && random.chance(0.5)) {
      positionId = previous.positionId; // a recent move: the previous post is a legitimate choice
    } else if (!isDemoOfficer && random.chance(o.position.isLeadership ? DODGE.leader : DODGE.staff)) {
      dodge = true;
      positionId = o.position.isLeadership || random.chance(0.7)
        ? random.pick(staffOf(o.position.fieldId).filter((p) => p !== o.positionId))
        : random.pick(otherFields(o.position.fieldId));
    }
    const position = world.positions.get(positionId)!;
    const problem = checkRegistration({ row: 0, columns, employeeCode: o.employeeCode, positionCode: position.code, officer: o, position, scope, actor });
    if (problem) continue;
    const self = random.chance(0.35) || isDemoOfficer;
    const createdAt = new Date(t.registrationOpensAt.getTime() + Math.floor(random.float() * (t.registrationClosesAt.getTime() - t.registrationOpensAt.getTime() - HOUR)));
    planned.push({
      officer: o,
      dodge,
      row: {
        id: `RG-${spec.code}-${o.id}`, cycleId: `CY-${spec.code}`, officerId: o.id, round: 1, positionId, heldPositionId: o.positionId, unitId: o.unitId,
        source: self ? 'SELF' : 'BULK_IMPORT', registeredById: self ? (world.users.officers.get(o.id) ?? null) : reviewerOf(world, departmentId),
        createdAt, updatedAt: createdAt,
      },
    });
  }
  return planned;
}

/** The reviewers' decisions on the flagged registrations: the columns and audit entry the decision route writes. */
async function decideFlags(world: HistoryWorld, spec: PastCycleSpec, cycleId: string, random: Random, planned: PlannedRegistration[]) {
  const { prisma } = world;
  const flagged = await prisma.registration.findMany({ where: { cycleId, verificationOutcome: { in: ['FLAGGED', 'BLOCKED'] } }, include: { unit: true }, orderBy: { id: 'asc' } });
  const calibratedRejects = new Set(planned.filter((p) => p.dodge && spec.calibrated?.departmentId === departmentOfPath(p.officer.unit.path)).slice(1).map((p) => p.row.id));
  const decisions: { id: string; decision: 'ACCEPTED' | 'REJECTED' | 'CORRECTED'; justification: string; reviewer: string; at: Date; positionId: string; correctedFrom: string | null }[] = [];
  for (const r of flagged) {
    const departmentId = departmentOfPath(r.unit.path);
    const codes = ((r.verificationReasons ?? []) as { code: string }[]).map((c) => c.code);
    const x = random.float();
    let decision: 'ACCEPT' | 'REJECT' | 'CORRECT';
    if (spec.calibrated?.departmentId === departmentId) decision = calibratedRejects.has(r.id) ? 'REJECT' : 'ACCEPT';
    else if (r.verificationOutcome === 'BLOCKED') decision = 'REJECT';
    else if (codes.includes('LEADERSHIP_MISMATCH')) decision = x < 0.6 ? 'CORRECT' : 'REJECT';
    else if (codes.includes('OTHER_FIELD')) decision = x < 0.45 ? 'REJECT' : x < 0.8 ? 'CORRECT' : 'ACCEPT';
    else decision = x < 0.5 ? 'ACCEPT' : x < 0.75 ? 'CORRECT' : 'REJECT';
    const status = ({ ACCEPT: 'ACCEPTED', REJECT: 'REJECTED', CORRECT: 'CORRECTED' } as const)[decision];
    const at = new Date(spec.timeline.registrationClosesAt.getTime() + (1 + random.float() * 12) * DAY);
    decisions.push({
      id: r.id, decision: status, justification: random.pick(JUSTIFICATIONS[decision]), reviewer: reviewerOf(world, departmentId), at,
      positionId: decision === 'CORRECT' ? r.heldPositionId : r.positionId, correctedFrom: decision === 'CORRECT' ? r.positionId : null,
    });
  }
  if (decisions.length === 0) return;
  await prisma.$executeRaw`
    UPDATE "Registration" AS r
    SET "reviewDecision" = d.decision::"ReviewDecision", "reviewJustification" = d.justification, "reviewedById" = d.reviewer,
        "reviewedAt" = d.at::timestamp, "positionId" = d."positionId", "correctedFromPositionId" = d."correctedFrom", "updatedAt" = d.at::timestamp
    FROM jsonb_to_recordset(${JSON.stringify(decisions)}::jsonb)
         AS d(id text, decision text, justification text, reviewer text, at text, "positionId" text, "correctedFrom" text)
    WHERE r.id = d.id`;
  const unitOf = new Map(flagged.map((r) => [r.id, r.unitId]));
  const before = new Map(flagged.map((r) => [r.id, r.positionId]));
  await prisma.auditLog.createMany({
    data: decisions.map((d) => ({
      action: `registration.${d.decision.toLowerCase()}`, entityType: 'Registration', entityId: d.id, cycleId, unitId: unitOf.get(d.id),
      actorUserId: d.reviewer, actorRole: d.reviewer === world.users.coordinator ? ('COORDINATOR' as const) : ('REVIEWER' as const), reason: d.justification,
      details: { previousDecision: 'PENDING', positionId: d.positionId, ...(d.correctedFrom ? { correctedFrom: before.get(d.id)! } : {}) },
      at: d.at,
    })),
  });
}

/** Each department's list: submitted before the deadline (a reminder for the late ones), approved by headquarters. */
async function carryListsToApproval(world: HistoryWorld, spec: PastCycleSpec, cycleId: string, unitIds: string[], random: Random) {
  const reviews = createUnitReviewActivities(world.prisma);
  const due = spec.timeline.listsDueAt;
  for (const unitId of unitIds) {
    let revision = 0; // as openUnitList left it: each transition moves it on by one
    const transition = async (action: 'SUBMIT' | 'APPROVE' | 'RETURN', at: Date, actorUserId: string, comment?: string) => {
      const fromRevision = revision++;
      await world.timed('lists.transition', () => runAt(at, () => reviews.transitionUnitList({ cycleId, unitId, action, actorUserId, comment, fromRevision, late: false }), { workflowId: `unit-review-${cycleId}-${unitId}` }));
    };
    const daysBefore = 1 + random.float() * 16;
    const submitAt = later(due, -daysBefore * DAY);
    if (daysBefore < 7) await runAt(later(due, -7 * DAY), () => reviews.sendListReminder({ cycleId, unitId, daysBefore: 7, status: 'DRAFT' }));
    await transition('SUBMIT', submitAt, reviewerOf(world, unitId));
    let approveAt = later(submitAt, (0.2 + random.float() * 0.7) * (daysBefore - 0.5) * DAY);
    if (spec.returnedList?.unitId === unitId) {
      await transition('RETURN', approveAt, world.users.coordinator, spec.returnedList.comment);
      approveAt = later(approveAt, 0.3 * DAY);
      await transition('SUBMIT', approveAt, reviewerOf(world, unitId));
      approveAt = later(approveAt, 0.2 * DAY);
    }
    await transition('APPROVE', approveAt, world.users.coordinator);
  }
}

// ───────────────────────────── sessions ─────────────────────────────

type SeatRow = Prisma.ExamSeatGetPayload<{ include: { registration: { include: { forms: { include: { blueprint: true } } } } } }>;

interface SessionRow {
  id: string;
  code: string;
  unitId: string;
  startsAt: Date;
}

/** Sessions of 60 seats over the exam days, morning and afternoon; seats assigned; forms drawn as publishing does. */
async function planSessions(world: HistoryWorld, spec: PastCycleSpec, cycleId: string, unitIds: string[]): Promise<SessionRow[]> {
  const { prisma } = world;
  const t = spec.timeline;
  const examDays = Math.max(1, Math.floor((t.examEndsAt.getTime() - t.examStartsAt.getTime()) / DAY));
  const rows: SessionRow[] = [];
  // The candidates per department (candidateWhere's rule: approved list, active first sitting, not rejected).
  const counted = await prisma.$queryRaw<{ departmentId: string; n: number }[]>`
    SELECT split_part(u.path, '/', 3) AS "departmentId", count(*)::int AS n
    FROM "Registration" r JOIN "Unit" u ON u.id = r."unitId"
    WHERE r."cycleId" = ${cycleId} AND r.round = 1 AND r.status = 'ACTIVE' AND r."reviewDecision" <> 'REJECTED'
    GROUP BY 1`;
  const candidatesIn = new Map(counted.map((c) => [c.departmentId, c.n]));
  for (const unitId of unitIds) {
    const candidates = candidatesIn.get(unitId) ?? 0;
    if (candidates === 0) continue;
    const capacity = Math.max(SESSION_CAPACITY, Math.ceil(candidates / (2 * examDays)));
    const count = Math.ceil(candidates / capacity);
    const planned: Prisma.ExamSessionCreateManyInput[] = [];
    for (let k = 0; k < count; k++) {
      // Day by day, morning then afternoon; the first session 08:00 on the first exam day.
      const startsAt = later(t.examStartsAt, Math.floor(k / 2) * DAY + HOUR + (k % 2) * 6 * HOUR);
      planned.push({
        id: `SS-${spec.code}-${unitId}-${k + 1}`, cycleId, unitId, code: `CA-${unitId}-${String(k + 1).padStart(2, '0')}`, room: ROOMS[k % ROOMS.length],
        startsAt, capacity, status: 'PLANNED', createdAt: later(t.listsDueAt, 2 * HOUR),
      });
    }
    await prisma.examSession.createMany({ data: planned });
    await world.timed('sessions.seats', () => assignSeats(prisma, cycleId, unitId, reviewerOf(world, unitId)));
    for (const s of planned) {
      const forms = await world.timed('sessions.forms', () => generateSessionForms(prisma, s.id!));
      await prisma.examSession.update({ where: { id: s.id }, data: { status: 'PUBLISHED' } });
      const actorUserId = reviewerOf(world, unitId);
      await prisma.auditLog.createMany({
        data: [
          { action: 'exam.session_created', entityType: 'ExamSession', entityId: s.id!, cycleId, unitId, actorUserId, details: { code: s.code, capacity: s.capacity }, at: s.createdAt as Date },
          { action: 'exam.session_published', entityType: 'ExamSession', entityId: s.id!, cycleId, unitId, actorUserId, details: forms, at: later(t.listsDueAt, 3 * DAY) },
        ],
      });
      rows.push({ id: s.id!, code: s.code, unitId, startsAt: s.startsAt as Date });
    }
  }
  return rows;
}

// ───────────────────────────── sittings ─────────────────────────────

/** The calibrated department's seated candidates, by ability, and the class each must end in. */
async function calibrationTargets(world: HistoryWorld, spec: PastCycleSpec, cycleId: string, byOfficer: Map<string, OfficerRow>): Promise<Map<string, Outcome>> {
  const c = spec.calibrated!;
  const seated = await world.prisma.registration.findMany({
    where: { cycleId, round: 1, unit: { path: { startsWith: `/HQ/${c.departmentId}/` } }, seat: { isNot: null } },
    select: { id: true, officerId: true },
  });
  const order: Outcome[] = [
    ...Array<Outcome>(c.classes.excellent).fill('excellent'),
    ...Array<Outcome>(c.classes.level3).fill('level3'),
    ...Array<Outcome>(c.classes.level2).fill('level2'),
    ...Array<Outcome>(c.classes.level1).fill('level1'),
  ];
  if (seated.length !== order.length) {
    throw new Error(`${c.departmentId} has ${seated.length} candidates seated in ${spec.code}, not the ${order.length} its figures need: the demo needs more officers`);
  }
  const ranked = seated
    .map((r) => ({ id: r.id, ability: abilityOf(world, byOfficer.get(r.officerId)!, spec.year) }))
    .sort((a, b) => b.ability - a.ability || (a.id < b.id ? -1 : 1));
  return new Map(ranked.map((r, i) => [r.id, order[i]]));
}

function outcomeOf(score: number, level: LevelCode | null): Outcome | null {
  if (level === 'LEVEL_3') return score >= 90 ? 'excellent' : 'level3';
  if (score >= 90) return null;
  if (level === 'LEVEL_2') return 'level2';
  if (level === 'LEVEL_1') return 'level1';
  return null;
}
const RANK: Record<Outcome, number> = { level1: 0, level2: 1, level3: 2, excellent: 3 };

/** A calibrated candidate's sitting: it must end in the class asked for, and be submitted by the candidate. */
function calibratedSitting(world: HistoryWorld, draw: (ability: number, attempt: number) => Sitting, start: number, target: Outcome, positionId: string): Promise<Sitting> {
  return calibrateSitting(draw, start, async (sitting) => {
    const { score, level } = await judgeSitting(world, sitting, positionId);
    const got = outcomeOf(score, level);
    if (got === target) return sitting.status === 'SUBMITTED' ? 0 : 1;
    if (got === null) return score >= 90 ? -1 : 1;
    return RANK[got] < RANK[target] ? 1 : -1;
  });
}

/**
 * One session's candidates: who is absent, and each one's sitting. The demo's own officer sits through the exam
 * room's functions; everyone else's sitting is collected for one set-based write (sitting.ts) per cycle, the
 * calibrated department's moved to the class its published figures need.
 */
async function sitSession(
  world: HistoryWorld,
  spec: PastCycleSpec,
  session: SessionRow,
  seats: SeatRow[],
  byOfficer: Map<string, OfficerRow>,
  targets: Map<string, Outcome>,
  random: Random,
  quick: Sitting[],
  facts: GradingFacts,
): Promise<number> {
  const { prisma } = world;
  let sat = 0;
  for (const seat of seats) {
    const r = seat.registration;
    const form = r.forms[0];
    if (!form) continue;
    const officer = byOfficer.get(r.officerId)!;
    const target = targets.get(r.id);
    const demoOfficer = world.users.officers.has(r.officerId);
    if (!target && !demoOfficer && random.chance(ABSENCE)) continue; // absent on the day
    const candidate = { registrationId: r.id, officerId: r.officerId, formId: form.id, items: form.items as unknown as FormItem[] };
    const timing = { startsAt: session.startsAt, durationMinutes: form.blueprint.durationMinutes, multiplier: Number(officer.extraTimeMultiplier) };
    const draw = (ability: number, attempt: number) => simulateSitting(randomFor(world.seed, `sitting/${spec.code}/${r.id}/${attempt}`), ability, candidate, world.bank, timing);
    const ability = abilityOf(world, officer, spec.year);
    const sitting = target ? await calibratedSitting(world, draw, ability, target, r.positionId) : draw(ability, 0);
    sat++;
    if (demoOfficer) {
      await world.timed('sit.delivery', () => sitThroughDelivery(prisma, sitting));
      continue;
    }
    quick.push(sitting);
    facts.positionOf.set(r.id, r.positionId);
    facts.blueprintOfForm.set(form.id, form.blueprintId);
    facts.passMarkOf.set(form.blueprintId, form.blueprint.passMark);
  }
  return sat;
}

/**
 * The project's functions leave some bookkeeping columns to the database clock (a row's creation or last
 * update, when seats were assigned, forms drawn or an analysis computed): in the simulated past they get the
 * simulated moment, taken from what the same rows and their audit entries record.
 */
async function simulatedBookkeeping(world: HistoryWorld, cycleId: string, t: PastCycleSpec['timeline']) {
  const { prisma } = world;
  await prisma.$transaction([
    prisma.$executeRaw`
      UPDATE "FollowUpTask" t SET "createdAt" = a.at, "updatedAt" = greatest(a.at, coalesce(t."decidedAt", a.at))
      FROM "AuditLog" a WHERE a."entityId" = t.id AND a.action = 'follow_up.created' AND t."cycleId" = ${cycleId}`,
    prisma.$executeRaw`
      UPDATE "Registration" SET "updatedAt" = greatest("createdAt", coalesce("verifiedAt", "createdAt"), coalesce("reviewedAt", "createdAt"))
      WHERE "cycleId" = ${cycleId}`,
    prisma.$executeRaw`
      UPDATE "UnitList" SET "updatedAt" = coalesce("approvedAt", "returnedAt", "submittedAt", ${t.registrationClosesAt}) WHERE "cycleId" = ${cycleId}`,
    prisma.$executeRaw`
      UPDATE "ExamSeat" s SET "assignedAt" = x."createdAt" + interval '1 hour'
      FROM "ExamSession" x WHERE x.id = s."sessionId" AND x."cycleId" = ${cycleId} AND s."assignedAt" > x."startsAt"`,
    prisma.$executeRaw`
      UPDATE "ExamForm" f SET "generatedAt" = x."startsAt" - interval '2 days'
      FROM "ExamSeat" s JOIN "ExamSession" x ON x.id = s."sessionId"
      WHERE s."registrationId" = f."registrationId" AND x."cycleId" = ${cycleId}`,
    prisma.$executeRaw`UPDATE "ItemAnalysis" SET "computedAt" = ${t.examEndsAt} WHERE "cycleId" = ${cycleId}`,
    prisma.$executeRaw`UPDATE "TestAnalysis" SET "computedAt" = ${t.examEndsAt} WHERE "cycleId" = ${cycleId}`,
    prisma.$executeRaw`UPDATE "AssessmentCycle" SET "updatedAt" = ${t.closesAt} WHERE id = ${cycleId}`,
  ]);
}
