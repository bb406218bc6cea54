import { describe, expect, it } from 'vitest';
import { renderReason, renderTrace } from './reason-messages';
import { REASON_CODES } from './vocabulary';

describe('renderReason', () => {
  it('has a Vietnamese and an English sentence for every reason code', () => {
    for (const code of REASON_CODES) {
      for (const locale of ['vi', 'en'] as const) expect(renderReason({ code, params: {} }, locale)).not.toContain(code);
    }
  });

  it.each([
    [{ code: 'POSITION_DIFFERS' }, 'Vị trí đăng ký khác vị trí đang đảm nhiệm', 'Registered position differs from the current assignment'],
    [
      { code: 'POSITION_DIFFERS', params: { chosenPosition: 'Công chức phân loại hàng hóa', heldPosition: 'Công chức kiểm tra hồ sơ' } },
      'Vị trí đăng ký "Công chức phân loại hàng hóa" khác vị trí đang đảm nhiệm "Công chức kiểm tra hồ sơ"',
      'Registered position "Công chức phân loại hàng hóa" differs from the position held, "Công chức kiểm tra hồ sơ"',
    ],
    [{ code: 'OUT_OF_SCOPE', params: { scope: 'field' } }, 'Lĩnh vực chuyên môn không thuộc phạm vi kỳ đánh giá', "The professional field is outside this cycle's scope"],
    [
      { code: 'DUPLICATE_REGISTRATION', params: { count: 1 } },
      'Công chức đã có 1 đăng ký khác còn hiệu lực trong kỳ đánh giá đang diễn ra trùng thời gian',
      'The officer already has another active registration in an overlapping running cycle',
    ],
    [
      { code: 'LEADERSHIP_MISMATCH', params: { heldIsLeadership: false, chosenIsLeadership: true } },
      'Không giữ chức vụ lãnh đạo nhưng đăng ký vị trí lãnh đạo',
      'Holds no leadership post but registered for a leadership position',
    ],
  ])('%o', (reason, vi, en) => {
    expect(renderReason(reason, 'vi')).toBe(vi);
    expect(renderReason(reason, 'en')).toBe(en);
  });

  it('shows an unknown code with its params rather than nothing', () => {
    expect(renderReason({ code: 'NEW_CODE', params: { a: 1 } }, 'en')).toBe('NEW_CODE {"a":1}');
  });
});

describe('renderTrace', () => {
  it('says so when no rule fired', () => {
    expect(renderTrace([{ rule: 'a', fired: false, conditions: [] }], 'vi')).toEqual(['không có quy tắc nào được kích hoạt']);
  });

  it('falls back to the event type for events without a reason code', () => {
    expect(renderTrace([{ rule: 'level-3', fired: true, event: { type: 'level', params: {} }, conditions: [] }], 'en')).toEqual([
      'fired: level (level-3)',
    ]);
  });
});
