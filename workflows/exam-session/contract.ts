// What ExamSessionWorkflow and the services that start it share: its input, its view, its query and its id.
import { defineQuery } from '@temporalio/workflow';

export const EXAM_SESSION_WORKFLOW = 'ExamSessionWorkflow';

export interface ExamSessionInput {
  sessionId: string;
  startsAt: string;
  /** After this no attempt can start: the sweeper may stop once nothing is in progress. */
  lastStartAt: string;
}

export interface ExamSessionView {
  sessionId: string;
  inProgress: number;
  submittedByClock: number;
  closed: boolean;
}

export const examSessionQuery = defineQuery<ExamSessionView>('examSession');
export const examSessionWorkflowId = (sessionId: string) => `exam-session-${sessionId}`;

/** The session workflow takes no Update: nothing to refuse. */
export const EXAM_SESSION_REFUSALS = [] as const;
