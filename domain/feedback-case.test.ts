import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CASE_POLICY,
  escalationTarget,
  graceDeadlineMs,
  isOverdue,
  reminderSchedule,
  stepDeadlineMs,
  stepOf,
} from './feedback-case';
import { unitPath } from './unit-path';

const H = 3_600_000;

describe('feedback case steps', () => {
  it('derives the step from the stored state', () => {
    expect(stepOf({ status: 'OPEN', handledAt: null })).toBeNull();
    expect(stepOf({ status: 'VERIFYING', handledAt: null })).toBe('VERIFY');
    expect(stepOf({ status: 'HANDLING', handledAt: null })).toBe('HANDLE');
    expect(stepOf({ status: 'HANDLING', handledAt: new Date() })).toBe('ANSWER');
    expect(stepOf({ status: 'ANSWERED', handledAt: new Date() })).toBe('BUSINESS_RESPONSE');
    expect(stepOf({ status: 'CLOSED', handledAt: new Date() })).toBeNull();
  });

  it('computes deadlines, reminders and grace periods from the policy', () => {
    const start = Date.parse('2026-05-04T01:00:00Z');
    expect(stepDeadlineMs(DEFAULT_CASE_POLICY, 'VERIFY', start) - start).toBe(48 * H);
    expect(stepDeadlineMs(DEFAULT_CASE_POLICY, 'HANDLE', start) - start).toBe(120 * H);
    expect(stepDeadlineMs(DEFAULT_CASE_POLICY, 'BUSINESS_RESPONSE', start) - start).toBe(168 * H);
    expect(graceDeadlineMs(DEFAULT_CASE_POLICY, start) - start).toBe(48 * H);
    const policy = { ...DEFAULT_CASE_POLICY, reminderHoursBefore: [4, 24, 24, 100] };
    const due = start + 48 * H;
    expect(reminderSchedule(policy, due, start)).toEqual([
      { hoursBefore: 24, atMs: start + 24 * H },
      { hoursBefore: 4, atMs: start + 44 * H },
    ]); // 100 h before is already past; duplicates once
  });

  it('counts only the organisation\'s steps as overdue', () => {
    const now = new Date('2026-05-10T00:00:00Z');
    const past = new Date('2026-05-09T00:00:00Z');
    expect(isOverdue({ status: 'VERIFYING', handledAt: null, stepDueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: 'HANDLING', handledAt: past, stepDueAt: past }, now)).toBe(true);
    expect(isOverdue({ status: 'ANSWERED', handledAt: past, stepDueAt: past }, now)).toBe(false);
    expect(isOverdue({ status: 'VERIFYING', handledAt: null, stepDueAt: new Date('2026-05-11T00:00:00Z') }, now)).toBe(false);
  });

  it('names escalation targets and departments', () => {
    expect([0, 1, 2, 3].map(escalationTarget)).toEqual(['UNIT', 'DEPARTMENT', 'HEADQUARTERS', 'HEADQUARTERS']);
    expect(unitPath.department('/HQ/D01/D01-B01/D01-B01-T02/')).toBe('D01');
    expect(unitPath.department('/HQ/')).toBe('HQ');
  });
});
