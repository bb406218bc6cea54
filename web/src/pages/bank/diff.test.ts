// The comparison of two question versions: which parts changed and the stem's words kept, removed and added.
import { describe, expect, it } from 'vitest';
import { versionChanges, wordDiff, type VersionContent } from './diff';

const v1: VersionContent = {
  stem: 'Công chức hải quan xử lý thế nào khi tờ khai bị phân luồng đỏ?',
  options: [
    { key: 'A', text: 'Kiểm tra thực tế hàng hóa' },
    { key: 'B', text: 'Thông quan ngay' },
    { key: 'C', text: 'Từ chối tờ khai' },
  ],
  correctKey: 'A',
  competencyId: 'C-F1-3',
  difficulty: 'EASY',
  fieldId: 'F1',
  positionIds: ['P-F1-01', 'P-F1-02'],
};

describe('versionChanges', () => {
  it('finds nothing between equal versions (positions in any order)', () => {
    const c = versionChanges(v1, { ...v1, positionIds: ['P-F1-02', 'P-F1-01'] });
    expect(c.any).toBe(false);
    expect(c.options).toEqual({ A: 'same', B: 'same', C: 'same' });
  });

  it('names each changed part and each option added, removed or rewritten', () => {
    const v2: VersionContent = {
      ...v1,
      stem: 'Công chức hải quan xử lý thế nào khi tờ khai bị phân luồng vàng?',
      options: [
        { key: 'A', text: 'Kiểm tra thực tế hàng hóa' },
        { key: 'B', text: 'Kiểm tra hồ sơ giấy' },
        { key: 'D', text: 'Chuyển cơ quan khác' },
      ],
      correctKey: 'B',
      difficulty: 'MEDIUM',
      positionIds: [],
    };
    const c = versionChanges(v1, v2);
    expect(c).toMatchObject({ any: true, stem: true, correctKey: true, difficulty: true, competencyId: false, fieldId: false, positionIds: true });
    expect(c.options).toEqual({ A: 'same', B: 'changed', C: 'removed', D: 'added' });
  });
});

describe('wordDiff', () => {
  it('keeps the common words and marks the replaced one', () => {
    expect(wordDiff('phân luồng đỏ rồi', 'phân luồng vàng rồi')).toEqual([
      { text: 'phân luồng ', kind: 'same' },
      { text: 'đỏ ', kind: 'removed' },
      { text: 'vàng ', kind: 'added' },
      { text: 'rồi', kind: 'same' },
    ]);
  });

  it('gives back each text exactly from its parts', () => {
    const before = 'Theo Luật Hải quan 2014,  công chức  phải làm gì?';
    const after = 'Theo Luật Hải quan sửa đổi, công chức phải làm gì trước tiên?';
    const parts = wordDiff(before, after);
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('').replace(/\s+/g, ' ')).toBe(before.replace(/\s+/g, ' '));
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('').replace(/\s+/g, ' ')).toBe(after.replace(/\s+/g, ' '));
  });

  it('handles empty texts', () => {
    expect(wordDiff('', '')).toEqual([]);
    expect(wordDiff('', 'mới')).toEqual([{ text: 'mới', kind: 'added' }]);
    expect(wordDiff('cũ', '')).toEqual([{ text: 'cũ', kind: 'removed' }]);
  });
});
