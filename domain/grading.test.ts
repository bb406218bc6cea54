// Pure tests of grading: no database involved.
import { describe, expect, it } from 'vitest';
import { gradeAttempt, type GradedItem, passed, percentHalfUp } from './grading';

// A 10-item form over three competencies; the candidate saw the options shuffled but answers by key.
const items: GradedItem[] = [
  { itemVersionId: 'law-1', competencyId: 'C-LAW', correctKey: 'A' },
  { itemVersionId: 'law-2', competencyId: 'C-LAW', correctKey: 'B' },
  { itemVersionId: 'law-3', competencyId: 'C-LAW', correctKey: 'C' },
  { itemVersionId: 'hs-1', competencyId: 'C-HS', correctKey: 'D' },
  { itemVersionId: 'hs-2', competencyId: 'C-HS', correctKey: 'A' },
  { itemVersionId: 'hs-3', competencyId: 'C-HS', correctKey: 'B' },
  { itemVersionId: 'hs-4', competencyId: 'C-HS', correctKey: 'C' },
  { itemVersionId: 'it-1', competencyId: 'C-IT', correctKey: 'D' },
  { itemVersionId: 'it-2', competencyId: 'C-IT', correctKey: 'A' },
  { itemVersionId: 'it-3', competencyId: 'C-IT', correctKey: 'B' },
];
const answers: Record<string, string | null> = {
  'law-1': 'A', // right
  'law-2': 'B', // right
  'law-3': 'A', // wrong
  'hs-1': 'D', // right
  'hs-2': null, // unanswered
  'hs-3': 'B', // right
  // hs-4 never saved: unanswered
  'it-1': 'D', // right
  'it-2': 'A', // right
  'it-3': 'C', // wrong
  'elsewhere-9': 'A', // not on the form: ignored
};
const requiredLevels = { 'C-LAW': 2, 'C-HS': 3, 'C-IT': 1 };

describe('gradeAttempt', () => {
  it('scores out of 100 with a sub-score per competency, by option key', () => {
    expect(gradeAttempt({ items, answers, requiredLevels })).toEqual({
      score: 60, // 6 of 10
      correctCount: 6,
      itemCount: 10,
      competencies: [
        { competencyId: 'C-HS', score: 50, correctCount: 2, itemCount: 4, requiredLevel: 3 },
        { competencyId: 'C-IT', score: 66.67, correctCount: 2, itemCount: 3, requiredLevel: 1 },
        { competencyId: 'C-LAW', score: 66.67, correctCount: 2, itemCount: 3, requiredLevel: 2 },
      ],
    });
  });

  it('counts a voided item for no one: out of the numerator and the denominator, right or wrong', () => {
    // law-3 (answered wrong) and it-1 (answered right) are voided: 5 right of 8.
    const grade = gradeAttempt({ items, answers, requiredLevels, voidedItemVersionIds: ['law-3', 'it-1'] });
    expect(grade).toMatchObject({ score: 62.5, correctCount: 5, itemCount: 8 });
    expect(grade.competencies).toEqual([
      { competencyId: 'C-HS', score: 50, correctCount: 2, itemCount: 4, requiredLevel: 3 },
      { competencyId: 'C-IT', score: 50, correctCount: 1, itemCount: 2, requiredLevel: 1 },
      { competencyId: 'C-LAW', score: 100, correctCount: 2, itemCount: 2, requiredLevel: 2 },
    ]);
    // A Set works the same as an array.
    expect(gradeAttempt({ items, answers, requiredLevels, voidedItemVersionIds: new Set(['law-3', 'it-1']) })).toEqual(grade);
  });

  it('drops a competency whose items are all voided, and refuses a form with nothing left to grade', () => {
    const grade = gradeAttempt({ items, answers, voidedItemVersionIds: ['it-1', 'it-2', 'it-3'] });
    expect(grade.competencies.map((c) => c.competencyId)).toEqual(['C-HS', 'C-LAW']);
    expect(grade).toMatchObject({ score: 57.14, correctCount: 4, itemCount: 7 }); // 4/7 = 57.142…
    expect(() => gradeAttempt({ items, answers, voidedItemVersionIds: items.map((i) => i.itemVersionId) })).toThrow(/nothing to grade/);
  });

  it('says 0 for a required level it was not given', () => {
    expect(gradeAttempt({ items, answers }).competencies.every((c) => c.requiredLevel === 0)).toBe(true);
  });

  it('gives 0 to a blank sheet and 100 to a perfect one', () => {
    expect(gradeAttempt({ items, answers: {} }).score).toBe(0);
    const perfect = Object.fromEntries(items.map((i) => [i.itemVersionId, i.correctKey]));
    expect(gradeAttempt({ items, answers: perfect })).toMatchObject({ score: 100, correctCount: 10 });
  });

  it('refuses a form that lists an item twice', () => {
    expect(() => gradeAttempt({ items: [items[0], items[0]], answers })).toThrow(/twice/);
  });
});

describe('percentHalfUp', () => {
  it('rounds half up to 2 decimals exactly, where binary floating point would not', () => {
    expect(percentHalfUp(1, 32)).toBe(3.13); // 3.125
    expect(percentHalfUp(1, 3)).toBe(33.33);
    expect(percentHalfUp(2, 3)).toBe(66.67);
    expect(percentHalfUp(1, 8)).toBe(12.5);
    expect(percentHalfUp(27, 40)).toBe(67.5);
    expect(percentHalfUp(1, 1600)).toBe(0.06); // 0.0625
    expect(percentHalfUp(3, 1600)).toBe(0.19); // 0.1875
    // 1.005: Math.round(1.005 * 100) / 100 gives 1 (1.005 is 1.00499… in binary); half-up says 1.01.
    expect(Math.round(((100 * 201) / 20_000) * 100) / 100).toBe(1);
    expect(percentHalfUp(201, 20_000)).toBe(1.01);
  });

  it('refuses what is not a count out of a positive whole', () => {
    expect(() => percentHalfUp(1, 0)).toThrow();
    expect(() => percentHalfUp(0.5, 2)).toThrow();
  });
});

describe('passed', () => {
  it('passes at the mark and above', () => {
    expect(passed({ score: 50 }, 50)).toBe(true);
    expect(passed({ score: 49.99 }, 50)).toBe(false);
    expect(passed({ score: 62.5 }, 50)).toBe(true);
  });
});
