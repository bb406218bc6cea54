// When reminders go out before a deadline: one schedule for a list's, a feedback case step's and a follow-up
// task's reminders (days or hours before; the caller says which). Pure: the workflows call it.

export interface Reminder {
  /** How many units (days, hours) before the deadline. */
  before: number;
  atMs: number;
}

/**
 * The reminders of a deadline at `dueMs`, `before` units of `unitMs` each ahead of it: each distinct positive
 * lead once, earliest first, keeping only those still after `nowMs`.
 */
export function remindersBefore(dueMs: number, nowMs: number, before: readonly number[], unitMs: number): Reminder[] {
  return [...new Set(before)]
    .filter((lead) => lead > 0)
    .sort((a, b) => b - a)
    .map((lead) => ({ before: lead, atMs: dueMs - Math.round(lead * unitMs) }))
    .filter((r) => r.atMs > nowMs);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
