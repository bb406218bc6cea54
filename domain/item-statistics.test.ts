// Pure tests of item analysis against figures computed by hand: no database involved.
import { describe, expect, it } from 'vitest';
import { analyseResponses, DEFAULT_FLAG_THRESHOLDS, itemFlags, type ResponseMatrix } from './item-statistics';

const KEYS = ['A', 'B', 'C', 'D'];
const item = (itemVersionId: string) => ({ itemVersionId, optionKeys: KEYS, correctKey: 'A' });
/** A response: the key 'A' is right, anything else (or null, blank) is wrong. */
const r = (itemVersionId: string, chosenKey: string | null) => ({ itemVersionId, chosenKey, score: chosenKey === 'A' ? (1 as const) : (0 as const) });

// The hand example: 5 attempts × 4 items, everyone had the same four items.
//
//          I1 I2 I3 I4 | T
//   s1      1  1  1  1 | 4
//   s2      1  1  1  0 | 3      (I4: B)
//   s3      1  1  0  0 | 2      (I3: B, I4: B)
//   s4      1  0  1  0 | 2      (I2: C, I4: blank)
//   s5      0  0  0  1 | 1      (I1: B, I2: blank, I3: D)
//
// Item means: I1 4/5 = .8; I2 = I3 = 3/5 = .6; I4 2/5 = .4 → facility 80, 60, 60, 40.
// Item variances (S - 1 = 4): I1 (4×.2² + .8²)/4 = .8/4 = .2; I2, I3, I4: (3×.4² + 2×.6²)/4 = 1.2/4 = .3
//   → SD: 100 × √.2 = 44.7214; 100 × √.3 = 54.7723.
// Totals T = 4,3,2,2,1: mean 2.4, deviations 1.6,.6,-.4,-.4,-1.4, Σd² = 2.56+.36+.16+.16+1.96 = 5.2, V(T) = 1.3.
// I1: x = 1,1,1,1,0; rest X = T - x = 3,2,1,1,1, mean 1.6. dx = .2,.2,.2,.2,-.8; dX = 1.4,.4,-.6,-.6,-.6.
//   Σ dx dX = .28+.08-.12-.12+.48 = .6 → C = .15; Σ dX² = 1.96+.16+.36+.36+.36 = 3.2 → V(X) = .8.
//   D = 100 × .15 / √(.2 × .8) = 100 × .15 / .4 = 37.5.
//   Sorted x = 0,1,1,1,1 (dx -.8,.2,.2,.2,.2) against sorted X = 1,1,1,2,3 (dX -.6,-.6,-.6,.4,1.4):
//   Σ = .48-.12-.12+.08+.28 = .6 → Cmax = .15 → DE = 100.
// I2: x = 1,1,1,0,0; X = 3,2,1,2,1, mean 1.8. dx = .4,.4,.4,-.6,-.6; dX = 1.2,.2,-.8,.2,-.8.
//   Σ dx dX = .48+.08-.32-.12+.48 = .6 → C = .15; Σ dX² = 1.44+.04+.64+.04+.64 = 2.8 → V(X) = .7.
//   D = 100 × .15 / √(.3 × .7) = 15 / .458258 = 32.7327.
//   Sorted x = 0,0,1,1,1 (dx -.6,-.6,.4,.4,.4), sorted X = 1,1,2,2,3 (dX -.8,-.8,.2,.2,1.2):
//   Σ = .48+.48+.08+.08+.48 = 1.6 → Cmax = .4 → DE = 100 × .15 / .4 = 37.5.
// I3: x = 1,1,0,1,0; X = 3,2,2,1,1: the same multiset of X as I2 and Σ dx dX = .48+.08-.12-.32+.48 = .6
//   → D = 32.7327, DE = 37.5.
// I4: x = 1,0,0,0,1; X = 3,3,2,2,0, mean 2. dx = .6,-.4,-.4,-.4,.6; dX = 1,1,0,0,-2.
//   Σ dx dX = .6-.4+0+0-1.2 = -1 → C = -.25; Σ dX² = 1+1+0+0+4 = 6 → V(X) = 1.5.
//   D = 100 × -.25 / √(.3 × 1.5) = -25 / .670820 = -37.2678.
//   Sorted x = 0,0,0,1,1 (dx -.4,-.4,-.4,.6,.6), sorted X = 0,2,2,3,3 (dX -2,0,0,1,1): Σ = .8+.6+.6 = 2
//   → Cmax = .5 → DE = 100 × -.25 / .5 = -50.
// Test: mean 100 × 2.4/4 = 60; median T = 2 → 50; SD = 100 × √1.3 / 4 = 100 × 1.140175 / 4 = 28.5044.
//   CIC = 100 × 4/3 × (1 - (.2+.3+.3+.3)/1.3) = 100 × 4/3 × .2/1.3 = 100 × .8/3.9 = 20.5128.
//   ER = 100 × √(1 - .205128) = 100 × √.794872 = 89.1556; SE = .891556 × 28.5044 = 25.4133.
//   Moments (÷S = 5): m2 = 5.2/5 = 1.04; m3 = (4.096+.216-.064-.064-2.744)/5 = 1.44/5 = .288;
//   m4 = (6.5536+.1296+.0256+.0256+3.8416)/5 = 10.576/5 = 2.1152.
//   k2 = 5 × 1.04/4 = 1.3; k3 = 25 × .288/(4×3) = .6; k4 = 25 × (6 × 2.1152 - 3×4 × 1.04²)/(4×3×2) = 25 × -.288/24 = -.3.
//   Skewness = .6 / 1.3^1.5 = .6 / 1.482228 = .404796; kurtosis = -.3 / 1.69 = -.177515.
const handExample: ResponseMatrix = {
  items: ['I1', 'I2', 'I3', 'I4'].map(item),
  attempts: [
    { attemptId: 's1', responses: [r('I1', 'A'), r('I2', 'A'), r('I3', 'A'), r('I4', 'A')] },
    { attemptId: 's2', responses: [r('I1', 'A'), r('I2', 'A'), r('I3', 'A'), r('I4', 'B')] },
    { attemptId: 's3', responses: [r('I1', 'A'), r('I2', 'A'), r('I3', 'B'), r('I4', 'B')] },
    { attemptId: 's4', responses: [r('I1', 'A'), r('I2', 'C'), r('I3', 'A'), r('I4', null)] },
    { attemptId: 's5', responses: [r('I1', 'B'), r('I2', null), r('I3', 'D'), r('I4', 'A')] },
  ],
};

