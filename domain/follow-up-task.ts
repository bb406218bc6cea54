// The life of a follow-up task as pure rules: its policy (reminders, escalation, how often a re-examination's
// result is looked for), when reminders go out, who owns it after an escalation, and when it is overdue. The
// workflow, its activities and the API all read these. No zod and no I/O here: the workflow bundle imports it.
import { DAY_MS, HOUR_MS, remindersBefore } from './reminders';

export type FollowUpTypeName = 'RETRAINING' | 'REEXAMINATION' | 'REASSIGNMENT' | 'EXPERT_NOMINATION';
export type FollowUpStatusName = 'OPEN' | 'DONE' | 'DECLINED' | 'CANCELLED';
export const FOLLOW_UP_TYPES: readonly FollowUpTypeName[] = ['RETRAINING', 'REEXAMINATION', 'REASSIGNMENT', 'EXPERT_NOMINATION'];
export const FOLLOW_UP_STATUSES: readonly FollowUpStatusName[] = ['OPEN', 'DONE', 'DECLINED', 'CANCELLED'];

/** Frozen into each task's workflow when it starts (the deadlines themselves come from the rule set). */
export interface FollowUpPolicy {
  /** Reminders to the owner unit's leaders this many days before the due date (each due date: after an escalation too). */
  reminderDaysBefore: number[];
  /** An overdue task moves one unit up and gets this many more days; repeatable up to headquarters. */
  escalationGraceDays: number;
  /** A re-examination's result is looked for this long after its session starts (the session and the grading are over). */
  sessionHours: number;
  /** ... and then this often while it is expected (an attempt under way, a result waiting for its level). */
  resultPollHours: number;
  /** With nothing scheduled, the task still looks every this many days: a safety net should news of a seating be lost. */
  idlePollDays: number;
}

export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = {
  reminderDaysBefore: [7, 1],
  escalationGraceDays: 14,
  sessionHours: 3,
  resultPollHours: 24,
  idlePollDays: 7,
};

/**
 * The most results one createFollowUpTasksBatch call judges, whatever limit it is asked for (the caller goes on
 * from lastId): about 1.5 tasks, each a workflow start, per result must fit in the activity's timeout even on a
 * dev server starting a few dozen workflows a second.
 */
export const FOLLOW_UP_BATCH = 300;

export const followUpWorkflowId = (taskId: string) => `follow-up-${taskId}`;

export function dueDateMs(startMs: number, days: number): number {
  return startMs + Math.round(days * DAY_MS);
}

/** The new due date after an escalation at `atMs`. */
export function escalatedDueMs(policy: FollowUpPolicy, atMs: number): number {
  return dueDateMs(atMs, policy.escalationGraceDays);
}

/** What a re-examination's task knows of its way through the exam flow. */
export interface ReexamProgress {
  sessionStartsAt: string | null;
  attemptStatus: string | null;
  resultId: string | null;
}

/**
 * When a re-examination's task next looks for its result: after its session (once seated), then at the poll
 * interval while a result is expected; otherwise (not seated, or seated but absent) at the idle interval.
 */
export function nextResultCheckMs(policy: FollowUpPolicy, reexam: ReexamProgress | null, nowMs: number): number {
  const soon = nowMs + Math.max(1, policy.resultPollHours) * HOUR_MS;
  const idle = nowMs + Math.max(1, policy.idlePollDays) * DAY_MS;
  if (!reexam) return idle;
  if (reexam.resultId || reexam.attemptStatus) return soon;
  if (reexam.sessionStartsAt) {
    const afterSession = sessionOverMs(policy, reexam.sessionStartsAt);
    return afterSession > nowMs ? afterSession : idle;
  }
  return idle;
}

/** When a session's candidates are done and graded: its start plus the policy's session hours. */
export function sessionOverMs(policy: FollowUpPolicy, startsAt: string): number {
  return Date.parse(startsAt) + Math.round(policy.sessionHours * HOUR_MS);
}

/** When the reminders of a due date go out, earliest first, keeping only those after `nowMs`. */
export function reminderSchedule(policy: FollowUpPolicy, dueMs: number, nowMs: number): { daysBefore: number; atMs: number }[] {
  return remindersBefore(dueMs, nowMs, policy.reminderDaysBefore, DAY_MS).map(({ before, atMs }) => ({ daysBefore: before, atMs }));
}

export function isOverdue(task: { status: FollowUpStatusName; dueAt: Date | string }, now: Date): boolean {
  return task.status === 'OPEN' && new Date(task.dueAt).getTime() < now.getTime();
}

/** What a leader records to close a retraining task. */
export interface TrainingRecord {
  course: string;
  /** ISO date (YYYY-MM-DD) the training ended. */
  completedOn: string;
  hours: number;
}

/** Plain checks shared by the workflow's validators and the API (which words them for people). */
export function trainingProblem(t: Partial<TrainingRecord>): string | null {
  if (!t.course?.trim()) return 'the course is required';
  if (typeof t.completedOn !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(t.completedOn) || Number.isNaN(Date.parse(t.completedOn))) {
    return 'completedOn must be a date (YYYY-MM-DD)';
  }
  if (typeof t.hours !== 'number' || !(t.hours > 0 && t.hours <= 2000)) return 'hours must be more than 0 and at most 2000';
  return null;
}
