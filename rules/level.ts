// A result's competency level: facts are prepared here from the total score and the per-competency sub-scores
// (an activity loads them), and the cycle's frozen LEVEL rule set decides. The thresholds are the values in the
// rules, never in code, so a coordinator changes them by publishing a new version.
import { z } from 'zod';
import { runRules, type RuleTraceEntry } from './engine';
import { parseRuleSet, RuleSetError, type RuleSetDocument, type RuleSetIssue } from './rule-set-schema';
import { LEVEL_CODES, type LevelCode, type LevelFactName } from './vocabulary';

export { LEVEL_CODES, LEVEL_FACTS, type LevelCode } from './vocabulary';

/** Lowest first: the order in which "highest level wins". */
export const LEVEL_RANK: Readonly<Record<LevelCode, number>> = { NOT_ACHIEVED: 0, LEVEL_1: 1, LEVEL_2: 2, LEVEL_3: 3 };

export interface CompetencySubScore {
  competencyId: string;
  /** Shown to people in the trace, e.g. "C-F1-2". */
  code: string;
  /** Out of 100. */
  score: number;
  /** The level the position's framework requires of this competency: 1..3, or 0 when it is not listed. */
  requiredLevel: number;
}

/** What an activity loads for one result. */
export interface LevelInput {
  /** The result's score out of 100. */
  totalScore: number;
  passed: boolean;
  /** The position assessed is a leadership one (team leader). */
  isLeadership: boolean;
  competencies: CompetencySubScore[];
}

const score = z.number().min(0).max(100);
export const levelInputSchema: z.ZodType<LevelInput> = z.strictObject({
  totalScore: score,
  passed: z.boolean(),
  isLeadership: z.boolean(),
  competencies: z.array(z.strictObject({
    competencyId: z.string().min(1),
    code: z.string().min(1),
    score,
    requiredLevel: z.int().min(0).max(3),
  })),
});

export interface LevelFacts {
  totalScore: number;
  passed: boolean;
  isLeadership: boolean;
  competencyCount: number;
  /** The lowest sub-score of any competency. */
  weakestCompetencyScore: number;
  /** The highest level the framework requires of any competency (0 when none is listed). */
  highestRequiredLevel: number;
  competenciesAtRequiredLevel1: number;
  competenciesAtRequiredLevel2: number;
  competenciesAtRequiredLevel3: number;
  /** The lowest sub-score among competencies required at level N; 100 when there are none. */
  weakestScoreAtRequiredLevel1: number;
  weakestScoreAtRequiredLevel2: number;
  weakestScoreAtRequiredLevel3: number;
}

/** What Result.levelTrace holds: enough to explain the level to a person without any other table. */
export interface LevelTrace {
  /** null when no rule fired (a rule set with a gap): never stored, only shown by a preview. */
  level: LevelCode | null;
  /** The rule that gave the level. */
  rule: string | null;
  ruleSet: { id: string; version: number };
  facts: LevelFacts;
  /** The sub-scores the facts were computed from, by code. */
  competencies: { code: string; score: number; requiredLevel: number }[];
  /** Every rule, in document order, with each condition's values (engine.ts) and the level it gives. */
  rules: LevelRuleTrace[];
}

/** A rule's trace (engine.ts) with the level its event gives, which the engine records only when it fired. */
export interface LevelRuleTrace extends RuleTraceEntry {
  level: LevelCode;
}

export interface LevelDecision {
  level: LevelCode | null;
  trace: LevelTrace;
}

/** A required level with no competency: its weakest score is the maximum, so "all of them reach T" holds. */
const NONE_AT_LEVEL = 100;

/** Competencies outside the framework (required level 0) count as required at level 1, the least demanding. */
export const bucketOf = (requiredLevel: number): 1 | 2 | 3 => (requiredLevel >= 3 ? 3 : requiredLevel === 2 ? 2 : 1);

export function deriveLevelFacts(input: LevelInput): LevelFacts {
  const count = { 1: 0, 2: 0, 3: 0 };
  const weakest = { 1: NONE_AT_LEVEL, 2: NONE_AT_LEVEL, 3: NONE_AT_LEVEL };
  // With no sub-score at all (not produced by grading, but possible in old data) the total is the weakest.
  let weakestOverall = input.competencies.length ? NONE_AT_LEVEL : input.totalScore;
  let highest = 0;
  for (const c of input.competencies) {
    const b = bucketOf(c.requiredLevel);
    count[b]++;
    weakest[b] = Math.min(weakest[b], c.score);
    weakestOverall = Math.min(weakestOverall, c.score);
    highest = Math.max(highest, c.requiredLevel);
  }
  return {
    totalScore: input.totalScore,
    passed: input.passed,
    isLeadership: input.isLeadership,
    competencyCount: input.competencies.length,
    weakestCompetencyScore: weakestOverall,
    highestRequiredLevel: highest,
    competenciesAtRequiredLevel1: count[1],
    competenciesAtRequiredLevel2: count[2],
    competenciesAtRequiredLevel3: count[3],
    weakestScoreAtRequiredLevel1: weakest[1],
    weakestScoreAtRequiredLevel2: weakest[2],
    weakestScoreAtRequiredLevel3: weakest[3],
  };
}

