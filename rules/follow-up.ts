// Which follow-up tasks a graded result calls for: facts are computed by an activity from the result, its
// sub-scores, its registration and the officer's earlier results; the cycle's frozen FOLLOW_UP rule set decides.
// A result is judged once as a whole and once per competency, so a retraining task carries the trace of its own
// competency's run. Deadlines are rule data (params.dueDays), like the thresholds.
import { z } from 'zod';
import type { Locale } from '../domain/locale';
import { runRules, type RuleTraceEntry } from './engine';
import type { JsonValue } from './json';
import { RuleSetError, type RuleSetDocument, type RuleSetIssue } from './rule-set-schema';
import {
  FOLLOW_UP_EVENT_TYPES,
  FOLLOW_UP_REASON_CODES,
  type FollowUpFactName,
  type FollowUpReasonCode,
  type FollowUpTypeName,
} from './follow-up/vocabulary';

export { FOLLOW_UP_EVENT_TYPES, FOLLOW_UP_FACT_TYPES, FOLLOW_UP_REASON_CODES, type FollowUpReasonCode, type FollowUpTypeName } from './follow-up/vocabulary';

export const RESULT_LEVELS = ['LEVEL_1', 'LEVEL_2', 'LEVEL_3', 'NOT_ACHIEVED'] as const;
export type ResultLevelName = (typeof RESULT_LEVELS)[number];

/** What an activity loads for one graded, levelled result. */
export interface ResultFollowUpInput {
  level: ResultLevelName;
  /** Out of 100. */
  totalScore: number;
  isReexamination: boolean;
  registeredPositionId: string;
  heldPositionId: string;
  previousFailures: number;
  competencies: { competencyId: string; score: number; requiredLevel: number }[];
}

const score = z.number().min(0).max(100);
export const resultFollowUpInputSchema: z.ZodType<ResultFollowUpInput> = z.strictObject({
  level: z.enum(RESULT_LEVELS),
  totalScore: score,
  isReexamination: z.boolean(),
  registeredPositionId: z.string().min(1),
  heldPositionId: z.string().min(1),
  previousFailures: z.int().min(0),
  competencies: z.array(z.strictObject({ competencyId: z.string().min(1), score, requiredLevel: z.int().min(0).max(3) })),
});

export type FollowUpSubject = 'RESULT' | 'COMPETENCY';
export type FollowUpFacts = Record<FollowUpFactName, string | number | boolean>;

/** The subject each task type is decided on. */
export const SUBJECT_OF: Readonly<Record<FollowUpTypeName, FollowUpSubject>> = {
  RETRAINING: 'COMPETENCY',
  REEXAMINATION: 'RESULT',
  REASSIGNMENT: 'RESULT',
  EXPERT_NOMINATION: 'RESULT',
};

export interface FollowUpReason {
  code: FollowUpReasonCode;
  /** The rule that fired. */
  rule: string;
  params: Record<string, JsonValue>;
}

/** What FollowUpTask.ruleTrace holds: why the task exists, readable without any other table. */
export interface FollowUpTrace {
  ruleSet: { id: string; version: number };
  subject: FollowUpSubject;
  facts: FollowUpFacts;
  /** The rules that fired for this task (several reasons may propose one task). */
  reasons: FollowUpReason[];
  /** Every rule of the run, in document order, with each condition's values. */
  rules: RuleTraceEntry[];
}

export interface FollowUpProposal {
  type: FollowUpTypeName;
  /** RETRAINING only. */
  competencyId: string | null;
  /** The shortest deadline among the reasons. */
  dueDays: number;
  /** A position the rules propose (REASSIGNMENT). */
  proposedPositionId: string | null;
  trace: FollowUpTrace;
}

/** The facts of the whole-result run; competency facts are neutral there (no rule reads them for RESULT). */
export function resultFacts(input: ResultFollowUpInput): FollowUpFacts {
  return {
    subject: 'RESULT',
    level: input.level,
    totalScore: input.totalScore,
    isReexamination: input.isReexamination,
    registeredPositionId: input.registeredPositionId,
    heldPositionId: input.heldPositionId,
    positionMismatch: input.registeredPositionId !== input.heldPositionId,
    previousFailures: input.previousFailures,
    competencyId: '',
    competencyScore: 0,
    requiredLevel: 0,
  };
}

