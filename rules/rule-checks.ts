// The part of rule-set validation zod cannot word well: condition trees, operators, facts and events of the
// document's kind. Every problem is reported with its path, so one pass shows a coordinator all of them.
import { KIND_VOCABULARIES, OPERATORS, RULE_SET_KINDS, type FactType, type KindVocabulary, type RuleSetKind } from './vocabulary';

export interface RuleSetIssue {
  path: string;
  message: string;
}

type Issues = RuleSetIssue[];
type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const quote = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
const BOOLEAN_KEYS = ['all', 'any', 'not'] as const;
const LEAF_KEYS = new Set(['fact', 'operator', 'value', 'path', 'params', 'priority', 'name']);
const NODE_OPTION_KEYS = new Set(['priority', 'name']);
const NUMERIC_OPERATORS = new Set<string>(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

export function checkRules(doc: unknown, issues: Issues): void {
  if (!isObject(doc) || !Array.isArray(doc.rules)) return; // the envelope check already said so
  const kind = doc.kind as RuleSetKind;
  let vocabulary: KindVocabulary | undefined;
  if (RULE_SET_KINDS.includes(kind)) {
    vocabulary = KIND_VOCABULARIES[kind];
    if (!vocabulary) {
      issues.push({ path: 'kind', message: `no facts are defined for kind '${kind}' yet (add them to rules/vocabulary.ts)` });
    }
  }
  const seen = new Map<string, number>();
  doc.rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const at = `rules[${i}]`;
    if (typeof rule.name === 'string') {
      const first = seen.get(rule.name);
      if (first !== undefined) issues.push({ path: `${at}.name`, message: `duplicate rule name '${rule.name}' (also rules[${first}])` });
      else seen.set(rule.name, i);
    }
    if (rule.conditions !== undefined) checkTopLevel(rule.conditions, `${at}.conditions`, vocabulary, issues);
    if (vocabulary && isObject(rule.event)) checkEvent(rule.event, `${at}.event`, vocabulary, issues);
  });
}

function checkTopLevel(node: unknown, at: string, vocabulary: KindVocabulary | undefined, issues: Issues): void {
  if (isObject(node) && !BOOLEAN_KEYS.some((k) => k in node) && 'fact' in node) {
    issues.push({ path: at, message: `the top level must be 'all', 'any' or 'not': wrap the condition as { "all": [ ... ] }` });
    return;
  }
  checkCondition(node, at, vocabulary, issues);
}

function checkCondition(node: unknown, at: string, vocabulary: KindVocabulary | undefined, issues: Issues): void {
  if (!isObject(node)) {
    issues.push({ path: at, message: `expected { "all": [...] }, { "any": [...] }, { "not": {...} } or { "fact", "operator", "value" }, got ${quote(node)}` });
    return;
  }
  if ('condition' in node) {
    issues.push({ path: `${at}.condition`, message: 'named condition references are not supported: write the condition inline' });
    return;
  }
  const booleans = BOOLEAN_KEYS.filter((k) => k in node);
  if (booleans.length > 1) {
    issues.push({ path: at, message: `use only one of ${booleans.map(quote).join(', ')} per node: nest them instead` });
    return;
  }
  if (booleans.length === 0) return checkLeaf(node, at, vocabulary, issues);
  const op = booleans[0];
  checkNodeOptions(node, at, new Set([op, ...NODE_OPTION_KEYS]), issues);
  const children = node[op];
  if (op === 'not') {
    if (Array.isArray(children)) issues.push({ path: `${at}.not`, message: `'not' takes one condition, not a list: use { "not": { "any": [...] } }` });
    else checkCondition(children, `${at}.not`, vocabulary, issues);
    return;
  }
  if (!Array.isArray(children)) {
    issues.push({ path: `${at}.${op}`, message: `'${op}' must be a list of conditions` });
  } else if (children.length === 0) {
    issues.push({ path: `${at}.${op}`, message: `'${op}' must list at least one condition (an empty list is always ${op === 'all'})` });
  } else {
    children.forEach((child, i) => checkCondition(child, `${at}.${op}[${i}]`, vocabulary, issues));
  }
}

function checkNodeOptions(node: Obj, at: string, allowed: Set<string>, issues: Issues): void {
  for (const key of Object.keys(node)) {
    if (!allowed.has(key)) issues.push({ path: `${at}.${key}`, message: `unknown key '${key}' (allowed: ${[...allowed].join(', ')})` });
  }
  if ('priority' in node && !(Number.isInteger(node.priority) && (node.priority as number) >= 1)) {
    issues.push({ path: `${at}.priority`, message: 'must be a whole number >= 1' });
  }
  if ('name' in node && typeof node.name !== 'string') issues.push({ path: `${at}.name`, message: 'must be a string' });
}

