// Bulk registration files: a department uploads an Excel (.xlsx) or CSV list of officers and the positions they
// register for. This module reads the file and finds structural errors (no database); the import checks the rows
// against the database and reports with the same catalogue, so one report covers both.
import ExcelJS from 'exceljs';
import { readSpreadsheet, SpreadsheetReadError, columnLetter, workbookToBuffer, type SheetRow } from './spreadsheet';
import type { LocalizedText } from '../../domain/locale';
import { toSearchName, stripDiacritics } from '../../domain/text';

export const MAX_REGISTRATION_ROWS = 20_000;
export const MAX_CODE_LENGTH = 40;
const CODE_SHAPE = /^[A-Z0-9-]+$/;

export interface RegistrationFileRow {
  /** 1-based spreadsheet row number as the user sees it. */
  row: number;
  /** Upper-cased: "cb000123" in a file means CB000123. */
  employeeCode: string;
  positionCode: string;
  fullName?: string;
  note?: string;
}

export type { LocalizedText } from '../../domain/locale';

export interface RowError {
  /** 1-based spreadsheet row; 0 for a file-level error. */
  row: number;
  /** Column letter ("B"); the header name for a missing column; "" for a file-level error. */
  column: string;
  code: string;
  message: LocalizedText;
}

export type RegistrationField = 'employeeCode' | 'positionCode' | 'fullName' | 'note';

export interface ParsedRegistrationFile {
  /** Rows without structural errors (a duplicated employee code excludes all its rows). */
  rows: RegistrationFileRow[];
  errors: RowError[];
  /** Where each recognised column is in the file, so database-side errors can name the column letter too. */
  columns: Partial<Record<RegistrationField, string>>;
}

/** Header names per column: Vietnamese first. Matching ignores case, accents, spaces and punctuation. */
export const REGISTRATION_COLUMNS: Record<RegistrationField, { required: boolean; names: string[] }> = {
  employeeCode: { required: true, names: ['Mã công chức', 'Employee code'] },
  positionCode: { required: true, names: ['Mã vị trí đăng ký', 'Position code', 'Mã vị trí'] },
  fullName: { required: false, names: ['Họ và tên', 'Full name', 'Họ tên'] },
  note: { required: false, names: ['Ghi chú', 'Note', 'Notes'] },
};

const FIELD_LABEL: Record<RegistrationField, LocalizedText> = {
  employeeCode: { vi: 'mã công chức', en: 'Employee code' },
  positionCode: { vi: 'mã vị trí đăng ký', en: 'Position code' },
  fullName: { vi: 'họ và tên', en: 'Full name' },
  note: { vi: 'ghi chú', en: 'Note' },
};

