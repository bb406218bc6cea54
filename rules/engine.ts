// Runs a rule-set document with json-rules-engine and returns what fired plus a plain-JSON trace of every
// condition, in document order, for storing beside the decision.
import { Engine, Fact, type RuleResult } from 'json-rules-engine';
import {
  isParsedRuleSet,
  parseRuleSet,
  ruleSetChecksum,
  type ConditionNode,
  type RuleSetDocument,
} from './rule-set-schema';
import { deepFreeze, toJson, type JsonValue } from './json';

export interface RuleEventResult {
  type: string;
  params: Record<string, JsonValue>;
}

export interface ConditionTrace {
  /** Where the condition sits in the rule, e.g. "all[1].any[0]", so the flat list still reads as a tree. */
  at: string;
  fact: string;
  operator: string;
  value: JsonValue;
  /** The value the fact had (after `path`); null when the condition was skipped. */
  factValue: JsonValue;
  /** The other fact's value, when `value` is a { fact } reference. */
  valueResult?: JsonValue;
  /** null when json-rules-engine skipped the condition (a higher-priority sibling already decided). */
  result: boolean | null;
}

export interface RuleTraceEntry {
  rule: string;
  fired: boolean;
  event?: RuleEventResult;
  conditions: ConditionTrace[];
}

/** The trace's objects are frozen and shared between runs with equal facts: copy before changing them. */
export interface RuleRun {
  /** The fired rules' events, in document order. */
  events: RuleEventResult[];
  /** One entry per rule, in document order. */
  trace: RuleTraceEntry[];
}

interface CompiledRule {
  name: string;
  type: string;
  /** Event params as written; { fact } references are resolved from the run's facts when the rule fires. */
  params: readonly [string, unknown][];
}

interface CompiledRuleSet {
  engine: Engine;
  rules: readonly CompiledRule[];
  /** Every fact a condition reads: a run's outcome and trace are a function of these values alone. */
  conditionFacts: readonly string[];
  /** Evaluated traces (without event params) by the values of conditionFacts. */
  memo: Map<string, readonly Readonly<RuleTraceEntry>[]>;
  /** json-rules-engine keeps run status on the Engine, so overlapping runs skip each other's rules: serialize. */
  queue: Promise<unknown>;
}

// Verification v1 reads 8 booleans and a count: a few hundred keys. The cap bounds sets with numeric facts.
const MEMO_LIMIT = 4_096;

const byDocument = new WeakMap<RuleSetDocument, CompiledRuleSet>();
const byChecksum = new Map<string, CompiledRuleSet>();

/** Runs the rules of `doc` over `facts`. A missing fact (or one set to undefined) is an error, not a false. */
export async function runRules(doc: RuleSetDocument, facts: Record<string, unknown>): Promise<RuleRun> {
  const compiled = compiledFor(doc);
  // Rules are pure over constant facts, so an evaluation is reused for registrations whose condition facts
  // are equal: a real list has a few hundred distinct combinations, and the engine costs ~80 µs a run.
  const key = memoKey(compiled.conditionFacts, facts);
  let evaluated = key === undefined ? undefined : compiled.memo.get(key);
  if (!evaluated) {
    evaluated = await evaluate(compiled, facts);
    if (key !== undefined) {
      if (compiled.memo.size >= MEMO_LIMIT) compiled.memo.delete(compiled.memo.keys().next().value as string);
      compiled.memo.set(key, evaluated);
    }
  }
  const trace = evaluated.map((entry, i) =>
    entry.fired ? { ...entry, event: resolveEvent(compiled.rules[i], facts) } : entry,
  ) as RuleTraceEntry[];
  const events = trace.flatMap((t) => (t.event ? [t.event] : []));
  return { events, trace };
}

async function evaluate(compiled: CompiledRuleSet, facts: Record<string, unknown>): Promise<readonly Readonly<RuleTraceEntry>[]> {
  const runtimeFacts: Record<string, Fact> = {};
  for (const [id, value] of Object.entries(facts)) {
    // cache: false spares hashing every constant fact into the almanac's cache (about a quarter of a run).
    if (value !== undefined) runtimeFacts[id] = new Fact(id, value, { cache: false });
  }
  const run = compiled.queue.then(() => compiled.engine.run(runtimeFacts));
  compiled.queue = run.catch(() => undefined);
  const { results, failureResults } = await run;

  const byName = new Map<string, RuleResult>();
  for (const r of results) byName.set(r.name, r);
  for (const r of failureResults) byName.set(r.name, r);
  return compiled.rules.map(({ name }) => {
    const result = byName.get(name);
    if (!result) throw new Error(`rule '${name}' was not evaluated`); // never report a partial run as a clean one
    const conditions: ConditionTrace[] = [];
    flatten(result.conditions as EvaluatedNode, '', conditions);
    return deepFreeze({ rule: name, fired: result.result === true, conditions });
  });
}

