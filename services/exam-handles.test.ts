// Handles: opaque, per attempt, stable for one secret, translated back only when they are on the attempt's paper.
import { describe, expect, it } from 'vitest';
import { ExamHandles } from './exam-handles';

const items = [
  { itemVersionId: 'QIV-1', optionOrder: ['C', 'A', 'D', 'B'] },
  { itemVersionId: 'QIV-2', optionOrder: ['B', 'D', 'A', 'C'] },
];
const signer = ExamHandles.fromSecret('a-server-secret-a-server-secret-000000');

describe('exam handles', () => {
  it('are opaque and differ between attempts, items and options', () => {
    const one = signer.forAttempt('attempt-1', items);
    const two = signer.forAttempt('attempt-2', items);
    const all = [one, two].flatMap((h) => items.flatMap((i) => [h.item(i.itemVersionId), ...i.optionOrder.map((k) => h.option(i.itemVersionId, k))]));
    expect(new Set(all).size).toBe(all.length);
    for (const handle of all) expect(handle).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('are the same for the same secret (every API process, after a restart) and differ for another', () => {
    const again = ExamHandles.fromSecret('a-server-secret-a-server-secret-000000').forAttempt('attempt-1', items);
    const other = ExamHandles.fromSecret('another-secret-another-secret-0000000').forAttempt('attempt-1', items);
    const h = signer.forAttempt('attempt-1', items);
    expect(again.item('QIV-1')).toBe(h.item('QIV-1'));
    expect(again.option('QIV-1', 'A')).toBe(h.option('QIV-1', 'A'));
    expect(other.item('QIV-1')).not.toBe(h.item('QIV-1'));
  });

  it('translate a change back to the item version and key, and nothing else', () => {
    const h = signer.forAttempt('attempt-1', items);
    const elsewhere = signer.forAttempt('attempt-2', items);
    expect(h.read({ itemHandle: h.item('QIV-2'), optionHandle: h.option('QIV-2', 'D') })).toEqual({ itemVersionId: 'QIV-2', chosenKey: 'D' });
    expect(h.read({ itemHandle: h.item('QIV-2'), optionHandle: null })).toEqual({ itemVersionId: 'QIV-2', chosenKey: null });
    expect(h.read({ itemHandle: 'QIV-2', optionHandle: null })).toEqual({ problem: 'UNKNOWN_ITEM' });
    expect(h.read({ itemHandle: elsewhere.item('QIV-2'), optionHandle: null })).toEqual({ problem: 'UNKNOWN_ITEM' });
    expect(h.read({ itemHandle: h.item('QIV-2'), optionHandle: 'D' })).toEqual({ problem: 'UNKNOWN_OPTION', number: 2 });
    expect(h.read({ itemHandle: h.item('QIV-2'), optionHandle: h.option('QIV-1', 'D') })).toEqual({ problem: 'UNKNOWN_OPTION', number: 2 });
    expect(h.read({ itemHandle: h.item('QIV-2'), optionHandle: elsewhere.option('QIV-2', 'D') })).toEqual({ problem: 'UNKNOWN_OPTION', number: 2 });
  });

  it('present saved answers by handle, leaving out anything not on the paper', () => {
    const h = signer.forAttempt('attempt-1', items);
    const shown = h.present([
      { itemVersionId: 'QIV-1', chosenKey: 'B', flagged: true, seq: 7 },
      { itemVersionId: 'QIV-2', chosenKey: null, flagged: false, seq: 8 },
      { itemVersionId: 'QIV-9', chosenKey: 'A', flagged: true, seq: 9 },
    ]);
    expect(shown).toEqual({
      answers: { [h.item('QIV-1')]: h.option('QIV-1', 'B'), [h.item('QIV-2')]: null },
      flagged: [h.item('QIV-1')],
      seqs: { [h.item('QIV-1')]: 7, [h.item('QIV-2')]: 8 },
    });
  });
});
