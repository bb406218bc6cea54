// FollowUpTaskWorkflow: one per follow-up task (retraining, re-examination, reassignment, expert nomination),
// started by the activity that creates the task, with the workflow id derived from the task id. The owner unit's
// leaders act through Updates whose validators refuse what the task's type and state do not allow: record the
// training, decide the reassignment (accept with a position, or decline with a reason), decide the nomination,
// or cancel with a reason. A re-examination goes back into the exam flow (its round-2 registration is opened
// here, the department seats it, delivery and grading produce a result) and the task looks for that result on
// durable timers: once its session is over (the seating signals it), then daily while a result is expected, and
// weekly when nothing is scheduled (should the signal be lost). Passed closes the task; failed closes it too, and
// the follow-up rules propose what comes next. Reminders go out before the due date; an overdue task moves one
// unit up with a new due date, as far as headquarters, where it is reported overdue once. The database holds the
// task's state, so a run can always resume from it (after continue-as-new too).
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { nextResultCheckMs, reminderSchedule, sessionOverMs, trainingProblem, type FollowUpTypeName } from '../../domain/follow-up-task';
import { refuse } from '../contracts';
import {
  cancelTaskUpdate,
  decideNominationUpdate,
  decideReassignmentUpdate,
  followUpTaskQuery,
  reexamScheduledSignal,
  recordTrainingUpdate,
  type FollowUpTaskInput,
  type FollowUpTaskState,
  type FollowUpTaskView,
} from './contract';

const { beginFollowUpTask, recordFollowUpDecision, remindFollowUpTask, escalateFollowUpTask, checkReexamination } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: ['FollowUpActionRefused'] },
});

export async function FollowUpTaskWorkflow(input: FollowUpTaskInput): Promise<FollowUpTaskView | null> {
  const result = await runTask(input);
  await condition(allHandlersFinished); // the update that closed the task gets its answer before the workflow ends
  return result;
}

