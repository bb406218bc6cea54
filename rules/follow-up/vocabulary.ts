// What a FOLLOW_UP rule set may read and emit. A leaf module (types only from ../vocabulary), so that
// vocabulary.ts can list it without an import cycle through the engine.
import type { FactType } from '../vocabulary';

/**
 * Facts of one run. A result is judged once as a whole (subject RESULT) and once per competency of its
 * position's framework (subject COMPETENCY); every rule names the subject it is about.
 */
export const FOLLOW_UP_FACT_TYPES = {
  /** 'RESULT' or 'COMPETENCY'. */
  subject: 'string',
  /** LEVEL_1, LEVEL_2, LEVEL_3 or NOT_ACHIEVED (the result's level, from the level rules). */
  level: 'string',
  /** Out of 100. */
  totalScore: 'number',
  /** The result is a re-examination's (round 2 or later). */
  isReexamination: 'boolean',
  /** The position the officer registered for (and was assessed on). */
  registeredPositionId: 'string',
  /** The position the officer held when registering. */
  heldPositionId: 'string',
  /** registeredPositionId differs from heldPositionId. */
  positionMismatch: 'boolean',
  /** Not-achieved results of the officer before this one: earlier cycles, and earlier rounds of this cycle. */
  previousFailures: 'number',
  /** COMPETENCY runs: the competency, its sub-score out of 100 and the level the position requires (1..3). */
  competencyId: 'string',
  competencyScore: 'number',
  requiredLevel: 'number',
} as const satisfies Record<string, FactType>;

export type FollowUpFactName = keyof typeof FOLLOW_UP_FACT_TYPES;

/** Event types are the task types. */
export const FOLLOW_UP_EVENT_TYPES = ['RETRAINING', 'REEXAMINATION', 'REASSIGNMENT', 'EXPERT_NOMINATION'] as const;
export type FollowUpTypeName = (typeof FOLLOW_UP_EVENT_TYPES)[number];

/** Why a task was proposed: every event names one (params.code), rendered for people. */
export const FOLLOW_UP_REASON_CODES = ['BELOW_REQUIRED_LEVEL', 'NOT_ACHIEVED', 'REPEATED_FAILURE', 'POSITION_MISMATCH', 'EXCELLENT_RESULT'] as const;
export type FollowUpReasonCode = (typeof FOLLOW_UP_REASON_CODES)[number];
