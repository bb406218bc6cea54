// The demo's simulated candidates, under the three-parameter logistic model of item response theory: every
// officer has an ability, every item a difficulty, a discrimination and a guessing floor, and each answer is
// drawn from the probability the model gives. Wrong answers fall on the distractors by how attractive each is,
// so an item's option counts, its facility and discrimination indices, and each form's internal consistency
// look like a real test's. Pure and seeded: the same seed always gives the same abilities and answers.
import { randomFor, type Random } from './random';

export type Difficulty = 'EASY' | 'MEDIUM' | 'HARD';

export interface ItemParameters {
  /** a: how sharply the item separates weaker from stronger candidates (slope at the difficulty). */
  discrimination: number;
  /** b: the ability at which the item is answered right half way above the guessing floor. */
  difficulty: number;
  /** c: the chance a candidate who knows nothing still picks the key. */
  guessing: number;
  /** The wrong options' pull: a share per option key (the key itself absent), summing to 1. */
  distractors: Record<string, number>;
}

/** Difficulty on the ability scale by the bank's category: centre and spread. */
const DIFFICULTY_SCALE: Record<Difficulty, { centre: number; spread: number }> = {
  EASY: { centre: -1.4, spread: 0.45 },
  MEDIUM: { centre: -0.35, spread: 0.45 },
  HARD: { centre: 0.75, spread: 0.5 },
};
/** A few items are flawed, as in every bank: nearly flat (a vague stem) or pointing the wrong way (a doubtful key). */
const FLAT_ITEM_SHARE = 0.035;
const REVERSED_ITEM_SHARE = 0.008;
const GUESSING = 0.2;
/** The logistic model's scaling constant, so that a reads like the normal-ogive model's slope. */
const D = 1.7;

/** A standard normal draw (Box-Muller). */
export function normal(random: Random, mean = 0, sd = 1): number {
  const u = Math.max(random.float(), Number.EPSILON);
  const v = random.float();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The item's parameters: fixed per seed and item version, whichever cycle or form it appears in. */
export function itemParameters(seed: string, item: { itemVersionId: string; difficulty: Difficulty; optionKeys: readonly string[]; correctKey: string }): ItemParameters {
  const random = randomFor(seed, `item/${item.itemVersionId}`);
  const scale = DIFFICULTY_SCALE[item.difficulty];
  const kind = random.float();
  const discrimination =
    kind < REVERSED_ITEM_SHARE ? -0.35 - 0.3 * random.float()
      : kind < REVERSED_ITEM_SHARE + FLAT_ITEM_SHARE ? 0.05 + 0.2 * random.float()
        : Math.exp(normal(random, Math.log(1.15), 0.3));
  const difficulty = normal(random, scale.centre, scale.spread);
  // One distractor usually pulls harder than the others (the classic "almost right" option).
  const wrong = item.optionKeys.filter((k) => k !== item.correctKey);
  const pulls = wrong.map((_, i) => (i === 0 ? 2 + 3 * random.float() : 0.5 + random.float()));
  const order = random.shuffle(wrong);
  const total = pulls.reduce((a, b) => a + b, 0);
  const distractors = Object.fromEntries(order.map((k, i) => [k, pulls[i] / total]));
  return { discrimination, difficulty, guessing: GUESSING, distractors };
}

export function probabilityCorrect(ability: number, p: ItemParameters): number {
  return p.guessing + (1 - p.guessing) / (1 + Math.exp(-D * p.discrimination * (ability - p.difficulty)));
}

/** One answer: the key with the model's probability, else a distractor by its pull. */
export function answerItem(random: Random, ability: number, p: ItemParameters, correctKey: string): string {
  if (random.float() < probabilityCorrect(ability, p)) return correctKey;
  let x = random.float();
  const entries = Object.entries(p.distractors);
  for (const [key, share] of entries) {
    x -= share;
    if (x < 0) return key;
  }
  return entries[entries.length - 1][0];
}

export interface OfficerTraits {
  officerId: string;
  departmentId: string;
  isLeadership: boolean;
  birthYear: number;
}

/**
 * An officer's ability in a cycle: a department's level (some departments train better), the person's own,
 * a little more for team leaders and for experience, and a gain per assessment period since 2023 (people learn,
 * and the retraining works a little).
 */
export function officerAbility(seed: string, officer: OfficerTraits, year: number): number {
  const department = normal(randomFor(seed, `ability/department/${officer.departmentId}`), 0, 0.3);
  const own = normal(randomFor(seed, `ability/officer/${officer.officerId}`), 0.9, 0.58);
  const age = year - officer.birthYear;
  const experience = Math.max(-0.2, Math.min(0.25, (age - 35) * 0.015));
  const growth = Math.max(0, year - 2023) * 0.06;
  return department + own + (officer.isLeadership ? 0.35 : 0) + experience + growth;
}
