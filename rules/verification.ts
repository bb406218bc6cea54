// Verification of one registration against the officer's current assignment: facts are computed by the
// caller (an activity), derived here, and judged by the cycle's frozen VERIFICATION rule set.
import { z } from 'zod';
import { runRules, type RuleTraceEntry } from './engine';
import type { RuleSetDocument } from './rule-set-schema';
import { REASON_CODES, type ReasonCode, type Severity, type VerificationFactName } from './vocabulary';

export { REASON_CODES, VERIFICATION_FACTS, type ReasonCode, type Severity } from './vocabulary';

/** What the caller computes for one registration (an activity, from the registration's snapshot and the cycle). */
export interface VerificationFacts {
  chosenPositionId: string;
  heldPositionId: string;
  chosenFieldId: string;
  heldFieldId: string;
  chosenIsLeadership: boolean;
  heldIsLeadership: boolean;
  /** Months since the current assignment began (fractions allowed). */
  monthsInCurrentAssignment: number;
  /** The chosen position is the one the officer held before the current assignment. */
  chosenIsPreviousPosition: boolean;
  /** The cycle's AssessmentCycle.recentAssignmentMonths. */
  recentAssignmentMonths: number;
  unitInScope: boolean;
  fieldInScope: boolean;
  leadershipGroupInScope: boolean;
  /** Other ACTIVE registrations of the officer in running cycles whose dates overlap this one. */
  otherActiveRegistrations: number;
}

export const verificationFactsSchema: z.ZodType<VerificationFacts> = z.strictObject({
  chosenPositionId: z.string().min(1),
  heldPositionId: z.string().min(1),
  chosenFieldId: z.string().min(1),
  heldFieldId: z.string().min(1),
  chosenIsLeadership: z.boolean(),
  heldIsLeadership: z.boolean(),
  monthsInCurrentAssignment: z.number().min(0),
  chosenIsPreviousPosition: z.boolean(),
  recentAssignmentMonths: z.number().min(0),
  unitInScope: z.boolean(),
  fieldInScope: z.boolean(),
  leadershipGroupInScope: z.boolean(),
  otherActiveRegistrations: z.int().min(0),
});

export interface DerivedVerificationFacts extends VerificationFacts {
  positionDiffers: boolean;
  fieldDiffers: boolean;
  /** A team leader registering as non-leadership, or the reverse. */
  leadershipMismatch: boolean;
  /** The current assignment began less than recentAssignmentMonths ago. */
  recentlyReassigned: boolean;
}

// The rule vocabulary and these facts must name the same things.
type SameKeys<A, B> = [Exclude<keyof A, B>, Exclude<B, keyof A>] extends [never, never] ? true : never;
const _factsMatchVocabulary: SameKeys<DerivedVerificationFacts, VerificationFactName> = true;

export type VerificationOutcome = 'CLEAR' | 'FLAGGED' | 'BLOCKED';

export interface VerificationReason {
  code: ReasonCode;
  severity: Severity;
  params: Record<string, string | number | boolean>;
}

export interface VerificationDecision {
  outcome: VerificationOutcome;
  /** Blocking reasons first, then flags, then notes; document order within each. */
  reasons: VerificationReason[];
  trace: RuleTraceEntry[];
}

export function deriveFacts(facts: VerificationFacts): DerivedVerificationFacts {
  // Listed field by field: spreading zod's output object was a quarter of a verification's time.
  return {
    chosenPositionId: facts.chosenPositionId,
    heldPositionId: facts.heldPositionId,
    chosenFieldId: facts.chosenFieldId,
    heldFieldId: facts.heldFieldId,
    chosenIsLeadership: facts.chosenIsLeadership,
    heldIsLeadership: facts.heldIsLeadership,
    monthsInCurrentAssignment: facts.monthsInCurrentAssignment,
    chosenIsPreviousPosition: facts.chosenIsPreviousPosition,
    recentAssignmentMonths: facts.recentAssignmentMonths,
    unitInScope: facts.unitInScope,
    fieldInScope: facts.fieldInScope,
    leadershipGroupInScope: facts.leadershipGroupInScope,
    otherActiveRegistrations: facts.otherActiveRegistrations,
    positionDiffers: facts.chosenPositionId !== facts.heldPositionId,
    fieldDiffers: facts.chosenFieldId !== facts.heldFieldId,
    leadershipMismatch: facts.chosenIsLeadership !== facts.heldIsLeadership,
    recentlyReassigned: facts.monthsInCurrentAssignment < facts.recentAssignmentMonths,
  };
}

const SEVERITY_RANK: Record<Severity, number> = { block: 0, flag: 1, info: 2 };

/** Throws on facts of the wrong shape (a ZodError) or a document of another kind: never a silent CLEAR. */
export async function verifyRegistration(doc: RuleSetDocument, facts: VerificationFacts): Promise<VerificationDecision> {
  if (doc.kind !== 'VERIFICATION') throw new Error(`rule set '${doc.id}' v${doc.version} is ${doc.kind}, not VERIFICATION`);
  const derived = deriveFacts(verificationFactsSchema.parse(facts));
  const { events, trace } = await runRules(doc, derived as unknown as Record<string, unknown>);

  const reasons: VerificationReason[] = events.map(({ type, params }) => {
    const { code, ...rest } = params;
    if (!(type in SEVERITY_RANK) || !(REASON_CODES as readonly unknown[]).includes(code)) {
      throw new Error(`rule set '${doc.id}' v${doc.version} emitted ${type} ${String(code)}`); // parseRuleSet prevents this
    }
    return { code: code as ReasonCode, severity: type as Severity, params: rest as VerificationReason['params'] };
  });
  reasons.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);

  const outcome: VerificationOutcome = reasons.some((r) => r.severity === 'block')
    ? 'BLOCKED'
    : reasons.some((r) => r.severity === 'flag')
      ? 'FLAGGED'
      : 'CLEAR';
  return { outcome, reasons, trace };
}
