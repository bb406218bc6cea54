// FeedbackCaseWorkflow: one per case, opened by every unsatisfied or very unsatisfied rating, with the workflow
// id derived from the case id. The responsible unit's leaders verify the complaint, record how it was handled,
// then record the outcome (substantiated with the action taken, or not substantiated with the reasons), which
// answers the business. Each step has a deadline from the case's policy (frozen when the case starts), with
// reminders before it; an overdue step escalates to the department, then to headquarters. The business may
// accept or contest the answer: a contest reopens the case at the department (as often as the policy allows),
// silence closes it when the response window ends. The case never ends without a recorded outcome.
import { allHandlersFinished, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { reminderSchedule, type CaseOutcomeName, type CaseStatusName, type CaseStep } from '../../domain/feedback-case';
import { refuse } from '../contracts';
import {
  businessResponseUpdate,
  feedbackCaseQuery,
  recordHandlingUpdate,
  recordOutcomeUpdate,
  verifyCaseUpdate,
  type FeedbackCaseInput,
  type FeedbackCaseState,
  type FeedbackCaseView,
} from './contract';

const {
  beginFeedbackCase,
  advanceFeedbackCase,
  respondToFeedbackAnswer,
  remindFeedbackCase,
  escalateFeedbackCase,
  closeFeedbackCaseWithoutResponse,
} = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['CaseTransitionRefused'] },
});

export async function FeedbackCaseWorkflow(input: FeedbackCaseInput): Promise<FeedbackCaseView> {
  const result = await runCase(input);
  await condition(allHandlersFinished); // the update that closed the case gets its answer before the workflow ends
  return result;
}