export const REGISTRATION_FILE_MESSAGES = {
  // The file as a whole (row 0, column "").
  EMPTY_FILE: {
    vi: 'Tệp tải lên không có dữ liệu.',
    en: 'The uploaded file is empty.',
  },
  NOT_SPREADSHEET: {
    vi: 'Không đọc được tệp: tệp tải lên không phải Excel (.xlsx) hoặc CSV.',
    en: 'The file cannot be read: it is not an Excel (.xlsx) or CSV file.',
  },
  OLD_EXCEL_FORMAT: {
    vi: 'Không hỗ trợ tệp Excel 97-2003 (.xls). Vui lòng mở tệp bằng Excel, lưu lại dưới dạng Excel Workbook (.xlsx) rồi tải lên lại.',
    en: 'Excel 97-2003 files (.xls) are not supported. Open the file in Excel, save it as an Excel Workbook (.xlsx) and upload it again.',
  },
  UNREADABLE_FILE: {
    vi: 'Không đọc được tệp Excel: tệp bị hỏng hoặc không phải bảng tính .xlsx.',
    en: 'The Excel file cannot be read: it is damaged or not an .xlsx workbook.',
  },
  NOT_UTF8: {
    vi: 'Tệp CSV không được lưu theo bảng mã UTF-8 nên tiếng Việt sẽ bị lỗi. Trong Excel, chọn Lưu thành (Save As) > "CSV UTF-8 (Comma delimited)" rồi tải lên lại.',
    en: 'The CSV file is not saved as UTF-8, so Vietnamese text would be garbled. In Excel choose Save As > "CSV UTF-8 (Comma delimited)" and upload it again.',
  },
  NO_DATA_ROWS: {
    vi: 'Tệp chỉ có dòng tiêu đề, chưa có công chức nào để đăng ký.',
    en: 'The file has a header row but no officers to register.',
  },
  TOO_MANY_ROWS: {
    vi: 'Tệp có {count} dòng dữ liệu, vượt quá giới hạn {max} dòng cho một lần tải lên. Vui lòng chia thành nhiều tệp.',
    en: 'The file has {count} data rows, more than the {max} allowed in one upload. Please split it into several files.',
  },
  // The header row (column = the header name).
  MISSING_COLUMN: {
    vi: 'Thiếu cột bắt buộc "{column}". Tên cột được chấp nhận: {accepted}.',
    en: 'The required column "{column}" is missing. Accepted header names: {accepted}.',
  },
  DUPLICATE_COLUMN: {
    vi: 'Cột "{column}" xuất hiện nhiều lần (các cột {letters}); vui lòng chỉ giữ một cột.',
    en: 'The column "{column}" appears more than once (columns {letters}); please keep only one.',
  },
  // One row.
  REQUIRED_CELL_EMPTY: {
    vi: 'Chưa nhập {field}.',
    en: '{field} is empty.',
  },
  INVALID_EMPLOYEE_CODE: {
    vi: 'Mã công chức "{value}" không hợp lệ: mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang (-), tối đa {max} ký tự (ví dụ: CB000123).',
    en: 'Employee code "{value}" is not valid: use only unaccented letters, digits and hyphens (-), at most {max} characters (e.g. CB000123).',
  },
  INVALID_POSITION_CODE: {
    vi: 'Mã vị trí "{value}" không hợp lệ: mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang (-), tối đa {max} ký tự (ví dụ: P-F1-01).',
    en: 'Position code "{value}" is not valid: use only unaccented letters, digits and hyphens (-), at most {max} characters (e.g. P-F1-01).',
  },
  DUPLICATE_EMPLOYEE_CODE: {
    vi: 'Công chức mã {code} bị nhập trùng: mã này cũng có ở dòng {otherRows}.',
    en: 'Employee code {code} is listed more than once: also on row {otherRows}.',
  },
  // Checked against the database by the import.
  UNKNOWN_OFFICER: {
    vi: 'Không có công chức mã {code}.',
    en: 'There is no officer with employee code {code}.',
  },
  OFFICER_INACTIVE: {
    vi: 'Công chức mã {code} không còn công tác (hồ sơ đã ngừng hoạt động).',
    en: 'Officer {code} is no longer active.',
  },
  OFFICER_OUT_OF_SCOPE: {
    vi: 'Công chức mã {code} không thuộc đơn vị của bạn nên không thể đăng ký trong tệp này.',
    en: 'Officer {code} is not in your unit, so you cannot register them.',
  },
  UNKNOWN_POSITION: {
    vi: 'Không có vị trí việc làm mã {code}.',
    en: 'There is no job position with code {code}.',
  },
  POSITION_INACTIVE: {
    vi: 'Vị trí việc làm mã {code} đã ngừng sử dụng.',
    en: 'Job position {code} is no longer in use.',
  },
  NAME_MISMATCH: {
    vi: 'Họ và tên trong tệp ("{given}") không khớp với tên công chức trong hệ thống ("{actual}"). Vui lòng kiểm tra lại mã công chức.',
    en: 'The name in the file ("{given}") does not match the officer on record ("{actual}"). Please check the employee code.',
  },
  NOT_ELIGIBLE: {
    vi: 'Công chức không thuộc đối tượng của kỳ đánh giá này: {why}.',
    en: 'The officer is not within the scope of this assessment cycle: {why}.',
  },
  ALREADY_REGISTERED_DIFFERENTLY: {
    vi: 'Công chức đã được đăng ký vị trí {position} trong kỳ này. Tải lên lại đúng dòng đó thì không sao; muốn đổi vị trí, vui lòng sửa đăng ký hiện có.',
    en: 'The officer is already registered for position {position} in this cycle. Uploading the same row again is fine; to change the position, edit the existing registration.',
  },
} satisfies Record<string, LocalizedText>;

export type RegistrationFileMessageCode = keyof typeof REGISTRATION_FILE_MESSAGES;

/** A parameter is the same in both languages, or given per language (e.g. NOT_ELIGIBLE's {why}). */
export type MessageParam = string | number | LocalizedText;

export function rowError(
  row: number,
  column: string,
  code: RegistrationFileMessageCode,
  params: Record<string, MessageParam> = {},
): RowError {
  const fill = (template: string, lang: keyof LocalizedText) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'object' ? value[lang] : String(value);
    });
  const template = REGISTRATION_FILE_MESSAGES[code];
  return { row, column, code, message: { vi: fill(template.vi, 'vi'), en: fill(template.en, 'en') } };
}

/**
 * The name cross-check: case and spacing never matter; accents matter only when the file has them,
 * so "Nguyen Van An" matches "Nguyễn Văn An" but "Lê Văn Tư" does not match "Lê Văn Tú".
 */
