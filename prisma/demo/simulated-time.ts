// Running the project's own activities at a moment of the simulated past. Activities read "now" from the
// Temporal server's clock (Context.current().info.scheduledTimestampMs), so inside a mock activity context whose
// scheduled time is, say, 14 June 2023 they record that date, exactly as if a workflow had scheduled them then:
// the past cycles are the code paths' own output, only the dates are the simulation's.
import type { Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';

export interface SimulatedContext {
  /** The workflow the activity would belong to (beginFollowUpTask and beginFeedbackCase store its id). */
  workflowId?: string;
  taskQueue?: string;
}

/** The task queue the simulated activities say they ran on: the demo's worker queue. */
export const HISTORY_TASK_QUEUE = 'assessment';

export function runAt<T>(at: Date, work: () => Promise<T>, context: SimulatedContext = {}): Promise<T> {
  const ms = at.getTime();
  const env = new MockActivityEnvironment({
    scheduledTimestampMs: ms,
    currentAttemptScheduledTimestampMs: ms,
    taskQueue: context.taskQueue ?? HISTORY_TASK_QUEUE,
    activityType: 'demo-history',
    workflowType: 'demo-history',
    workflowExecution: { workflowId: context.workflowId ?? 'demo-history', runId: '00000000-0000-4000-8000-000000000000' },
  });
  return env.run(work);
}

/**
 * Stands in for the Temporal client while the past is simulated. The follow-up activities start a workflow for
 * every task they create; a task of 2023 did not get one on today's dev server (a workflow cannot live through
 * months that are already over): its life is played out by its activities at the dates it happened. The task
 * ids are kept, so those still open at the end get their real workflows (startFollowUpWorkflows) once the
 * worker runs.
 */
export function deferredWorkflowStarts(): { client: () => Client; requested: Set<string> } {
  const requested = new Set<string>();
  const client = {
    workflow: {
      async start(_type: unknown, options: { args?: [{ taskId?: string }] }) {
        const taskId = options.args?.[0]?.taskId;
        if (taskId) requested.add(taskId);
        return { workflowId: '', firstExecutionRunId: '' };
      },
    },
  } as unknown as Client;
  return { client: () => client, requested };
}
