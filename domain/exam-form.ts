// Building a candidate's exam form from a position's blueprint and the question bank. Pure and deterministic:
// the same blueprint, bank and seed always give the same form, so a stored seed explains (and re-derives) a
// form; the activities that generate forms before a session, the cycle-opening check and the tests share it.
//
// Draw rules:
// - an item fits a position when its positionIds is empty or names the position;
// - each (competency, difficulty) section draws its items without replacement from the fitting items;
// - the final order is shuffled over the whole form (not grouped by competency), so a candidate cannot read
//   the blueprint's structure off the form and hard items are not bunched together;
// - each item's option keys are shuffled (the key still identifies the option when grading);
// - the order in which the bank or the sections arrive never matters: both are sorted first.
// Randomness comes from seeded PRNG streams (seedrandom, via domain/random.ts), never Math.random.
// Changing anything here, or in Random.shuffle, changes the forms a stored seed re-derives: stored forms keep
// their pinned items, but bump FORM_SEED_VERSION so that new seeds say which algorithm drew them.
import { Random } from './random';

export type Difficulty = 'EASY' | 'MEDIUM' | 'HARD';
const DIFFICULTY_ORDER: Record<Difficulty, number> = { EASY: 0, MEDIUM: 1, HARD: 2 };

/** One drawable item version: the current version of an active bank item. */
export interface BankItem {
  itemVersionId: string;
  itemCode: string;
  competencyId: string;
  difficulty: Difficulty;
  /** Positions the item fits; empty = any position. */
  positionIds: string[];
  /** Carried for reports; the fit is decided by positionIds (the competency already ties an item to a field). */
  fieldId: string | null;
  optionKeys: string[];
}

export interface BlueprintSection {
  competencyId: string;
  difficulty: Difficulty;
  itemCount: number;
}

export interface BlueprintSpec {
  blueprintId: string;
  positionId: string;
  sections: BlueprintSection[];
}

/** A section the bank cannot serve: it asks for `required` items and only `available` fit. */
export interface Shortfall {
  blueprintId: string;
  positionId: string;
  competencyId: string;
  difficulty: Difficulty;
  required: number;
  available: number;
}

export interface FormItem {
  itemVersionId: string;
  competencyId: string;
  /** The item's option keys in the order the candidate sees them, e.g. ["C","A","D","B"]. */
  optionOrder: string[];
}

export interface AssembledForm {
  seed: string;
  /** In the order the candidate sees them. */
  items: FormItem[];
}

export class BlueprintShortfallError extends Error {
  constructor(readonly shortfalls: Shortfall[]) {
    super(
      `The question bank cannot satisfy the blueprint: ${shortfalls
        .map((s) => `${s.blueprintId} ${s.competencyId}/${s.difficulty} needs ${s.required}, ${s.available} available`)
        .join('; ')}`,
    );
    this.name = 'BlueprintShortfallError';
  }
}

export function fitsPosition(item: Pick<BankItem, 'positionIds'>, positionId: string): boolean {
  return item.positionIds.length === 0 || item.positionIds.includes(positionId);
}

/**
 * The bank grouped by (competency, difficulty), each group sorted by itemVersionId. Build it once and pass it
 * to assembleForm for every candidate: it saves sorting the whole bank per form.
 */
export class BankIndex {
  private readonly groups = new Map<string, BankItem[]>();

  constructor(bank: readonly BankItem[]) {
    const versionIds = new Set<string>();
    const codes = new Set<string>();
    for (const item of [...bank].sort((a, b) => compareStrings(a.itemVersionId, b.itemVersionId))) {
      // Two versions of one item could put the same question twice on a form: the bank is current versions only.
      if (versionIds.has(item.itemVersionId)) throw new Error(`Item version ${item.itemVersionId} is in the bank twice`);
      if (codes.has(item.itemCode)) throw new Error(`Item ${item.itemCode} has more than one version in the bank`);
      versionIds.add(item.itemVersionId);
      codes.add(item.itemCode);
      const key = groupKey(item.competencyId, item.difficulty);
      const group = this.groups.get(key);
      if (group) group.push(item);
      else this.groups.set(key, [item]);
    }
  }

  /** Items of one section that fit the position, in itemVersionId order. */
  candidates(competencyId: string, difficulty: Difficulty, positionId: string): BankItem[] {
    return (this.groups.get(groupKey(competencyId, difficulty)) ?? []).filter((item) => fitsPosition(item, positionId));
  }
}

