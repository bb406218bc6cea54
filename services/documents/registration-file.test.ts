import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  MAX_REGISTRATION_ROWS,
  REGISTRATION_FILE_MESSAGES,
  parseRegistrationFile,
  registrationTemplate,
  rowError,
  sameName,
} from './registration-file';
import { workbookToBuffer } from './spreadsheet';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const GOOD = [
  ['Mã công chức', 'Mã vị trí đăng ký', 'Họ và tên', 'Ghi chú'],
  ['CB000123', 'P-F1-01', 'Nguyễn Văn Đức', 'Đăng ký lần đầu'],
  ['CB000124', 'P-F2-03', 'Trần Thị Thủy', ''],
  ['CB000125', 'P-F4-02', 'Huỳnh Thị Hương', 'Ghi chú, có dấu phẩy và "ngoặc kép"'],
];

const EXPECTED_ROWS = [
  { row: 2, employeeCode: 'CB000123', positionCode: 'P-F1-01', fullName: 'Nguyễn Văn Đức', note: 'Đăng ký lần đầu' },
  { row: 3, employeeCode: 'CB000124', positionCode: 'P-F2-03', fullName: 'Trần Thị Thủy' },
  { row: 4, employeeCode: 'CB000125', positionCode: 'P-F4-02', fullName: 'Huỳnh Thị Hương', note: 'Ghi chú, có dấu phẩy và "ngoặc kép"' },
];

function csv(rows: string[][], eol = '\r\n'): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(quote).join(',')).join(eol) + eol;
}

