// A result's level trace as one sentence for people: why this level, and (below the top level) what kept it from
// the next one, e.g. "Mức 2 vì tổng điểm 76 ≥ 70 và mọi năng lực đạt ngưỡng yêu cầu; chưa đạt mức 3 vì năng lực
// C-F1-2 = 65 < 70". Works from the stored trace alone, for any version of the rules.
import type { ConditionTrace } from './engine';
import { LEVEL_RANK, bucketOf, isLevelCode, type LevelCode, type LevelRuleTrace, type LevelTrace } from './level';
import type { Locale } from './reason-messages';

export type { Locale } from './reason-messages';

export const LEVEL_NAMES: Readonly<Record<LevelCode, Record<Locale, string>>> = {
  NOT_ACHIEVED: { vi: 'Chưa đạt', en: 'Not achieved' },
  LEVEL_1: { vi: 'Mức 1', en: 'Level 1' },
  LEVEL_2: { vi: 'Mức 2', en: 'Level 2' },
  LEVEL_3: { vi: 'Mức 3', en: 'Level 3' },
};

const WORDS = {
  vi: {
    because: 'vì', and: 'và', notYet: 'chưa đạt', noRule: 'Chưa xếp được mức: không quy tắc nào thỏa', closest: 'gần nhất là',
    total: 'tổng điểm', competency: 'năng lực', competencies: 'năng lực', every: 'mọi năng lực',
    required: (n: number) => `yêu cầu mức ${n}`, everyRequired: 'mọi năng lực đạt ngưỡng yêu cầu',
    everyAtRequired: (n: number) => `mọi năng lực yêu cầu mức ${n}`,
    passed: 'đạt điểm chuẩn của đề', notPassed: 'chưa đạt điểm chuẩn của đề',
    leadership: 'vị trí lãnh đạo', notLeadership: 'vị trí không phải lãnh đạo',
  },
  en: {
    because: 'because', and: 'and', notYet: 'not', noRule: 'No level: no rule holds', closest: 'the closest is',
    total: 'total score', competency: 'competency', competencies: 'competencies', every: 'every competency',
    required: (n: number) => `required level ${n}`, everyRequired: 'every competency reaches the threshold of its required level',
    everyAtRequired: (n: number) => `every competency required at level ${n}`,
    passed: "passed the test's pass mark", notPassed: "did not pass the test's pass mark",
    leadership: 'a leadership position', notLeadership: 'a non-leadership position',
  },
} as const;

/** Facts without a phrase of their own are shown by these names. */
const FACT_LABELS: Record<string, Record<Locale, string>> = {
  competencyCount: { vi: 'số năng lực', en: 'number of competencies' },
  weakestCompetencyScore: { vi: 'điểm năng lực thấp nhất', en: 'weakest competency score' },
  weakestScoreAtRequiredLevel1: { vi: 'điểm thấp nhất của năng lực yêu cầu mức 1', en: 'weakest score of competencies required at level 1' },
  weakestScoreAtRequiredLevel2: { vi: 'điểm thấp nhất của năng lực yêu cầu mức 2', en: 'weakest score of competencies required at level 2' },
  weakestScoreAtRequiredLevel3: { vi: 'điểm thấp nhất của năng lực yêu cầu mức 3', en: 'weakest score of competencies required at level 3' },
  highestRequiredLevel: { vi: 'mức yêu cầu cao nhất', en: 'highest required level' },
  competenciesAtRequiredLevel1: { vi: 'số năng lực yêu cầu mức 1', en: 'competencies required at level 1' },
  competenciesAtRequiredLevel2: { vi: 'số năng lực yêu cầu mức 2', en: 'competencies required at level 2' },
  competenciesAtRequiredLevel3: { vi: 'số năng lực yêu cầu mức 3', en: 'competencies required at level 3' },
};

const SYMBOL: Record<string, string> = {
  equal: '=', notEqual: '≠', lessThan: '<', lessThanInclusive: '≤', greaterThan: '>', greaterThanInclusive: '≥',
};
const NEGATED: Record<string, string> = {
  equal: '≠', notEqual: '=', lessThan: '≥', lessThanInclusive: '>', greaterThan: '≤', greaterThanInclusive: '<',
};
const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  lessThan: (a, b) => a < b, lessThanInclusive: (a, b) => a <= b, greaterThan: (a, b) => a > b, greaterThanInclusive: (a, b) => a >= b,
};

const REQUIRED_LEVEL_FACT = /^weakestScoreAtRequiredLevel([123])$/;

export function renderLevelTrace(trace: LevelTrace, locale: Locale): string {
  const w = WORDS[locale];
  const decided = decidingRule(trace);
  if (!decided || !trace.level) {
    const next = nextRule(trace, -1);
    const why = next ? failing(trace, next, locale) : '';
    return why ? `${w.noRule}; ${w.closest} ${levelName(next!, locale, true)}: ${why}` : w.noRule;
  }
  const because = supporting(trace, decided, locale);
  let sentence = because ? `${levelName(decided, locale)} ${w.because} ${because}` : levelName(decided, locale);
  // "Not achieved" needs no "not level 1 because": it would repeat the same conditions the other way round.
  const next = trace.level === 'NOT_ACHIEVED' ? undefined : nextRule(trace, LEVEL_RANK[trace.level]);
  if (next) {
    const why = failing(trace, next, locale);
    sentence += `; ${w.notYet} ${levelName(next, locale, true)}${why ? ` ${w.because} ${why}` : ''}`;
  }
  return sentence;
}

