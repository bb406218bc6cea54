// Every workflow's contract in one place: its type name, its input, and the refusal codes its Updates may answer
// with. The workflows throw those codes through the one `refuse` below; the workflow gateway
// (services/workflow-gateway.ts) turns a failed Update back into a typed refusal, and the API words it.
import { ApplicationFailure } from '@temporalio/common';
import { ASSESSMENT_CYCLE_WORKFLOW, CYCLE_REFUSALS, cycleWorkflowId, type AssessmentCycleInput } from './assessment-cycle/contract';
import { EXAM_SESSION_REFUSALS, EXAM_SESSION_WORKFLOW, examSessionWorkflowId, type ExamSessionInput } from './exam-session/contract';
import { FEEDBACK_CASE_REFUSALS, FEEDBACK_CASE_WORKFLOW, feedbackCaseWorkflowId, type FeedbackCaseInput } from './feedback-case/contract';
import { FOLLOW_UP_REFUSALS, FOLLOW_UP_TASK_WORKFLOW, followUpWorkflowId, type FollowUpTaskInput } from './follow-up-task/contract';
import { UNIT_LIST_REFUSALS, UNIT_REVIEW_WORKFLOW, type UnitReviewInput } from './unit-review/contract';

export const WORKFLOWS = {
  assessmentCycle: { type: ASSESSMENT_CYCLE_WORKFLOW, refusals: CYCLE_REFUSALS },
  unitReview: { type: UNIT_REVIEW_WORKFLOW, refusals: UNIT_LIST_REFUSALS },
  examSession: { type: EXAM_SESSION_WORKFLOW, refusals: EXAM_SESSION_REFUSALS },
  feedbackCase: { type: FEEDBACK_CASE_WORKFLOW, refusals: FEEDBACK_CASE_REFUSALS },
  followUpTask: { type: FOLLOW_UP_TASK_WORKFLOW, refusals: FOLLOW_UP_REFUSALS },
} as const;

export type WorkflowKind = keyof typeof WORKFLOWS;

export interface WorkflowInputs {
  assessmentCycle: AssessmentCycleInput;
  unitReview: UnitReviewInput;
  examSession: ExamSessionInput;
  feedbackCase: FeedbackCaseInput;
  followUpTask: FollowUpTaskInput;
}

/** The workflows started on their own (a department's review is a child of its cycle), by the id of what they run for. */
export const WORKFLOW_IDS = {
  assessmentCycle: cycleWorkflowId,
  examSession: examSessionWorkflowId,
  feedbackCase: feedbackCaseWorkflowId,
  followUpTask: followUpWorkflowId,
} as const satisfies Partial<Record<WorkflowKind, (id: string) => string>>;
export type StartableKind = keyof typeof WORKFLOW_IDS;

/** The refusal codes of one workflow's Updates. */
export type RefusalCodeOf<K extends WorkflowKind> = (typeof WORKFLOWS)[K]['refusals'][number];
/** Every refusal code any workflow throws. */
export type RefusalCode = RefusalCodeOf<WorkflowKind>;

/**
 * Refuses an Update (in a validator) or an activity's work, with a code the gateway recognises and a message for
 * logs and the API's "detail". Non-retryable: a refusal is an answer, not a fault.
 */
export function refuse(code: RefusalCode, message: string, ...details: unknown[]): never {
  throw ApplicationFailure.nonRetryable(message, code, ...details);
}
