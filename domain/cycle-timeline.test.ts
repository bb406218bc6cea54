import { describe, expect, it } from 'vitest';
import { CYCLE_STEPS, timelineProblems, type CycleTimeline } from './cycle-timeline';

const valid: CycleTimeline = {
  registrationOpensAt: '2027-01-04T00:00:00Z',
  registrationClosesAt: '2027-01-25T00:00:00Z',
  listsDueAt: '2027-02-15T00:00:00Z',
  examStartsAt: '2027-03-22T00:00:00Z',
  examEndsAt: '2027-03-26T00:00:00Z',
  closesAt: '2027-06-30T00:00:00Z',
};

describe('cycle timeline', () => {
  it('accepts a well-ordered timeline with lists 35 days before the exam', () => {
    expect(timelineProblems(valid)).toEqual([]);
  });

  it('refuses lists due less than 30 days before the exam', () => {
    const problems = timelineProblems({ ...valid, listsDueAt: '2027-03-01T00:00:00Z' });
    expect(problems).toEqual([
      { field: 'listsDueAt', key: 'timeline.listsTooLate', params: { days: 30, actual: 21 } },
    ]);
  });

  it('names each date that does not follow the previous one', () => {
    const problems = timelineProblems({ ...valid, registrationClosesAt: '2027-01-01T00:00:00Z' });
    expect(problems.map((p) => p.field)).toEqual(['registrationClosesAt']);
  });

  it('walks every phase from registration to closing, in order', () => {
    expect(CYCLE_STEPS.map((s) => s.phase)).toEqual([
      'REGISTRATION_OPEN', 'VERIFICATION', 'REVIEW', 'LISTS_DUE', 'SCHEDULING',
      'EXAM_WINDOW', 'GRADING', 'LEVELS', 'FOLLOW_UP', 'CLOSED',
    ]);
  });
});
