// The life of a feedback case as pure rules: which step a case is at, how long each step may take, when the
// reminders go out, and what escalation means. The workflow, its activities and the API all read these, so a
// deadline is computed the same way wherever it is shown or enforced. No zod here: the workflow bundle imports it.
import { HOUR_MS, remindersBefore } from './reminders';

/** Durations of a case's steps, frozen into each case's workflow when it starts (like rule sets per cycle). */
export interface FeedbackCasePolicy {
  /** The responsible unit's leader verifies the complaint within this many hours of the case opening. */
  verifyHours: number;
  /** ... then records how it was handled within this many hours of the verification. */
  handleHours: number;
  /** ... then records the outcome and answers the business within this many hours of the handling. */
  answerHours: number;
  /** The business may accept or contest the answer for this long; silence closes the case. */
  businessResponseHours: number;
  /** Reminders to the responsible leaders this many hours before a step's deadline. */
  reminderHoursBefore: number[];
  /** An overdue step escalates one level and gets this much more time before it escalates again. */
  escalationGraceHours: number;
  /** 1 = up to the department; 2 = then on to headquarters. */
  maxEscalationLevel: number;
  /** How many times a contested answer reopens the case at the department before a contest simply closes it. */
  maxReconsiderations: number;
}

export const DEFAULT_CASE_POLICY: FeedbackCasePolicy = {
  verifyHours: 48,
  handleHours: 120,
  answerHours: 72,
  businessResponseHours: 168,
  reminderHoursBefore: [24],
  escalationGraceHours: 48,
  maxEscalationLevel: 2,
  maxReconsiderations: 1,
};

export const CASE_STEPS = ['VERIFY', 'HANDLE', 'ANSWER', 'BUSINESS_RESPONSE'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];
/** Steps the organisation owns: they have reminders and escalate when overdue. */
export const STAFF_STEPS: readonly CaseStep[] = ['VERIFY', 'HANDLE', 'ANSWER'];

export type CaseStatusName = 'OPEN' | 'VERIFYING' | 'HANDLING' | 'ANSWERED' | 'CLOSED';
export type CaseOutcomeName = 'SUBSTANTIATED' | 'NOT_SUBSTANTIATED';

/** Escalation levels: 0 the responsible unit, 1 its department (depth-1 unit), 2 headquarters. */
export const ESCALATION_TARGETS = ['UNIT', 'DEPARTMENT', 'HEADQUARTERS'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

/**
 * The step a case is at, from its stored state. OPEN means the case exists but its workflow has not begun it
 * yet (no step, no deadline); HANDLING covers two steps, told apart by whether the handling is recorded.
 */
export function stepOf(c: { status: CaseStatusName; handledAt: Date | string | null }): CaseStep | null {
  switch (c.status) {
    case 'VERIFYING':
      return 'VERIFY';
    case 'HANDLING':
      return c.handledAt ? 'ANSWER' : 'HANDLE';
    case 'ANSWERED':
      return 'BUSINESS_RESPONSE';
    default:
      return null;
  }
}

export function stepHours(policy: FeedbackCasePolicy, step: CaseStep): number {
  switch (step) {
    case 'VERIFY':
      return policy.verifyHours;
    case 'HANDLE':
      return policy.handleHours;
    case 'ANSWER':
      return policy.answerHours;
    case 'BUSINESS_RESPONSE':
      return policy.businessResponseHours;
  }
}

/** A step's deadline when it starts at `startMs` (epoch ms). */
export function stepDeadlineMs(policy: FeedbackCasePolicy, step: CaseStep, startMs: number): number {
  return startMs + Math.round(stepHours(policy, step) * HOUR_MS);
}

/** The deadline after an escalation at `atMs`. */
export function graceDeadlineMs(policy: FeedbackCasePolicy, atMs: number): number {
  return atMs + Math.round(policy.escalationGraceHours * HOUR_MS);
}

/** When the reminders of a step due at `dueMs` go out, earliest first, keeping only those after `nowMs`. */
export function reminderSchedule(policy: FeedbackCasePolicy, dueMs: number, nowMs: number): { hoursBefore: number; atMs: number }[] {
  return remindersBefore(dueMs, nowMs, policy.reminderHoursBefore, HOUR_MS).map(({ before, atMs }) => ({ hoursBefore: before, atMs }));
}

/** A case is overdue when a step the organisation owns has passed its deadline. */
export function isOverdue(c: { status: CaseStatusName; handledAt: Date | string | null; stepDueAt: Date | string | null }, now: Date): boolean {
  const step = stepOf(c);
  if (!step || !STAFF_STEPS.includes(step) || !c.stepDueAt) return false;
  return new Date(c.stepDueAt).getTime() < now.getTime();
}

export function escalationTarget(level: number): EscalationTarget {
  return ESCALATION_TARGETS[Math.max(0, Math.min(level, ESCALATION_TARGETS.length - 1))];
}

export const feedbackCaseWorkflowId = (caseId: string) => `feedback-case-${caseId}`;
