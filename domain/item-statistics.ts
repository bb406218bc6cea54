// Classical item analysis with the definitions of Moodle's quiz statistics report, so the figures compare with
// what item writers know (docs.moodle.org "Quiz statistics calculations"; question/classes/statistics/
// questions/calculator.php and mod/quiz/report/statistics/classes/calculator.php). Pure: the analysis activity
// loads a session's or a cycle's response matrix and stores what this returns.
//
// Notation, for item p over the S attempts that contained it: x = the item's score (0/1 here, max 1),
// X = the rest of the test = the attempt's total minus x, T = the attempt's total. Sample (S - 1) variances
// and covariances, as Moodle.
//   facility index        F  = 100 × mean(x) / max(x)
//   standard deviation    SD = 100 × sqrt(V(x)) / max(x)
//   discrimination index  D  = 100 × C(x, X) / sqrt(V(x) V(X))          (null when V(x) V(X) = 0 or S < 2)
//   discrim. efficiency   DE = 100 × C(x, X) / Cmax(x, X)               (null when Cmax = 0 or S < 2)
//       where Cmax pairs the sorted x with the sorted X (the largest covariance those marginals allow).
// Test, over attempts' totals T with P items per attempt:
//   mean, median, SD (sample) as % of the maximum; skewness k3 / k2^1.5 and kurtosis k4 / k2^2 with Moodle's
//   k-statistics (S > 2 and S > 3); CIC = 100 × P / (P - 1) × (1 - Σ V(x_p) / V(T)) (Cronbach's alpha, KR-20
//   for 0/1 items; Moodle computes it only when S > 2), ER = 100 × sqrt(1 - CIC / 100), SE = ER / 100 × SD.
//
// Where our forms differ from a Moodle quiz: every candidate draws their own form from the bank. Per item we
// use the rest of the candidate's own form, as Moodle does for a question in a fixed slot. (Moodle correlates a
// question drawn by a random slot with the whole total instead, item included; we do not.) For the CIC,
// Σ V(x_p) is the sum over each attempt's own items, averaged over attempts, and P the mean number of items
// per attempt: for a fixed form (the same items for everyone) that is exactly Moodle's KR-20; for drawn forms
// it is the expected KR-20 of a candidate's form, reported with sameItemsForEveryAttempt = false (an item only
// one candidate drew has no variance of its own and counts as the mean of that candidate's other items).

export interface ResponseMatrix {
  attempts: {
    attemptId: string;
    /** Every non-voided item on the attempt's form; an unanswered item has chosenKey null and score 0. */
    responses: { itemVersionId: string; chosenKey: string | null; score: 0 | 1 }[];
  }[];
  /** optionKeys name the options counted (zeros included); scores are taken as given, correctKey is not re-checked. */
  items: { itemVersionId: string; optionKeys: string[]; correctKey: string }[];
}

export type ItemFlag = 'TOO_EASY' | 'TOO_HARD' | 'LOW_DISCRIMINATION' | 'NEGATIVE_DISCRIMINATION';

/**
 * When an item is flagged for the bank's editors. Bands from Moodle's guidance on reading the report:
 * facility 90+ is "very easy" or easier; for a four-option item, blind guessing alone scores 25, so a facility
 * below 20 means candidates were drawn to a distractor (or the key is wrong); a discrimination index 0..19 is
 * "very weak" and a negative one means the item is "probably invalid". Flags need enough responses to mean
 * something: with a handful, one candidate moves the facility by tens of points.
 */
export interface FlagThresholds {
  /** TOO_EASY when facility >= this. */
  tooEasyFacility: number;
  /** TOO_HARD when facility < this. */
  tooHardFacility: number;
  /** LOW_DISCRIMINATION when 0 <= discrimination index < this; below 0 is NEGATIVE_DISCRIMINATION instead. */
  lowDiscrimination: number;
  /** No flags on an item with fewer responses. */
  minResponses: number;
}

export const DEFAULT_FLAG_THRESHOLDS: FlagThresholds = {
  tooEasyFacility: 90,
  tooHardFacility: 20,
  lowDiscrimination: 20,
  minResponses: 10,
};

export interface ItemStatistics {
  itemVersionId: string;
  /** Attempts whose form had the item (answered or not). */
  responses: number;
  facilityIndex: number;
  /** Null with a single response. */
  standardDeviation: number | null;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
  /** Count per option key (every key of the item, zeros included) and "blank" for unanswered. */
  optionCounts: Record<string, number>;
  flags: ItemFlag[];
}

export interface TestStatistics {
  attempts: number;
  /** Items per attempt (the mean, when forms differ in length). */
  itemsPerAttempt: number;
  /** True when every attempt had the same items: the CIC is then exactly Moodle's. */
  sameItemsForEveryAttempt: boolean;
  /** As % of the maximum; null with no attempts. */
  mean: number | null;
  median: number | null;
  /** Sample SD as % of the maximum; null with fewer than 2 attempts. */
  standardDeviation: number | null;
  skewness: number | null;
  kurtosis: number | null;
  /** Coefficient of internal consistency (Cronbach's alpha / KR-20) as %. */
  internalConsistency: number | null;
  errorRatio: number | null;
  /** As % of the maximum. */
  standardError: number | null;
}

