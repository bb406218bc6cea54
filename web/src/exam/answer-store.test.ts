// The browser's draft of answers: kept by the attempt's handles; a draft the page cannot use (the format before
// handles, a paper it does not fit, a damaged value) is dropped, never sent and never a crash.
import { describe, expect, it } from 'vitest';
import { AnswerStore, type ServerAnswers } from './answer-store';

class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

const paper: ServerAnswers['questions'] = [
  { itemHandle: 'q1', options: [{ optionHandle: 'q1-a' }, { optionHandle: 'q1-b' }] },
  { itemHandle: 'q2', options: [{ optionHandle: 'q2-a' }, { optionHandle: 'q2-b' }] },
];
const server: ServerAnswers = { answers: { q1: 'q1-a' }, flagged: [], seqs: { q1: 100 }, questions: paper };
const now = () => 1_000;

describe('the answer draft', () => {
  it('sends what the browser changed after the server last saved, by handle', () => {
    const storage = new MemoryStorage();
    storage.setItem('cas.exam.v2.T1', JSON.stringify({ answers: { q1: { optionHandle: 'q1-b', flagged: true, seq: 200, acked: false } } }));
    const store = new AnswerStore('T1', server, now, storage);
    expect(store.pending()).toEqual([{ itemHandle: 'q1', optionHandle: 'q1-b', flagged: true, seq: 200 }]);
  });

  it('drops a draft from before handles (by item version id and key), and anything not on this paper', () => {
    const storage = new MemoryStorage();
    storage.setItem('cas.exam.T1', JSON.stringify({ answers: { 'QIV-1': { chosenKey: 'C', flagged: false, seq: 900, acked: false } } }));
    storage.setItem(
      'cas.exam.v2.T1',
      JSON.stringify({
        answers: {
          'QIV-1': { chosenKey: 'C', flagged: false, seq: 900, acked: false }, // the former shape under the new key
          q2: { optionHandle: 'C', flagged: false, seq: 900, acked: false }, // a raw key, not one of q2's handles
          q1: { optionHandle: 'q1-b', flagged: 'yes', seq: 900, acked: false }, // damaged
        },
      }),
    );
    const store = new AnswerStore('T1', server, now, storage);
    expect(store.pending()).toEqual([]);
    expect(store.get('q1')).toEqual({ optionHandle: 'q1-a', flagged: false, seq: 100, acked: true });
    expect(store.get('q2')).toBeUndefined();
    expect(storage.getItem('cas.exam.T1')).toBeNull();
  });

  it('survives a draft that is not JSON at all', () => {
    for (const junk of ['{not json', 'null', '[1,2]', '"text"', '{"answers":null}', '{"answers":{"q1":null}}']) {
      const storage = new MemoryStorage();
      storage.setItem('cas.exam.v2.T1', junk);
      const store = new AnswerStore('T1', server, now, storage);
      expect(store.pending()).toEqual([]);
      expect(store.get('q1')?.optionHandle).toBe('q1-a');
    }
  });
});