export function sameName(given: string, actual: string): boolean {
  const fold = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (stripDiacritics(given) === given.normalize('NFC')) return toSearchName(given) === toSearchName(actual);
  return fold(given) === fold(actual);
}

/** "Mã công chức (*)", "ma_cong_chuc", "EmployeeCode" -> "macongchuc" / "employeecode". */
function headerKey(s: string): string {
  return toSearchName(s).replace(/[^a-z0-9]/g, '');
}

const HEADER_LOOKUP = new Map<string, RegistrationField>(
  (Object.entries(REGISTRATION_COLUMNS) as [RegistrationField, { names: string[] }][]).flatMap(([field, c]) =>
    c.names.map((name) => [headerKey(name), field] as const),
  ),
);

/** Column index (0-based) of each recognised header, plus every index a header appears at (to spot duplicates). */
function matchHeader(cells: string[]): Map<RegistrationField, number[]> {
  const found = new Map<RegistrationField, number[]>();
  cells.forEach((text, i) => {
    const field = HEADER_LOOKUP.get(headerKey(text));
    if (field) found.set(field, [...(found.get(field) ?? []), i]);
  });
  return found;
}

/** Header may sit below a title or two: look in the first rows of each sheet, prefer the sheet with more required columns. */
const HEADER_SEARCH_ROWS = 10;

function findHeader(sheets: { rows: SheetRow[] }[]) {
  let best: { sheetRows: SheetRow[]; headerAt: number; found: Map<RegistrationField, number[]>; score: number } | undefined;
  for (const { rows } of sheets) {
    rows.slice(0, HEADER_SEARCH_ROWS).forEach((r, headerAt) => {
      const found = matchHeader(r.cells);
      const required = (['employeeCode', 'positionCode'] as const).filter((f) => found.has(f)).length;
      const score = required * 10 + found.size;
      if (found.size > 0 && (!best || score > best.score)) best = { sheetRows: rows, headerAt, found, score };
    });
  }
  return best;
}

function fileError(code: RegistrationFileMessageCode, params: Record<string, MessageParam> = {}): ParsedRegistrationFile {
  return { rows: [], errors: [rowError(0, '', code, params)], columns: {} };
}

export async function parseRegistrationFile(
  data: Buffer,
  fileName: string | undefined,
  contentType?: string,
): Promise<ParsedRegistrationFile> {
  let sheets: { name: string; rows: SheetRow[] }[];
  try {
    ({ sheets } = await readSpreadsheet(data, fileName, contentType));
  } catch (e) {
    if (e instanceof SpreadsheetReadError) return fileError(e.reason);
    throw e;
  }
  if (sheets.every((s) => s.rows.length === 0)) return fileError('EMPTY_FILE');

  const header = findHeader(sheets);
  if (!header) {
    // No recognisable header anywhere: report against the first non-empty row of the first sheet that has one.
    const first = sheets.find((s) => s.rows.length > 0)!.rows[0];
    return { rows: [], errors: missingColumns(first.row, new Map()), columns: {} };
  }
  const headerRow = header.sheetRows[header.headerAt];

  const errors: RowError[] = missingColumns(headerRow.row, header.found);
  const columnIndex: Partial<Record<RegistrationField, number>> = {};
  const columns: ParsedRegistrationFile['columns'] = {};
  for (const [field, at] of header.found) {
    columnIndex[field] = at[0];
    columns[field] = columnLetter(at[0] + 1);
    if (at.length > 1) {
      errors.push(
        rowError(headerRow.row, columnLetter(at[1] + 1), 'DUPLICATE_COLUMN', {
          column: headerRow.cells[at[1]],
          letters: at.map((i) => columnLetter(i + 1)).join(', '),
        }),
      );
    }
  }
  if (errors.length > 0) return { rows: [], errors, columns };

  const dataRows = header.sheetRows.slice(header.headerAt + 1);
  if (dataRows.length === 0) return { ...fileError('NO_DATA_ROWS'), columns };
  if (dataRows.length > MAX_REGISTRATION_ROWS) {
    return { ...fileError('TOO_MANY_ROWS', { count: dataRows.length, max: MAX_REGISTRATION_ROWS }), columns };
  }

  const cell = (r: SheetRow, field: RegistrationField) => {
    const i = columnIndex[field];
    return i === undefined ? '' : (r.cells[i] ?? '');
  };
  const rows: RegistrationFileRow[] = [];
  const rowsByCode = new Map<string, number[]>(); // every row with a well-formed employee code, for duplicates
  for (const r of dataRows) {
    let ok = true;
    const code = (field: 'employeeCode' | 'positionCode', invalid: RegistrationFileMessageCode) => {
      const value = cell(r, field);
      if (value === '') {
        errors.push(rowError(r.row, columns[field]!, 'REQUIRED_CELL_EMPTY', { field: FIELD_LABEL[field] }));
      } else if (value.length > MAX_CODE_LENGTH || !CODE_SHAPE.test(value.toUpperCase())) {
        errors.push(rowError(r.row, columns[field]!, invalid, { value, max: MAX_CODE_LENGTH }));
      } else {
        return value.toUpperCase();
      }
      ok = false;
      return '';
    };
    const employeeCode = code('employeeCode', 'INVALID_EMPLOYEE_CODE');
    const positionCode = code('positionCode', 'INVALID_POSITION_CODE');
    if (employeeCode) rowsByCode.set(employeeCode, [...(rowsByCode.get(employeeCode) ?? []), r.row]);
    if (!ok) continue;
    const fullName = cell(r, 'fullName');
    const note = cell(r, 'note');
    rows.push({ row: r.row, employeeCode, positionCode, ...(fullName ? { fullName } : {}), ...(note ? { note } : {}) });
  }

  // One officer, one row: every row of a repeated code is an error naming the others, and none is imported.
  for (const [employeeCode, at] of rowsByCode) {
    if (at.length < 2) continue;
    for (const row of at) {
      const otherRows = at.filter((o) => o !== row).join(', ');
      errors.push(rowError(row, columns.employeeCode!, 'DUPLICATE_EMPLOYEE_CODE', { code: employeeCode, otherRows }));
    }
  }
  errors.sort((a, b) => a.row - b.row || a.column.length - b.column.length || a.column.localeCompare(b.column));
  return { rows: rows.filter((r) => rowsByCode.get(r.employeeCode)!.length === 1), errors, columns };
}

