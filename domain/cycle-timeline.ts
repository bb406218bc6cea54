// The phases an assessment cycle walks through and the timeline dates that open them. Pure: the workflow,
// the API's validation and the tests share it.

export const CYCLE_PHASES = [
  'NOT_STARTED',
  'REGISTRATION_OPEN',
  'VERIFICATION',
  'REVIEW',
  'LISTS_DUE',
  'SCHEDULING',
  'EXAM_WINDOW',
  'GRADING',
  'LEVELS',
  'FOLLOW_UP',
  'CLOSED',
  'CANCELLED',
] as const;
export type CyclePhaseName = (typeof CYCLE_PHASES)[number];

/** Timeline dates as ISO strings (workflow payloads are JSON). */
export interface CycleTimeline {
  registrationOpensAt: string;
  registrationClosesAt: string;
  listsDueAt: string;
  examStartsAt: string;
  examEndsAt: string;
  closesAt: string;
}
export const TIMELINE_FIELDS = [
  'registrationOpensAt',
  'registrationClosesAt',
  'listsDueAt',
  'examStartsAt',
  'examEndsAt',
  'closesAt',
] as const satisfies readonly (keyof CycleTimeline)[];

/** A stored cycle's six dates as its timeline (ISO strings, as workflow payloads carry them). */
export function timelineOf(cycle: Record<keyof CycleTimeline, Date>): CycleTimeline {
  return Object.fromEntries(TIMELINE_FIELDS.map((f) => [f, cycle[f].toISOString()])) as unknown as CycleTimeline;
}

/** A phase and the timeline date it waits for; a phase without one follows as soon as the previous one's work is done. */
export interface CycleStep {
  phase: Exclude<CyclePhaseName, 'NOT_STARTED' | 'CANCELLED'>;
  opensAt?: keyof CycleTimeline;
}

export const CYCLE_STEPS: readonly CycleStep[] = [
  { phase: 'REGISTRATION_OPEN', opensAt: 'registrationOpensAt' },
  { phase: 'VERIFICATION', opensAt: 'registrationClosesAt' },
  { phase: 'REVIEW' },
  { phase: 'LISTS_DUE', opensAt: 'listsDueAt' },
  { phase: 'SCHEDULING' },
  { phase: 'EXAM_WINDOW', opensAt: 'examStartsAt' },
  { phase: 'GRADING', opensAt: 'examEndsAt' },
  { phase: 'LEVELS' },
  { phase: 'FOLLOW_UP' },
  { phase: 'CLOSED', opensAt: 'closesAt' },
];

/** Approved lists must reach headquarters at least this many days before the exam. */
export const MIN_DAYS_LISTS_BEFORE_EXAM = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TimelineProblem {
  field: keyof CycleTimeline;
  /** Message key in the catalogue. */
  key: string;
  params?: Record<string, string | number>;
}

/** Every ordering rule of a timeline; an empty list means it is valid. */
export function timelineProblems(t: CycleTimeline): TimelineProblem[] {
  const ms = (f: keyof CycleTimeline) => Date.parse(t[f]);
  const problems: TimelineProblem[] = [];
  for (let i = 1; i < TIMELINE_FIELDS.length; i++) {
    const before = TIMELINE_FIELDS[i - 1];
    const after = TIMELINE_FIELDS[i];
    if (!(ms(before) < ms(after))) {
      problems.push({ field: after, key: 'timeline.mustFollow', params: { field: after, previous: before } });
    }
  }
  const gapDays = (ms('examStartsAt') - ms('listsDueAt')) / DAY_MS;
  if (gapDays < MIN_DAYS_LISTS_BEFORE_EXAM) {
    problems.push({
      field: 'listsDueAt',
      key: 'timeline.listsTooLate',
      params: { days: MIN_DAYS_LISTS_BEFORE_EXAM, actual: Math.floor(gapDays) },
    });
  }
  return problems;
}
