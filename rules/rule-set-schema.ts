// A rule-set document: json-rules-engine rules as data, with an id, a kind and a version. parseRuleSet() is
// the only way a document reaches the engine: it reports every problem with its path, for the coordinator
// editing the JSON, and returns a deep-frozen copy, so a version in use cannot change under a running cycle.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, deepFreeze, type JsonValue } from './json';
import { checkRules, type RuleSetIssue } from './rule-checks';
import { RULE_SET_KINDS, type Operator, type RuleSetKind } from './vocabulary';

export type { RuleSetIssue } from './rule-checks';
export { canonicalJson, type JsonValue } from './json';
export {
  OPERATORS,
  REASON_CODES,
  RULE_SET_KINDS,
  VERIFICATION_EVENT_TYPES,
  VERIFICATION_FACTS,
  VERIFICATION_FACT_TYPES,
  type Operator,
  type ReasonCode,
  type RuleSetKind,
  type Severity,
} from './vocabulary';

/** A value read from another fact instead of written in the rule: { "fact": "recentAssignmentMonths" }. */
export interface FactReference {
  readonly fact: string;
}

export interface LeafCondition {
  readonly fact: string;
  readonly operator: Operator;
  readonly value: JsonValue | FactReference;
  readonly path?: string;
  readonly params?: Readonly<Record<string, JsonValue>>;
  readonly priority?: number;
  readonly name?: string;
}
interface NodeOptions {
  readonly priority?: number;
  readonly name?: string;
}
export interface AllCondition extends NodeOptions { readonly all: readonly ConditionNode[] }
export interface AnyCondition extends NodeOptions { readonly any: readonly ConditionNode[] }
export interface NotCondition extends NodeOptions { readonly not: ConditionNode }
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;
export type ConditionNode = TopLevelCondition | LeafCondition;

export interface RuleEvent {
  readonly type: string;
  readonly params?: Readonly<Record<string, JsonValue | FactReference>>;
}

export interface RuleDefinition {
  readonly name: string;
  readonly priority?: number;
  readonly conditions: TopLevelCondition;
  readonly event: RuleEvent;
}

export interface RuleSetDocument {
  readonly id: string;
  readonly kind: RuleSetKind;
  readonly version: number;
  readonly nameVi: string;
  readonly nameEn: string;
  readonly description?: string;
  readonly rules: readonly RuleDefinition[];
}

export class RuleSetError extends Error {
  constructor(readonly issues: RuleSetIssue[]) {
    super(`invalid rule set:\n${issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
    this.name = 'RuleSetError';
  }
}

// The envelope is zod; conditions and the kind's vocabulary are checked by checkRules() (rule-checks.ts), which
// names the exact node and the allowed choices (a zod union of condition shapes would only say "Invalid input").
const priority = z.int().min(1, 'must be a whole number >= 1');
const ruleSchema = z.strictObject({
  name: z.string().trim().min(1, 'must be a non-empty string'),
  priority: priority.optional(),
  conditions: z.custom<TopLevelCondition>((v) => v !== undefined, 'is required'),
  event: z.strictObject({
    type: z.string().trim().min(1, 'must be a non-empty string'),
    params: z.record(z.string(), z.custom<JsonValue | FactReference>()).optional(),
  }),
});

export const ruleSetDocumentSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and dashes, e.g. "verification"'),
  kind: z.enum(RULE_SET_KINDS, `must be one of ${RULE_SET_KINDS.join(', ')}`),
  version: z.int('must be a whole number').positive('must be a positive whole number'),
  nameVi: z.string().trim().min(1, 'must be a non-empty string'),
  nameEn: z.string().trim().min(1, 'must be a non-empty string'),
  description: z.string().optional(),
  rules: z.array(ruleSchema).min(1, 'must list at least one rule'),
});

/** Validates a rule-set document and returns a deep-frozen copy; throws RuleSetError listing every problem. */
export function parseRuleSet(json: unknown): RuleSetDocument {
  const input = cloneJson(json);
  const issues: RuleSetIssue[] = [];
  const parsed = ruleSetDocumentSchema.safeParse(input, {
    error: (iss) => (iss.code === 'invalid_type' && iss.input === undefined ? 'is required' : undefined),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) issues.push({ path: formatPath([...issue.path, key]), message: `unknown key '${key}'` });
      } else {
        issues.push({ path: formatPath(issue.path), message: issue.message });
      }
    }
  }
  checkRules(input, issues);
  if (issues.length > 0) throw new RuleSetError(issues);
  const doc = deepFreeze(input as RuleSetDocument);
  parsedDocuments.add(doc);
  return doc;
}

const parsedDocuments = new WeakSet<object>();

/** True for documents returned by parseRuleSet: valid and frozen, so they can be cached by identity. */
export function isParsedRuleSet(doc: RuleSetDocument): boolean {
  return parsedDocuments.has(doc);
}

/** sha256 (hex) of the canonical JSON: the same for any key order, so jsonb round trips keep it. */
export function ruleSetChecksum(doc: RuleSetDocument): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

// ───────────────────────────── helpers ─────────────────────────────

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(document)';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/** A plain-JSON copy: drops prototypes, functions and shared references before validation. */
function cloneJson(json: unknown): unknown {
  if (json === undefined) return undefined;
  try {
    return JSON.parse(JSON.stringify(json));
  } catch {
    throw new RuleSetError([{ path: '(document)', message: 'is not JSON (cycles or BigInt values)' }]);
  }
}