function missingColumns(headerRow: number, found: Map<RegistrationField, number[]>): RowError[] {
  return (['employeeCode', 'positionCode'] as const)
    .filter((field) => !found.has(field))
    .map((field) => {
      const names = REGISTRATION_COLUMNS[field].names;
      return rowError(headerRow, names[0], 'MISSING_COLUMN', {
        column: { vi: names[0], en: names[1] },
        accepted: names.map((n) => `"${n}"`).join(', '),
      });
    });
}

/** The downloadable template: Vietnamese headers (English in each header's note and on the instructions sheet). */
export async function registrationTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Đăng ký', { views: [{ state: 'frozen', ySplit: 1 }] });
  const fields: RegistrationField[] = ['employeeCode', 'positionCode', 'fullName', 'note'];
  const widths = [18, 20, 30, 40];
  sheet.columns = fields.map((field, i) => ({
    header: REGISTRATION_COLUMNS[field].names[0],
    key: field,
    width: widths[i],
    // Text format: Excel must not turn codes into numbers or dates.
    style: field === 'employeeCode' || field === 'positionCode' ? { numFmt: '@' } : {},
  }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  fields.forEach((field, i) => {
    const { required, names } = REGISTRATION_COLUMNS[field];
    head.getCell(i + 1).note = `${names[1]}${required ? ' (bắt buộc / required)' : ' (không bắt buộc / optional)'}`;
    head.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  sheet.addRow({
    employeeCode: 'CB000123',
    positionCode: 'P-F1-01',
    fullName: 'Nguyễn Văn An',
    note: 'Dòng ví dụ: xóa trước khi tải lên',
  });

  const help = workbook.addWorksheet('Hướng dẫn');
  help.columns = [{ width: 22 }, { width: 20 }, { width: 16 }, { width: 70 }];
  help.addRow(['Cột (tiếng Việt)', 'Column (English)', 'Bắt buộc / Required', 'Ghi chú / Notes']).font = { bold: true };
  help.addRows([
    ['Mã công chức (cột A)', 'Employee code (column A)', 'Có / Yes', 'Ví dụ CB000123. Mỗi công chức chỉ một dòng. / e.g. CB000123. One row per officer.'],
    ['Mã vị trí đăng ký (cột B)', 'Position code (column B)', 'Có / Yes', 'Ví dụ P-F1-01. / e.g. P-F1-01.'],
    ['Họ và tên (cột C)', 'Full name (column C)', 'Không / No', 'Dùng để đối chiếu với mã công chức. / Used to cross-check the employee code.'],
    ['Ghi chú (cột D)', 'Note (column D)', 'Không / No', ''],
  ]);
  help.addRow([]);
  help.addRow(['Tiêu đề cột có thể viết bằng tiếng Việt hoặc tiếng Anh. Tệp CSV phải lưu theo bảng mã UTF-8.']);
  help.addRow(['Headers may be in Vietnamese or English. CSV files must be saved as UTF-8.']);
  return workbookToBuffer(workbook);
}