/** Cells given as strings; `undefined` leaves the cell blank. */
async function xlsx(rows: (string | number | undefined)[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((r, i) => r.forEach((v, j) => v !== undefined && (sheet.getCell(i + 1, j + 1).value = v)));
  return workbookToBuffer(workbook);
}

describe('parseRegistrationFile: good files', () => {
  it('reads a UTF-8 CSV without BOM, diacritics intact', async () => {
    const parsed = await parseRegistrationFile(Buffer.from(csv(GOOD), 'utf8'), 'dang-ky.csv', 'text/csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual(EXPECTED_ROWS);
    expect(parsed.columns).toEqual({ employeeCode: 'A', positionCode: 'B', fullName: 'C', note: 'D' });
  });

  it('reads a UTF-8 CSV with BOM (Excel "CSV UTF-8") into the same rows', async () => {
    const data = Buffer.concat([BOM, Buffer.from(csv(GOOD), 'utf8')]);
    const parsed = await parseRegistrationFile(data, 'dang-ky.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual(EXPECTED_ROWS);
  });

  it('reads an XLSX into the same rows, whatever the file is called', async () => {
    const data = await xlsx(GOOD);
    for (const [name, type] of [['dang-ky.xlsx', XLSX_TYPE], ['renamed.csv', 'text/csv'], [undefined, undefined]]) {
      const parsed = await parseRegistrationFile(data, name, type);
      expect(parsed.errors).toEqual([]);
      expect(parsed.rows).toEqual(EXPECTED_ROWS);
    }
  });

  it('keeps exact bytes of Vietnamese text and turns decomposed accents into composed ones', async () => {
    const nfd = 'Nguyễn Thị Ánh'.normalize('NFD');
    const data = Buffer.from(csv([['Mã công chức', 'Mã vị trí đăng ký', 'Họ và tên'], ['CB1', 'P-1', nfd]]), 'utf8');
    const [row] = (await parseRegistrationFile(data, 'a.csv')).rows;
    expect(Buffer.from(row.fullName!, 'utf8')).toEqual(Buffer.from('Nguyễn Thị Ánh'.normalize('NFC'), 'utf8'));
  });

  it('accepts English headers in any case, in any order, with extra columns ignored and codes upper-cased', async () => {
    const data = Buffer.from(
      csv([
        ['Extra', 'POSITION CODE', 'full name', 'Employee Code', 'note'],
        ['x', 'p-f1-01', 'Le Huu Cuong', 'cb000200', ''],
      ]),
    );
    const parsed = await parseRegistrationFile(data, 'list.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([{ row: 2, employeeCode: 'CB000200', positionCode: 'P-F1-01', fullName: 'Le Huu Cuong' }]);
    expect(parsed.columns).toEqual({ positionCode: 'B', fullName: 'C', employeeCode: 'D', note: 'E' });
  });

  it('matches headers without accents or with marks, skips empty rows and a title above the header', async () => {
    const data = await xlsx([
      ['DANH SÁCH ĐĂNG KÝ DỰ THI'],
      [],
      ['ma cong chuc (*)', 'MÃ VỊ TRÍ ĐĂNG KÝ (*)', 'Ho va ten'],
      ['CB000300', 'P-F3-01', 'Phạm Ngọc Yến'],
      [],
      ['', '  ', ''],
      ['CB000301', 'P-F3-02'],
    ]);
    const parsed = await parseRegistrationFile(data, 'a.xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 4, employeeCode: 'CB000300', positionCode: 'P-F3-01', fullName: 'Phạm Ngọc Yến' },
      { row: 7, employeeCode: 'CB000301', positionCode: 'P-F3-02' },
    ]);
  });

  it('counts CSV rows as a spreadsheet shows them: blank lines count, a quoted line break does not add a row', async () => {
    const text = 'Mã công chức,Mã vị trí đăng ký,Ghi chú\n\nCB1,P-1,"hai\ndòng"\nCB2,P-2,\n';
    const parsed = await parseRegistrationFile(Buffer.from(text), 'a.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.row, r.employeeCode, r.note])).toEqual([
      [3, 'CB1', 'hai\ndòng'],
      [4, 'CB2', undefined],
    ]);
  });

  it('reads a semicolon-separated CSV and keeps codes like 00123 as text', async () => {
    const text = 'Mã công chức;Mã vị trí đăng ký\n00123;P-1\n';
    const parsed = await parseRegistrationFile(Buffer.from(text), 'a.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([{ row: 2, employeeCode: '00123', positionCode: 'P-1' }]);
  });

  it('reads numbers typed into an XLSX as their text', async () => {
    const parsed = await parseRegistrationFile(await xlsx([['Employee code', 'Position code'], [123456, 'P-1']]), 'a.xlsx');
    expect(parsed.rows).toEqual([{ row: 2, employeeCode: '123456', positionCode: 'P-1' }]);
  });
});

describe('parseRegistrationFile: bad files', () => {
  it('reports a missing required column with its accepted names, and imports nothing', async () => {
    const data = Buffer.from(csv([['Mã công chức', 'Họ và tên'], ['CB000123', 'Nguyễn Văn Đức']]));
    const parsed = await parseRegistrationFile(data, 'a.csv');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        row: 1,
        column: 'Mã vị trí đăng ký',
        code: 'MISSING_COLUMN',
        message: {
          vi: 'Thiếu cột bắt buộc "Mã vị trí đăng ký". Tên cột được chấp nhận: "Mã vị trí đăng ký", "Position code", "Mã vị trí".',
          en: 'The required column "Position code" is missing. Accepted header names: "Mã vị trí đăng ký", "Position code", "Mã vị trí".',
        },
      },
    ]);
  });

  it('reports both required columns when no header is recognised', async () => {
    const parsed = await parseRegistrationFile(Buffer.from('a,b\n1,2\n'), 'a.csv');
    expect(parsed.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, 'Mã công chức', 'MISSING_COLUMN'],
      [1, 'Mã vị trí đăng ký', 'MISSING_COLUMN'],
    ]);
  });

  it('reports a column given twice', async () => {
    const parsed = await parseRegistrationFile(Buffer.from('Mã công chức,Mã vị trí đăng ký,Employee code\nCB1,P-1,CB1\n'), 'a.csv');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([
      rowError(1, 'C', 'DUPLICATE_COLUMN', { column: 'Employee code', letters: 'A, C' }),
    ]);
    expect(parsed.errors[0].message.vi).toBe('Cột "Employee code" xuất hiện nhiều lần (các cột A, C); vui lòng chỉ giữ một cột.');
  });

  it('reports empty required cells with row and column letter, and keeps the good rows apart', async () => {
    const data = await xlsx([
      ['Họ và tên', 'Mã công chức', 'Mã vị trí đăng ký'],
      ['Nguyễn Văn An', 'CB000001', 'P-F1-01'],
      ['Trần Văn Bình', undefined, 'P-F1-01'],
      ['Lê Thị Chi', 'CB000003', '   '],
    ]);
    const parsed = await parseRegistrationFile(data, 'a.xlsx');
    expect(parsed.errors).toEqual([
      { row: 3, column: 'B', code: 'REQUIRED_CELL_EMPTY', message: { vi: 'Chưa nhập mã công chức.', en: 'Employee code is empty.' } },
      { row: 4, column: 'C', code: 'REQUIRED_CELL_EMPTY', message: { vi: 'Chưa nhập mã vị trí đăng ký.', en: 'Position code is empty.' } },
    ]);
    expect(parsed.rows.map((r) => r.row)).toEqual([2]);
  });

  it('reports badly shaped codes', async () => {
    const long = 'C'.repeat(41);
    const data = Buffer.from(
      csv([
        ['Mã công chức', 'Mã vị trí đăng ký'],
        ['CB 0001', 'P-F1-01'],
        ['CB0002', 'P_F1/01'],
        [long, 'P-F1-01'],
        ['CBĐ0004', 'P-F1-01'],
        ['C'.repeat(40), 'P-F1-01'],
      ]),
    );
    const parsed = await parseRegistrationFile(data, 'a.csv');
    expect(parsed.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'A', 'INVALID_EMPLOYEE_CODE'],
      [3, 'B', 'INVALID_POSITION_CODE'],
      [4, 'A', 'INVALID_EMPLOYEE_CODE'],
      [5, 'A', 'INVALID_EMPLOYEE_CODE'],
    ]);
    expect(parsed.errors[0].message).toEqual({
      vi: 'Mã công chức "CB 0001" không hợp lệ: mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang (-), tối đa 40 ký tự (ví dụ: CB000123).',
      en: 'Employee code "CB 0001" is not valid: use only unaccented letters, digits and hyphens (-), at most 40 characters (e.g. CB000123).',
    });
    expect(parsed.errors[1].message.en).toBe(
      'Position code "P_F1/01" is not valid: use only unaccented letters, digits and hyphens (-), at most 40 characters (e.g. P-F1-01).',
    );
    expect(parsed.rows.map((r) => r.row)).toEqual([6]);
  });

  it('reports a duplicated employee code on every row it appears, naming the others, case-insensitively', async () => {
    const data = Buffer.from(
      csv([
        ['Mã công chức', 'Mã vị trí đăng ký'],
        ['CB000010', 'P-F1-01'],
        ['CB000011', 'P-F1-01'],
        ['cb000010', 'P-F2-01'],
        ['CB000012', 'P-F1-01'],
      ]),
    );
    const parsed = await parseRegistrationFile(data, 'a.csv');
    expect(parsed.errors).toEqual([
      {
        row: 2,
        column: 'A',
        code: 'DUPLICATE_EMPLOYEE_CODE',
        message: {
          vi: 'Công chức mã CB000010 bị nhập trùng: mã này cũng có ở dòng 4.',
          en: 'Employee code CB000010 is listed more than once: also on row 4.',
        },
      },
      {
        row: 4,
        column: 'A',
        code: 'DUPLICATE_EMPLOYEE_CODE',
        message: {
          vi: 'Công chức mã CB000010 bị nhập trùng: mã này cũng có ở dòng 2.',
          en: 'Employee code CB000010 is listed more than once: also on row 2.',
        },
      },
    ]);
    expect(parsed.rows.map((r) => r.employeeCode)).toEqual(['CB000011', 'CB000012']);
  });

  it('still reports a duplicate when the other row has a different error', async () => {
    const data = Buffer.from('Mã công chức,Mã vị trí đăng ký\nCB1,P-1\nCB1,\n');
    const parsed = await parseRegistrationFile(data, 'a.csv');
    expect(parsed.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'A', 'DUPLICATE_EMPLOYEE_CODE'],
      [3, 'A', 'DUPLICATE_EMPLOYEE_CODE'],
      [3, 'B', 'REQUIRED_CELL_EMPTY'],
    ]);
    expect(parsed.rows).toEqual([]);
  });

  it.each([
    ['PNG bytes named .png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'photo.png', 'image/png', 'NOT_SPREADSHEET'],
    ['PDF named .pdf', Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n'), 'scan.pdf', 'application/pdf', 'NOT_SPREADSHEET'],
    ['binary bytes named .csv', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]), 'a.csv', 'text/csv', 'NOT_SPREADSHEET'],
    ['an old .xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'a.xls', 'application/vnd.ms-excel', 'OLD_EXCEL_FORMAT'],
    ['text named .xlsx', Buffer.from('Mã công chức,Mã vị trí đăng ký\n'), 'a.xlsx', undefined, 'UNREADABLE_FILE'],
    ['a broken zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'a.xlsx', XLSX_TYPE, 'UNREADABLE_FILE'],
    ['a Windows-1258 CSV', Buffer.from([0x4d, 0xe3, 0x2c, 0x50, 0x0a]), 'a.csv', 'text/csv', 'NOT_UTF8'],
    ['zero bytes', Buffer.alloc(0), 'a.csv', 'text/csv', 'EMPTY_FILE'],
    ['only a BOM and blank lines', Buffer.concat([BOM, Buffer.from('\r\n,,\r\n')]), 'a.csv', 'text/csv', 'EMPTY_FILE'],
    ['a header only', Buffer.from('Mã công chức,Mã vị trí đăng ký\n'), 'a.csv', 'text/csv', 'NO_DATA_ROWS'],
  ])('refuses %s as a file-level error', async (_what, data, name, type, code) => {
    const parsed = await parseRegistrationFile(data, name, type);
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([{ row: 0, column: '', code, message: REGISTRATION_FILE_MESSAGES[code as keyof typeof REGISTRATION_FILE_MESSAGES] }]);
  });

  it('refuses a zip that is not a workbook', async () => {
    const data = await readFile(new URL('./fixtures/not-a-workbook.zip', import.meta.url));
    const parsed = await parseRegistrationFile(data, 'a.xlsx', XLSX_TYPE);
    expect(parsed.errors.map((e) => e.code)).toEqual(['UNREADABLE_FILE']);
  });

  it(`refuses more than ${MAX_REGISTRATION_ROWS} rows as a whole`, async () => {
    const lines = ['Mã công chức,Mã vị trí đăng ký'];
    for (let i = 1; i <= MAX_REGISTRATION_ROWS + 1; i++) lines.push(`CB${i},P-1`);
    const parsed = await parseRegistrationFile(Buffer.from(lines.join('\n')), 'a.csv');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        row: 0,
        column: '',
        code: 'TOO_MANY_ROWS',
        message: {
          vi: 'Tệp có 20001 dòng dữ liệu, vượt quá giới hạn 20000 dòng cho một lần tải lên. Vui lòng chia thành nhiều tệp.',
          en: 'The file has 20001 data rows, more than the 20000 allowed in one upload. Please split it into several files.',
        },
      },
    ]);
  });

  it(`accepts exactly ${MAX_REGISTRATION_ROWS} rows`, async () => {
    const lines = ['Mã công chức,Mã vị trí đăng ký'];
    for (let i = 1; i <= MAX_REGISTRATION_ROWS; i++) lines.push(`CB${i},P-1`);
    const parsed = await parseRegistrationFile(Buffer.from(lines.join('\n')), 'a.csv');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(MAX_REGISTRATION_ROWS);
  });
});

