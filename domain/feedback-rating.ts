// Rating a declaration: the five satisfaction levels (also given as 1-5 stars), the checks a request must
// pass before anything is written, and whether a rating given again creates, amends or changes nothing.
import type { FeedbackPolicy } from './feedback-policy';
import { amendableUntil } from './feedback-policy';
import type { DeclarationSubject } from './feedback-subject';

/** From best to worst; the score is the star count a business gives (5 = very satisfied). */
export const SATISFACTION_LEVELS = ['VERY_SATISFIED', 'SATISFIED', 'NORMAL', 'UNSATISFIED', 'VERY_UNSATISFIED'] as const;
export type SatisfactionLevelName = (typeof SATISFACTION_LEVELS)[number];

const SCORES: Record<SatisfactionLevelName, number> = { VERY_SATISFIED: 5, SATISFIED: 4, NORMAL: 3, UNSATISFIED: 2, VERY_UNSATISFIED: 1 };

export const scoreOf = (level: SatisfactionLevelName): number => SCORES[level];

export function levelOf(input: SatisfactionLevelName | number): SatisfactionLevelName {
  if (typeof input === 'string') return input;
  const level = SATISFACTION_LEVELS.find((l) => SCORES[l] === input);
  if (!level) throw new RangeError(`satisfaction score must be 1..5, got ${input}`);
  return level;
}

/** The ratings that open a case. */
export const UNSATISFIED_LEVELS: readonly SatisfactionLevelName[] = ['UNSATISFIED', 'VERY_UNSATISFIED'];
export const isUnsatisfied = (level: SatisfactionLevelName) => UNSATISFIED_LEVELS.includes(level);

export interface RatingRequest {
  subject: string;
  level: SatisfactionLevelName;
  reasonCodes: string[];
  comment: string | null;
}

export type RatingProblemCode = 'SUBJECT_NOT_ON_DECLARATION' | 'UNKNOWN_REASON' | 'REASON_REQUIRED';

export interface RatingProblem {
  code: RatingProblemCode;
  /** Index of the rating in the request, and the field at fault. */
  index: number;
  field: 'subject' | 'reasonCodes';
  params: Record<string, string>;
}

/** Comments are stored trimmed and NFC-normalised (macOS sends decomposed accents); empty is no comment. */
export function normaliseComment(comment: string | null | undefined): string | null {
  const text = comment?.normalize('NFC').trim();
  return text ? text : null;
}

/** Every problem of a request against the declaration's subjects and the reasons in force; empty when it may be written. */
export function checkRatings(
  ratings: readonly RatingRequest[],
  subjects: readonly DeclarationSubject[],
  activeReasonCodes: ReadonlySet<string>,
  policy: Pick<FeedbackPolicy, 'requireReasonWhenUnsatisfied'>,
  declarationNumber: string,
): RatingProblem[] {
  const keys = new Set(subjects.map((s) => s.key));
  const problems: RatingProblem[] = [];
  ratings.forEach((r, index) => {
    if (!keys.has(r.subject)) {
      problems.push({ code: 'SUBJECT_NOT_ON_DECLARATION', index, field: 'subject', params: { subject: r.subject, number: declarationNumber } });
    }
    const unknown = r.reasonCodes.filter((c) => !activeReasonCodes.has(c));
    if (unknown.length) problems.push({ code: 'UNKNOWN_REASON', index, field: 'reasonCodes', params: { codes: unknown.join(', ') } });
    if (policy.requireReasonWhenUnsatisfied && isUnsatisfied(r.level) && r.reasonCodes.length === 0 && !normaliseComment(r.comment)) {
      problems.push({ code: 'REASON_REQUIRED', index, field: 'reasonCodes', params: { subject: r.subject } });
    }
  });
  return problems;
}

export type RatingChange = 'created' | 'amended' | 'unchanged';

export interface StoredRating {
  level: SatisfactionLevelName;
  reasonCodes: string[];
  comment: string | null;
  submittedAt: Date;
}

function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((c, i) => c === y[i]);
}

/**
 * What giving `incoming` does when `existing` is stored: nothing new (a retried request), an amendment while
 * the window is open, or a refusal once it has closed.
 */
export function ratingChange(
  existing: StoredRating | null,
  incoming: RatingRequest,
  now: Date,
  policy: Pick<FeedbackPolicy, 'amendmentWindowHours'>,
): RatingChange | 'WINDOW_CLOSED' {
  if (!existing) return 'created';
  if (existing.level === incoming.level && sameCodes(existing.reasonCodes, incoming.reasonCodes) && existing.comment === normaliseComment(incoming.comment)) {
    return 'unchanged';
  }
  return now <= amendableUntil(policy, existing.submittedAt) ? 'amended' : 'WINDOW_CLOSED';
}
