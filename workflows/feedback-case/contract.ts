// What FeedbackCaseWorkflow, its activities and the services that act on a case share: its input, its state
// and view, its messages, its id and the refusals its validators and activities throw.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CaseOutcomeName, CaseStatusName, CaseStep, FeedbackCasePolicy } from '../../domain/feedback-case';

export const FEEDBACK_CASE_WORKFLOW = 'FeedbackCaseWorkflow';

export interface FeedbackCaseInput {
  caseId: string;
  policy: FeedbackCasePolicy;
}

/** A case's state as the activities persisted it (dates as ISO strings: payloads are JSON). */
export interface FeedbackCaseState {
  /** Server time of the change. */
  at: string;
  status: CaseStatusName;
  step: CaseStep | null;
  stepDueAt: string | null;
  escalationLevel: number;
  outcome: CaseOutcomeName | null;
  businessAccepted: boolean | null;
}

export interface FeedbackCaseView extends Omit<FeedbackCaseState, 'at'> {
  caseId: string;
  /** How many times a contested answer reopened the case. */
  reconsiderations: number;
}

export interface CaseStepRequest {
  actorUserId: string;
  note: string;
}

export interface CaseOutcomeRequest {
  actorUserId: string;
  outcome: CaseOutcomeName;
  /** The action taken (substantiated) or the reasons (not substantiated): what the business reads. */
  reason: string;
}

export interface BusinessResponseRequest {
  actorUserId: string;
  accept: boolean;
  /** Required to contest: why the answer does not settle the complaint. */
  comment?: string;
}

export const feedbackCaseQuery = defineQuery<FeedbackCaseView>('feedbackCase');
export const verifyCaseUpdate = defineUpdate<FeedbackCaseView, [CaseStepRequest]>('verifyCase');
export const recordHandlingUpdate = defineUpdate<FeedbackCaseView, [CaseStepRequest]>('recordHandling');
export const recordOutcomeUpdate = defineUpdate<FeedbackCaseView, [CaseOutcomeRequest]>('recordOutcome');
export const businessResponseUpdate = defineUpdate<FeedbackCaseView, [BusinessResponseRequest]>('respondToAnswer');

export const feedbackCaseWorkflowId = (caseId: string) => `feedback-case-${caseId}`;

/**
 * Why a case action is refused: by the validators (closed, another step, text missing, an unknown outcome), or by an activity that finds the stored case disagreeing.
 */
export const FEEDBACK_CASE_REFUSALS = [
  'CaseClosed',
  'WrongStep',
  'NoteRequired',
  'ReasonRequired',
  'CommentRequired',
  'InvalidOutcome',
  'CaseTransitionRefused',
] as const;
export type FeedbackCaseRefusal = (typeof FEEDBACK_CASE_REFUSALS)[number];
