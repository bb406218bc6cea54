// Seeded randomness (never Math.random): the same seed always yields the same sequence. The demo data draws its
// rows from it, and exam forms are drawn from it (domain/exam-form.ts), so a stored seed re-derives its form.
import seedrandom from 'seedrandom';

export class Random {
  private readonly prng: seedrandom.PRNG;

  constructor(seed: string) {
    this.prng = seedrandom(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.prng();
  }

  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.prng() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.prng() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.prng() * items.length)];
  }

  /** A shuffled copy (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.prng() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** n distinct elements, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, n);
  }

  /** A digit string of the given length (leading zeros allowed). */
  digits(length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += String(Math.floor(this.prng() * 10));
    return s;
  }
}

/**
 * One independent stream per part of the data, so that e.g. a different officer count leaves the
 * organisation and the question bank unchanged.
 */
export function randomFor(seed: string, stream: string): Random {
  return new Random(`${seed}/${stream}`);
}
