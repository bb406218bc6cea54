// UnitReviewWorkflow: one per department and cycle, started by the cycle when registration closes.
// It verifies the department's registrations in batches, then carries its list through review and approval:
// the reviewer submits, headquarters approves or returns with comments, a returned list is resubmitted.
// Reminders go out before the deadline; a list still not approved at the deadline escalates to headquarters
// and the cycle's policy decides: the department's candidates are excluded, or the exam waits for the list.
import { allHandlersFinished, condition, getExternalWorkflowHandle, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { DAY_MS, remindersBefore } from '../../domain/reminders';
import { listDeadlineMs } from '../../domain/unit-list';
import { refuse } from '../contracts';
import {
  VERIFICATION_BATCH,
  approveListUpdate,
  returnListUpdate,
  submitListUpdate,
  unitListQuery,
  unitVerifiedSignal,
  type ListActionRequest,
  type UnitListStatusName,
  type UnitListView,
  type UnitReviewInput,
  type VerificationTotals,
} from './contract';

const { verifyRegistrationBatch, openUnitList, transitionUnitList, sendListReminder, escalateMissingList } =
  proxyActivities<Activities>({
    startToCloseTimeout: '2 minutes',
    heartbeatTimeout: '10 seconds',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['ListTransitionRefused'] },
  });

export async function UnitReviewWorkflow(input: UnitReviewInput): Promise<UnitListView> {
  const result = await reviewUnitList(input);
  await condition(allHandlersFinished); // an update that approved the list gets its answer before the workflow ends
  return result;
}

async function reviewUnitList(input: UnitReviewInput): Promise<UnitListView> {
  const { cycleId, unitId } = input;
  let status: UnitListStatusName = 'VERIFYING';
  let revision = 0;
  let deadlinePassed = false;
  let escalated = false;
  let excluded = false;
  let busy = false;
  let verification: VerificationTotals | null = null;

  const view = (): UnitListView => ({ cycleId, unitId, status, revision, deadlinePassed, escalated, excluded, verification });
  setHandler(unitListQuery, view);

  const checkRequest = (request: ListActionRequest, allowed: UnitListStatusName[], action: string) => {
    if (status === 'VERIFYING') refuse('ListNotReady', 'The list is not ready yet: verification is still running');
    if (busy) refuse('ListBusy', 'Another action on this list is in progress; try again');
    if (deadlinePassed && input.missingListPolicy === 'EXCLUDE_CANDIDATES') {
      refuse('DeadlinePassed', 'The deadline for this list has passed; its candidates were excluded');
    }
    // A page that shows an older revision is told so first: whatever it would have said about the status is
    // about a list the person has not seen.
    if (request.expectedRevision !== revision) {
      refuse('StaleRevision', `The list changed since you saw it (revision ${request.expectedRevision}, now ${revision}); reload it`);
    }
    if (!allowed.includes(status)) refuse('InvalidTransition', `Cannot ${action} a list that is ${status}`);
  };

  // Each transition: the validator refuses a bad one before anything is recorded; the activity persists it.
  const transition = (action: 'SUBMIT' | 'APPROVE' | 'RETURN', to: UnitListStatusName) => async (request: ListActionRequest) => {
    busy = true;
    try {
      await transitionUnitList({ cycleId, unitId, action, actorUserId: request.actorUserId, comment: request.comment, fromRevision: revision, late: deadlinePassed });
      status = to;
      revision += 1;
      return view();
    } finally {
      busy = false;
    }
  };
  setHandler(submitListUpdate, transition('SUBMIT', 'SUBMITTED'), {
    validator: (r) => checkRequest(r, ['DRAFT', 'RETURNED'], 'submit'),
  });
  setHandler(approveListUpdate, transition('APPROVE', 'APPROVED'), {
    validator: (r) => checkRequest(r, ['SUBMITTED'], 'approve'),
  });
  setHandler(returnListUpdate, transition('RETURN', 'RETURNED'), {
    validator: (r) => {
      if (!r.comment?.trim()) refuse('CommentRequired', 'A returned list needs comments saying what to fix');
      checkRequest(r, ['SUBMITTED'], 'return');
    },
  });

  // Verify in batches (keyset pagination by registration id), then open the list for review.
  const verificationStartedMs = workflowInfo().runStartTime.getTime(); // verification is the run's first work
  const totals: VerificationTotals = { verified: 0, clear: 0, flagged: 0, blocked: 0 };
  let after: string | null = null;
  for (;;) {
    const batch: { lastId: string | null } & VerificationTotals = await verifyRegistrationBatch({ cycleId, unitId, after, limit: VERIFICATION_BATCH });
    totals.verified += batch.verified;
    totals.clear += batch.clear;
    totals.flagged += batch.flagged;
    totals.blocked += batch.blocked;
    if (batch.verified < VERIFICATION_BATCH || !batch.lastId) break;
    after = batch.lastId;
  }
  verification = totals;
  const opened = await openUnitList({ cycleId, unitId });
  status = opened.status;
  revision = opened.revision;
  let now = Date.parse(opened.at);
  await getExternalWorkflowHandle(input.parentWorkflowId).signal(unitVerifiedSignal, { unitId, totals });

  const approved = () => status === 'APPROVED';
  // The review window the department was promised: time our verification took moves the deadline (runs
  // recorded before this rule keep the cycle's deadline as it was).
  const due = patched('list-deadline-after-verification') ? listDeadlineMs(Date.parse(input.listsDueAt), verificationStartedMs, now) : Date.parse(input.listsDueAt);
  for (const { before: days, atMs: at } of remindersBefore(due, now, input.reminderDaysBefore, DAY_MS)) {
    if (at <= now) continue; // a reminder that fell due while the one before was sent
    if (await condition(approved, at - now)) return view();
    now = at;
    const sent = await sendListReminder({ cycleId, unitId, daysBefore: days, status });
    now = Date.parse(sent.at);
  }
  if (due > now && (await condition(approved, due - now))) return view();
  if (approved()) return view();

  deadlinePassed = true;
  await condition(() => !busy); // let a transition already under way finish first
  if (approved()) return view();
  const escalation = await escalateMissingList({ cycleId, unitId, policy: input.missingListPolicy, status });
  escalated = true;
  excluded = escalation.excluded;
  if (excluded) return view();
  await condition(approved); // WAIT: the exam phase waits for this list
  return view();
}
