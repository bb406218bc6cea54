// ExamSessionWorkflow: one per session (not per candidate). From the session's start it wakes at the next
// attempt deadline (at least every minute while candidates may still start) and submits every attempt whose
// time is up with what was saved. When the last attempt is in, it closes the session and runs the item analysis.
import { continueAsNew, proxyActivities, setHandler, sleep, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { examSessionQuery, type ExamSessionInput, type ExamSessionView } from './contract';

const SWEEP_EVERY_MS = 60_000;

const { sweepExpiredAttempts, closeExamSession } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export async function ExamSessionWorkflow(input: ExamSessionInput, carried?: ExamSessionView): Promise<ExamSessionView> {
  const view: ExamSessionView = carried ?? { sessionId: input.sessionId, inProgress: 0, submittedByClock: 0, closed: false };
  setHandler(examSessionQuery, () => view);

  let now = workflowInfo().startTime.getTime();
  const startsAt = Date.parse(input.startsAt);
  if (startsAt > now) await sleep(startsAt - now);
  const lastStartAt = Date.parse(input.lastStartAt);

  for (;;) {
    const sweep = await sweepExpiredAttempts({ sessionId: input.sessionId });
    now = Date.parse(sweep.at);
    view.inProgress = sweep.inProgress;
    view.submittedByClock += sweep.submitted;
    if (now >= lastStartAt && sweep.inProgress === 0) break;
    const nextDeadline = sweep.nextDeadlineAt ? Date.parse(sweep.nextDeadlineAt) : Infinity;
    const wakeAt = Math.min(nextDeadline, now + SWEEP_EVERY_MS);
    await sleep(Math.max(1000, wakeAt - now));
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof ExamSessionWorkflow>(input, view);
  }
  await closeExamSession({ sessionId: input.sessionId });
  view.closed = true;
  return view;
}