/** The rule that gave the level: named in the trace, else the first fired rule giving that level. */
function decidingRule(trace: LevelTrace): LevelRuleTrace | undefined {
  return trace.rules.find((r) => r.fired && r.rule === trace.rule) ?? trace.rules.find((r) => r.fired && r.event?.params.code === trace.level);
}

/** The rule for the lowest level above `rank` (the first in document order when several give it). */
function nextRule(trace: LevelTrace, rank: number): LevelRuleTrace | undefined {
  let best: { entry: LevelRuleTrace; rank: number } | undefined;
  for (const entry of trace.rules) {
    const code = levelOfRule(entry);
    if (!code || entry.fired || LEVEL_RANK[code] <= rank) continue;
    if (!best || LEVEL_RANK[code] < best.rank) best = { entry, rank: LEVEL_RANK[code] };
  }
  return best?.entry;
}

function levelOfRule(entry: LevelRuleTrace): LevelCode | undefined {
  const code = entry.level ?? entry.event?.params.code;
  return isLevelCode(code) ? code : undefined;
}

function levelName(entry: LevelRuleTrace, locale: Locale, inSentence = false): string {
  const code = levelOfRule(entry);
  const params = entry.event?.params ?? {};
  const own = params[locale === 'vi' ? 'nameVi' : 'nameEn'];
  const name = typeof own === 'string' && own ? own : code ? LEVEL_NAMES[code][locale] : entry.rule;
  return inSentence ? lowerFirst(name) : name;
}

/** Under an odd number of `not`s a condition supports its rule by being false. */
const negatedByNot = (c: ConditionTrace) => c.at.split('.').filter((s) => s === 'not').length % 2 === 1;

/** The conditions that made a fired rule hold, as a phrase. */
function supporting(trace: LevelTrace, entry: LevelRuleTrace, locale: Locale): string {
  const held = entry.conditions.filter((c) => c.result !== null && c.result !== negatedByNot(c));
  return phrases(trace, held, locale).join(` ${WORDS[locale].and} `);
}

/** The conditions that kept a rule from holding, as a phrase. */
function failing(trace: LevelTrace, entry: LevelRuleTrace, locale: Locale): string {
  const missed = entry.conditions.filter((c) => c.result !== null && c.result === negatedByNot(c));
  return phrases(trace, missed, locale).join(` ${WORDS[locale].and} `);
}

function phrases(trace: LevelTrace, conditions: ConditionTrace[], locale: Locale): string[] {
  const out: string[] = [];
  // "Every competency reaches its required level's threshold" reads as one phrase, whatever the levels listed.
  const requiredHeld = conditions.filter((c) => REQUIRED_LEVEL_FACT.test(c.fact) && c.result === true && isAtLeast(c.operator));
  let requiredSaid = false;
  for (const c of conditions) {
    if (requiredHeld.includes(c)) {
      if (!requiredSaid) out.push(WORDS[locale].everyRequired);
      requiredSaid = true;
      continue;
    }
    out.push(phrase(trace, c, locale));
  }
  return out;
}

const isAtLeast = (op: string) => op === 'greaterThan' || op === 'greaterThanInclusive';
const isAtMost = (op: string) => op === 'lessThan' || op === 'lessThanInclusive';

function phrase(trace: LevelTrace, c: ConditionTrace, locale: Locale): string {
  const w = WORDS[locale];
  // The relation as it actually is: a condition that held shows its operator, one that failed the opposite.
  const symbol = (c.result ? SYMBOL : NEGATED)[c.operator] ?? c.operator;
  const value = typeof c.value === 'number' ? num(locale, c.value) : JSON.stringify(c.value);
  if (c.fact === 'totalScore') return `${w.total} ${num(locale, c.factValue)} ${symbol} ${value}`;
  if (c.fact === 'passed') return c.factValue === true ? w.passed : w.notPassed;
  if (c.fact === 'isLeadership') return c.factValue === true ? w.leadership : w.notLeadership;

  const level = REQUIRED_LEVEL_FACT.exec(c.fact);
  if ((c.fact === 'weakestCompetencyScore' || level) && typeof c.value === 'number' && (isAtLeast(c.operator) || isAtMost(c.operator))) {
    const bucket = level ? Number(level[1]) : undefined;
    const pool = trace.competencies.filter((k) => bucket === undefined || bucketOf(k.requiredLevel) === bucket);
    // Name the competencies that make the relation true as it stands ("C-F1-2 = 65 < 70"), or say "every ..." when
    // the relation is about all of them.
    const relation = c.result ? COMPARE[c.operator] : (a: number, b: number) => !COMPARE[c.operator](a, b);
    const named = pool.filter((k) => relation(k.score, c.value as number));
    const aboutAll = (c.result && isAtLeast(c.operator)) || (!c.result && isAtMost(c.operator));
    if (aboutAll) return `${bucket ? w.everyAtRequired(bucket) : w.every} ${symbol} ${value}`;
    if (named.length) {
      const items = named.map((k) => `${k.code}${bucket ? ` (${w.required(k.requiredLevel || 1)})` : ''} = ${num(locale, k.score)} ${symbol} ${value}`);
      return `${named.length > 1 ? w.competencies : w.competency} ${items.join(', ')}`;
    }
    // No sub-score to name (a result graded without them): the fact's own value.
  }
  const label = FACT_LABELS[c.fact]?.[locale] ?? c.fact;
  const actual = typeof c.factValue === 'number' ? num(locale, c.factValue) : JSON.stringify(c.factValue);
  return symbol === '=' ? `${label} = ${value}` : `${label} = ${actual} ${symbol} ${value}`;
}

const num = (locale: Locale, v: unknown) =>
  typeof v === 'number' ? new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2, useGrouping: false }).format(v) : String(v);

function lowerFirst(s: string): string {
  return s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);
}
