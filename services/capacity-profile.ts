// An officer's capacity profile: who they are and where they work, their assignment history, every cycle's
// registration (the position chosen against the one held, and what verification said), the test result with its
// level and the reason for it, the sub-scores against the levels the position requires, the follow-up tasks
// with their outcomes, and what businesses said of them. One SQL query per section.
import type { LevelTrace } from '../rules/level';
import { renderLevelTrace as renderLevelDecision } from '../rules/level-messages';
import { renderReason, type Locale } from '../rules/reason-messages';
import { LEVEL_LABELS } from './documents/report-workbook';
import type { Db } from './eligibility-sql';
import { officerFeedbackSummary } from './feedback-stats';
import { LEVELS, type Level } from './cycle-report';

export interface Named {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string;
}

export interface ProfileOfficer {
  id: string;
  employeeCode: string;
  fullName: string;
  gender: string | null;
  /** YYYY-MM-DD. */
  birthDate: string | null;
  email: string | null;
  active: boolean;
  unit: Named;
  position: Named & { isLeadership: boolean };
  field: Named;
}

export interface ProfileAssignment {
  id: string;
  /** YYYY-MM-DD; endDate null = current. */
  startDate: string;
  endDate: string | null;
  current: boolean;
  decisionRef: string | null;
  position: Named & { isLeadership: boolean };
  unit: Named;
}

export interface CompetencySubScore {
  competency: Named;
  /** Out of 100 over this competency's items. */
  score: number;
  correctCount: number;
  itemCount: number;
  /** The level (1..3) the position requires of this competency; 0 when its framework does not name it. */
  requiredLevel: number;
}

export interface ProfileResult {
  id: string;
  score: number;
  correctCount: number;
  itemCount: number;
  passed: boolean;
  level: Level | null;
  /** Why this level, one line per rule that fired, in the caller's language; null before levels are set. */
  levelReason: string[] | null;
  levelTrace: unknown;
  gradedAt: string;
  regradedAt: string | null;
  competencies: CompetencySubScore[];
}

export interface ProfileCycleEntry {
  cycle: { id: string; code: string; nameVi: string; nameEn: string; status: string; phase: string; examStartsAt: string };
  registration: {
    id: string;
    round: number;
    status: string;
    source: string;
    unit: Named;
    /** The position registered for, and the one actually held when registering. */
    chosenPosition: Named;
    heldPosition: Named;
    positionDiffers: boolean;
    verification: { outcome: string | null; reasons: { code: string; severity: string | null; text: string }[] };
    review: { decision: string; justification: string | null; reviewedAt: string | null };
  };
  attempt: { status: string; startedAt: string; submittedAt: string | null } | null;
  result: ProfileResult | null;
}

