// A json-rules-engine rule as a sentence a person reads: "Mức 3 khi tổng điểm ≥ 85 và mọi năng lực ≥ 70".
// Pure: the words come from the catalogue (locales/rules.*.ts, `ruleWords`), so it is tested without React.
// It never throws on a draft being edited: what it cannot read it shows as written.
import type { rulesVi } from '../../locales/rules.vi';

export type RuleWords = (typeof rulesVi)['ruleWords'];

type Json = unknown;
type Obj = Record<string, Json>;
const isObject = (v: Json): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

const LOW = new Set(['lessThan', 'lessThanInclusive']);
const HIGH = new Set(['greaterThan', 'greaterThanInclusive']);

function number(n: number, words: RuleWords): string {
  // Vietnamese writes a decimal comma.
  const text = String(Math.round(n * 100) / 100);
  return words.and === 'và' ? text.replace('.', ',') : text;
}

function value(v: Json, words: RuleWords): string {
  if (isObject(v) && typeof v.fact === 'string') return factName(v.fact, words);
  if (typeof v === 'number') return number(v, words);
  if (typeof v === 'boolean') return v ? words.yes : words.no;
  if (typeof v === 'string') return (words.values as Record<string, string>)[v] ?? v;
  if (Array.isArray(v)) return `{${v.map((x) => value(x, words)).join(', ')}}`;
  return JSON.stringify(v);
}

function factName(fact: string, words: RuleWords): string {
  return (words.facts as Record<string, string>)[fact] ?? (words.weakest as Record<string, { every: string }>)[fact]?.every ?? fact;
}

function leaf(node: Obj, words: RuleWords): string {
  const fact = String(node.fact);
  const operator = String(node.operator);
  const symbol = (words.operators as Record<string, string>)[operator] ?? operator;
  // "the weakest competency >= 70" is "every competency >= 70"; "< 30" is "a competency < 30".
  const weakest = (words.weakest as Record<string, { every: string; some: string }>)[fact];
  if (weakest && (LOW.has(operator) || HIGH.has(operator))) return `${LOW.has(operator) ? weakest.some : weakest.every} ${symbol} ${value(node.value, words)}`;
  // A yes/no fact reads as a phrase: "mới được điều động", and its negation "đơn vị ngoài phạm vi kỳ".
  if (typeof node.value === 'boolean' && (operator === 'equal' || operator === 'notEqual')) {
    const holds = (operator === 'equal') === node.value;
    if (holds) return factName(fact, words);
    return (words.negated as Record<string, string>)[fact] ?? `${words.isNot} ${factName(fact, words)}`;
  }
  return `${factName(fact, words)} ${symbol} ${value(node.value, words)}`;
}

/** A condition tree as words; nested groups of more than one condition are put in parentheses. */
export function conditionText(node: Json, words: RuleWords, nested = false): string {
  if (!isObject(node)) return JSON.stringify(node);
  for (const [key, joiner] of [['all', words.and], ['any', words.or]] as const) {
    const children = node[key];
    if (Array.isArray(children)) {
      const parts = children.map((c) => conditionText(c, words, true));
      const text = parts.join(` ${joiner} `);
      return nested && parts.length > 1 ? `(${text})` : text;
    }
  }
  if ('not' in node) return `${words.not} (${conditionText(node.not, words)})`;
  if (typeof node.fact === 'string') return leaf(node, words);
  return JSON.stringify(node);
}

/** What a rule does when it holds, by the kind of its rule set. */
export function outcomeText(event: Json, kind: string, words: RuleWords): string {
  if (!isObject(event)) return '';
  const type = String(event.type ?? '');
  const params = isObject(event.params) ? event.params : {};
  const code = typeof params.code === 'string' ? params.code : '';
  const reason = (words.reasons as Record<string, string>)[code] ?? code;
  if (kind === 'LEVEL') return (words.levels as Record<string, string>)[code] ?? code;
  if (kind === 'FOLLOW_UP') {
    const task = (words.followUps as Record<string, string>)[type] ?? type;
    const due = typeof params.dueDays === 'number' ? `, ${words.within.replace('{{days}}', String(params.dueDays))}` : '';
    return `${task} (${reason}${due})`;
  }
  const severity = (words.verification as Record<string, string>)[type] ?? type;
  return reason ? `${severity} (${reason})` : severity;
}

/** "Mức 3 khi tổng điểm ≥ 85 và mọi năng lực ≥ 70". */
export function ruleSentence(rule: Json, kind: string, words: RuleWords): string | null {
  if (!isObject(rule) || !isObject(rule.conditions)) return null;
  const outcome = outcomeText(rule.event, kind, words);
  const sentence = `${outcome} ${words.when} ${conditionText(rule.conditions, words)}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
