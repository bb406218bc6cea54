// What AssessmentCycleWorkflow and the services that drive it share: its input, its view, its messages, its id
// and the refusals its Update validators throw. The workflow file holds only the process.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CyclePhaseName, CycleTimeline } from '../../domain/cycle-timeline';

export const ASSESSMENT_CYCLE_WORKFLOW = 'AssessmentCycleWorkflow';

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

/** Why cancelCycleUpdate's validator refuses. */
export const CYCLE_REFUSALS = ['ReasonRequired', 'AlreadyCancelled', 'AlreadyClosed'] as const;
export type CycleRefusal = (typeof CYCLE_REFUSALS)[number];