export interface ProfileFollowUp {
  id: string;
  type: string;
  status: string;
  dueAt: string;
  /** OPEN past its due date. */
  overdue: boolean;
  escalationLevel: number;
  createdAt: string;
  cycle: { id: string; code: string } | null;
  resultId: string | null;
  competency: Named | null;
  proposedPosition: Named | null;
  /** The unit whose leaders own the task now. */
  unit: Named;
  outcome: unknown;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface CapacityProfile {
  asOf: string;
  officer: ProfileOfficer;
  assignments: ProfileAssignment[];
  /** Newest cycle first; re-examinations (round 2..) after the regular exam of the same cycle. */
  cycles: ProfileCycleEntry[];
  followUps: ProfileFollowUp[];
  /** Ratings by level and cases by outcome when businesses rated this officer; null otherwise. */
  feedback: Awaited<ReturnType<typeof officerFeedbackSummary>> | null;
}

export interface CapacityProfileOptions {
  locale: Locale;
  asOf?: Date;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
const day = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString().slice(0, 10));
const named = (id: string, code: string, nameVi: string, nameEn: string): Named => ({ id, code, nameVi, nameEn });

/** The profile, or null when no officer has this id. */
export async function capacityProfile(db: Db, officerId: string, options: CapacityProfileOptions): Promise<CapacityProfile | null> {
  const asOf = options.asOf ?? new Date();
  const [officer, assignments, cycles, subScores, followUps, feedback] = await Promise.all([
    officerSection(db, officerId),
    assignmentSection(db, officerId),
    cycleSection(db, officerId, options.locale),
    subScoreSection(db, officerId),
    followUpSection(db, officerId, asOf),
    officerFeedbackSummary(db, officerId, {}, asOf),
  ]);
  if (!officer) return null;
  const scoresByResult = new Map<string, CompetencySubScore[]>();
  for (const { resultId, ...score } of subScores) scoresByResult.set(resultId, [...(scoresByResult.get(resultId) ?? []), score]);
  return {
    asOf: asOf.toISOString(),
    officer,
    assignments,
    cycles: cycles.map((entry) =>
      entry.result ? { ...entry, result: { ...entry.result, competencies: scoresByResult.get(entry.result.id) ?? [] } } : entry,
    ),
    followUps,
    feedback: feedback.ratings.total > 0 ? feedback : null,
  };
}

async function officerSection(db: Db, officerId: string): Promise<ProfileOfficer | null> {
  const rows = await db.$queryRaw<
    {
      id: string; employeeCode: string; fullName: string; gender: string | null; birthDate: Date | null; email: string | null; active: boolean;
      unitId: string; unitCode: string; unitNameVi: string; unitNameEn: string;
      positionId: string; positionCode: string; positionNameVi: string; positionNameEn: string; isLeadership: boolean;
      fieldId: string; fieldCode: string; fieldNameVi: string; fieldNameEn: string;
    }[]
  >`
    SELECT o.id, o."employeeCode", o."fullName", o.gender::text AS gender, o."birthDate", o.email, o.active,
           u.id AS "unitId", u.code AS "unitCode", u."nameVi" AS "unitNameVi", u."nameEn" AS "unitNameEn",
           p.id AS "positionId", p.code AS "positionCode", p."nameVi" AS "positionNameVi", p."nameEn" AS "positionNameEn", p."isLeadership",
           f.id AS "fieldId", f.code AS "fieldCode", f."nameVi" AS "fieldNameVi", f."nameEn" AS "fieldNameEn"
    FROM "Officer" o
    JOIN "Unit" u ON u.id = o."unitId"
    JOIN "JobPosition" p ON p.id = o."positionId"
    JOIN "ProfessionalField" f ON f.id = p."fieldId"
    WHERE o.id = ${officerId}`;
  const o = rows[0];
  if (!o) return null;
  return {
    id: o.id,
    employeeCode: o.employeeCode,
    fullName: o.fullName,
    gender: o.gender,
    birthDate: day(o.birthDate),
    email: o.email,
    active: o.active,
    unit: named(o.unitId, o.unitCode, o.unitNameVi, o.unitNameEn),
    position: { ...named(o.positionId, o.positionCode, o.positionNameVi, o.positionNameEn), isLeadership: o.isLeadership },
    field: named(o.fieldId, o.fieldCode, o.fieldNameVi, o.fieldNameEn),
  };
}

async function assignmentSection(db: Db, officerId: string): Promise<ProfileAssignment[]> {
  const rows = await db.$queryRaw<
    {
      id: string; startDate: Date; endDate: Date | null; decisionRef: string | null;
      positionId: string; positionCode: string; positionNameVi: string; positionNameEn: string; isLeadership: boolean;
      unitId: string; unitCode: string; unitNameVi: string; unitNameEn: string;
    }[]
  >`
    SELECT a.id, a."startDate", a."endDate", a."decisionRef",
           p.id AS "positionId", p.code AS "positionCode", p."nameVi" AS "positionNameVi", p."nameEn" AS "positionNameEn", p."isLeadership",
           u.id AS "unitId", u.code AS "unitCode", u."nameVi" AS "unitNameVi", u."nameEn" AS "unitNameEn"
    FROM "Assignment" a
    JOIN "JobPosition" p ON p.id = a."positionId"
    JOIN "Unit" u ON u.id = a."unitId"
    WHERE a."officerId" = ${officerId}
    ORDER BY a."startDate" DESC, a."createdAt" DESC`;
  return rows.map((a) => ({
    id: a.id,
    startDate: day(a.startDate)!,
    endDate: day(a.endDate),
    current: a.endDate === null,
    decisionRef: a.decisionRef,
    position: { ...named(a.positionId, a.positionCode, a.positionNameVi, a.positionNameEn), isLeadership: a.isLeadership },
    unit: named(a.unitId, a.unitCode, a.unitNameVi, a.unitNameEn),
  }));
}

type CycleRow = {
  cycleId: string; cycleCode: string; cycleNameVi: string; cycleNameEn: string; cycleStatus: string; cyclePhase: string; examStartsAt: Date;
  registrationId: string; round: number; status: string; source: string;
  unitId: string; unitCode: string; unitNameVi: string; unitNameEn: string;
  chosenId: string; chosenCode: string; chosenNameVi: string; chosenNameEn: string;
  heldId: string; heldCode: string; heldNameVi: string; heldNameEn: string;
  verificationOutcome: string | null; verificationReasons: unknown; reviewDecision: string; reviewJustification: string | null; reviewedAt: Date | null;
  attemptStatus: string | null; startedAt: Date | null; submittedAt: Date | null;
  resultId: string | null; score: number | null; correctCount: number | null; itemCount: number | null; passed: boolean | null;
  level: Level | null; levelTrace: unknown; gradedAt: Date | null; regradedAt: Date | null;
};

/** Every registration of the officer with its cycle, attempt and result (the sub-scores are added after). */
async function cycleSection(db: Db, officerId: string, locale: Locale): Promise<ProfileCycleEntry[]> {
  const rows = await db.$queryRaw<CycleRow[]>`
    SELECT c.id AS "cycleId", c.code AS "cycleCode", c."nameVi" AS "cycleNameVi", c."nameEn" AS "cycleNameEn",
           c.status::text AS "cycleStatus", c.phase::text AS "cyclePhase", c."examStartsAt",
           r.id AS "registrationId", r.round, r.status::text AS status, r.source::text AS source,
           u.id AS "unitId", u.code AS "unitCode", u."nameVi" AS "unitNameVi", u."nameEn" AS "unitNameEn",
           cp.id AS "chosenId", cp.code AS "chosenCode", cp."nameVi" AS "chosenNameVi", cp."nameEn" AS "chosenNameEn",
           hp.id AS "heldId", hp.code AS "heldCode", hp."nameVi" AS "heldNameVi", hp."nameEn" AS "heldNameEn",
           r."verificationOutcome"::text AS "verificationOutcome", r."verificationReasons",
           r."reviewDecision"::text AS "reviewDecision", r."reviewJustification", r."reviewedAt",
           a.status::text AS "attemptStatus", a."startedAt", a."submittedAt",
           res.id AS "resultId", res.score::float8 AS score, res."correctCount", res."itemCount", res.passed,
           res.level::text AS level, res."levelTrace", res."gradedAt", res."regradedAt"
    FROM "Registration" r
    JOIN "AssessmentCycle" c ON c.id = r."cycleId"
    JOIN "Unit" u ON u.id = r."unitId"
    JOIN "JobPosition" cp ON cp.id = r."positionId"
    JOIN "JobPosition" hp ON hp.id = r."heldPositionId"
    LEFT JOIN "Attempt" a ON a."registrationId" = r.id
    LEFT JOIN "Result" res ON res."attemptId" = a.id
    WHERE r."officerId" = ${officerId}
    ORDER BY c."examStartsAt" DESC, c.id, r.round`;
  return rows.map((r) => ({
    cycle: { id: r.cycleId, code: r.cycleCode, nameVi: r.cycleNameVi, nameEn: r.cycleNameEn, status: r.cycleStatus, phase: r.cyclePhase, examStartsAt: iso(r.examStartsAt)! },
    registration: {
      id: r.registrationId,
      round: r.round,
      status: r.status,
      source: r.source,
      unit: named(r.unitId, r.unitCode, r.unitNameVi, r.unitNameEn),
      chosenPosition: named(r.chosenId, r.chosenCode, r.chosenNameVi, r.chosenNameEn),
      heldPosition: named(r.heldId, r.heldCode, r.heldNameVi, r.heldNameEn),
      positionDiffers: r.chosenId !== r.heldId,
      verification: {
        outcome: r.verificationOutcome,
        reasons: reasonsOf(r.verificationReasons, locale, { chosenPosition: locale === 'en' ? r.chosenNameEn : r.chosenNameVi, heldPosition: locale === 'en' ? r.heldNameEn : r.heldNameVi }),
      },
      review: { decision: r.reviewDecision, justification: r.reviewJustification, reviewedAt: iso(r.reviewedAt) },
    },
    attempt: r.attemptStatus === null ? null : { status: r.attemptStatus, startedAt: iso(r.startedAt)!, submittedAt: iso(r.submittedAt) },
    result:
      r.resultId === null
        ? null
        : {
            id: r.resultId,
            score: Number(r.score),
            correctCount: Number(r.correctCount),
            itemCount: Number(r.itemCount),
            passed: r.passed === true,
            level: r.level,
            levelReason: renderLevelTrace(r.levelTrace, r.level, locale),
            levelTrace: r.levelTrace ?? null,
            gradedAt: iso(r.gradedAt)!,
            regradedAt: iso(r.regradedAt),
            competencies: [],
          },
  }));
}

/** Stored reasons ([{ code, severity, params }]) with their text in the caller's language, both positions named. */
function reasonsOf(value: unknown, locale: Locale, positions: { chosenPosition: string; heldPosition: string }): { code: string; severity: string | null; text: string }[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((r): r is { code: string; severity?: string; params?: Record<string, unknown> } => typeof r?.code === 'string')
    .map((r) => ({ code: r.code, severity: r.severity ?? null, text: renderReason({ code: r.code, params: { ...r.params, ...positions } }, locale) }));
}

async function subScoreSection(db: Db, officerId: string): Promise<(CompetencySubScore & { resultId: string })[]> {
  const rows = await db.$queryRaw<
    { resultId: string; competencyId: string; code: string; nameVi: string; nameEn: string; score: number; correctCount: number; itemCount: number; requiredLevel: number }[]
  >`
    SELECT s."resultId", k.id AS "competencyId", k.code, k."nameVi", k."nameEn",
           s.score::float8 AS score, s."correctCount", s."itemCount", s."requiredLevel"
    FROM "Result" res
    JOIN "ResultCompetencyScore" s ON s."resultId" = res.id
    JOIN "Competency" k ON k.id = s."competencyId"
    WHERE res."officerId" = ${officerId}
    -- the competencies the position requires most first, then by code
    ORDER BY s."resultId", s."requiredLevel" DESC, k.code COLLATE "C"`;
  return rows.map((s) => ({
    resultId: s.resultId,
    competency: named(s.competencyId, s.code, s.nameVi, s.nameEn),
    score: Number(s.score),
    correctCount: s.correctCount,
    itemCount: s.itemCount,
    requiredLevel: s.requiredLevel,
  }));
}

async function followUpSection(db: Db, officerId: string, asOf: Date): Promise<ProfileFollowUp[]> {
  const rows = await db.$queryRaw<
    {
      id: string; type: string; status: string; dueAt: Date; overdue: boolean; escalationLevel: number; createdAt: Date;
      cycleId: string | null; cycleCode: string | null; resultId: string | null;
      competencyId: string | null; competencyCode: string | null; competencyNameVi: string | null; competencyNameEn: string | null;
      proposedId: string | null; proposedCode: string | null; proposedNameVi: string | null; proposedNameEn: string | null;
      unitId: string; unitCode: string; unitNameVi: string; unitNameEn: string;
      outcome: unknown; decidedAt: Date | null; decisionReason: string | null;
    }[]
  >`
    SELECT t.id, t.type::text AS type, t.status::text AS status, t."dueAt",
           -- timestamps are stored as UTC without a time zone
           (t.status = 'OPEN' AND t."dueAt" < (${asOf.toISOString()}::timestamptz AT TIME ZONE 'UTC')) AS overdue,
           t."escalationLevel", t."createdAt",
           c.id AS "cycleId", c.code AS "cycleCode", t."resultId",
           k.id AS "competencyId", k.code AS "competencyCode", k."nameVi" AS "competencyNameVi", k."nameEn" AS "competencyNameEn",
           pp.id AS "proposedId", pp.code AS "proposedCode", pp."nameVi" AS "proposedNameVi", pp."nameEn" AS "proposedNameEn",
           u.id AS "unitId", u.code AS "unitCode", u."nameVi" AS "unitNameVi", u."nameEn" AS "unitNameEn",
           t.outcome, t."decidedAt", t."decisionReason"
    FROM "FollowUpTask" t
    JOIN "Unit" u ON u.id = t."unitId"
    LEFT JOIN "AssessmentCycle" c ON c.id = t."cycleId"
    LEFT JOIN "Competency" k ON k.id = t."competencyId"
    LEFT JOIN "JobPosition" pp ON pp.id = t."proposedPositionId"
    WHERE t."officerId" = ${officerId}
    ORDER BY t."createdAt" DESC, t.id`;
  return rows.map((t) => ({
    id: t.id,
    type: t.type,
    status: t.status,
    dueAt: iso(t.dueAt)!,
    overdue: t.overdue,
    escalationLevel: t.escalationLevel,
    createdAt: iso(t.createdAt)!,
    cycle: t.cycleId ? { id: t.cycleId, code: t.cycleCode! } : null,
    resultId: t.resultId,
    competency: t.competencyId ? named(t.competencyId, t.competencyCode!, t.competencyNameVi!, t.competencyNameEn!) : null,
    proposedPosition: t.proposedId ? named(t.proposedId, t.proposedCode!, t.proposedNameVi!, t.proposedNameEn!) : null,
    unit: named(t.unitId, t.unitCode, t.unitNameVi, t.unitNameEn),
    outcome: t.outcome ?? null,
    decidedAt: iso(t.decidedAt),
    decisionReason: t.decisionReason,
  }));
}

// ───────────────────────────── Why a level ─────────────────────────────

const OPERATORS: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  lessThan: '<',
  lessThanInclusive: '≤',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  in: '∈',
  notIn: '∉',
  contains: '∋',
  doesNotContain: '∌',
};

