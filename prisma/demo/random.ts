// Seeded randomness for the demo data: the same seed always yields the same rows (never Math.random). The
// generator itself is the product's (domain/random.ts, which exam forms draw from); the helpers below are the demo's.
import type { Random } from '../../domain/random';

export { Random, randomFor } from '../../domain/random';

/** Picks values in proportion to weights; the cumulative table is built once for fast repeated picks. */
export class WeightedTable<T> {
  private readonly values: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.values = entries.map(([value]) => value);
    let sum = 0;
    this.cumulative = entries.map(([, weight]) => (sum += weight));
    this.total = sum;
    if (!(sum > 0)) throw new Error('weighted table needs a positive total weight');
  }

  pick(random: Random): T {
    const x = random.float() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo];
  }
}

/** Splits total into integer parts proportional to weights (largest remainder), summing exactly to total. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    parts[i]++;
    left--;
  }
  return parts;
}

const DAY_MS = 86_400_000;

/** Calendar arithmetic on UTC midnights (the columns are @db.Date). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function utcDate(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day));
}