export function competencyFacts(input: ResultFollowUpInput, c: ResultFollowUpInput['competencies'][number]): FollowUpFacts {
  return { ...resultFacts(input), subject: 'COMPETENCY', competencyId: c.competencyId, competencyScore: c.score, requiredLevel: c.requiredLevel };
}

// ───────────────────────────── the rule set's own checks ─────────────────────────────

const checked = new WeakSet<RuleSetDocument>();

/**
 * What parseRuleSet cannot know about FOLLOW_UP documents: each rule says which subject it judges (a top-level
 * "all" with subject = RESULT or COMPETENCY, matching its task type), and gives a deadline (params.dueDays, a
 * whole number of days). A rule without its subject would fire once per competency and propose duplicates.
 */
export function followUpRuleSetIssues(doc: RuleSetDocument): RuleSetIssue[] {
  const issues: RuleSetIssue[] = [];
  if (doc.kind !== 'FOLLOW_UP') return [{ path: 'kind', message: `is ${doc.kind}, not FOLLOW_UP` }];
  doc.rules.forEach((rule, i) => {
    const at = `rules[${i}]`;
    const type = rule.event.type as FollowUpTypeName;
    const expected = SUBJECT_OF[type];
    const top = 'all' in rule.conditions ? rule.conditions.all : null;
    const subjects = (top ?? []).flatMap((c) => ('fact' in c && c.fact === 'subject' && c.operator === 'equal' ? [c.value] : []));
    if (expected && !(subjects.length === 1 && subjects[0] === expected)) {
      issues.push({ path: `${at}.conditions`, message: `a ${type} rule must be an "all" that includes { "fact": "subject", "operator": "equal", "value": "${expected}" }` });
    }
    const dueDays = rule.event.params?.dueDays;
    if (!(typeof dueDays === 'number' && Number.isInteger(dueDays) && dueDays >= 1 && dueDays <= 3660)) {
      issues.push({ path: `${at}.event.params.dueDays`, message: 'must be a whole number of days from 1 to 3660' });
    }
    const proposed = rule.event.params?.proposedPositionId;
    if (proposed !== undefined && type !== 'REASSIGNMENT') {
      issues.push({ path: `${at}.event.params.proposedPositionId`, message: 'only a REASSIGNMENT proposes a position' });
    }
  });
  return issues;
}

function assertFollowUpRuleSet(doc: RuleSetDocument): void {
  if (checked.has(doc)) return;
  const issues = followUpRuleSetIssues(doc);
  if (issues.length) throw new RuleSetError(issues);
  if (Object.isFrozen(doc)) checked.add(doc);
}

// ───────────────────────────── deciding ─────────────────────────────

/**
 * The follow-up tasks one result calls for, in a stable order: the whole-result tasks in event-type order, then
 * one RETRAINING per weak competency in the input's order. Several rules proposing the same task merge into one
 * task with every reason. Throws on facts of the wrong shape (a ZodError) or a document of another kind.
 */