describe('registrationTemplate', () => {
  it('parses back to its one example row with no errors', async () => {
    const parsed = await parseRegistrationFile(await registrationTemplate(), 'mau-dang-ky.xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, employeeCode: 'CB000123', positionCode: 'P-F1-01', fullName: 'Nguyễn Văn An', note: 'Dòng ví dụ: xóa trước khi tải lên' },
    ]);
  });

  it('has Vietnamese headers with English notes, a frozen header row, widths and text-formatted code columns', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await registrationTemplate()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).values).toEqual([undefined, 'Mã công chức', 'Mã vị trí đăng ký', 'Họ và tên', 'Ghi chú']);
    expect(String(sheet.getCell('A1').note)).toContain('Employee code');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(1).width).toBeGreaterThan(10);
    expect(sheet.getCell('A2').numFmt).toBe('@');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Đăng ký', 'Hướng dẫn']);
  });

  it('still parses when the data sheet lost a column (the instructions sheet is never taken for data)', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await registrationTemplate()) as unknown as ExcelJS.Buffer);
    workbook.worksheets[0].spliceColumns(2, 1);
    const parsed = await parseRegistrationFile(await workbookToBuffer(workbook), 'a.xlsx');
    expect(parsed.errors.map((e) => [e.row, e.column, e.code])).toEqual([[1, 'Mã vị trí đăng ký', 'MISSING_COLUMN']]);
  });
});

