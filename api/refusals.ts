// A workflow's refusal as an HTTP error: one table, per workflow and refusal code, of the status, the error code
// and the message key a person reads. Bad input is a 400; "not now" (state, busy, stale, closed) a 409.
import type { GatewayRefusalCode, Refusal, RefusalCodeOf, WorkflowKind } from '../services/workflow-gateway';
import { HttpError } from './errors';
import type { MessageParams } from './i18n';

interface RefusalRule {
  status: 400 | 409;
  code: string;
  key: string;
}

type UpdatableKind = Exclude<WorkflowKind, 'examSession'>;
type Rules<K extends UpdatableKind> = Record<RefusalCodeOf<K> | GatewayRefusalCode, RefusalRule | ((refusal: Refusal<K>) => RefusalRule)>;

const cycle = (key: string): RefusalRule => ({ status: 409, code: 'CYCLE_NOT_CANCELLABLE', key });
const list = (key: string): RefusalRule => ({ status: 409, code: 'LIST_TRANSITION_REFUSED', key });
const caseInput = (key: string): RefusalRule => ({ status: 400, code: 'CASE_INPUT_REQUIRED', key });
const caseState = (key: string): RefusalRule => ({ status: 409, code: 'CASE_TRANSITION_REFUSED', key });
const taskInput = (key: string): RefusalRule => ({ status: 400, code: 'FOLLOW_UP_INPUT_REQUIRED', key });
const taskState = (key: string): RefusalRule => ({ status: 409, code: 'FOLLOW_UP_REFUSED', key });

/** An activity's refusal of a leader's action names its problem in `details[0].code`. */
const taskProblem = (refusal: Refusal): RefusalRule => {
  const [details] = refusal.details as [{ code?: string }?];
  return details?.code ? { status: 409, code: details.code, key: `followUp.refused.${details.code}` } : taskState('followUp.refused');
};

const RULES: { [K in UpdatableKind]: Rules<K> } = {
  assessmentCycle: {
    ReasonRequired: cycle('cycle.reasonRequired'),
    AlreadyCancelled: cycle('cycle.alreadyCancelled'),
    AlreadyClosed: cycle('cycle.alreadyClosed'),
    NotRunning: cycle('cycle.notCancellable'),
    NotStarted: cycle('cycle.notCancellable'),
    Refused: cycle('cycle.notCancellable'),
  },
  unitReview: {
    ListNotReady: list('unitList.notReady'),
    ListBusy: list('unitList.busy'),
    DeadlinePassed: list('unitList.deadlinePassed'),
    InvalidTransition: list('unitList.invalidTransition'),
    // Its own code, so a screen can tell "the list changed meanwhile, reload" from every other refusal.
    StaleRevision: { status: 409, code: 'LIST_STALE', key: 'unitList.staleRevision' },
    CommentRequired: list('unitList.commentRequired'),
    ListTransitionRefused: list('unitList.refused'),
    PendingFlags: list('unitList.pendingFlags'),
    Refused: list('unitList.refused'),
    // The list's workflow is over: the list was approved, or handled at the deadline.
    NotRunning: { status: 409, code: 'LIST_CLOSED', key: 'unitList.closed' },
    NotStarted: { status: 409, code: 'LIST_CLOSED', key: 'unitList.closed' },
  },
  feedbackCase: {
    NoteRequired: caseInput('feedback.noteRequired'),
    ReasonRequired: caseInput('feedback.reasonRequired'),
    CommentRequired: caseInput('feedback.commentRequired'),
    CaseClosed: caseState('feedback.caseClosed'),
    WrongStep: caseState('feedback.wrongStep'),
    InvalidOutcome: caseState('feedback.refused'),
    CaseTransitionRefused: caseState('feedback.refused'),
    Refused: caseState('feedback.refused'),
    NotRunning: { status: 409, code: 'CASE_CLOSED', key: 'feedback.caseClosed' },
    NotStarted: { status: 409, code: 'CASE_NOT_STARTED', key: 'feedback.caseNotStarted' },
  },
  followUpTask: {
    InvalidTraining: taskInput('followUp.invalidTraining'),
    DecisionRequired: taskInput('followUp.decisionRequired'),
    PositionRequired: taskInput('followUp.positionRequired'),
    ReasonRequired: taskInput('followUp.reasonRequired'),
    TaskNotStarted: taskState('followUp.notStarted'),
    TaskClosed: taskState('followUp.closed'),
    TaskBusy: taskState('followUp.busy'),
    WrongTaskType: taskState('followUp.wrongType'),
    ReexamTaken: taskState('followUp.reexamTaken'),
    ActorRequired: taskState('followUp.refused'),
    FollowUpActionRefused: taskProblem,
    Refused: taskProblem,
    NotRunning: { status: 409, code: 'FOLLOW_UP_CLOSED', key: 'followUp.closed' },
    NotStarted: { status: 409, code: 'FOLLOW_UP_NOT_STARTED', key: 'followUp.notStarted' },
  },
};

/** The HTTP error a refusal becomes; `params` fill the message (the action, the refusal's detail, the state...). */
export function refusalError<K extends UpdatableKind>(refusal: Refusal<K>, params: MessageParams = {}): HttpError {
  const rules = RULES[refusal.kind] as Rules<K>;
  const found: RefusalRule | ((refusal: Refusal<K>) => RefusalRule) = rules[refusal.code as keyof Rules<K>];
  const rule: RefusalRule = typeof found === 'function' ? found(refusal) : found;
  return new HttpError(rule.status, rule.code, rule.key, params);
}

