// Grading one attempt: the score out of 100 and the sub-score of each competency. Pure: submission, the
// deadline's auto-submit and a regrade after an item is voided all call it with what is stored.
//
// - Answers are option KEYS: the candidate saw the options shuffled, but the key names the option.
// - A voided item (a faulty item, e.g. a wrong key) counts for no one: it leaves numerator and denominator,
//   so the score is over the remaining items; a competency whose items are all voided gets no sub-score.
// - Scores are rounded half-up to 2 decimals (the Decimal(5,2) columns), computed in integers so that e.g.
//   1/32 = 3.125 gives 3.13 and never 3.12 through a binary fraction.

export interface GradedItem {
  itemVersionId: string;
  competencyId: string;
  correctKey: string;
}

export interface GradeInput {
  /** The form's items. */
  items: GradedItem[];
  /** Chosen key per itemVersionId; null or absent = unanswered. Answers to items not on the form are ignored. */
  answers: Record<string, string | null>;
  voidedItemVersionIds?: Set<string> | readonly string[];
  /** Level the position requires of each competency (from its framework). */
  requiredLevels?: Record<string, number>;
}

export interface CompetencyGrade {
  competencyId: string;
  /** Out of 100, over this competency's non-voided items. */
  score: number;
  correctCount: number;
  itemCount: number;
  /** From requiredLevels; 0 when requiredLevels does not name the competency (levels run 1..3). */
  requiredLevel: number;
}

export interface Grade {
  /** Out of 100, over the non-voided items. */
  score: number;
  correctCount: number;
  /** Non-voided items. */
  itemCount: number;
  /** One per competency with at least one non-voided item, by competencyId. */
  competencies: CompetencyGrade[];
}

export function gradeAttempt(input: GradeInput): Grade {
  const voided = new Set(input.voidedItemVersionIds ?? []);
  const perCompetency = new Map<string, { correct: number; count: number }>();
  let correct = 0;
  let count = 0;
  const seen = new Set<string>();
  for (const item of input.items) {
    if (seen.has(item.itemVersionId)) throw new Error(`Item version ${item.itemVersionId} is on the form twice`);
    seen.add(item.itemVersionId);
    if (voided.has(item.itemVersionId)) continue;
    const isCorrect = input.answers[item.itemVersionId] === item.correctKey;
    const tally = perCompetency.get(item.competencyId) ?? { correct: 0, count: 0 };
    tally.count++;
    count++;
    if (isCorrect) {
      tally.correct++;
      correct++;
    }
    perCompetency.set(item.competencyId, tally);
  }
  // A score over no items would be a fabricated 0: refuse rather than record a fail.
  if (count === 0) throw new Error('Every item on the form is voided: there is nothing to grade');

  const competencies = [...perCompetency.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([competencyId, t]) => ({
      competencyId,
      score: percentHalfUp(t.correct, t.count),
      correctCount: t.correct,
      itemCount: t.count,
      requiredLevel: input.requiredLevels?.[competencyId] ?? 0,
    }));
  return { score: percentHalfUp(correct, count), correctCount: correct, itemCount: count, competencies };
}

/** Whether a grade reaches the pass mark (a score equal to the mark passes). */
export function passed(grade: Pick<Grade, 'score'>, passMark: number): boolean {
  return grade.score >= passMark;
}

/** 100 × part / whole, rounded half-up to 2 decimals, exactly (integer arithmetic on the hundredths). */
export function percentHalfUp(part: number, whole: number): number {
  if (!Number.isInteger(part) || !Number.isInteger(whole) || whole <= 0 || part < 0) {
    throw new Error(`Cannot take ${part} of ${whole} as a percentage`);
  }
  // hundredths = floor(10000 × part / whole + 1/2) = floor((20000 × part + whole) / (2 × whole)).
  const numerator = 20_000 * part + whole;
  const denominator = 2 * whole;
  const hundredths = (numerator - (numerator % denominator)) / denominator;
  return hundredths / 100;
}
