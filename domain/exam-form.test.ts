// Pure tests of form assembly: no database involved.
import { describe, expect, it } from 'vitest';
import { buildBlueprints } from '../prisma/demo/frameworks';
import { buildQuestionBank } from '../prisma/demo/question-bank';
import { randomFor } from './random';
import {
  assembleForm,
  type BankItem,
  bankShortfalls,
  blueprintShortfalls,
  BlueprintShortfallError,
  type BlueprintSpec,
  type Difficulty,
  formSeed,
  indexBank,
} from './exam-form';

/** The demo bank (30 competencies × 30 items) and the 40 demo blueprints, as the activities load them. */
function demoBank(): BankItem[] {
  return buildQuestionBank(randomFor('customs-2026', 'question-bank')).versions.map((v) => ({
    itemVersionId: v.id!,
    itemCode: v.itemId,
    competencyId: v.competencyId,
    difficulty: v.difficulty,
    positionIds: (v.positionIds as string[]) ?? [],
    fieldId: v.fieldId ?? null,
    optionKeys: (v.options as { key: string }[]).map((o) => o.key),
  }));
}

function demoBlueprints(): BlueprintSpec[] {
  const { blueprints, sections } = buildBlueprints();
  return blueprints.map((b) => ({
    blueprintId: b.id!,
    positionId: b.positionId,
    sections: sections
      .filter((s) => s.blueprintId === b.id)
      .map((s) => ({ competencyId: s.competencyId, difficulty: s.difficulty, itemCount: s.itemCount })),
  }));
}

/** A small hand-made bank: `count` items of one competency and difficulty, optionally limited to positions. */
function items(competencyId: string, difficulty: Difficulty, count: number, positionIds: string[] = [], prefix = ''): BankItem[] {
  return Array.from({ length: count }, (_, i) => {
    const code = `${prefix}${competencyId}-${difficulty}-${i + 1}`;
    return { itemVersionId: `${code}-v1`, itemCode: code, competencyId, difficulty, positionIds, fieldId: null, optionKeys: ['A', 'B', 'C', 'D'] };
  });
}

const bank = demoBank();
const blueprints = demoBlueprints();
const staffBlueprint = blueprints.find((b) => b.positionId === 'P-F2-01')!;
const sectionKey = (competencyId: string, difficulty: string) => `${competencyId}/${difficulty}`;

