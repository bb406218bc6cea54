// What UnitReviewWorkflow, the cycle that starts it and the services that act on a department's list share:
// its input, its view, its messages, its id and the refusals its validators and activities throw.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MissingListPolicy, UnitListStatusName } from '../../domain/unit-list';

export type { MissingListPolicy, UnitListStatusName } from '../../domain/unit-list';

export const UNIT_REVIEW_WORKFLOW = 'UnitReviewWorkflow';

export interface UnitReviewInput {
  cycleId: string;
  unitId: string;
  listsDueAt: string;
  reminderDaysBefore: number[];
  missingListPolicy: MissingListPolicy;
  /** The cycle workflow, told when this department's verification is done. */
  parentWorkflowId: string;
}

export interface VerificationTotals {
  verified: number;
  clear: number;
  flagged: number;
  blocked: number;
}

export interface UnitListView {
  cycleId: string;
  unitId: string;
  status: UnitListStatusName;
  /** Bumped by every transition; a request names the revision it acts on, so a stale or retried one is recognised. */
  revision: number;
  deadlinePassed: boolean;
  escalated: boolean;
  excluded: boolean;
  verification: VerificationTotals | null;
}

export interface ListActionRequest {
  actorUserId: string;
  expectedRevision: number;
  comment?: string;
}

export interface UnitVerifiedSignal {
  unitId: string;
  totals: VerificationTotals;
}

export const unitListQuery = defineQuery<UnitListView>('unitList');
export const submitListUpdate = defineUpdate<UnitListView, [ListActionRequest]>('submitList');
export const approveListUpdate = defineUpdate<UnitListView, [ListActionRequest]>('approveList');
export const returnListUpdate = defineUpdate<UnitListView, [ListActionRequest]>('returnList');
export const unitVerifiedSignal = defineSignal<[UnitVerifiedSignal]>('unitVerified');

export const unitReviewWorkflowId = (cycleId: string, unitId: string) => `unit-review-${cycleId}-${unitId}`;

/** Registrations verified per activity call: bounded history however large the department. */
export const VERIFICATION_BATCH = 1000;

/**
 * Why a list action is refused: by the validators (not ready, busy, past the deadline, not allowed in this state,
 * a stale revision, a return without comments), or by the transition's activity (the stored list disagrees;
 * flagged registrations still undecided, with `{ pending }` in the details).
 */
export const UNIT_LIST_REFUSALS = [
  'ListNotReady',
  'ListBusy',
  'DeadlinePassed',
  'InvalidTransition',
  'StaleRevision',
  'CommentRequired',
  'ListTransitionRefused',
  'PendingFlags',
] as const;
export type UnitListRefusal = (typeof UNIT_LIST_REFUSALS)[number];