async function runTask(input: FollowUpTaskInput): Promise<FollowUpTaskView | null> {
  const { taskId, policy } = input;
  let state = null as FollowUpTaskState | null; // (a cast, so later checks are not narrowed away: handlers set it)
  let busy = false;
  // Workflow time comes from history only: the start time, then the server time of each activity.
  let now = workflowInfo().startTime.getTime();

  const view = (): FollowUpTaskView | null => {
    if (!state) return null;
    const { at: _at, ...rest } = state;
    return { taskId, ...rest, overdue: rest.status === 'OPEN' && Date.parse(rest.dueAt) < now };
  };
  const apply = (s: FollowUpTaskState) => {
    state = s;
    now = Math.max(now, Date.parse(s.at));
  };
  const current = (): FollowUpTaskState => state as FollowUpTaskState;
  const closed = () => current().status !== 'OPEN';
  setHandler(followUpTaskQuery, view);

  // Validators refuse a bad action before anything is recorded; handlers persist it through an activity.
  const guard = (actorUserId: string | undefined, type: FollowUpTypeName | null, action: string) => {
    if (!state) refuse('TaskNotStarted', 'The task is being opened; try again in a moment');
    if (state.status !== 'OPEN') refuse('TaskClosed', `The task is ${state.status}`);
    if (busy) refuse('TaskBusy', 'Another action on this task is in progress; try again');
    if (type && state.type !== type) refuse('WrongTaskType', `Cannot ${action} on a ${state.type} task`);
    if (!actorUserId) refuse('ActorRequired', 'Who acts must be named');
  };
  const required = (text: string | undefined, what: string) => {
    if (!text?.trim()) refuse('ReasonRequired', `${what} is required`);
  };
  const run = async (work: () => Promise<FollowUpTaskState>): Promise<FollowUpTaskView> => {
    busy = true;
    try {
      apply(await work());
      return view() as FollowUpTaskView;
    } finally {
      busy = false;
    }
  };

  setHandler(
    recordTrainingUpdate,
    (r) => run(() => recordFollowUpDecision({ taskId, decision: { kind: 'TRAINING', actorUserId: r.actorUserId, course: r.course.trim(), completedOn: r.completedOn, hours: r.hours } })),
    {
      validator: (r) => {
        guard(r?.actorUserId, 'RETRAINING', 'record a training');
        const problem = trainingProblem(r);
        if (problem) refuse('InvalidTraining', problem);
      },
    },
  );
  setHandler(
    decideReassignmentUpdate,
    (r) =>
      run(() =>
        recordFollowUpDecision({
          taskId,
          decision: { kind: 'REASSIGNMENT', actorUserId: r.actorUserId, accept: r.accept, positionId: r.positionId ?? current().proposedPositionId ?? undefined, unitId: r.unitId, reason: r.reason?.trim() || undefined },
        }),
      ),
    {
      validator: (r) => {
        guard(r?.actorUserId, 'REASSIGNMENT', 'decide a reassignment');
        if (typeof r.accept !== 'boolean') refuse('DecisionRequired', 'accept must be true or false');
        if (r.accept && !r.positionId && !current().proposedPositionId) refuse('PositionRequired', 'An accepted reassignment needs the new position');
        if (!r.accept) required(r.reason, 'A reason to decline');
      },
    },
  );
  setHandler(
    decideNominationUpdate,
    (r) => run(() => recordFollowUpDecision({ taskId, decision: { kind: 'NOMINATION', actorUserId: r.actorUserId, accept: r.accept, reason: r.reason.trim() } })),
    {
      validator: (r) => {
        guard(r?.actorUserId, 'EXPERT_NOMINATION', 'decide a nomination');
        if (typeof r.accept !== 'boolean') refuse('DecisionRequired', 'accept must be true or false');
        required(r.reason, 'A reason');
      },
    },
  );
  setHandler(
    cancelTaskUpdate,
    (r) => run(() => recordFollowUpDecision({ taskId, decision: { kind: 'CANCEL', actorUserId: r.actorUserId, reason: r.reason.trim() } })),
    {
      validator: (r) => {
        guard(r?.actorUserId, null, 'cancel');
        required(r.reason, 'A reason to cancel');
        if (current().reexam?.attemptStatus) refuse('ReexamTaken', 'The re-examination has been taken: its result closes the task');
      },
    },
  );

  // A re-examination's next look for its result: after its session once seated (the seating signals it), else idle.
  let nextPollAt = Infinity;
  setHandler(reexamScheduledSignal, ({ startsAt }) => {
    if (!state || state.type === 'REEXAMINATION') nextPollAt = sessionOverMs(policy, startsAt);
  });

  apply(await beginFollowUpTask({ taskId, policy }));
  if (current().type === 'REEXAMINATION') nextPollAt = Math.min(nextPollAt, nextResultCheckMs(policy, current().reexam, now));

  // One wake-up at a time: the next reminder, the due date (escalation), or the next look for a re-exam's result.
  let remindersFor = -1; // the escalation level whose due date `reminders` belong to
  let reminders: { daysBefore: number; atMs: number }[] = [];
  let dueHandledFor = -1; // the escalation level whose due date has been acted on
  while (!closed()) {
    const task = current();
    const due = Date.parse(task.dueAt);
    if (remindersFor !== task.escalationLevel) {
      remindersFor = task.escalationLevel;
      reminders = reminderSchedule(policy, due, now);
    }
    const wakeAt = Math.min(reminders[0]?.atMs ?? Infinity, dueHandledFor !== task.escalationLevel ? due : Infinity, nextPollAt);
    if (wakeAt === Infinity) {
      await condition(closed); // overdue at headquarters, already told: the task waits for someone to act
      break;
    }
    if (wakeAt > now) {
      const planned = nextPollAt;
      if (await condition(() => closed() || nextPollAt !== planned, wakeAt - now)) continue; // closed, or seated: plan again
      now = wakeAt;
    }
    await condition(() => !busy); // an action under way may close the task
    if (closed()) break;
    busy = true;
    try {
      if (nextPollAt <= now) {
        apply(await checkReexamination({ taskId }));
        nextPollAt = nextResultCheckMs(policy, current().reexam, now);
      }
      const passed = reminders.filter((r) => r.atMs <= now);
      if (!closed() && passed.length) {
        reminders = reminders.filter((r) => r.atMs > now);
        const { daysBefore } = passed[passed.length - 1]; // only the nearest, if several fell due together
        const sent = await remindFollowUpTask({ taskId, escalationLevel: remindersFor, daysBefore });
        now = Math.max(now, Date.parse(sent.at));
      }
      const latest = current();
      if (!closed() && dueHandledFor !== latest.escalationLevel && Date.parse(latest.dueAt) <= now) {
        dueHandledFor = latest.escalationLevel; // once per due date, even if the escalation finds nothing to do
        if (latest.canEscalate) {
          apply(await escalateFollowUpTask({ taskId, level: latest.escalationLevel + 1, policy }));
        } else {
          const sent = await remindFollowUpTask({ taskId, escalationLevel: latest.escalationLevel, daysBefore: 0 }); // overdue at the top
          now = Math.max(now, Date.parse(sent.at));
        }
      }
    } finally {
      busy = false;
    }
    if (!closed() && workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof FollowUpTaskWorkflow>(input); // the database holds the state: the next run resumes it
    }
  }
  return view();
}