export function indexBank(bank: readonly BankItem[]): BankIndex {
  return new BankIndex(bank);
}

/** The blueprint's sections that the bank cannot fill; empty when the blueprint can be served. */
export function blueprintShortfalls(blueprint: BlueprintSpec, bank: readonly BankItem[] | BankIndex): Shortfall[] {
  const index = bank instanceof BankIndex ? bank : new BankIndex(bank);
  const shortfalls: Shortfall[] = [];
  for (const section of normalisedSections(blueprint)) {
    const available = index.candidates(section.competencyId, section.difficulty, blueprint.positionId).length;
    if (available < section.itemCount) {
      shortfalls.push({
        blueprintId: blueprint.blueprintId,
        positionId: blueprint.positionId,
        competencyId: section.competencyId,
        difficulty: section.difficulty,
        required: section.itemCount,
        available,
      });
    }
  }
  return shortfalls;
}

/** Every shortfall of every blueprint (a cycle that cannot serve all its blueprints is refused with this list). */
export function bankShortfalls(blueprints: readonly BlueprintSpec[], bank: readonly BankItem[] | BankIndex): Shortfall[] {
  const index = bank instanceof BankIndex ? bank : new BankIndex(bank);
  return blueprints.flatMap((blueprint) => blueprintShortfalls(blueprint, index));
}

/**
 * Draws a form for one candidate. Throws BlueprintShortfallError when the bank cannot satisfy the blueprint.
 * Pass a BankIndex (indexBank) when drawing many forms from one bank.
 */
export function assembleForm(blueprint: BlueprintSpec, bank: readonly BankItem[] | BankIndex, seed: string): AssembledForm {
  const index = bank instanceof BankIndex ? bank : new BankIndex(bank);
  const shortfalls = blueprintShortfalls(blueprint, index);
  if (shortfalls.length > 0) throw new BlueprintShortfallError(shortfalls);

  // Separate streams per purpose, so that e.g. a different option count never changes which items are drawn.
  const draw = new Random(`${seed}/draw`);
  const drawn: BankItem[] = [];
  for (const section of normalisedSections(blueprint)) {
    drawn.push(...draw.sample(index.candidates(section.competencyId, section.difficulty, blueprint.positionId), section.itemCount));
  }
  const ordered = new Random(`${seed}/order`).shuffle(drawn);
  const options = new Random(`${seed}/options`);
  return {
    seed,
    items: ordered.map((item) => ({
      itemVersionId: item.itemVersionId,
      competencyId: item.competencyId,
      optionOrder: options.shuffle([...item.optionKeys].sort(compareStrings)),
    })),
  };
}

/** Bumped whenever the draw algorithm changes, so a stored seed says which algorithm it belongs to. */
export const FORM_SEED_VERSION = 1;

/**
 * The seed of a registration's form: stable, readable, and unambiguous (the cycle seed is length-prefixed, so
 * no cycle seed / registration id pair can produce another pair's seed).
 */
export function formSeed(registrationId: string, cycleSeed: string): string {
  return `form-v${FORM_SEED_VERSION}:${cycleSeed.length}:${cycleSeed}:${registrationId}`;
}

/** Sections merged per (competency, difficulty), empty ones dropped, in a fixed order. */
function normalisedSections(blueprint: BlueprintSpec): BlueprintSection[] {
  const merged = new Map<string, BlueprintSection>();
  for (const section of blueprint.sections) {
    if (!Number.isInteger(section.itemCount) || section.itemCount < 0) {
      throw new Error(`Blueprint ${blueprint.blueprintId}: ${section.competencyId}/${section.difficulty} asks for ${section.itemCount} items`);
    }
    if (section.itemCount === 0) continue;
    const key = groupKey(section.competencyId, section.difficulty);
    const existing = merged.get(key);
    if (existing) existing.itemCount += section.itemCount;
    else merged.set(key, { ...section });
  }
  return [...merged.values()].sort(
    (a, b) => compareStrings(a.competencyId, b.competencyId) || DIFFICULTY_ORDER[a.difficulty] - DIFFICULTY_ORDER[b.difficulty],
  );
}

function groupKey(competencyId: string, difficulty: Difficulty): string {
  return `${competencyId}\u0000${difficulty}`;
}

/** Code-unit order, independent of the locale (localeCompare would make forms depend on the machine). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