describe('bank sufficiency', () => {
  it('finds the demo bank sufficient for every demo blueprint', () => {
    expect(bank).toHaveLength(900);
    expect(blueprints).toHaveLength(40);
    expect(bankShortfalls(blueprints, bank)).toEqual([]);
  });

  it('lists each section the bank cannot fill, with what it needs and what fits', () => {
    const blueprint: BlueprintSpec = {
      blueprintId: 'BP-X',
      positionId: 'P-1',
      sections: [
        { competencyId: 'C-1', difficulty: 'EASY', itemCount: 3 }, // 4 fit: fine
        { competencyId: 'C-1', difficulty: 'HARD', itemCount: 5 }, // 2 for any position + 1 for P-1; 4 for P-2 do not fit
        { competencyId: 'C-2', difficulty: 'MEDIUM', itemCount: 2 }, // none at all
      ],
    };
    const small = [
      ...items('C-1', 'EASY', 4),
      ...items('C-1', 'HARD', 2),
      ...items('C-1', 'HARD', 1, ['P-1', 'P-3'], 'p1-'),
      ...items('C-1', 'HARD', 4, ['P-2'], 'p2-'),
      ...items('C-2', 'EASY', 6),
    ];
    const expected = [
      { blueprintId: 'BP-X', positionId: 'P-1', competencyId: 'C-1', difficulty: 'HARD', required: 5, available: 3 },
      { blueprintId: 'BP-X', positionId: 'P-1', competencyId: 'C-2', difficulty: 'MEDIUM', required: 2, available: 0 },
    ];
    expect(blueprintShortfalls(blueprint, small)).toEqual(expected);

    // The same blueprint for P-2 sees the P-2 items and not P-1's.
    const forP2 = { ...blueprint, blueprintId: 'BP-Y', positionId: 'P-2' };
    expect(bankShortfalls([blueprint, forP2], small)).toEqual([
      ...expected,
      { blueprintId: 'BP-Y', positionId: 'P-2', competencyId: 'C-2', difficulty: 'MEDIUM', required: 2, available: 0 },
    ]);

    let error: unknown;
    try {
      assembleForm(blueprint, small, 'seed');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BlueprintShortfallError);
    expect((error as BlueprintShortfallError).shortfalls).toEqual(expected);
    expect((error as Error).message).toContain('BP-X C-1/HARD needs 5, 3 available');
  });

  it('counts duplicated sections together and ignores empty ones', () => {
    const blueprint: BlueprintSpec = {
      blueprintId: 'BP-D',
      positionId: 'P-1',
      sections: [
        { competencyId: 'C-1', difficulty: 'EASY', itemCount: 2 },
        { competencyId: 'C-1', difficulty: 'EASY', itemCount: 2 },
        { competencyId: 'C-9', difficulty: 'HARD', itemCount: 0 },
      ],
    };
    expect(blueprintShortfalls(blueprint, items('C-1', 'EASY', 3))).toEqual([
      { blueprintId: 'BP-D', positionId: 'P-1', competencyId: 'C-1', difficulty: 'EASY', required: 4, available: 3 },
    ]);
    expect(assembleForm(blueprint, items('C-1', 'EASY', 4), 's').items).toHaveLength(4);
  });

  it('refuses a bank holding two versions of one item (the same question could appear twice)', () => {
    const [one] = items('C-1', 'EASY', 1);
    expect(() => indexBank([one, { ...one, itemVersionId: `${one.itemCode}-v2` }])).toThrow(/more than one version/);
  });
});

