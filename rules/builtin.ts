// The rule sets shipped with the product, validated at load so a broken file fails at start-up, not mid-cycle.
// Loads JSON from disk: activities, the API and the seed may import this; workflow code must not.
import verificationV1 from './verification/v1.json' with { type: 'json' };
import levelV1 from './level/v1.json' with { type: 'json' };
import followUpV1 from './follow-up/v1.json' with { type: 'json' };
import { parseRuleSet, type RuleSetDocument, type RuleSetKind } from './rule-set-schema';

export const BUILT_IN_RULE_SETS: readonly RuleSetDocument[] = Object.freeze([parseRuleSet(verificationV1), parseRuleSet(levelV1), parseRuleSet(followUpV1)]);

/** The shipped document of this kind: the given version, or the newest one. */
export function builtInRuleSet(kind: RuleSetKind, version?: number): RuleSetDocument | undefined {
  return BUILT_IN_RULE_SETS.filter((d) => d.kind === kind && (version === undefined || d.version === version))
    .reduce<RuleSetDocument | undefined>((newest, d) => (newest && newest.version > d.version ? newest : d), undefined);
}