export interface ItemAnalysisResult {
  /** Items at least one attempt had, in the order of matrix.items. */
  items: ItemStatistics[];
  test: TestStatistics;
}

export function analyseResponses(matrix: ResponseMatrix, thresholds: Partial<FlagThresholds> = {}): ItemAnalysisResult {
  const limits = { ...DEFAULT_FLAG_THRESHOLDS, ...thresholds };
  const itemsById = new Map(matrix.items.map((item) => [item.itemVersionId, item]));
  if (itemsById.size !== matrix.items.length) throw new Error('The matrix lists an item twice');
  // Attempts without any response have no score to analyse.
  const attempts = matrix.attempts.filter((a) => a.responses.length > 0);
  for (const attempt of attempts) checkResponses(attempt, itemsById);
  const totals = attempts.map((a) => a.responses.reduce((sum, r) => sum + r.score, 0));

  // One pass over the responses: per item, its scores, the rest-of-test scores and the chosen options.
  const columns = new Map<string, ItemColumn>();
  attempts.forEach((attempt, i) => {
    for (const r of attempt.responses) {
      let column = columns.get(r.itemVersionId);
      if (!column) columns.set(r.itemVersionId, (column = { x: [], rest: [], chosen: [] }));
      column.x.push(r.score);
      column.rest.push(totals[i] - r.score);
      column.chosen.push(r.chosenKey);
    }
  });

  const items: ItemStatistics[] = [];
  const variances = new Map<string, number | null>();
  for (const item of matrix.items) {
    const column = columns.get(item.itemVersionId);
    if (!column) continue;
    const stats = itemStatistics(item, column, limits);
    items.push(stats.item);
    variances.set(item.itemVersionId, stats.variance);
  }
  return { items, test: testStatistics(attempts, totals, variances) };
}

function checkResponses(attempt: ResponseMatrix['attempts'][number], itemsById: Map<string, ResponseMatrix['items'][number]>) {
  const seen = new Set<string>();
  for (const r of attempt.responses) {
    if (!itemsById.has(r.itemVersionId)) throw new Error(`Attempt ${attempt.attemptId} answers ${r.itemVersionId}, which is not in the matrix's items`);
    if (seen.has(r.itemVersionId)) throw new Error(`Attempt ${attempt.attemptId} has ${r.itemVersionId} twice`);
    if (r.score !== 0 && r.score !== 1) throw new Error(`Attempt ${attempt.attemptId}: score ${r.score} on ${r.itemVersionId} is not 0 or 1`);
    seen.add(r.itemVersionId);
  }
}

interface ItemColumn {
  x: number[];
  rest: number[];
  chosen: (string | null)[];
}

function itemStatistics(
  item: ResponseMatrix['items'][number],
  { x, rest, chosen }: ItemColumn,
  limits: FlagThresholds,
): { item: ItemStatistics; variance: number | null } {
  const s = x.length;
  const optionCounts: Record<string, number> = Object.fromEntries([...item.optionKeys.map((k) => [k, 0]), ['blank', 0]]);
  for (const key of chosen) {
    const option = key ?? 'blank';
    optionCounts[option] = (optionCounts[option] ?? 0) + 1;
  }

  const max = 1; // 0/1 items
  const meanX = mean(x);
  const facilityIndex = (100 * meanX) / max;
  let standardDeviation: number | null = null;
  let discriminationIndex: number | null = null;
  let discriminativeEfficiency: number | null = null;
  let variance: number | null = null;
  if (s > 1) {
    const meanRest = mean(rest);
    variance = sumOfProducts(x, meanX, x, meanX) / (s - 1);
    const restVariance = sumOfProducts(rest, meanRest, rest, meanRest) / (s - 1);
    const covariance = sumOfProducts(x, meanX, rest, meanRest) / (s - 1);
    const sortedX = [...x].sort((a, b) => a - b);
    const sortedRest = [...rest].sort((a, b) => a - b);
    const covarianceMax = sumOfProducts(sortedX, meanX, sortedRest, meanRest) / (s - 1);
    standardDeviation = (100 * Math.sqrt(variance)) / max;
    // Exact zeros here are sums of products of small integers' deviations; tiny float noise is treated as zero.
    if (!nearZero(variance * restVariance)) discriminationIndex = (100 * covariance) / Math.sqrt(variance * restVariance);
    if (!nearZero(covarianceMax)) discriminativeEfficiency = (100 * covariance) / covarianceMax;
  }
  const stats = { itemVersionId: item.itemVersionId, responses: s, facilityIndex, standardDeviation, discriminationIndex, discriminativeEfficiency, optionCounts };
  return { item: { ...stats, flags: itemFlags(stats, limits) }, variance };
}

