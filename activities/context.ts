// What an activity knows that a service is told: the Temporal server's clock and the workflow it works for.
import { Context } from '@temporalio/activity';

/** The server's time for this activity (the time-skipping server's skipped time under test), not this machine's. */
export const serverNow = (): Date => new Date(Context.current().info.scheduledTimestampMs);

/** The id of the workflow this activity runs for, or `fallback` outside one. */
export const workflowIdOr = (fallback: string): string => Context.current().info.workflowExecution?.workflowId ?? fallback;

/** How often a running activity tells the server it is alive; the workflows' heartbeat timeout is a few of these. */
export const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Every activity heartbeats while it runs, so a worker that dies mid-attempt (SIGKILL, a lost machine) is noticed
 * within the workflows' heartbeat timeout (seconds) and the attempt retried elsewhere, instead of after its whole
 * start-to-close timeout (minutes: time a department's review window would lose to our own crash).
 */
export function withHeartbeats<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, run]) => [
      name,
      async (...args: never[]) => {
        const context = Context.current();
        const timer = setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS);
        try {
          return await run(...args);
        } finally {
          clearInterval(timer);
        }
      },
    ]),
  ) as T;
}