describe('messages', () => {
  it('fills parameters, per language when given per language, and leaves unknown ones visible', () => {
    expect(rowError(5, 'A', 'UNKNOWN_OFFICER', { code: 'CB9' }).message).toEqual({
      vi: 'Không có công chức mã CB9.',
      en: 'There is no officer with employee code CB9.',
    });
    expect(rowError(5, 'A', 'NOT_ELIGIBLE', { why: { vi: 'giữ chức vụ lãnh đạo', en: 'holds a leadership post' } }).message).toEqual({
      vi: 'Công chức không thuộc đối tượng của kỳ đánh giá này: giữ chức vụ lãnh đạo.',
      en: 'The officer is not within the scope of this assessment cycle: holds a leadership post.',
    });
    expect(rowError(5, 'C', 'NAME_MISMATCH', { given: 'Nguyễn Văn A' }).message.vi).toContain('("{actual}")');
  });

  it('has every database-side code the import needs', () => {
    for (const code of ['UNKNOWN_OFFICER', 'OFFICER_OUT_OF_SCOPE', 'UNKNOWN_POSITION', 'NAME_MISMATCH', 'NOT_ELIGIBLE', 'ALREADY_REGISTERED_DIFFERENTLY']) {
      expect(REGISTRATION_FILE_MESSAGES).toHaveProperty(code);
    }
    for (const { vi, en } of Object.values(REGISTRATION_FILE_MESSAGES)) {
      expect(vi.match(/\{\w+\}/g)?.sort()).toEqual(en.match(/\{\w+\}/g)?.sort());
    }
  });
});

describe('sameName', () => {
  it.each([
    ['Nguyễn Văn Đức', 'Nguyễn Văn Đức', true],
    ['  nguyễn  văn đức ', 'Nguyễn Văn Đức', true],
    ['Nguyen Van Duc', 'Nguyễn Văn Đức', true],
    ['Nguyễn Văn Đức'.normalize('NFD'), 'Nguyễn Văn Đức', true],
    ['Lê Văn Tư', 'Lê Văn Tú', false],
    ['Nguyễn Văn Đức', 'Nguyễn Văn Được', false],
    ['Tran Thi Thuy', 'Nguyễn Văn Đức', false],
  ])('%s vs %s -> %s', (given, actual, expected) => {
    expect(sameName(given, actual)).toBe(expected);
  });
});