/** The flags an item's statistics earn (see FlagThresholds). Undefined statistics earn none. */
export function itemFlags(
  stats: Pick<ItemStatistics, 'responses' | 'facilityIndex' | 'discriminationIndex'>,
  thresholds: Partial<FlagThresholds> = {},
): ItemFlag[] {
  const limits = { ...DEFAULT_FLAG_THRESHOLDS, ...thresholds };
  if (stats.responses < limits.minResponses) return [];
  const flags: ItemFlag[] = [];
  if (stats.facilityIndex >= limits.tooEasyFacility) flags.push('TOO_EASY');
  if (stats.facilityIndex < limits.tooHardFacility) flags.push('TOO_HARD');
  const d = stats.discriminationIndex;
  if (d !== null && d < 0) flags.push('NEGATIVE_DISCRIMINATION');
  else if (d !== null && d < limits.lowDiscrimination) flags.push('LOW_DISCRIMINATION');
  return flags;
}

function testStatistics(attempts: ResponseMatrix['attempts'], totals: number[], variances: Map<string, number | null>): TestStatistics {
  const s = attempts.length;
  const counts = attempts.map((a) => a.responses.length);
  const itemsPerAttempt = s === 0 ? 0 : mean(counts);
  const itemSet = (a: ResponseMatrix['attempts'][number]) => a.responses.map((r) => r.itemVersionId).sort().join('\u0000');
  const firstSet = s === 0 ? '' : itemSet(attempts[0]);
  const sameItemsForEveryAttempt = attempts.every((a) => itemSet(a) === firstSet);
  const none = { mean: null, median: null, standardDeviation: null, skewness: null, kurtosis: null, internalConsistency: null, errorRatio: null, standardError: null };
  if (s === 0) return { attempts: 0, itemsPerAttempt, sameItemsForEveryAttempt, ...none };

  // Percentages of each attempt's own maximum (equal to Moodle's sumgrades / max when forms have one length).
  const percents = totals.map((t, i) => (100 * t) / counts[i]);
  const result: TestStatistics = { attempts: s, itemsPerAttempt, sameItemsForEveryAttempt, ...none, mean: mean(percents), median: median(percents) };
  if (s < 2) return result;

  const meanT = mean(totals);
  const power = (k: number) => totals.reduce((sum, t) => sum + (t - meanT) ** k, 0);
  const scale = 100 / itemsPerAttempt;
  const k2 = power(2) / (s - 1); // the sample variance V(T)
  result.standardDeviation = Math.sqrt(k2) * scale;
  if (s < 3 || nearZero(k2)) return result;

  const [m2, m3, m4] = [power(2) / s, power(3) / s, power(4) / s];
  const k3 = (s * s * m3) / ((s - 1) * (s - 2));
  result.skewness = k3 / k2 ** 1.5;
  if (s > 3) {
    const k4 = (s * s * ((s + 1) * m4 - 3 * (s - 1) * m2 * m2)) / ((s - 1) * (s - 2) * (s - 3));
    result.kurtosis = k4 / (k2 * k2);
  }

  const p = itemsPerAttempt;
  const sumOfItemVariances = meanSumOfItemVariances(attempts, variances);
  if (p > 1 && sumOfItemVariances !== null) {
    const cic = ((100 * p) / (p - 1)) * (1 - sumOfItemVariances / k2);
    result.internalConsistency = cic;
    result.errorRatio = 100 * Math.sqrt(1 - cic / 100);
    result.standardError = (result.errorRatio * result.standardDeviation) / 100;
  }
  return result;
}

/** Σ V(x_p) over each attempt's own items, averaged; null when some item's variance is undefined (1 response). */
function meanSumOfItemVariances(attempts: ResponseMatrix['attempts'], variances: Map<string, number | null>): number | null {
  let total = 0;
  for (const attempt of attempts) {
    // An item drawn for this candidate alone has no sample variance: it counts as the mean of the attempt's other
    // items' (with forms drawn from a bank, a few such items are the rule, and one would otherwise leave the
    // whole test without a CIC). A fixed form never has one from 2 attempts on.
    const known = attempt.responses.map((r) => variances.get(r.itemVersionId)).filter((v): v is number => v !== null && v !== undefined);
    if (known.length === 0) return null;
    const sum = known.reduce((a, b) => a + b, 0);
    total += sum + (attempt.responses.length - known.length) * (sum / known.length);
  }
  return total / attempts.length;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Σ (a_i - meanA)(b_i - meanB). */
function sumOfProducts(a: readonly number[], meanA: number, b: readonly number[], meanB: number): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - meanA) * (b[i] - meanB);
  return sum;
}

function nearZero(value: number): boolean {
  return Math.abs(value) < 1e-12;
}
