// What an activity knows that a service is told: the Temporal server's clock and the workflow it works for.
import { Context } from '@temporalio/activity';

/** The server's time for this activity (the time-skipping server's skipped time under test), not this machine's. */
export const serverNow = (): Date => new Date(Context.current().info.scheduledTimestampMs);

/** The id of the workflow this activity runs for, or `fallback` outside one. */
export const workflowIdOr = (fallback: string): string => Context.current().info.workflowExecution?.workflowId ?? fallback;