export async function proposeFollowUps(doc: RuleSetDocument, input: ResultFollowUpInput): Promise<FollowUpProposal[]> {
  assertFollowUpRuleSet(doc);
  const parsed = resultFollowUpInputSchema.parse(input);
  const ruleSet = { id: doc.id, version: doc.version };
  const proposals: FollowUpProposal[] = [];

  const decide = async (subject: FollowUpSubject, facts: FollowUpFacts, competencyId: string | null) => {
    const { trace } = await runRules(doc, facts);
    const byType = new Map<FollowUpTypeName, FollowUpReason[]>();
    trace.forEach((entry) => {
      if (!entry.event) return;
      const type = entry.event.type as FollowUpTypeName;
      if (SUBJECT_OF[type] !== subject) return; // followUpRuleSetIssues makes this impossible
      const { code, ...params } = entry.event.params;
      if (!(FOLLOW_UP_REASON_CODES as readonly unknown[]).includes(code)) throw new Error(`rule '${entry.rule}' emitted unknown code ${String(code)}`);
      byType.set(type, [...(byType.get(type) ?? []), { code: code as FollowUpReasonCode, rule: entry.rule, params }]);
    });
    for (const type of FOLLOW_UP_EVENT_TYPES) {
      const reasons = byType.get(type);
      if (!reasons) continue;
      const dueDays = Math.min(...reasons.map((r) => Number(r.params.dueDays)));
      const proposed = reasons.map((r) => r.params.proposedPositionId).find((p): p is string => typeof p === 'string' && p !== '');
      proposals.push({
        type,
        competencyId,
        dueDays,
        proposedPositionId: proposed ?? null,
        trace: { ruleSet, subject, facts, reasons, rules: structuredClone(trace) as RuleTraceEntry[] },
      });
    }
  };

  await decide('RESULT', resultFacts(parsed), null);
  for (const c of parsed.competencies) await decide('COMPETENCY', competencyFacts(parsed, c), c.competencyId);
  return proposals;
}

/** One task per reason to exist: the same result never gets the same task twice, whoever retries. */
export function followUpDedupeKey(resultId: string, type: FollowUpTypeName, competencyId: string | null): string {
  return type === 'RETRAINING' ? `result:${resultId}:RETRAINING:${competencyId}` : `result:${resultId}:${type}`;
}

// ───────────────────────────── for people ─────────────────────────────

type Params = Readonly<Record<string, unknown>>;

const fmt = (locale: Locale, v: unknown) =>
  typeof v === 'number' ? new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 }).format(v) : String(v ?? '');

const REASON_TEXT: Record<FollowUpReasonCode, Record<Locale, (p: Params) => string>> = {
  BELOW_REQUIRED_LEVEL: {
    vi: (p) => `Năng lực đạt ${fmt('vi', p.score)} điểm, dưới ngưỡng của mức ${fmt('vi', Math.max(1, Number(p.requiredLevel)))} mà vị trí yêu cầu: cần bồi dưỡng`,
    en: (p) => `The competency scored ${fmt('en', p.score)}, below the threshold of the level ${fmt('en', Math.max(1, Number(p.requiredLevel)))} the position requires: retraining needed`,
  },
  NOT_ACHIEVED: {
    vi: (p) => `Kết quả chưa đạt (${fmt('vi', p.score)} điểm): phải kiểm tra lại`,
    en: (p) => `Result not achieved (score ${fmt('en', p.score)}): re-examination required`,
  },
  REPEATED_FAILURE: {
    vi: (p) => `Chưa đạt, sau ${fmt('vi', p.previousFailures)} lần chưa đạt trước đó: đề xuất bố trí lại vị trí việc làm`,
    en: (p) => `Not achieved again, after ${fmt('en', p.previousFailures)} earlier failure${p.previousFailures === 1 ? '' : 's'}: reassignment proposed`,
  },
  POSITION_MISMATCH: {
    vi: () => 'Được đánh giá theo vị trí khác vị trí đang đảm nhiệm: đề xuất bố trí lại cho đúng',
    en: () => 'Assessed for a position other than the one held: reassignment proposed to make them match',
  },
  EXCELLENT_RESULT: {
    vi: (p) => `Kết quả xuất sắc (${fmt('vi', p.score)} điểm, mức 3): đề cử vào nhóm chuyên gia / nguồn cán bộ lãnh đạo`,
    en: (p) => `Excellent result (score ${fmt('en', p.score)}, level 3): nomination to an expert group / the leadership pipeline`,
  },
};

export function renderFollowUpReason(reason: { code: string; params?: Params }, locale: Locale): string {
  const text = REASON_TEXT[reason.code as FollowUpReasonCode];
  return text ? text[locale](reason.params ?? {}) : reason.code;
}

/** The trace as sentences: "<why> (<rule>)" for each rule that proposed the task. */
export function renderFollowUpTrace(trace: Pick<FollowUpTrace, 'reasons'>, locale: Locale): string[] {
  return trace.reasons.map((r) => `${renderFollowUpReason(r, locale)} (${r.rule})`);
}
