// Follow-up tasks' use cases for the API: a leader's action on a task through its workflow's Updates, the
// workflow's live view, and seating a re-examination (the task is told, so it looks for the result in time).
import type { UpdateDefinition } from '@temporalio/common';
import type { PrismaClient } from '../prisma/db';
import { DEFAULT_FOLLOW_UP_POLICY } from '../domain/follow-up-task';
import {
  cancelTaskUpdate,
  decideNominationUpdate,
  decideReassignmentUpdate,
  followUpTaskQuery,
  followUpWorkflowId,
  reexamScheduledSignal,
  recordTrainingUpdate,
  type CancelTaskRequest,
  type FollowUpTaskView,
  type NominationDecisionRequest,
  type ReassignmentDecisionRequest,
  type RecordTrainingRequest,
} from '../workflows/follow-up-task/contract';
import { seatReexamination } from '../activities/follow-ups';
import type { UpdateOutcome, WorkflowGateway } from './workflow-gateway';

export type { FollowUpTaskView } from '../workflows/follow-up-task/contract';

export type TaskAction = 'training' | 'reassignment' | 'nomination' | 'cancel';

export interface TaskRequests {
  training: RecordTrainingRequest;
  reassignment: ReassignmentDecisionRequest;
  nomination: NominationDecisionRequest;
  cancel: CancelTaskRequest;
}

const UPDATES = { training: recordTrainingUpdate, reassignment: decideReassignmentUpdate, nomination: decideNominationUpdate, cancel: cancelTaskUpdate } as const;

/**
 * One action through the task's workflow. A task whose workflow never started (the batch that created it
 * stopped short) gets it started now and the refusal NotStarted: the caller retries.
 */
export async function actOnTask<A extends TaskAction>(
  workflows: WorkflowGateway,
  task: { id: string; status: string },
  action: A,
  request: TaskRequests[A],
): Promise<UpdateOutcome<'followUpTask', FollowUpTaskView>> {
  const update = UPDATES[action] as UpdateDefinition<FollowUpTaskView, [TaskRequests[A]]>;
  const outcome = await workflows.update(workflows.handle('followUpTask', followUpWorkflowId(task.id)), update, request);
  if (!outcome.ok && outcome.refusal.code === 'NotRunning' && task.status === 'OPEN') {
    await workflows.startOnce('followUpTask', task.id, { taskId: task.id, policy: DEFAULT_FOLLOW_UP_POLICY });
    return { ok: false, refusal: { ...outcome.refusal, code: 'NotStarted' } };
  }
  return outcome;
}

/** The workflow's live view of the task; null once it is finished (or Temporal is unreachable): the stored task stands. */
export function liveTask(workflows: WorkflowGateway, taskId: string): Promise<FollowUpTaskView | null> {
  return workflows.query(workflows.handle('followUpTask', followUpWorkflowId(taskId)), followUpTaskQuery);
}

/**
 * Seats a task's re-examination (see seatReexamination) and tells the task, which looks for the result once the
 * session is over; should that signal be lost, the task's idle look finds the result later.
 */
export async function scheduleReexamination(
  prisma: PrismaClient,
  workflows: WorkflowGateway,
  input: { taskId: string; sessionId: string; actorUserId: string },
  log?: { warn: (o: object, m: string) => void },
) {
  const seated = await seatReexamination(prisma, input);
  if ('error' in seated) return seated;
  try {
    await workflows.signal(workflows.handle('followUpTask', followUpWorkflowId(input.taskId)), reexamScheduledSignal, { sessionId: seated.seat.sessionId, startsAt: seated.seat.startsAt });
  } catch (err) {
    log?.warn({ err, taskId: input.taskId }, 'follow-up task not told of its seating');
  }
  return seated;
}
