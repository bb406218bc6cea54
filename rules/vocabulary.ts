// What each kind of rule set may read and emit. The validator checks documents against this, so a rule that
// names a fact nobody computes, or compares a boolean with the string "true", is refused on load instead of
// silently never firing.

export type RuleSetKind = 'VERIFICATION' | 'LEVEL' | 'FOLLOW_UP';
export const RULE_SET_KINDS = ['VERIFICATION', 'LEVEL', 'FOLLOW_UP'] as const satisfies readonly RuleSetKind[];

/** json-rules-engine's built-in operators. Decorators ("not:equal", "someFact:...") are deliberately refused. */
export const OPERATORS = [
  'equal', 'notEqual', 'lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive',
  'in', 'notIn', 'contains', 'doesNotContain',
] as const;
export type Operator = (typeof OPERATORS)[number];

export type FactType = 'string' | 'number' | 'boolean';

/** Facts of one registration's verification: the inputs, then what deriveFacts() prepares from them. */
export const VERIFICATION_FACT_TYPES = {
  chosenPositionId: 'string',
  heldPositionId: 'string',
  chosenFieldId: 'string',
  heldFieldId: 'string',
  chosenIsLeadership: 'boolean',
  heldIsLeadership: 'boolean',
  monthsInCurrentAssignment: 'number',
  chosenIsPreviousPosition: 'boolean',
  recentAssignmentMonths: 'number',
  unitInScope: 'boolean',
  fieldInScope: 'boolean',
  leadershipGroupInScope: 'boolean',
  otherActiveRegistrations: 'number',
  positionDiffers: 'boolean',
  fieldDiffers: 'boolean',
  leadershipMismatch: 'boolean',
  recentlyReassigned: 'boolean',
} as const satisfies Record<string, FactType>;

export type VerificationFactName = keyof typeof VERIFICATION_FACT_TYPES;
export const VERIFICATION_FACTS = Object.keys(VERIFICATION_FACT_TYPES) as VerificationFactName[];

export const REASON_CODES = [
  'POSITION_DIFFERS',
  'OTHER_FIELD',
  'LEADERSHIP_MISMATCH',
  'RECENT_ASSIGNMENT_CHANGE',
  'OUT_OF_SCOPE',
  'DUPLICATE_REGISTRATION',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const VERIFICATION_EVENT_TYPES = ['block', 'flag', 'info'] as const;
export type Severity = (typeof VERIFICATION_EVENT_TYPES)[number];

export interface KindVocabulary {
  facts: Readonly<Record<string, FactType>>;
  /** When set, every event's type must be one of these and its params.code one of `codes`. */
  events?: { types: readonly string[]; codes: readonly string[] };
}

/** LEVEL and FOLLOW_UP have no facts yet: their documents are refused until the facts are listed here. */
export const KIND_VOCABULARIES: Readonly<Record<RuleSetKind, KindVocabulary | undefined>> = {
  VERIFICATION: { facts: VERIFICATION_FACT_TYPES, events: { types: VERIFICATION_EVENT_TYPES, codes: REASON_CODES } },
  LEVEL: undefined,
  FOLLOW_UP: undefined,
};
