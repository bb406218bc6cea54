// What each kind of rule set may read and emit. The validator checks documents against this, so a rule that
// names a fact nobody computes, or compares a boolean with the string "true", is refused on load instead of
// silently never firing.

import { FOLLOW_UP_EVENT_TYPES, FOLLOW_UP_FACT_TYPES, FOLLOW_UP_REASON_CODES } from './follow-up/vocabulary';

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

/**
 * Facts of one result's level (computed by deriveLevelFacts in level.ts from the result, its sub-scores and the
 * position). Thresholds are not facts: they are the values the LEVEL rules compare these with, so they are data.
 * A competency the framework does not list (required level 0) counts as required at level 1; a required level
 * with no competency has weakest score 100, so "every competency at that level reaches T" holds.
 */
export const LEVEL_FACT_TYPES = {
  totalScore: 'number',
  passed: 'boolean',
  isLeadership: 'boolean',
  competencyCount: 'number',
  weakestCompetencyScore: 'number',
  highestRequiredLevel: 'number',
  competenciesAtRequiredLevel1: 'number',
  competenciesAtRequiredLevel2: 'number',
  competenciesAtRequiredLevel3: 'number',
  weakestScoreAtRequiredLevel1: 'number',
  weakestScoreAtRequiredLevel2: 'number',
  weakestScoreAtRequiredLevel3: 'number',
} as const satisfies Record<string, FactType>;

export type LevelFactName = keyof typeof LEVEL_FACT_TYPES;
export const LEVEL_FACTS = Object.keys(LEVEL_FACT_TYPES) as LevelFactName[];

/** The levels a LEVEL rule may give (Prisma's CompetencyLevel), lowest first. */
export const LEVEL_CODES = ['NOT_ACHIEVED', 'LEVEL_1', 'LEVEL_2', 'LEVEL_3'] as const;
export type LevelCode = (typeof LEVEL_CODES)[number];
export const LEVEL_EVENT_TYPES = ['level'] as const;

export interface KindVocabulary {
  facts: Readonly<Record<string, FactType>>;
  /** When set, every event's type must be one of these and its params.code one of `codes`. */
  events?: { types: readonly string[]; codes: readonly string[] };
}

/** Every kind's facts and events; a kind listed as undefined would have its documents refused. */
export const KIND_VOCABULARIES: Readonly<Record<RuleSetKind, KindVocabulary | undefined>> = {
  VERIFICATION: { facts: VERIFICATION_FACT_TYPES, events: { types: VERIFICATION_EVENT_TYPES, codes: REASON_CODES } },
  LEVEL: { facts: LEVEL_FACT_TYPES, events: { types: LEVEL_EVENT_TYPES, codes: LEVEL_CODES } },
  FOLLOW_UP: { facts: FOLLOW_UP_FACT_TYPES, events: { types: FOLLOW_UP_EVENT_TYPES, codes: FOLLOW_UP_REASON_CODES } },
};