/** undefined (do not memoize) unless every condition fact is a plain primitive, whose JSON is unambiguous. */
function memoKey(factIds: readonly string[], facts: Record<string, unknown>): string | undefined {
  const values: unknown[] = [];
  for (const id of factIds) {
    const v = facts[id];
    const t = typeof v;
    if (!(t === 'string' || t === 'boolean' || v === null || (t === 'number' && Number.isFinite(v)))) return undefined;
    values.push(v);
  }
  return JSON.stringify(values);
}

function resolveEvent(rule: CompiledRule, facts: Record<string, unknown>): RuleEventResult {
  const params: Record<string, JsonValue> = {};
  for (const [key, value] of rule.params) {
    if (value !== null && typeof value === 'object' && 'fact' in value) {
      const id = (value as { fact: string }).fact;
      if (facts[id] === undefined) throw new Error(`Undefined fact: ${id}`);
      params[key] = toJson(facts[id]);
    } else {
      params[key] = value as JsonValue;
    }
  }
  return { type: rule.type, params };
}

/** Parsed documents are frozen, so they are cached by identity; others by checksum, validated on first sight. */
function compiledFor(doc: RuleSetDocument): CompiledRuleSet {
  const known = byDocument.get(doc);
  if (known) return known;
  const parsed = isParsedRuleSet(doc);
  const checksum = ruleSetChecksum(doc);
  let compiled = byChecksum.get(checksum);
  if (!compiled) {
    compiled = compile(parsed ? doc : parseRuleSet(doc));
    byChecksum.set(checksum, compiled);
  }
  if (parsed) byDocument.set(doc, compiled);
  return compiled;
}

function compile(doc: RuleSetDocument): CompiledRuleSet {
  // Event params are resolved here (resolveEvent), only for rules that fired: cheaper than the engine's option.
  const engine = new Engine([], { allowUndefinedFacts: false });
  const conditionFacts = new Set<string>();
  for (const rule of doc.rules) {
    // The engine writes into the condition objects it is given; hand it a private, mutable copy.
    const conditions = structuredClone(rule.conditions) as Parameters<Engine['addRule']>[0]['conditions'];
    engine.addRule({ name: rule.name, priority: rule.priority, conditions, event: { type: rule.event.type } });
    collectFacts(rule.conditions, conditionFacts);
  }
  return {
    engine,
    rules: doc.rules.map((r) => ({ name: r.name, type: r.event.type, params: Object.entries(r.event.params ?? {}) })),
    conditionFacts: [...conditionFacts].sort(),
    memo: new Map(),
    queue: Promise.resolve(),
  };
}

function collectFacts(node: ConditionNode, into: Set<string>): void {
  if ('all' in node) node.all.forEach((c) => collectFacts(c, into));
  else if ('any' in node) node.any.forEach((c) => collectFacts(c, into));
  else if ('not' in node) collectFacts(node.not, into);
  else {
    into.add(node.fact);
    const v = node.value;
    if (v !== null && typeof v === 'object' && 'fact' in v && typeof v.fact === 'string') into.add(v.fact);
  }
}

interface EvaluatedNode {
  all?: EvaluatedNode[];
  any?: EvaluatedNode[];
  not?: EvaluatedNode;
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

function flatten(node: EvaluatedNode, at: string, out: ConditionTrace[]): void {
  const prefix = at ? `${at}.` : '';
  if (node.all) node.all.forEach((c, i) => flatten(c, `${prefix}all[${i}]`, out));
  else if (node.any) node.any.forEach((c, i) => flatten(c, `${prefix}any[${i}]`, out));
  else if (node.not) flatten(node.not, `${prefix}not`, out);
  else {
    const evaluated = typeof node.result === 'boolean';
    const entry: ConditionTrace = {
      at,
      fact: node.fact ?? '',
      operator: node.operator ?? '',
      value: toJson(node.value),
      factValue: evaluated ? toJson(node.factResult) : null,
      result: evaluated ? (node.result as boolean) : null,
    };
    const isReference = node.value !== null && typeof node.value === 'object' && 'fact' in node.value;
    if (isReference && evaluated) entry.valueResult = toJson(node.valueResult);
    out.push(entry);
  }
}