interface TraceCondition {
  fact?: unknown;
  path?: unknown;
  operator?: unknown;
  value?: unknown;
  factValue?: unknown;
  result?: unknown;
}

interface TraceEntry {
  rule?: unknown;
  fired?: unknown;
  event?: { type?: unknown; params?: Record<string, unknown> };
  conditions?: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(Math.round(v * 100) / 100) : JSON.stringify(v));

/**
 * The stored level trace as sentences: one line per rule that fired, naming the level it gave and the conditions
 * that held with the values they saw ("Mức 3 (level-3): score ≥ 85 (92); minCompetencyScore ≥ 70 (74)").
 * Generic over json-rules-engine traces (rules/engine.ts: [{ rule, fired, event, conditions }], bare or under
 * `trace`); a trace that already carries its own text ({ summary } or { reason }, optionally { vi, en }) is shown
 * as it is. Null when the result has no trace.
 */
export function renderLevelTrace(trace: unknown, level: Level | null, locale: Locale): string[] | null {
  const parsed: unknown = typeof trace === 'string' ? safeJson(trace) : trace;
  if (parsed === null || parsed === undefined) return null;
  // A trace written by the level rules (services/levels.ts) has its own person-readable rendering.
  if (isLevelTrace(parsed)) return [renderLevelDecision(parsed, locale)];
  const record = typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  for (const key of ['summary', 'reason', 'text'] as const) {
    const own = record?.[key];
    if (typeof own === 'string') return [own];
    if (own && typeof own === 'object' && typeof (own as Record<string, unknown>)[locale] === 'string') return [(own as Record<string, string>)[locale]];
  }
  const entries = Array.isArray(parsed) ? parsed : Array.isArray(record?.trace) ? (record.trace as unknown[]) : null;
  if (entries) {
    const fired = (entries as TraceEntry[]).filter((e) => e && typeof e === 'object' && e.fired === true);
    if (fired.length === 0) return [locale === 'vi' ? 'không có quy tắc nào được kích hoạt' : 'no rule fired'];
    return fired.map((e) => {
      const given = e.event?.params?.level;
      const levelName = typeof given === 'string' && (LEVELS as readonly string[]).includes(given) ? LEVEL_LABELS[given as Level][locale] : null;
      const label = levelName ?? (typeof e.event?.type === 'string' ? e.event.type : locale === 'vi' ? 'kích hoạt' : 'fired');
      const held = (Array.isArray(e.conditions) ? (e.conditions as TraceCondition[]) : [])
        .filter((c) => c && c.result === true)
        .map((c) => {
          const fact = `${text(c.fact)}${typeof c.path === 'string' ? c.path.replace(/^\$/, '') : ''}`;
          const op = typeof c.operator === 'string' ? (OPERATORS[c.operator] ?? c.operator) : '?';
          return `${fact} ${op} ${text(c.value)} (${text(c.factValue)})`;
        });
      return `${label} (${text(e.rule)})${held.length ? `: ${held.join('; ')}` : ''}`;
    });
  }
  // Something else: still show what was stored, with the level it gave.
  const prefix = level ? `${LEVEL_LABELS[level][locale]}: ` : '';
  return [`${prefix}${JSON.stringify(parsed).slice(0, 500)}`];
}

function isLevelTrace(value: unknown): value is LevelTrace {
  const v = value as Partial<LevelTrace> | null;
  return !!v && typeof v === 'object' && Array.isArray(v.rules) && typeof v.ruleSet === 'object' && 'facts' in v;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
