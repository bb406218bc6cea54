// What FollowUpTaskWorkflow, its activities and the services that act on a task share: its input, its state and
// view, its messages, its id and the refusals its validators and activities throw.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { FollowUpPolicy, FollowUpStatusName, FollowUpTypeName, TrainingRecord } from '../../domain/follow-up-task';

export const FOLLOW_UP_TASK_WORKFLOW = 'FollowUpTaskWorkflow';

export interface FollowUpTaskInput {
  taskId: string;
  policy: FollowUpPolicy;
}

/** A re-examination's way back through the exam flow, as far as it has got. */
export interface ReexamState {
  registrationId: string;
  sessionId: string | null;
  sessionStartsAt: string | null;
  attemptStatus: string | null;
  resultId: string | null;
  score: number | null;
  level: string | null;
}

/** A task's state as the activities persisted it (dates as ISO strings: payloads are JSON). */
export interface FollowUpTaskState {
  /** Server time of the activity. */
  at: string;
  type: FollowUpTypeName;
  status: FollowUpStatusName;
  dueAt: string;
  escalationLevel: number;
  /** The owner unit. */
  unitId: string;
  /** The owner unit has a parent: an overdue task can still move up. */
  canEscalate: boolean;
  proposedPositionId: string | null;
  outcome: Record<string, unknown> | null;
  reexam: ReexamState | null;
}

export interface FollowUpTaskView extends Omit<FollowUpTaskState, 'at'> {
  taskId: string;
  /** Past its due date (by the last time the workflow heard from the server). */
  overdue: boolean;
}

export interface RecordTrainingRequest extends TrainingRecord {
  actorUserId: string;
}

export interface ReassignmentDecisionRequest {
  actorUserId: string;
  accept: boolean;
  /** Accept: the new position (default: the one the rules proposed). */
  positionId?: string;
  /** Accept: the new unit (default: the officer's current unit). */
  unitId?: string;
  /** Required to decline. */
  reason?: string;
}

export interface NominationDecisionRequest {
  actorUserId: string;
  accept: boolean;
  reason: string;
}

export interface CancelTaskRequest {
  actorUserId: string;
  reason: string;
}

export interface ReexamScheduledSignal {
  sessionId: string;
  startsAt: string;
}

export const followUpTaskQuery = defineQuery<FollowUpTaskView | null>('followUpTask');
export const recordTrainingUpdate = defineUpdate<FollowUpTaskView, [RecordTrainingRequest]>('recordTraining');
export const decideReassignmentUpdate = defineUpdate<FollowUpTaskView, [ReassignmentDecisionRequest]>('decideReassignment');
export const decideNominationUpdate = defineUpdate<FollowUpTaskView, [NominationDecisionRequest]>('decideNomination');
export const cancelTaskUpdate = defineUpdate<FollowUpTaskView, [CancelTaskRequest]>('cancelTask');
/** The department seated the re-examination: its result is looked for once the session is over. */
export const reexamScheduledSignal = defineSignal<[ReexamScheduledSignal]>('reexamScheduled');

export const followUpWorkflowId = (taskId: string) => `follow-up-${taskId}`;

/**
 * Why a task action is refused: by the validators (the task's state or type, a missing actor, bad input), or by
 * an activity (FollowUpActionRefused, with `{ code }` in the details naming the problem: FOLLOW_UP_ACTION_PROBLEMS).
 */
export const FOLLOW_UP_REFUSALS = [
  'TaskNotStarted',
  'TaskClosed',
  'TaskBusy',
  'WrongTaskType',
  'ActorRequired',
  'ReasonRequired',
  'InvalidTraining',
  'DecisionRequired',
  'PositionRequired',
  'ReexamTaken',
  'FollowUpActionRefused',
] as const;
export type FollowUpRefusal = (typeof FOLLOW_UP_REFUSALS)[number];

/** What an activity found wrong with a leader's action (the `code` of a FollowUpActionRefused). */
export const FOLLOW_UP_ACTION_PROBLEMS = [
  'NO_RESULT',
  'WRONG_TYPE',
  'FUTURE_DATE',
  'REEXAM_TAKEN',
  'POSITION_REQUIRED',
  'UNKNOWN_POSITION',
  'UNKNOWN_UNIT',
  'SAME_ASSIGNMENT',
] as const;
export type FollowUpActionProblem = (typeof FOLLOW_UP_ACTION_PROBLEMS)[number];