async function runCase({ caseId, policy }: FeedbackCaseInput): Promise<FeedbackCaseView> {
  let status = 'OPEN' as CaseStatusName; // (a cast, so the loop's checks are not narrowed away: handlers change it)
  let step: CaseStep | null = null;
  let stepDueAt: string | null = null;
  let escalationLevel = 0;
  let outcome: CaseOutcomeName | null = null;
  let businessAccepted: boolean | null = null;
  let reconsiderations = 0;
  let busy = false;
  // Workflow time comes from history only: the start time, then the server time of each persisted change.
  let now = workflowInfo().startTime.getTime();

  const view = (): FeedbackCaseView => ({ caseId, status, step, stepDueAt, escalationLevel, outcome, businessAccepted, reconsiderations });
  const apply = (s: FeedbackCaseState) => {
    ({ status, step, stepDueAt, escalationLevel, outcome, businessAccepted } = s);
    now = Math.max(now, Date.parse(s.at));
  };
  setHandler(feedbackCaseQuery, view);

  // Validators refuse a bad transition before anything is recorded; handlers persist it through an activity.
  // An action that arrives while the case is still being opened, or while another change is being recorded,
  // waits its turn (a leader acting at once on a new case is not told to try again) and is then checked
  // against the step it finds.
  const guard = (expected: CaseStep, action: string) => {
    if (status === 'CLOSED') refuse('CaseClosed', 'The case is closed');
    if (status !== 'OPEN' && !busy && step !== expected) refuse('WrongStep', `The case is at step ${step}; cannot ${action} now`);
  };
  const required = (text: string | undefined, type: 'NoteRequired' | 'ReasonRequired' | 'CommentRequired', what: string) => {
    if (!text?.trim()) refuse(type, `${what} is required`);
  };
  const run = async (expected: CaseStep, action: string, work: () => Promise<FeedbackCaseState>): Promise<FeedbackCaseView> => {
    await condition(() => status !== 'OPEN' && !busy);
    guard(expected, action);
    busy = true;
    try {
      apply(await work());
      return view();
    } finally {
      busy = false;
    }
  };

  setHandler(verifyCaseUpdate, (r) => run('VERIFY', 'verify', () => advanceFeedbackCase({ caseId, action: 'VERIFY', actorUserId: r.actorUserId, note: r.note.trim(), round: reconsiderations, policy })), {
    validator: (r) => {
      required(r.note, 'NoteRequired', 'A verification note');
      guard('VERIFY', 'verify');
    },
  });
  setHandler(recordHandlingUpdate, (r) => run('HANDLE', 'record the handling', () => advanceFeedbackCase({ caseId, action: 'HANDLE', actorUserId: r.actorUserId, note: r.note.trim(), round: reconsiderations, policy })), {
    validator: (r) => {
      required(r.note, 'NoteRequired', 'A handling note');
      guard('HANDLE', 'record the handling');
    },
  });
  setHandler(
    recordOutcomeUpdate,
    (r) => run('ANSWER', 'record the outcome', () => advanceFeedbackCase({ caseId, action: 'ANSWER', actorUserId: r.actorUserId, note: r.reason.trim(), outcome: r.outcome, round: reconsiderations, policy })),
    {
      validator: (r) => {
        if (r.outcome !== 'SUBSTANTIATED' && r.outcome !== 'NOT_SUBSTANTIATED') refuse('InvalidOutcome', `Unknown outcome ${String(r.outcome)}`);
        required(r.reason, 'ReasonRequired', r.outcome === 'SUBSTANTIATED' ? 'The action taken' : 'The reasons');
        guard('ANSWER', 'record the outcome');
      },
    },
  );
  setHandler(
    businessResponseUpdate,
    (r) =>
      run('BUSINESS_RESPONSE', 'respond to the answer', async () => {
        const reopen = !r.accept && reconsiderations < policy.maxReconsiderations;
        const state = await respondToFeedbackAnswer({ caseId, actorUserId: r.actorUserId, accept: r.accept, comment: r.comment?.trim() || null, reopen, round: reconsiderations, policy });
        if (reopen) reconsiderations += 1;
        return state;
      }),
    {
      validator: (r) => {
        if (!r.accept) required(r.comment, 'CommentRequired', 'A comment saying why the answer is contested');
        guard('BUSINESS_RESPONSE', 'respond to the answer');
      },
    },
  );

  apply(await beginFeedbackCase({ caseId, policy }));

  while (status !== 'CLOSED') {
    const current = `${step}:${reconsiderations}`;
    const moved = () => status === 'CLOSED' || `${step}:${reconsiderations}` !== current;
    if (step === 'BUSINESS_RESPONSE') await awaitBusiness(moved);
    else await awaitStaff(moved);
  }
  return view();

  /** A staff step: reminders before its deadline, then one escalation per overdue deadline up to the policy's level. */
  async function awaitStaff(moved: () => boolean): Promise<void> {
    const s = step as CaseStep;
    const round = reconsiderations;
    for (const reminder of reminderSchedule(policy, Date.parse(stepDueAt ?? ''), now)) {
      if (await condition(moved, reminder.atMs - now)) return;
      now = reminder.atMs;
      const sent = await remindFeedbackCase({ caseId, step: s, round, hoursBefore: reminder.hoursBefore });
      now = Math.max(now, Date.parse(sent.at));
      if (moved()) return;
    }
    for (;;) {
      const due = Date.parse(stepDueAt ?? '');
      if (due > now) {
        if (await condition(moved, due - now)) return;
        now = due;
      }
      if (moved()) return;
      await condition(() => !busy); // an action under way may still complete the step
      if (moved()) return;
      if (escalationLevel >= policy.maxEscalationLevel) {
        await condition(moved); // escalated as far as it goes: the case stays overdue until someone acts
        return;
      }
      busy = true;
      try {
        apply(await escalateFeedbackCase({ caseId, step: s, round, level: escalationLevel + 1, policy }));
      } finally {
        busy = false;
      }
    }
  }

  /** The business's turn: an answer, or silence until the window ends, which closes the case. */
  async function awaitBusiness(moved: () => boolean): Promise<void> {
    const due = Date.parse(stepDueAt ?? '');
    if (due > now) {
      if (await condition(moved, due - now)) return;
      now = due;
    }
    if (moved()) return;
    await condition(() => !busy);
    if (moved()) return;
    busy = true;
    try {
      apply(await closeFeedbackCaseWithoutResponse({ caseId, round: reconsiderations }));
    } finally {
      busy = false;
    }
  }
}