describe('analyseResponses, against the hand computation', () => {
  const { items, test } = analyseResponses(handExample, { minResponses: 1 });
  const byId = Object.fromEntries(items.map((s) => [s.itemVersionId, s]));

  it('computes facility, SD, discrimination index and discriminative efficiency per item', () => {
    const expected = {
      I1: { facility: 80, sd: 44.7214, d: 37.5, de: 100 },
      I2: { facility: 60, sd: 54.7723, d: 32.7327, de: 37.5 },
      I3: { facility: 60, sd: 54.7723, d: 32.7327, de: 37.5 },
      I4: { facility: 40, sd: 54.7723, d: -37.2678, de: -50 },
    };
    for (const [id, e] of Object.entries(expected)) {
      const s = byId[id];
      expect(s.responses).toBe(5);
      expect(s.facilityIndex).toBeCloseTo(e.facility, 4);
      expect(s.standardDeviation).toBeCloseTo(e.sd, 4);
      expect(s.discriminationIndex).toBeCloseTo(e.d, 4);
      expect(s.discriminativeEfficiency).toBeCloseTo(e.de, 4);
    }
  });

  it('counts each option, zeros and blanks included (distractor analysis)', () => {
    expect(byId.I1.optionCounts).toEqual({ A: 4, B: 1, C: 0, D: 0, blank: 0 });
    expect(byId.I2.optionCounts).toEqual({ A: 3, B: 0, C: 1, D: 0, blank: 1 });
    expect(byId.I3.optionCounts).toEqual({ A: 3, B: 1, C: 0, D: 1, blank: 0 });
    expect(byId.I4.optionCounts).toEqual({ A: 2, B: 2, C: 0, D: 0, blank: 1 });
  });

  it('computes the test statistics: mean, median, SD, skewness, kurtosis, CIC (KR-20), ER, SE', () => {
    expect(test.attempts).toBe(5);
    expect(test.itemsPerAttempt).toBe(4);
    expect(test.sameItemsForEveryAttempt).toBe(true);
    expect(test.mean).toBeCloseTo(60, 4);
    expect(test.median).toBeCloseTo(50, 4);
    expect(test.standardDeviation).toBeCloseTo(28.5044, 4);
    expect(test.skewness).toBeCloseTo(0.404796, 5);
    expect(test.kurtosis).toBeCloseTo(-0.177515, 5);
    expect(test.internalConsistency).toBeCloseTo(20.5128, 4);
    expect(test.errorRatio).toBeCloseTo(89.1556, 4);
    expect(test.standardError).toBeCloseTo(25.4133, 4);
  });

  it('flags the negatively discriminating item, and nothing on 5 responses under the default minimum of 10', () => {
    expect(Object.fromEntries(items.map((s) => [s.itemVersionId, s.flags]))).toEqual({ I1: [], I2: [], I3: [], I4: ['NEGATIVE_DISCRIMINATION'] });
    expect(analyseResponses(handExample).items.every((s) => s.flags.length === 0)).toBe(true);
  });

  it('does not depend on the order of the attempts or of their responses', () => {
    const shuffled: ResponseMatrix = {
      items: [...handExample.items].reverse(),
      attempts: [...handExample.attempts].reverse().map((a) => ({ ...a, responses: [...a.responses].reverse() })),
    };
    const again = analyseResponses(shuffled, { minResponses: 1 });
    for (const s of again.items) {
      expect(s.discriminationIndex).toBeCloseTo(byId[s.itemVersionId].discriminationIndex!, 10);
      expect(s.discriminativeEfficiency).toBeCloseTo(byId[s.itemVersionId].discriminativeEfficiency!, 10);
    }
    expect(again.test.internalConsistency).toBeCloseTo(test.internalConsistency!, 10);
  });
});

