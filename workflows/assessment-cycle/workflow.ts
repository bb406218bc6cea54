// AssessmentCycleWorkflow: one per cycle. Walks the phases on durable timers from the cycle's timeline; a
// coordinator may cancel it with a reason at any point. Each phase change is persisted by an activity.
// Later work fills the phases (verification, review, exams...); here each phase records itself.
import {
  ParentClosePolicy,
  condition,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { CYCLE_STEPS, type CyclePhaseName } from '../../domain/cycle-timeline';
import { refuse } from '../contracts';
import { unitReviewWorkflowId, unitVerifiedSignal, type UnitListView, type VerificationTotals } from '../unit-review/contract';
import { UnitReviewWorkflow } from '../unit-review/workflow';
import { cancelCycleUpdate, cyclePhaseQuery, type AssessmentCycleInput, type CancelCycleRequest, type CyclePhaseView } from './contract';

/** Cycles launched before departments' review existed replay without it. */
const UNIT_REVIEW_PATCH = 'unit-review';
/** Likewise for the cycle-wide item analysis when grading starts. */
const ITEM_ANALYSIS_PATCH = 'item-analysis';
/** Likewise for the levels and the follow-up tasks. */
const CONSEQUENCES_PATCH = 'levels-and-follow-ups';
/** Results handled per activity call: the history grows with batches, not with candidates. */
const RESULT_BATCH = 1000;

const { recordCyclePhase, planUnitReviews } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
/** Work over many results per call: more time per attempt. */
const { analyseCycleItems, assignLevelsBatch, createFollowUpTasksBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '2 minutes' },
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

  // The live view shows a phase from the moment it is decided, while its activity records it (right after a
  // launch whose registration is already open: REGISTRATION_OPEN, not NOT_STARTED with nothing next).
  let entering: { phase: CyclePhaseName; at: string } | null = null;
  const view = (): CyclePhaseView => ({
    cycleId,
    phase: entering?.phase ?? phase,
    enteredAt: entering?.at ?? enteredAt,
    next,
    cancelReason: cancellation?.reason ?? null,
  });

  setHandler(cyclePhaseQuery, view);

  // Departments' review: one child workflow per department, started when registration closes.
  const units: ChildWorkflowHandle<typeof UnitReviewWorkflow>[] = [];
  const verified = new Map<string, VerificationTotals>();
  const lists = new Map<string, UnitListView>();
  setHandler(unitVerifiedSignal, ({ unitId, totals }) => void verified.set(unitId, totals));

  const startUnitReviews = async () => {
    const plan = await planUnitReviews({ cycleId });
    for (const unitId of plan.unitIds) {
      const child = await startChild(UnitReviewWorkflow, {
        workflowId: unitReviewWorkflowId(cycleId, unitId),
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
        args: [{ cycleId, unitId, listsDueAt: timeline.listsDueAt, reminderDaysBefore: plan.reminderDaysBefore, missingListPolicy: plan.missingListPolicy, parentWorkflowId: workflowInfo().workflowId }],
      });
      units.push(child);
      void child.result().then((list) => void lists.set(list.unitId, list));
    }
    await condition(() => verified.size === units.length || cancellation !== null);
  };
  // Every list approved, or its department excluded (under the WAIT policy the exam waits here).
  const awaitLists = () => condition(() => lists.size === units.length || cancellation !== null);
  /** Runs a batched activity over the cycle's results until it reports the end. */
  const overResults = async (batch: (input: { cycleId: string; after: string | null; limit: number }) => Promise<{ lastId: string | null }>) => {
    for (let after: string | null = null; ; ) {
      const { lastId } = await batch({ cycleId, after, limit: RESULT_BATCH });
      if (!lastId) return;
      after = lastId;
    }
  };
  const phaseWork: Partial<Record<CyclePhaseName, { patch: string; run: () => Promise<unknown> }>> = {
    VERIFICATION: { patch: UNIT_REVIEW_PATCH, run: startUnitReviews },
    LISTS_DUE: { patch: UNIT_REVIEW_PATCH, run: awaitLists },
    GRADING: { patch: ITEM_ANALYSIS_PATCH, run: () => analyseCycleItems({ cycleId }) },
    LEVELS: { patch: CONSEQUENCES_PATCH, run: () => overResults(assignLevelsBatch) },
    FOLLOW_UP: { patch: CONSEQUENCES_PATCH, run: () => overResults(createFollowUpTasksBatch) },
  };
  setHandler(
    cancelCycleUpdate,
    async (request) => {
      cancellation = request;
      await condition(() => phase === 'CANCELLED');
      return view();
    },
    {
      validator: (request) => {
        if (!request?.reason?.trim()) refuse('ReasonRequired', 'A reason is required to cancel a cycle');
        if (cancellation || phase === 'CANCELLED') refuse('AlreadyCancelled', 'The cycle is already cancelled');
        if (closing) refuse('AlreadyClosed', 'The cycle is closed and can no longer be cancelled');
      },
    },
  );

  const enter = async (to: CyclePhaseName, extra: { reason?: string; actorUserId?: string } = {}) => {
    entering = { phase: to, at: new Date(now).toISOString() };
    const recorded = await recordCyclePhase({ cycleId, phase: to, ...extra });
    entering = null;
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
      if (!cancellation) now = Math.max(now, at); // the timer fired: workflow time is at least the date
    }
    if (cancellation) break;
    closing = step.phase === 'CLOSED';
    await enter(step.phase);
    const work = phaseWork[step.phase];
    if (work && patched(work.patch)) await work.run();
  }

  if (cancellation) {
    const { reason, actorUserId } = cancellation;
    await enter('CANCELLED', { reason, actorUserId });
  }
  return view();
}