function checkLeaf(node: Obj, at: string, vocabulary: KindVocabulary | undefined, issues: Issues): void {
  checkNodeOptions(node, at, LEAF_KEYS, issues);
  const factType = checkFactName(node.fact, `${at}.fact`, vocabulary, issues);
  const operator = node.operator;
  if (typeof operator !== 'string' || !(OPERATORS as readonly string[]).includes(operator)) {
    const what = operator === undefined ? `missing 'operator'` : `unknown operator ${quote(operator)}`;
    issues.push({ path: `${at}.operator`, message: `${what} (use one of ${OPERATORS.join(', ')})` });
  }
  if (!('value' in node)) issues.push({ path: `${at}.value`, message: `missing 'value'` });
  if (node.path !== undefined) {
    if (typeof node.path !== 'string' || !node.path.startsWith('$')) {
      issues.push({ path: `${at}.path`, message: `must be a JSONPath string starting with '$'` });
    } else if (factType) {
      issues.push({ path: `${at}.path`, message: `fact '${node.fact}' is a ${factType}: 'path' only applies to object facts` });
    }
  }
  if (node.params !== undefined && !isObject(node.params)) issues.push({ path: `${at}.params`, message: 'must be an object' });
  if (typeof operator === 'string' && 'value' in node) checkValue(node, operator, factType, at, vocabulary, issues);
}

/** Returns the fact's type when the vocabulary knows it. */
function checkFactName(fact: unknown, at: string, vocabulary: KindVocabulary | undefined, issues: Issues): FactType | undefined {
  if (typeof fact !== 'string' || fact === '') {
    issues.push({ path: at, message: fact === undefined ? `missing 'fact'` : 'must be a fact name (a non-empty string)' });
    return undefined;
  }
  if (!vocabulary) return undefined;
  const type = vocabulary.facts[fact];
  if (!type) issues.push({ path: at, message: `unknown fact '${fact}' (use one of ${Object.keys(vocabulary.facts).join(', ')})` });
  return type;
}

function checkValue(node: Obj, operator: string, factType: FactType | undefined, at: string, vocabulary: KindVocabulary | undefined, issues: Issues): void {
  const value = node.value;
  if (isObject(value) && 'fact' in value) {
    const refType = checkFactName(value.fact, `${at}.value.fact`, vocabulary, issues);
    if (factType && refType && refType !== factType && !['in', 'notIn', 'contains', 'doesNotContain'].includes(operator)) {
      issues.push({ path: `${at}.value`, message: `compares ${factType} fact '${node.fact}' with ${refType} fact '${value.fact}'` });
    }
    return;
  }
  if (operator === 'in' || operator === 'notIn') {
    if (!Array.isArray(value)) {
      issues.push({ path: `${at}.value`, message: `'${operator}' needs a list value, e.g. ["a", "b"]` });
    } else if (factType) {
      value.forEach((v, i) => {
        if (typeof v !== factType) issues.push({ path: `${at}.value[${i}]`, message: `fact '${node.fact}' is a ${factType}; ${quote(v)} is not` });
      });
    }
    return;
  }
  if (operator === 'contains' || operator === 'doesNotContain') {
    if (factType) issues.push({ path: `${at}.operator`, message: `'${operator}' needs a list fact; '${node.fact}' is a ${factType}` });
    return;
  }
  if (NUMERIC_OPERATORS.has(operator)) {
    if (typeof value !== 'number') issues.push({ path: `${at}.value`, message: `'${operator}' needs a number value, got ${quote(value)}` });
    if (factType && factType !== 'number') issues.push({ path: `${at}.fact`, message: `'${operator}' needs a number fact; '${node.fact}' is a ${factType}` });
    return;
  }
  if (factType && typeof value !== factType) {
    issues.push({ path: `${at}.value`, message: `fact '${node.fact}' is a ${factType}, so ${quote(value)} can never match (write ${example(factType)})` });
  }
}

const example = (type: FactType) => (type === 'boolean' ? 'true or false without quotes' : type === 'number' ? 'a number without quotes' : 'a quoted string');

function checkEvent(event: Obj, at: string, vocabulary: KindVocabulary, issues: Issues): void {
  const rules = vocabulary.events;
  if (rules && typeof event.type === 'string' && !rules.types.includes(event.type)) {
    issues.push({ path: `${at}.type`, message: `unknown event type ${quote(event.type)} (use one of ${rules.types.join(', ')})` });
  }
  const params = isObject(event.params) ? event.params : {};
  if (rules && !rules.codes.includes(params.code as string)) {
    const what = params.code === undefined ? `missing 'code'` : `unknown code ${quote(params.code)}`;
    issues.push({ path: `${at}.params.code`, message: `${what} (use one of ${rules.codes.join(', ')})` });
  }
  for (const [key, value] of Object.entries(params)) {
    if (isObject(value) && 'fact' in value) {
      if (Object.keys(value).length > 1) issues.push({ path: `${at}.params.${key}`, message: `a fact reference is { "fact": "<name>" } and nothing else` });
      checkFactName(value.fact, `${at}.params.${key}.fact`, vocabulary, issues);
    } else if (value !== null && typeof value === 'object') {
      issues.push({ path: `${at}.params.${key}`, message: 'must be a string, number, boolean or { "fact": "<name>" }' });
    }
  }
}