describe('analyseResponses, edge cases', () => {
  it('leaves discrimination undefined when everyone is right (SD 0), and the test statistics that need spread', () => {
    const allRight: ResponseMatrix = {
      items: ['I1', 'I2'].map(item),
      attempts: ['s1', 's2', 's3', 's4'].map((attemptId) => ({ attemptId, responses: [r('I1', 'A'), r('I2', 'A')] })),
    };
    const { items, test } = analyseResponses(allRight, { minResponses: 1 });
    for (const s of items) {
      expect(s).toMatchObject({ responses: 4, facilityIndex: 100, standardDeviation: 0, discriminationIndex: null, discriminativeEfficiency: null });
      expect(s.flags).toEqual(['TOO_EASY']);
    }
    expect(test).toMatchObject({ attempts: 4, mean: 100, median: 100, standardDeviation: 0, skewness: null, kurtosis: null, internalConsistency: null, errorRatio: null, standardError: null });
  });

  it('handles a single attempt: facility and mean only', () => {
    const one: ResponseMatrix = { items: ['I1', 'I2'].map(item), attempts: [{ attemptId: 's1', responses: [r('I1', 'A'), r('I2', null)] }] };
    const { items, test } = analyseResponses(one);
    expect(items[0]).toMatchObject({ responses: 1, facilityIndex: 100, standardDeviation: null, discriminationIndex: null, discriminativeEfficiency: null, flags: [] });
    expect(items[1]).toMatchObject({ facilityIndex: 0, optionCounts: { A: 0, B: 0, C: 0, D: 0, blank: 1 } });
    expect(test).toMatchObject({ attempts: 1, mean: 50, median: 50, standardDeviation: null, internalConsistency: null });
  });

  it('computes the CIC only from 3 attempts, as Moodle', () => {
    const two: ResponseMatrix = { items: ['I3', 'I4'].map(item), attempts: handExample.attempts.slice(0, 2).map((a) => ({ ...a, responses: a.responses.slice(2) })) };
    const { test } = analyseResponses(two);
    expect(test.standardDeviation).toBeCloseTo((100 * Math.SQRT1_2) / 2, 6); // totals 2 and 1: V = .5
    expect(test.internalConsistency).toBeNull();
  });

  it('returns empty statistics for no attempts, and leaves out items no attempt had', () => {
    expect(analyseResponses({ items: [item('I1')], attempts: [] })).toEqual({
      items: [],
      test: { attempts: 0, itemsPerAttempt: 0, sameItemsForEveryAttempt: true, mean: null, median: null, standardDeviation: null, skewness: null, kurtosis: null, internalConsistency: null, errorRatio: null, standardError: null },
    });
    const { items } = analyseResponses({ items: [item('I1'), item('unused')], attempts: [{ attemptId: 's1', responses: [r('I1', 'A')] }] });
    expect(items.map((s) => s.itemVersionId)).toEqual(['I1']);
  });

  it('refuses responses to unknown items, an item twice in one attempt, and scores other than 0/1', () => {
    expect(() => analyseResponses({ items: [], attempts: [{ attemptId: 's1', responses: [r('I1', 'A')] }] })).toThrow(/not in the matrix/);
    expect(() => analyseResponses({ items: [item('I1')], attempts: [{ attemptId: 's1', responses: [r('I1', 'A'), r('I1', 'B')] }] })).toThrow(/twice/);
    const half = { itemVersionId: 'I1', chosenKey: 'A', score: 0.5 as 1 };
    expect(() => analyseResponses({ items: [item('I1')], attempts: [{ attemptId: 's1', responses: [half] }] })).toThrow(/not 0 or 1/);
  });
});

