// AssessmentCycleWorkflow: one per cycle. Walks the phases on durable timers from the cycle's timeline; a
// coordinator may cancel it with a reason at any point. Each phase change is persisted by an activity.
// Later work fills the phases (verification, review, exams...); here each phase records itself.
import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineUpdate,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { Activities } from '../activities';
import { CYCLE_STEPS, type CyclePhaseName, type CycleTimeline } from '../domain/cycle-timeline';

export interface AssessmentCycleInput {
  cycleId: string;
  timeline: CycleTimeline;
}

export interface CyclePhaseView {
  cycleId: string;
  phase: CyclePhaseName;
  /** When the current phase was entered (server time, ISO). */
  enteredAt: string | null;
  /** The next phase that waits for a date, and that date. */
  next: { phase: CyclePhaseName; at: string } | null;
  cancelReason: string | null;
}

export interface CancelCycleRequest {
  reason: string;
  actorUserId: string;
}

export const cyclePhaseQuery = defineQuery<CyclePhaseView>('cyclePhase');
export const cancelCycleUpdate = defineUpdate<CyclePhaseView, [CancelCycleRequest]>('cancelCycle');

export const cycleWorkflowId = (cycleId: string) => `assessment-cycle-${cycleId}`;

const { recordCyclePhase } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export async function AssessmentCycleWorkflow(input: AssessmentCycleInput): Promise<CyclePhaseView> {
  const { cycleId, timeline } = input;
  let phase: CyclePhaseName = 'NOT_STARTED';
  let enteredAt: string | null = null;
  let next: CyclePhaseView['next'] = null;
  let cancellation: CancelCycleRequest | null = null;
  let closing = false;
  // Workflow time comes from history only: the start time, then the server time each phase was recorded at.
  let now = workflowInfo().startTime.getTime();

  const view = (): CyclePhaseView => ({ cycleId, phase, enteredAt, next, cancelReason: cancellation?.reason ?? null });

  setHandler(cyclePhaseQuery, view);
  setHandler(
    cancelCycleUpdate,
    async (request) => {
      cancellation = request;
      await condition(() => phase === 'CANCELLED');
      return view();
    },
    {
      validator: (request) => {
        if (!request?.reason?.trim()) throw ApplicationFailure.nonRetryable('A reason is required to cancel a cycle', 'ReasonRequired');
        if (cancellation || phase === 'CANCELLED') throw ApplicationFailure.nonRetryable('The cycle is already cancelled', 'AlreadyCancelled');
        if (closing) throw ApplicationFailure.nonRetryable('The cycle is closed and can no longer be cancelled', 'AlreadyClosed');
      },
    },
  );

  const enter = async (to: CyclePhaseName, extra: { reason?: string; actorUserId?: string } = {}) => {
    const recorded = await recordCyclePhase({ cycleId, phase: to, ...extra });
    phase = to;
    enteredAt = recorded.at;
    now = Date.parse(recorded.at);
  };

  for (const step of CYCLE_STEPS) {
    if (step.opensAt) {
      const at = Date.parse(timeline[step.opensAt]);
      next = { phase: step.phase, at: timeline[step.opensAt] };
      // Sleep until the date, but wake at once for a cancellation.
      if (at > now) await condition(() => cancellation !== null, at - now);
      next = null;
    }
    if (cancellation) break;
    closing = step.phase === 'CLOSED';
    await enter(step.phase);
    // The phase's own work goes here as later issues define it.
  }

  if (cancellation) {
    const { reason, actorUserId } = cancellation;
    await enter('CANCELLED', { reason, actorUserId });
  }
  return view();
}
