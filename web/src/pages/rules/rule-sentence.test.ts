// Rules read as sentences: the shipped level, follow-up and verification rules, in both languages, and drafts
// half edited (unknown facts and operators shown as written, never an exception).
import { describe, expect, it } from 'vitest';
import levelV1 from '../../../../rules/level/v1.json' with { type: 'json' };
import followUpV1 from '../../../../rules/follow-up/v1.json' with { type: 'json' };
import verificationV1 from '../../../../rules/verification/v1.json' with { type: 'json' };
import { rulesVi } from '../../locales/rules.vi';
import { rulesEn } from '../../locales/rules.en';
import { conditionText, ruleSentence } from './rule-sentence';

const vi = rulesVi.ruleWords;
const en = rulesEn.ruleWords;
const rule = (doc: { rules: { name: string }[] }, name: string) => doc.rules.find((r) => r.name === name)!;

describe('rule sentences', () => {
  it('reads the level rules as the coordinator says them', () => {
    expect(ruleSentence(rule(levelV1, 'level-3'), 'LEVEL', vi)).toBe('Mức 3 khi tổng điểm ≥ 85 và mọi năng lực ≥ 70');
    expect(ruleSentence(rule(levelV1, 'level-2'), 'LEVEL', vi)).toBe(
      'Mức 2 khi tổng điểm ≥ 70 và mọi năng lực yêu cầu mức 1 ≥ 50 và mọi năng lực yêu cầu mức 2 ≥ 60 và mọi năng lực yêu cầu mức 3 ≥ 70',
    );
    expect(ruleSentence(rule(levelV1, 'not-achieved'), 'LEVEL', vi)).toBe('Chưa đạt khi tổng điểm < 50 hoặc có năng lực < 30');
    expect(ruleSentence(rule(levelV1, 'level-3'), 'LEVEL', en)).toBe('Level 3 when total score ≥ 85 and every competency ≥ 70');
  });

  it('puts nested groups in parentheses and reads yes/no facts and fact references as phrases', () => {
    expect(ruleSentence(rule(followUpV1, 'reexamination-not-achieved'), 'FOLLOW_UP', vi)).toBe(
      'Kiểm tra lại (chưa đạt, trong 90 ngày) khi đối tượng xét = cả bài thi và mức năng lực = Chưa đạt và là lần thi đầu',
    );
    const retraining = ruleSentence(rule(followUpV1, 'retraining-below-required-level'), 'FOLLOW_UP', vi)!;
    expect(retraining).toBe(
      'Bồi dưỡng (dưới ngưỡng mức yêu cầu, trong 180 ngày) khi đối tượng xét = từng năng lực và ' +
        '((mức yêu cầu của năng lực ≤ 1 và điểm năng lực < 50) hoặc (mức yêu cầu của năng lực = 2 và điểm năng lực < 60) hoặc (mức yêu cầu của năng lực ≥ 3 và điểm năng lực < 70))',
    );
    expect(ruleSentence(rule(verificationV1, 'unit-out-of-scope'), 'VERIFICATION', vi)).toBe('Chặn đăng ký (ngoài phạm vi kỳ) khi đơn vị ngoài phạm vi kỳ');
    expect(ruleSentence(rule(verificationV1, 'position-differs'), 'VERIFICATION', vi)).toBe(
      'Gắn cờ để rà soát (khác vị trí đang đảm nhiệm) khi vị trí đăng ký khác vị trí đang đảm nhiệm và (vị trí đăng ký không phải vị trí trước đây hoặc không mới được điều động)',
    );
    expect(conditionText({ all: [{ fact: 'monthsInCurrentAssignment', operator: 'lessThan', value: { fact: 'recentAssignmentMonths' } }] }, vi)).toBe(
      'số tháng ở vị trí hiện tại < số tháng coi là mới điều động',
    );
    expect(conditionText({ not: { any: [{ fact: 'totalScore', operator: 'greaterThan', value: 92.5 }, { fact: 'level', operator: 'in', value: ['LEVEL_2', 'LEVEL_3'] }] } }, vi)).toBe(
      'không phải (tổng điểm > 92,5 hoặc mức năng lực thuộc {Mức 2, Mức 3})',
    );
  });

  it('shows what it cannot read as written, for a draft being edited', () => {
    expect(ruleSentence({ name: 'x', conditions: { all: [{ fact: 'totalScoer', operator: 'greaterOrEqual', value: '85' }] }, event: { type: 'level', params: { code: 'LEVEL_9' } } }, 'LEVEL', vi)).toBe(
      'LEVEL_9 khi totalScoer greaterOrEqual 85',
    );
    expect(ruleSentence({ name: 'x' }, 'LEVEL', vi)).toBeNull();
    expect(ruleSentence('not a rule', 'LEVEL', vi)).toBeNull();
  });
});