describe('analyseResponses, forms drawn per candidate', () => {
  // Items a, b, c; each attempt had two of them.
  //   s1: a=1 b=1 (T 2)   s2: a=1 c=1 (T 2)   s3: b=0 c=0 (T 0)   s4: a=0 b=0 (T 0)   s5: b=1 c=0 (T 1)
  // a over s1,s2,s4 = 1,1,0: mean 2/3, V = (1/9+1/9+4/9)/2 = 1/3. b over s1,s3,s4,s5 = 1,0,0,1: V = 1/3.
  // c over s2,s3,s5 = 1,0,0: V = 1/3. Every attempt's own Σ V = 2/3, so the mean Σ V = 2/3; P = 2.
  // T = 2,2,0,0,1: mean 1, Σd² = 4, V(T) = 1. CIC = 100 × 2/1 × (1 - (2/3)/1) = 66.6667.
  // ER = 100 × √(1/3) = 57.7350; SD = 100 × 1/2 = 50; SE = 28.8675.
  // a: rest of test over s1,s2,s4 = 1,1,0, the same as a's scores → D = 100, DE = 100.
  const drawn: ResponseMatrix = {
    items: ['a', 'b', 'c'].map(item),
    attempts: [
      { attemptId: 's1', responses: [r('a', 'A'), r('b', 'A')] },
      { attemptId: 's2', responses: [r('a', 'A'), r('c', 'A')] },
      { attemptId: 's3', responses: [r('b', 'B'), r('c', 'C')] },
      { attemptId: 's4', responses: [r('a', 'D'), r('b', null)] },
      { attemptId: 's5', responses: [r('b', 'A'), r('c', 'B')] },
    ],
  };

  it('analyses each item over the attempts that had it, against the rest of their own form', () => {
    const { items, test } = analyseResponses(drawn);
    expect(items.map((s) => s.responses)).toEqual([3, 4, 3]);
    expect(items[0].discriminationIndex).toBeCloseTo(100, 6);
    expect(items[0].discriminativeEfficiency).toBeCloseTo(100, 6);
    expect(test.sameItemsForEveryAttempt).toBe(false);
    expect(test.itemsPerAttempt).toBe(2);
    expect(test.internalConsistency).toBeCloseTo(66.6667, 4);
    expect(test.errorRatio).toBeCloseTo(57.735, 3);
    expect(test.standardDeviation).toBeCloseTo(50, 6);
    expect(test.standardError).toBeCloseTo(28.8675, 4);
  });
});

