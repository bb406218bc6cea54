import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  contentProblems,
  normaliseContent,
  parseDifficulty,
  parseQuestionFile,
  parseStatus,
  questionCsv,
  questionRowError,
  questionWorkbook,
  sameContent,
  type ItemContent,
  type QuestionExportRow,
} from './question-file';
import { workbookToBuffer } from './spreadsheet';

const VI_HEADER = ['Mã câu hỏi', 'Năng lực', 'Độ khó', 'Lĩnh vực', 'Vị trí', 'Nội dung câu hỏi', 'Phương án A', 'Phương án B', 'Phương án C', 'Phương án D', 'Đáp án', 'Trạng thái'];

function csv(rows: string[][], eol = '\r\n'): Buffer {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(quote).join(',')).join(eol)}${eol}`, 'utf8');
}

async function xlsx(rows: (string | number | undefined)[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Câu hỏi');
  rows.forEach((r, i) => r.forEach((v, j) => v !== undefined && (sheet.getCell(i + 1, j + 1).value = v)));
  return workbookToBuffer(workbook);
}

describe('parseQuestionFile: good files', () => {
  it('reads a Vietnamese CSV (UTF-8 with BOM): codes upper-cased, labels to enums, options in key order', async () => {
    const parsed = await parseQuestionFile(
      csv([
        VI_HEADER,
        ['q-law-0001', 'c-com-law', 'Dễ', '', '', 'Thời hạn làm thủ tục hải quan đối với hàng hóa nhập khẩu là bao lâu?', 'Trong 8 giờ', '02 giờ làm việc', '', '', 'b', ''],
        ['Q-F1-0002', 'C-F1-1', 'Trung bình', 'f1', 'p-f1-01, P-F1-02;P-F1-01', 'Khi "phân luồng đỏ", công chức làm gì?', 'Kiểm tra thực tế', 'Cho thông quan', 'Trả hồ sơ', 'Chờ chỉ đạo', 'A', 'Đang sử dụng'],
      ]),
      'ngan-hang.csv',
      'text/csv',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        row: 2, code: 'Q-LAW-0001', competencyCode: 'C-COM-LAW', difficulty: 'EASY', fieldCode: null, positionCodes: [],
        stem: 'Thời hạn làm thủ tục hải quan đối với hàng hóa nhập khẩu là bao lâu?',
        options: [{ key: 'A', text: 'Trong 8 giờ' }, { key: 'B', text: '02 giờ làm việc' }], correctKey: 'B',
      },
      {
        row: 3, code: 'Q-F1-0002', competencyCode: 'C-F1-1', difficulty: 'MEDIUM', fieldCode: 'F1', positionCodes: ['P-F1-01', 'P-F1-02'],
        stem: 'Khi "phân luồng đỏ", công chức làm gì?',
        options: [{ key: 'A', text: 'Kiểm tra thực tế' }, { key: 'B', text: 'Cho thông quan' }, { key: 'C', text: 'Trả hồ sơ' }, { key: 'D', text: 'Chờ chỉ đạo' }],
        correctKey: 'A', status: 'ACTIVE',
      },
    ]);
    expect(parsed.columns).toMatchObject({ code: 'A', competency: 'B', difficulty: 'C', stem: 'F', optionA: 'G', optionD: 'J', key: 'K', status: 'L' });
  });

  it('reads English headers in any order from an XLSX, with options E and F and unaccented labels', async () => {
    const parsed = await parseQuestionFile(
      await xlsx([
        ['QUESTION BANK'],
        ['Key', 'Option F', 'Option E', 'Option B', 'Option A', 'Stem', 'difficulty', 'COMPETENCY', 'Item code', 'Status'],
        ['F', 'Sáu', 'Năm', 'Hai', 'Một', 'Chọn số lớn nhất', 'kho', 'C-COM-IT', 'Q-IT-1', 'retired'],
        ['a', undefined, undefined, 100, 0.5, 'Số nào nhỏ hơn?', 'trung binh', 'C-COM-IT', 'Q-IT-2', 'nhap'],
      ]),
      'bank.xlsx',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.row, r.code, r.difficulty, r.status, r.options.map((o) => `${o.key}=${o.text}`).join(' '), r.correctKey])).toEqual([
      [3, 'Q-IT-1', 'HARD', 'RETIRED', 'A=Một B=Hai E=Năm F=Sáu', 'F'],
      [4, 'Q-IT-2', 'MEDIUM', 'DRAFT', 'A=0.5 B=100', 'A'],
    ]);
  });
});

describe('parseQuestionFile: bad files', () => {
  it('reports every bad row with its row, column letter and message in both languages, and keeps no bad row', async () => {
    const parsed = await parseQuestionFile(
      csv([
        VI_HEADER,
        ['Q-1', 'C-F1-1', 'Dễ', '', '', 'Câu hỏi đúng', 'Có', 'Không', '', '', 'A', ''],
        ['', 'C-F1-1', 'Rất khó', '', '', 'Câu hỏi', 'Có', 'Không', '', '', 'A', ''],
        ['Q-3', '', 'Khó', '', '', '', 'Có', '', '', '', 'C', 'Đã xóa'],
        ['Q 4', 'C-F1-1', 'Dễ', '', '', 'Câu hỏi', 'Đúng', 'đúng', 'Sai', '', 'E', ''],
        ['Q-5', 'C-F1-1', 'Dễ', '', '', 'Câu hỏi', 'Có', 'Không', '', '', '', ''],
        ['Q-1', 'C-F1-1', 'Dễ', '', '', 'Câu hỏi lặp mã', 'Có', 'Không', '', '', 'B', ''],
      ]),
      'a.csv',
    );
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'A', 'DUPLICATE_ITEM_CODE'],
      [3, 'A', 'REQUIRED_CELL_EMPTY'],
      [3, 'C', 'INVALID_DIFFICULTY'],
      [4, 'B', 'REQUIRED_CELL_EMPTY'],
      [4, 'F', 'STEM_EMPTY'],
      [4, 'G', 'TOO_FEW_OPTIONS'],
      [4, 'K', 'KEY_NOT_AN_OPTION'],
      [4, 'L', 'INVALID_STATUS'],
      [5, 'A', 'INVALID_ITEM_CODE'],
      [5, 'H', 'DUPLICATE_OPTION_TEXT'],
      [5, 'K', 'KEY_NOT_AN_OPTION'],
      [6, 'K', 'KEY_EMPTY'],
      [7, 'A', 'DUPLICATE_ITEM_CODE'],
    ]);
    const message = (row: number, column: string) => parsed.errors.find((e) => e.row === row && e.column === column)!.message;
    expect(message(2, 'A')).toEqual({ vi: 'Câu hỏi mã Q-1 bị nhập trùng: mã này cũng có ở dòng 7.', en: 'Item code Q-1 is listed more than once: also on row 7.' });
    expect(message(3, 'A')).toEqual({ vi: 'Chưa nhập mã câu hỏi.', en: 'Item code is empty.' });
    expect(message(3, 'C')).toEqual({
      vi: 'Độ khó "Rất khó" không hợp lệ: ghi Dễ, Trung bình hoặc Khó (hoặc EASY, MEDIUM, HARD).',
      en: 'Difficulty "Rất khó" is not valid: use Dễ, Trung bình or Khó (or EASY, MEDIUM, HARD).',
    });
    expect(message(4, 'G')).toEqual({ vi: 'Câu hỏi phải có ít nhất 2 phương án (hiện có 1).', en: 'A question needs at least 2 options (it has 1).' });
    expect(message(4, 'K')).toEqual({ vi: 'Đáp án "C" không phải là một phương án của câu hỏi (các phương án: A).', en: 'The key "C" is not one of the options (A).' });
    expect(message(5, 'H')).toEqual({ vi: 'Phương án B trùng nội dung với phương án A.', en: 'Option B has the same text as option A.' });
    expect(message(5, 'K')).toEqual({ vi: 'Đáp án "E" không phải là một phương án của câu hỏi (các phương án: A, B, C).', en: 'The key "E" is not one of the options (A, B, C).' });
    expect(message(6, 'K')).toEqual({ vi: 'Chưa nhập đáp án.', en: 'The key (correct option) is empty.' });
  });

  it('reports missing required columns by name, with the accepted names', async () => {
    const parsed = await parseQuestionFile(csv([['Mã câu hỏi', 'Năng lực', 'Độ khó', 'Nội dung câu hỏi', 'Phương án A', 'Đáp án'], ['Q-1', 'C-F1-1', 'Dễ', 'Câu hỏi', 'Có', 'A']]), 'a.csv');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([
      questionRowError(1, 'Phương án B', 'MISSING_COLUMN', { column: { vi: 'Phương án B', en: 'Option B' }, accepted: '"Phương án B", "Option B", "Lựa chọn B"' }),
    ]);
    expect(parsed.errors[0].message.en).toBe('The required column "Option B" is missing. Accepted header names: "Phương án B", "Option B", "Lựa chọn B".');
  });

  it('refuses files it cannot read, and a header without questions', async () => {
    expect((await parseQuestionFile(Buffer.alloc(0), 'a.csv')).errors.map((e) => e.code)).toEqual(['EMPTY_FILE']);
    expect((await parseQuestionFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'a.xls')).errors.map((e) => e.code)).toEqual(['OLD_EXCEL_FORMAT']);
    expect((await parseQuestionFile(Buffer.from('Mã câu hỏi,Nội dung câu hỏi\nQ-1,Câu hỏi về thuế\n', 'latin1'), 'a.csv')).errors.map((e) => e.code)).toEqual(['NOT_UTF8']);
    const headerOnly = await parseQuestionFile(csv([VI_HEADER]), 'a.csv');
    expect(headerOnly.errors).toEqual([questionRowError(0, '', 'NO_DATA_ROWS')]);
    expect(headerOnly.errors[0].message.vi).toBe('Tệp chỉ có dòng tiêu đề, chưa có câu hỏi nào.');
  });
});

describe('export and import again', () => {
  // Text that spreadsheets like to change: accents (also decomposed), quotes, commas, line breaks, a leading "=",
  // numbers with leading zeros, dates, booleans, fractions.
  const rows: QuestionExportRow[] = [
    {
      code: 'Q-RT-0001', competencyCode: 'C-F2-1', difficulty: 'HARD', fieldCode: 'F2', positionCodes: ['P-F2-01', 'P-F2-03'],
      stem: 'Tình huống: Lô hàng "linh kiện điện tử", khai mã HS 8542.31; theo Thông tư số 31/2022/TT-BTC,\nphương án xử lý nào về phân loại là phù hợp nhất?',
      options: [
        { key: 'A', text: 'Áp dụng lần lượt 6 quy tắc tổng quát, ưu tiên nội dung nhóm và chú giải phần, chương' },
        { key: 'B', text: '=SUM(A1:A2)' },
        { key: 'C', text: '00123' },
        { key: 'D', text: '2024-01-02' },
        { key: 'E', text: 'TRUE' },
        { key: 'F', text: '1/2' },
      ],
      correctKey: 'A', status: 'ACTIVE',
    },
    {
      code: 'Q-RT-0002', competencyCode: 'C-COM-ETH', difficulty: 'EASY', fieldCode: null, positionCodes: [],
      stem: 'Ứng xử của công chức hải quan khi doanh nghiệp đưa quà dịp lễ Tết?',
      options: [{ key: 'A', text: 'Nhận nếu giá trị nhỏ' }, { key: 'B', text: 'Từ chối và báo cáo lãnh đạo đơn vị' }],
      correctKey: 'B', status: 'DRAFT',
    },
  ];
  const asParsed = rows.map((r, i) => ({
    row: i + 2, code: r.code, competencyCode: r.competencyCode, difficulty: r.difficulty, fieldCode: r.fieldCode, positionCodes: r.positionCodes,
    stem: r.stem, options: r.options, correctKey: r.correctKey, status: r.status,
  }));

  it('reads its own Excel export back exactly, byte for byte, in either language', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const parsed = await parseQuestionFile(await questionWorkbook(rows, lang), 'export.xlsx');
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows).toEqual(asParsed);
      expect(Buffer.from(parsed.rows[0].stem, 'utf8')).toEqual(Buffer.from(rows[0].stem, 'utf8'));
    }
  });

  it('reads its own CSV export back exactly, in either language', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const data = questionCsv(rows, lang);
      expect(data.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      const parsed = await parseQuestionFile(data, 'export.csv', 'text/csv');
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows).toEqual(asParsed);
    }
  });

  it('writes options E and F only when an item uses them', async () => {
    const header = questionCsv([rows[1]]).toString('utf8').split('\r\n')[0];
    expect(header).toBe('\uFEFFMã câu hỏi,Năng lực,Độ khó,Lĩnh vực,Vị trí,Nội dung câu hỏi,Phương án A,Phương án B,Phương án C,Phương án D,Đáp án,Trạng thái');
  });

  it('stores decomposed accents and Windows line breaks as the file will give them back', async () => {
    const nfd = 'Kiểm tra hồ sơ\r\nhải quan'.normalize('NFD');
    const parsed = await parseQuestionFile(csv([VI_HEADER, ['Q-1', 'C-F1-2', 'Dễ', '', '', nfd, 'Có', 'Không', '', '', 'A', '']]), 'a.csv');
    expect(parsed.rows[0].stem).toBe('Kiểm tra hồ sơ\nhải quan'.normalize('NFC'));
  });
});

describe('content rules', () => {
  const base: ItemContent = {
    stem: 'Câu hỏi', options: [{ key: 'A', text: 'Có' }, { key: 'B', text: 'Không' }], correctKey: 'A',
    competencyId: 'C-F1-1', difficulty: 'EASY', fieldId: 'F1', positionIds: [],
  };

  it('accepts 2 to 6 options with unique keys A–F and the key among them', () => {
    expect(contentProblems(base)).toEqual([]);
    const six = { ...base, options: ['A', 'B', 'C', 'D', 'E', 'F'].map((key) => ({ key, text: `Phương án ${key}` })), correctKey: 'f' };
    expect(contentProblems(six)).toEqual([]);
  });

  it('names each problem and where it is', () => {
    const problems = contentProblems({
      stem: '  ',
      options: [{ key: 'A', text: 'Có' }, { key: 'a', text: 'Không' }, { key: 'G', text: 'Khác' }, { key: 'C', text: ' ' }],
      correctKey: 'D',
    });
    expect(problems.map((p) => [p.part, 'index' in p ? p.index : '', p.code])).toEqual([
      ['stem', '', 'STEM_EMPTY'],
      ['option', 1, 'DUPLICATE_OPTION_KEY'],
      ['option', 2, 'INVALID_OPTION_KEY'],
      ['option', 3, 'OPTION_EMPTY'],
      ['correctKey', '', 'KEY_NOT_AN_OPTION'],
    ]);
    expect(contentProblems({ ...base, options: Array.from({ length: 7 }, (_, i) => ({ key: 'ABCDEFG'[i], text: String(i) })) }).map((p) => p.code))
      .toEqual(['TOO_MANY_OPTIONS', 'INVALID_OPTION_KEY']);
    expect(contentProblems({ ...base, stem: 'x'.repeat(4001) }).map((p) => [p.code, p.params])).toEqual([['STEM_TOO_LONG', { length: 4001, max: 4000 }]]);
  });

  it('compares content regardless of option order, position order, key case and surrounding spaces', () => {
    const same = { ...base, stem: ' Câu hỏi ', options: [{ key: 'b', text: 'Không ' }, { key: 'A', text: 'Có' }], correctKey: 'a', positionIds: [] };
    expect(sameContent(base, same)).toBe(true);
    expect(normaliseContent(same).options).toEqual(base.options);
    expect(sameContent({ ...base, positionIds: ['P2', 'P1'] }, { ...base, positionIds: ['P1', 'P2', 'P1'] })).toBe(true);
    expect(sameContent(base, { ...base, correctKey: 'B' })).toBe(false);
    expect(sameContent(base, { ...base, options: [...base.options, { key: 'C', text: 'Khác' }] })).toBe(false);
    expect(sameContent(base, { ...base, stem: 'Câu hoi' })).toBe(false);
  });

  it('reads difficulty and status labels in either language, with or without accents', () => {
    expect(['Dễ', 'de', 'EASY', 'easy', 'Trung bình', 'TRUNG BINH', 'Medium', 'Khó', 'hard', 'Rất khó'].map(parseDifficulty))
      .toEqual(['EASY', 'EASY', 'EASY', 'EASY', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'HARD', 'HARD', undefined]);
    expect(['Nháp', 'Đang sử dụng', 'dang dung', 'ACTIVE', 'Ngừng sử dụng', 'retired', 'Đã xóa'].map(parseStatus))
      .toEqual(['DRAFT', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'RETIRED', 'RETIRED', undefined]);
  });
});