// The vocabulary and these facts must name the same things.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : never;
const _factsMatchVocabulary: SameKeys<LevelFacts, LevelFactName> = true;

/** The highest level among the rules that fired. Throws on facts of the wrong shape or a rule set of another kind. */
export async function decideLevel(doc: RuleSetDocument, input: LevelInput): Promise<LevelDecision> {
  if (doc.kind !== 'LEVEL') throw new Error(`rule set '${doc.id}' v${doc.version} is ${doc.kind}, not LEVEL`);
  const parsed = levelInputSchema.parse(input);
  const facts = deriveLevelFacts(parsed);
  const run = await runRules(doc, facts as unknown as Record<string, unknown>);
  const trace: LevelRuleTrace[] = run.trace.map((entry, i) => ({ ...entry, level: doc.rules[i].event.params?.code as LevelCode }));
  let best: LevelRuleTrace | undefined;
  for (const entry of trace) {
    if (!entry.fired) continue;
    if (!isLevelCode(entry.level)) throw new Error(`rule set '${doc.id}' v${doc.version} gives ${String(entry.level)}`); // parseRuleSet prevents this
    if (!best || LEVEL_RANK[entry.level] > LEVEL_RANK[best.level]) best = entry;
  }
  const level = best?.level ?? null;
  const competencies = [...parsed.competencies]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((c) => ({ code: c.code, score: c.score, requiredLevel: c.requiredLevel }));
  return {
    level,
    trace: { level, rule: best?.rule ?? null, ruleSet: { id: doc.id, version: doc.version }, facts, competencies, rules: trace },
  };
}

export const isLevelCode = (v: unknown): v is LevelCode => (LEVEL_CODES as readonly unknown[]).includes(v);

// ───────────────────────────── validation beyond the vocabulary ─────────────────────────────

/**
 * What a LEVEL document needs besides its vocabulary: every rule has a priority, and a rule giving a higher level
 * has a higher priority than every rule giving a lower one, so "the highest level wins" is what the engine's
 * order says too. Works on unparsed JSON (paths as parseRuleSet reports them).
 */
export function levelRuleIssues(json: unknown): RuleSetIssue[] {
  const issues: RuleSetIssue[] = [];
  if (!isObject(json) || json.kind !== 'LEVEL' || !Array.isArray(json.rules)) return issues;
  const ranked: { i: number; name: string; code: LevelCode; priority: number }[] = [];
  json.rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const code = isObject(rule.event) && isObject(rule.event.params) ? rule.event.params.code : undefined;
    if (rule.priority === undefined) {
      issues.push({ path: `rules[${i}].priority`, message: `is required for LEVEL rules: the highest level wins, so give higher levels higher priorities (e.g. level 3: 4 ... not achieved: 1)` });
    } else if (Number.isInteger(rule.priority) && isLevelCode(code)) {
      ranked.push({ i, name: String(rule.name), code, priority: rule.priority as number });
    }
  });
  for (const a of ranked) {
    // The highest-priority rule of a lower level, so "must be higher than N" is the whole fix.
    const lower = ranked
      .filter((b) => LEVEL_RANK[b.code] < LEVEL_RANK[a.code] && b.priority >= a.priority)
      .reduce<(typeof ranked)[number] | undefined>((top, b) => (top && top.priority >= b.priority ? top : b), undefined);
    if (lower) {
      issues.push({
        path: `rules[${a.i}].priority`,
        message: `must be higher than ${lower.priority} ('${lower.name}' at rules[${lower.i}] gives ${lower.code}, a lower level than ${a.code})`,
      });
    }
  }
  return issues;
}

/**
 * parseRuleSet, plus levelRuleIssues when the document is a LEVEL one, all problems in one RuleSetError: what
 * the API runs on every document a coordinator saves (documents of other kinds get parseRuleSet alone).
 */
export function parseRuleSetWithLevelChecks(json: unknown): RuleSetDocument {
  const extra = levelRuleIssues(json);
  let doc: RuleSetDocument;
  try {
    doc = parseRuleSet(json);
  } catch (err) {
    if (err instanceof RuleSetError && extra.length) throw new RuleSetError([...err.issues, ...extra]);
    throw err;
  }
  if (extra.length) throw new RuleSetError(extra);
  return doc;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