describe('analyseResponses, an item only one candidate drew', () => {
  //   s1: a=1 b=1 (T 2)   s2: a=1 b=0 (T 1)   s3: a=0 b=0 (T 0)   s4: a=1 c=1 (T 2), c on no other form.
  // V(a) over 1,1,0,1 = 1/4; V(b) over 1,0,0 = 1/3; c has no sample variance: it counts as s4's other item, 1/4.
  // Σ V per attempt: 7/12, 7/12, 7/12, 1/2; mean 9/16. T = 2,1,0,2: V(T) = 11/12. P = 2.
  // CIC = 100 × 2 × (1 - (9/16)/(11/12)) = 77.2727.
  it("counts it as the mean of the candidate's other items, so the test keeps its CIC", () => {
    const sparse: ResponseMatrix = {
      items: ['a', 'b', 'c'].map(item),
      attempts: [
        { attemptId: 's1', responses: [r('a', 'A'), r('b', 'A')] },
        { attemptId: 's2', responses: [r('a', 'A'), r('b', 'B')] },
        { attemptId: 's3', responses: [r('a', 'B'), r('b', 'C')] },
        { attemptId: 's4', responses: [r('a', 'A'), r('c', 'A')] },
      ],
    };
    const { items, test } = analyseResponses(sparse);
    expect(items.find((s) => s.itemVersionId === 'c')).toMatchObject({ responses: 1, standardDeviation: null });
    expect(test.internalConsistency).toBeCloseTo(77.2727, 4);
  });
});

describe('itemFlags', () => {
  const flags = (facilityIndex: number, discriminationIndex: number | null, responses = 30) => itemFlags({ responses, facilityIndex, discriminationIndex });

  it('uses the documented thresholds: easy from 90, hard below 20, weak below 20, negative below 0', () => {
    expect(DEFAULT_FLAG_THRESHOLDS).toEqual({ tooEasyFacility: 90, tooHardFacility: 20, lowDiscrimination: 20, minResponses: 10 });
    expect(flags(89.99, 35)).toEqual([]);
    expect(flags(90, 35)).toEqual(['TOO_EASY']);
    expect(flags(20, 35)).toEqual([]);
    expect(flags(19.99, 35)).toEqual(['TOO_HARD']);
    expect(flags(50, 20)).toEqual([]);
    expect(flags(50, 19.99)).toEqual(['LOW_DISCRIMINATION']);
    expect(flags(50, 0)).toEqual(['LOW_DISCRIMINATION']);
    expect(flags(50, -0.01)).toEqual(['NEGATIVE_DISCRIMINATION']); // instead of LOW, not as well
    expect(flags(95, -10)).toEqual(['TOO_EASY', 'NEGATIVE_DISCRIMINATION']);
    expect(flags(100, null)).toEqual(['TOO_EASY']);
  });

  it('flags nothing below the minimum number of responses, unless told otherwise', () => {
    expect(flags(5, -50, 9)).toEqual([]);
    expect(itemFlags({ responses: 9, facilityIndex: 5, discriminationIndex: -50 }, { minResponses: 5 })).toEqual(['TOO_HARD', 'NEGATIVE_DISCRIMINATION']);
  });
});
