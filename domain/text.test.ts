import { describe, expect, it } from 'vitest';
import { stripDiacritics, toSearchName } from './text';

describe('toSearchName', () => {
  it.each([
    ['Nguyễn Văn Đức', 'nguyen van duc'],
    ['Trần Thị Thủy', 'tran thi thuy'],
    ['Lê Hữu Cường', 'le huu cuong'],
    ['Phạm Ngọc Yến', 'pham ngoc yen'],
    ['Huỳnh Thị Hương', 'huynh thi huong'],
    ['ĐẶNG QUỐC VIỆT', 'dang quoc viet'],
    ['  Võ   Minh\tQuân  ', 'vo minh quan'],
    ['Đỗ Thị Hạnh', 'do thi hanh'],
    ['Dương Văn Sơn', 'duong van son'],
  ])('%s -> %s', (name, expected) => {
    expect(toSearchName(name)).toBe(expected);
  });

  it('treats composed and decomposed input alike', () => {
    const decomposed = 'Nguyễn Thị Ánh'.normalize('NFD');
    expect(toSearchName(decomposed)).toBe('nguyen thi anh');
  });

  it('leaves ASCII alone apart from case and spacing', () => {
    expect(toSearchName('Cong ty TNHH  ABC ')).toBe('cong ty tnhh abc');
  });
});

describe('stripDiacritics', () => {
  it('keeps case', () => {
    expect(stripDiacritics('Cục Hải quan Lạng Sơn')).toBe('Cuc Hai quan Lang Son');
    expect(stripDiacritics('Đà Nẵng')).toBe('Da Nang');
  });
});