describe('assembleForm', () => {
  it('is reproducible: the same blueprint, bank and seed give the same form, whatever the input order', () => {
    const seed = formSeed('reg-1', 'cycle-2026');
    const form = assembleForm(staffBlueprint, bank, seed);
    expect(assembleForm(staffBlueprint, bank, seed)).toEqual(form);
    const reversed = { ...staffBlueprint, sections: [...staffBlueprint.sections].reverse() };
    const shuffledBank = randomFor('any', 'order').shuffle(bank).map((item) => ({ ...item, optionKeys: [...item.optionKeys].reverse() }));
    expect(assembleForm(reversed, shuffledBank, seed)).toEqual(form);
    expect(assembleForm(staffBlueprint, indexBank(shuffledBank), seed)).toEqual(form);
    expect(form.seed).toBe(seed);
  });

  it('draws other items, in another order, with other option orders under another seed', () => {
    const a = assembleForm(staffBlueprint, bank, formSeed('reg-1', 'cycle-2026'));
    const b = assembleForm(staffBlueprint, bank, formSeed('reg-2', 'cycle-2026'));
    const idsA = a.items.map((i) => i.itemVersionId);
    const idsB = b.items.map((i) => i.itemVersionId);
    expect(new Set(idsA)).not.toEqual(new Set(idsB));
    expect(idsA).not.toEqual(idsB);
    const common = idsA.filter((id) => idsB.includes(id));
    const orderOf = (form: typeof a, id: string) => form.items.find((i) => i.itemVersionId === id)!.optionOrder.join('');
    expect(common.some((id) => orderOf(a, id) !== orderOf(b, id))).toBe(true);
  });

  it('fills every section with the counts asked, distinct items that fit the position, in a shuffled order', () => {
    const byId = new Map(bank.map((item) => [item.itemVersionId, item]));
    for (const blueprint of blueprints) {
      const form = assembleForm(blueprint, bank, formSeed(`reg-${blueprint.positionId}`, 'cycle'));
      const ids = form.items.map((i) => i.itemVersionId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toHaveLength(40);
      const counts = new Map<string, number>();
      for (const formItem of form.items) {
        const item = byId.get(formItem.itemVersionId)!;
        expect(formItem.competencyId).toBe(item.competencyId);
        const key = sectionKey(item.competencyId, item.difficulty);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      expect(counts).toEqual(new Map(blueprint.sections.map((s) => [sectionKey(s.competencyId, s.difficulty), s.itemCount])));
      // Shuffled over the whole form, not grouped: some neighbours belong to different competencies, out of order.
      const competencies = form.items.map((i) => i.competencyId);
      expect(competencies).not.toEqual([...competencies].sort());
    }
  });

  it('draws only items that fit the position', () => {
    const blueprint: BlueprintSpec = { blueprintId: 'BP-P', positionId: 'P-1', sections: [{ competencyId: 'C-1', difficulty: 'MEDIUM', itemCount: 3 }] };
    const small = [...items('C-1', 'MEDIUM', 3, ['P-1'], 'mine-'), ...items('C-1', 'MEDIUM', 10, ['P-2'], 'other-')];
    for (let n = 0; n < 20; n++) {
      const ids = assembleForm(blueprint, small, `s${n}`).items.map((i) => i.itemVersionId).sort();
      expect(ids).toEqual(['mine-C-1-MEDIUM-1-v1', 'mine-C-1-MEDIUM-2-v1', 'mine-C-1-MEDIUM-3-v1']);
    }
  });

  it('shuffles each item\'s options into a permutation of its keys, and over many forms every key leads somewhere', () => {
    const firstKeys = new Set<string>();
    for (let n = 0; n < 50; n++) {
      for (const item of assembleForm(staffBlueprint, bank, `seed-${n}`).items) {
        expect([...item.optionOrder].sort()).toEqual(['A', 'B', 'C', 'D']);
        firstKeys.add(item.optionOrder[0]);
      }
    }
    expect(firstKeys).toEqual(new Set(['A', 'B', 'C', 'D']));
  });

  it('draws every fitting item of a section about equally often', () => {
    const blueprint: BlueprintSpec = { blueprintId: 'BP-U', positionId: 'P-1', sections: [{ competencyId: 'C-1', difficulty: 'EASY', itemCount: 2 }] };
    const small = items('C-1', 'EASY', 5);
    const draws = new Map<string, number>();
    for (let n = 0; n < 2_000; n++) {
      for (const item of assembleForm(blueprint, small, `u${n}`).items) draws.set(item.itemVersionId, (draws.get(item.itemVersionId) ?? 0) + 1);
    }
    // 2,000 forms × 2 items / 5 items = 800 each; ±15% is far outside the binomial noise (sd ≈ 22).
    for (const count of draws.values()) expect(Math.abs(count - 800)).toBeLessThan(120);
  });

  it('derives a stable, unambiguous seed per registration and cycle', () => {
    expect(formSeed('reg-1', 'cycle-2026')).toBe(formSeed('reg-1', 'cycle-2026'));
    expect(formSeed('reg-1', 'cycle-2026')).toBe('form-v1:10:cycle-2026:reg-1');
    expect(formSeed('b:c', 'a')).not.toBe(formSeed('c', 'a:b'));
    expect(formSeed('reg-1', 'cycle-2026')).not.toBe(formSeed('reg-2', 'cycle-2026'));
  });

  it('draws a 40-item form from the 900-item bank in well under a millisecond (timed, not asserted)', () => {
    const index = indexBank(bank);
    const forms = 2_000;
    const timeForms = (source: BankItem[] | ReturnType<typeof indexBank>) => {
      const started = performance.now();
      for (let n = 0; n < forms; n++) assembleForm(staffBlueprint, source, `bench-${n}`);
      return (performance.now() - started) / forms;
    };
    timeForms(index); // warm up
    const indexed = timeForms(index);
    const unindexed = timeForms(bank);
    console.log(
      `assembleForm: ${indexed.toFixed(3)} ms per 40-item form with a prepared BankIndex, ${unindexed.toFixed(3)} ms from the raw ${bank.length}-item bank ` +
        `(10,000 forms: ${((indexed * 10_000) / 1000).toFixed(1)} s / ${((unindexed * 10_000) / 1000).toFixed(1)} s)`,
    );
  });
});
