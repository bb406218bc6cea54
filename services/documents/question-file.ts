// The question bank's content rules and its Excel/CSV files. Pure (no database): the API, the import and the
// export share the rules on what a valid item is, and one catalogue of {vi, en} messages names every problem,
// whether it comes from a request body or from a cell of an uploaded file.
import ExcelJS from 'exceljs';
import { readSpreadsheet, SpreadsheetReadError, cleanText, columnLetter, workbookToBuffer, THIN_BORDER, type SheetRow } from './spreadsheet';
import { REGISTRATION_FILE_MESSAGES, type LocalizedText, type MessageParam } from './registration-file';
import { toSearchName } from '../../domain/text';

export type { LocalizedText } from './registration-file';

export const OPTION_KEYS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type OptionKey = (typeof OPTION_KEYS)[number];
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = OPTION_KEYS.length;
export const MAX_STEM_LENGTH = 4000;
export const MAX_OPTION_LENGTH = 1000;
export const MAX_ITEM_CODE_LENGTH = 40;
export const MAX_QUESTION_ROWS = 10_000;
/** Unaccented letters, digits, dot, underscore, hyphen; upper-cased before the check. */
export const ITEM_CODE_SHAPE = /^[A-Z0-9][A-Z0-9._-]*$/;

export const DIFFICULTIES = ['EASY', 'MEDIUM', 'HARD'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];
export const ITEM_STATUSES = ['DRAFT', 'ACTIVE', 'RETIRED'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** What a file shows and accepts (Vietnamese first); the enum names are accepted too. */
export const DIFFICULTY_LABELS: Record<Difficulty, { vi: string; en: string; also: string[] }> = {
  EASY: { vi: 'Dễ', en: 'Easy', also: [] },
  MEDIUM: { vi: 'Trung bình', en: 'Medium', also: ['TB'] },
  HARD: { vi: 'Khó', en: 'Hard', also: [] },
};
export const STATUS_LABELS: Record<ItemStatus, { vi: string; en: string; also: string[] }> = {
  DRAFT: { vi: 'Nháp', en: 'Draft', also: ['Bản nháp'] },
  ACTIVE: { vi: 'Đang sử dụng', en: 'Active', also: ['Đang dùng', 'Sử dụng'] },
  RETIRED: { vi: 'Ngừng sử dụng', en: 'Retired', also: ['Ngừng dùng', 'Đã ngừng sử dụng'] },
};

export interface ItemOption {
  key: string;
  text: string;
}

/** The content of one immutable item version. Ids here are database ids (the file carries codes). */
export interface ItemContent {
  stem: string;
  /** In key order once normalised. */
  options: ItemOption[];
  correctKey: string;
  competencyId: string;
  difficulty: Difficulty;
  fieldId: string | null;
  /** Sorted, without repeats once normalised; empty = any position whose framework has the competency. */
  positionIds: string[];
}

// ───────────────────────────── Messages ─────────────────────────────

const shared = <K extends keyof typeof REGISTRATION_FILE_MESSAGES>(...keys: K[]) =>
  Object.fromEntries(keys.map((k) => [k, REGISTRATION_FILE_MESSAGES[k]])) as Pick<typeof REGISTRATION_FILE_MESSAGES, K>;

export const QUESTION_MESSAGES = {
  // The file as a whole, and its header row: the same texts as every other import.
  ...shared('EMPTY_FILE', 'NOT_SPREADSHEET', 'OLD_EXCEL_FORMAT', 'UNREADABLE_FILE', 'NOT_UTF8', 'TOO_MANY_ROWS', 'MISSING_COLUMN', 'DUPLICATE_COLUMN'),
  NO_DATA_ROWS: {
    vi: 'Tệp chỉ có dòng tiêu đề, chưa có câu hỏi nào.',
    en: 'The file has a header row but no questions.',
  },
  // One row of a file.
  REQUIRED_CELL_EMPTY: {
    vi: 'Chưa nhập {field}.',
    en: '{field} is empty.',
  },
  INVALID_ITEM_CODE: {
    vi: 'Mã câu hỏi "{value}" không hợp lệ: mã chỉ gồm chữ cái không dấu, chữ số, dấu chấm (.), gạch dưới (_) và gạch ngang (-), tối đa {max} ký tự (ví dụ: Q-C-F1-1-0001).',
    en: 'Item code "{value}" is not valid: use only unaccented letters, digits, dots (.), underscores (_) and hyphens (-), at most {max} characters (e.g. Q-C-F1-1-0001).',
  },
  DUPLICATE_ITEM_CODE: {
    vi: 'Câu hỏi mã {code} bị nhập trùng: mã này cũng có ở dòng {otherRows}.',
    en: 'Item code {code} is listed more than once: also on row {otherRows}.',
  },
  INVALID_DIFFICULTY: {
    vi: 'Độ khó "{value}" không hợp lệ: ghi Dễ, Trung bình hoặc Khó (hoặc EASY, MEDIUM, HARD).',
    en: 'Difficulty "{value}" is not valid: use Dễ, Trung bình or Khó (or EASY, MEDIUM, HARD).',
  },
  INVALID_STATUS: {
    vi: 'Trạng thái "{value}" không hợp lệ: ghi Nháp, Đang sử dụng hoặc Ngừng sử dụng (hoặc DRAFT, ACTIVE, RETIRED), hoặc để trống.',
    en: 'Status "{value}" is not valid: use Nháp, Đang sử dụng or Ngừng sử dụng (or DRAFT, ACTIVE, RETIRED), or leave it empty.',
  },
  // The content of an item, from a file or a request.
  STEM_EMPTY: {
    vi: 'Chưa nhập nội dung câu hỏi.',
    en: 'The stem (question text) is empty.',
  },
  STEM_TOO_LONG: {
    vi: 'Nội dung câu hỏi dài {length} ký tự, vượt quá giới hạn {max} ký tự.',
    en: 'The stem is {length} characters long, more than the {max} allowed.',
  },
  TOO_FEW_OPTIONS: {
    vi: 'Câu hỏi phải có ít nhất {min} phương án (hiện có {count}).',
    en: 'A question needs at least {min} options (it has {count}).',
  },
  TOO_MANY_OPTIONS: {
    vi: 'Câu hỏi có tối đa {max} phương án (A–F); hiện có {count}.',
    en: 'A question has at most {max} options (A–F); it has {count}.',
  },
  INVALID_OPTION_KEY: {
    vi: 'Ký hiệu phương án "{key}" không hợp lệ: chỉ dùng một chữ cái từ A đến F.',
    en: 'Option key "{key}" is not valid: use one letter from A to F.',
  },
  DUPLICATE_OPTION_KEY: {
    vi: 'Phương án {key} bị lặp lại.',
    en: 'Option {key} appears more than once.',
  },
  OPTION_EMPTY: {
    vi: 'Phương án {key} chưa có nội dung.',
    en: 'Option {key} has no text.',
  },
  OPTION_TOO_LONG: {
    vi: 'Phương án {key} dài {length} ký tự, vượt quá giới hạn {max} ký tự.',
    en: 'Option {key} is {length} characters long, more than the {max} allowed.',
  },
  DUPLICATE_OPTION_TEXT: {
    vi: 'Phương án {key} trùng nội dung với phương án {other}.',
    en: 'Option {key} has the same text as option {other}.',
  },
  KEY_EMPTY: {
    vi: 'Chưa nhập đáp án.',
    en: 'The key (correct option) is empty.',
  },
  KEY_NOT_AN_OPTION: {
    vi: 'Đáp án "{key}" không phải là một phương án của câu hỏi (các phương án: {keys}).',
    en: 'The key "{key}" is not one of the options ({keys}).',
  },
  // Checked against the database.
  UNKNOWN_COMPETENCY: {
    vi: 'Không có năng lực mã {code}.',
    en: 'There is no competency with code {code}.',
  },
  UNKNOWN_FIELD: {
    vi: 'Không có lĩnh vực chuyên môn mã {code}.',
    en: 'There is no professional field with code {code}.',
  },
  UNKNOWN_POSITIONS: {
    vi: 'Không có vị trí việc làm mã: {codes}.',
    en: 'There is no job position with code: {codes}.',
  },
  FIELD_MISMATCH: {
    vi: 'Năng lực {competency} thuộc lĩnh vực {competencyField}, không thuộc lĩnh vực {field}.',
    en: 'Competency {competency} belongs to field {competencyField}, not to field {field}.',
  },
  POSITION_LACKS_COMPETENCY: {
    vi: 'Khung năng lực của vị trí {positions} không có năng lực {competency}, nên câu hỏi sẽ không bao giờ được dùng cho vị trí đó.',
    en: 'The competency framework of position {positions} does not include competency {competency}, so the item would never be used there.',
  },
} satisfies Record<string, LocalizedText>;

export type QuestionMessageCode = keyof typeof QUESTION_MESSAGES;

export function questionMessage(code: QuestionMessageCode, params: Record<string, MessageParam> = {}): LocalizedText {
  const fill = (template: string, lang: keyof LocalizedText) =>
    template.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = params[name];
      if (value === undefined) return whole;
      return typeof value === 'object' ? value[lang] : String(value);
    });
  const template = QUESTION_MESSAGES[code];
  return { vi: fill(template.vi, 'vi'), en: fill(template.en, 'en') };
}

export interface QuestionRowError {
  /** 1-based spreadsheet row; 0 for a file-level error. */
  row: number;
  /** Column letter ("B"); the header name for a missing column; "" for a file-level error. */
  column: string;
  code: QuestionMessageCode;
  message: LocalizedText;
}

export function questionRowError(row: number, column: string, code: QuestionMessageCode, params: Record<string, MessageParam> = {}): QuestionRowError {
  return { row, column, code, message: questionMessage(code, params) };
}

// ───────────────────────────── Content rules ─────────────────────────────

/** Which part of an item a problem is about: a request maps it to a body path, a file to a column. */
export type ItemPart =
  | { part: 'stem' }
  | { part: 'option'; index: number; key: string }
  | { part: 'options' }
  | { part: 'correctKey' }
  | { part: 'competency' }
  | { part: 'field' }
  | { part: 'positions' };

export type ContentProblem = ItemPart & { code: QuestionMessageCode; params: Record<string, MessageParam> };

/**
 * NFC, no zero-width characters, trimmed, and one kind of line break: the bank stores text exactly as a
 * spreadsheet gives it back, so that exporting and importing again finds nothing changed.
 */
export function normaliseItemText(s: string): string {
  return cleanText(s.replace(/\r\n?/g, '\n'));
}

/** The rules on stem, options and key (not references: those need the database). Options in the given order. */
export function contentProblems(content: Pick<ItemContent, 'stem' | 'options' | 'correctKey'>): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const stem = normaliseItemText(content.stem);
  if (stem === '') problems.push({ part: 'stem', code: 'STEM_EMPTY', params: {} });
  else if ([...stem].length > MAX_STEM_LENGTH) problems.push({ part: 'stem', code: 'STEM_TOO_LONG', params: { length: [...stem].length, max: MAX_STEM_LENGTH } });

  const count = content.options.length;
  if (count < MIN_OPTIONS) problems.push({ part: 'options', code: 'TOO_FEW_OPTIONS', params: { min: MIN_OPTIONS, count } });
  if (count > MAX_OPTIONS) problems.push({ part: 'options', code: 'TOO_MANY_OPTIONS', params: { max: MAX_OPTIONS, count } });
  const seenKeys = new Set<string>();
  const keyOfText = new Map<string, string>();
  content.options.forEach((option, index) => {
    const key = option.key.trim().toUpperCase();
    const text = normaliseItemText(option.text);
    const at = { part: 'option' as const, index, key };
    if (!(OPTION_KEYS as readonly string[]).includes(key)) problems.push({ ...at, code: 'INVALID_OPTION_KEY', params: { key: option.key } });
    else if (seenKeys.has(key)) problems.push({ ...at, code: 'DUPLICATE_OPTION_KEY', params: { key } });
    seenKeys.add(key);
    if (text === '') problems.push({ ...at, code: 'OPTION_EMPTY', params: { key } });
    else if ([...text].length > MAX_OPTION_LENGTH) problems.push({ ...at, code: 'OPTION_TOO_LONG', params: { key, length: [...text].length, max: MAX_OPTION_LENGTH } });
    else {
      // Two options that read the same make the question ambiguous (case and spacing do not tell them apart).
      const folded = text.toLowerCase().replace(/\s+/g, ' ');
      const other = keyOfText.get(folded);
      if (other !== undefined) problems.push({ ...at, code: 'DUPLICATE_OPTION_TEXT', params: { key, other } });
      else keyOfText.set(folded, key);
    }
  });

  const correctKey = content.correctKey.trim().toUpperCase();
  if (correctKey === '') problems.push({ part: 'correctKey', code: 'KEY_EMPTY', params: {} });
  else if (!seenKeys.has(correctKey)) {
    const keys = [...seenKeys].filter((k) => (OPTION_KEYS as readonly string[]).includes(k)).sort().join(', ');
    problems.push({ part: 'correctKey', code: 'KEY_NOT_AN_OPTION', params: { key: content.correctKey.trim(), keys: keys || '—' } });
  }
  return problems;
}

/** The stored form of an item's content: normalised texts, upper-case keys, options in key order, position ids sorted. */
export function normaliseContent(content: ItemContent): ItemContent {
  return {
    stem: normaliseItemText(content.stem),
    options: content.options
      .map((o) => ({ key: o.key.trim().toUpperCase(), text: normaliseItemText(o.text) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    correctKey: content.correctKey.trim().toUpperCase(),
    competencyId: content.competencyId,
    difficulty: content.difficulty,
    fieldId: content.fieldId ?? null,
    positionIds: [...new Set(content.positionIds)].sort(),
  };
}

/** Whether two contents are the same question (both normalised): a new version only when something differs. */
export function sameContent(a: ItemContent, b: ItemContent): boolean {
  const x = normaliseContent(a);
  const y = normaliseContent(b);
  return (
    x.stem === y.stem &&
    x.correctKey === y.correctKey &&
    x.competencyId === y.competencyId &&
    x.difficulty === y.difficulty &&
    x.fieldId === y.fieldId &&
    x.positionIds.join('\u0000') === y.positionIds.join('\u0000') &&
    x.options.length === y.options.length &&
    x.options.every((o, i) => o.key === y.options[i].key && o.text === y.options[i].text)
  );
}

function matchLabel<T extends string>(labels: Record<T, { vi: string; en: string; also: string[] }>, value: string): T | undefined {
  const key = toSearchName(value).replace(/[^a-z0-9]/g, '');
  for (const [code, l] of Object.entries(labels) as [T, { vi: string; en: string; also: string[] }][]) {
    if ([code, l.vi, l.en, ...l.also].some((name) => toSearchName(name).replace(/[^a-z0-9]/g, '') === key)) return code;
  }
  return undefined;
}

/** "Dễ", "de", "Trung bình", "EASY", "medium"... -> the enum; undefined when it is none of them. */
export const parseDifficulty = (value: string): Difficulty | undefined => matchLabel(DIFFICULTY_LABELS, value);
/** "Nháp", "Đang sử dụng", "ACTIVE"... -> the enum; undefined when it is none of them. */
export const parseStatus = (value: string): ItemStatus | undefined => matchLabel(STATUS_LABELS, value);

// ───────────────────────────── The file ─────────────────────────────

export type QuestionField =
  | 'code' | 'competency' | 'difficulty' | 'field' | 'positions' | 'stem'
  | 'optionA' | 'optionB' | 'optionC' | 'optionD' | 'optionE' | 'optionF'
  | 'key' | 'status';

const optionField = (key: string) => `option${key}` as QuestionField;

/** Header names per column: Vietnamese first, then English. Matching ignores case, accents, spaces and punctuation. */
export const QUESTION_COLUMNS: Record<QuestionField, { required: boolean; names: string[] }> = {
  code: { required: true, names: ['Mã câu hỏi', 'Item code', 'Question code'] },
  competency: { required: true, names: ['Năng lực', 'Competency', 'Mã năng lực', 'Competency code'] },
  difficulty: { required: true, names: ['Độ khó', 'Difficulty'] },
  field: { required: false, names: ['Lĩnh vực', 'Field', 'Mã lĩnh vực', 'Field code'] },
  positions: { required: false, names: ['Vị trí', 'Positions', 'Vị trí việc làm', 'Position codes', 'Position'] },
  stem: { required: true, names: ['Nội dung câu hỏi', 'Stem', 'Câu hỏi', 'Question'] },
  ...(Object.fromEntries(
    OPTION_KEYS.map((k) => [optionField(k), { required: k === 'A' || k === 'B', names: [`Phương án ${k}`, `Option ${k}`, `Lựa chọn ${k}`] }]),
  ) as Record<`option${OptionKey}`, { required: boolean; names: string[] }>),
  key: { required: true, names: ['Đáp án', 'Key', 'Đáp án đúng', 'Correct answer', 'Answer'] },
  status: { required: false, names: ['Trạng thái', 'Status'] },
};

const FIELD_ORDER = Object.keys(QUESTION_COLUMNS) as QuestionField[];
const REQUIRED_FIELDS = FIELD_ORDER.filter((f) => QUESTION_COLUMNS[f].required);

const CELL_LABEL: Partial<Record<QuestionField, LocalizedText>> = {
  code: { vi: 'mã câu hỏi', en: 'Item code' },
  competency: { vi: 'năng lực', en: 'Competency' },
  difficulty: { vi: 'độ khó', en: 'Difficulty' },
};

/** One row of a bank file, references still as codes (the import resolves them). */
export interface QuestionFileRow {
  row: number;
  /** Upper-cased. */
  code: string;
  competencyCode: string;
  difficulty: Difficulty;
  /** null: the competency's field. */
  fieldCode: string | null;
  positionCodes: string[];
  stem: string;
  /** Filled option columns, in key order. */
  options: ItemOption[];
  correctKey: string;
  /** undefined: a new item starts as a draft and an existing one keeps its status. */
  status?: ItemStatus;
}

export interface ParsedQuestionFile {
  rows: QuestionFileRow[];
  errors: QuestionRowError[];
  /** Column letter of each recognised column, so database-side errors name the column too. */
  columns: Partial<Record<QuestionField, string>>;
}

function headerKey(s: string): string {
  return toSearchName(s).replace(/[^a-z0-9]/g, '');
}

const HEADER_LOOKUP = new Map<string, QuestionField>(
  FIELD_ORDER.flatMap((field) => QUESTION_COLUMNS[field].names.map((name) => [headerKey(name), field] as const)),
);

const HEADER_SEARCH_ROWS = 10;

function findHeader(sheets: { rows: SheetRow[] }[]) {
  let best: { sheetRows: SheetRow[]; headerAt: number; found: Map<QuestionField, number[]>; score: number } | undefined;
  for (const { rows } of sheets) {
    rows.slice(0, HEADER_SEARCH_ROWS).forEach((r, headerAt) => {
      const found = new Map<QuestionField, number[]>();
      r.cells.forEach((text, i) => {
        const field = HEADER_LOOKUP.get(headerKey(text));
        if (field) found.set(field, [...(found.get(field) ?? []), i]);
      });
      const score = REQUIRED_FIELDS.filter((f) => found.has(f)).length * 100 + found.size;
      if (found.size > 0 && (!best || score > best.score)) best = { sheetRows: rows, headerAt, found, score };
    });
  }
  return best;
}

function missingColumns(headerRow: number, found: Map<QuestionField, number[]>): QuestionRowError[] {
  return REQUIRED_FIELDS.filter((field) => !found.has(field)).map((field) => {
    const names = QUESTION_COLUMNS[field].names;
    return questionRowError(headerRow, names[0], 'MISSING_COLUMN', {
      column: { vi: names[0], en: names[1] },
      accepted: names.map((n) => `"${n}"`).join(', '),
    });
  });
}

const fileError = (code: QuestionMessageCode, params: Record<string, MessageParam> = {}): ParsedQuestionFile => ({
  rows: [],
  errors: [questionRowError(0, '', code, params)],
  columns: {},
});

/** Where a content problem shows in a file. */
export function problemColumn(problem: ItemPart, columns: ParsedQuestionFile['columns']): string {
  switch (problem.part) {
    case 'stem': return columns.stem ?? '';
    case 'option': return columns[optionField(problem.key)] ?? columns.optionA ?? '';
    case 'options': return columns.optionA ?? '';
    case 'correctKey': return columns.key ?? '';
    case 'competency': return columns.competency ?? '';
    case 'field': return columns.field ?? '';
    case 'positions': return columns.positions ?? '';
  }
}

export function sortRowErrors<T extends { row: number; column: string }>(errors: T[]): T[] {
  return errors.sort((a, b) => a.row - b.row || a.column.length - b.column.length || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
}

/** Splits "P-F1-01, P-F1-02; p-f1-03" into upper-cased codes, without repeats. */
export function splitCodes(cell: string): string[] {
  return [...new Set(cell.split(/[,;\n]/).map((c) => c.trim().toUpperCase()).filter(Boolean))];
}

/**
 * Reads a bank file (XLSX or CSV) and checks everything that needs no database. Rows with problems are left
 * out of `rows`; the caller imports nothing when `errors` is not empty.
 */
export async function parseQuestionFile(data: Buffer, fileName?: string, contentType?: string): Promise<ParsedQuestionFile> {
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
    const first = sheets.find((s) => s.rows.length > 0)!.rows[0];
    return { rows: [], errors: missingColumns(first.row, new Map()), columns: {} };
  }
  const headerRow = header.sheetRows[header.headerAt];
  const errors = missingColumns(headerRow.row, header.found);
  const index: Partial<Record<QuestionField, number>> = {};
  const columns: ParsedQuestionFile['columns'] = {};
  for (const [field, at] of header.found) {
    index[field] = at[0];
    columns[field] = columnLetter(at[0] + 1);
    if (at.length > 1) {
      errors.push(questionRowError(headerRow.row, columnLetter(at[1] + 1), 'DUPLICATE_COLUMN', {
        column: headerRow.cells[at[1]],
        letters: at.map((i) => columnLetter(i + 1)).join(', '),
      }));
    }
  }
  if (errors.length > 0) return { rows: [], errors, columns };

  const dataRows = header.sheetRows.slice(header.headerAt + 1);
  if (dataRows.length === 0) return { ...fileError('NO_DATA_ROWS'), columns };
  if (dataRows.length > MAX_QUESTION_ROWS) return { ...fileError('TOO_MANY_ROWS', { count: dataRows.length, max: MAX_QUESTION_ROWS }), columns };

  const cell = (r: SheetRow, field: QuestionField) => {
    const i = index[field];
    return i === undefined ? '' : (r.cells[i] ?? '');
  };
  const rows: QuestionFileRow[] = [];
  const rowsByCode = new Map<string, number[]>();
  for (const r of dataRows) {
    const before = errors.length;
    const required = (field: QuestionField) => {
      const value = cell(r, field);
      if (value === '') errors.push(questionRowError(r.row, columns[field]!, 'REQUIRED_CELL_EMPTY', { field: CELL_LABEL[field]! }));
      return value;
    };

    let code = required('code').toUpperCase();
    if (code && (code.length > MAX_ITEM_CODE_LENGTH || !ITEM_CODE_SHAPE.test(code))) {
      errors.push(questionRowError(r.row, columns.code!, 'INVALID_ITEM_CODE', { value: cell(r, 'code'), max: MAX_ITEM_CODE_LENGTH }));
      code = '';
    }
    if (code) rowsByCode.set(code, [...(rowsByCode.get(code) ?? []), r.row]);
    const competencyCode = required('competency').toUpperCase();
    const difficultyText = required('difficulty');
    const difficulty = difficultyText ? parseDifficulty(difficultyText) : undefined;
    if (difficultyText && !difficulty) errors.push(questionRowError(r.row, columns.difficulty!, 'INVALID_DIFFICULTY', { value: difficultyText }));
    const statusText = cell(r, 'status');
    const status = statusText ? parseStatus(statusText) : undefined;
    if (statusText && !status) errors.push(questionRowError(r.row, columns.status!, 'INVALID_STATUS', { value: statusText }));

    const stem = normaliseItemText(cell(r, 'stem'));
    const options = OPTION_KEYS.filter((k) => index[optionField(k)] !== undefined)
      .map((key) => ({ key, text: normaliseItemText(cell(r, optionField(key))) }))
      .filter((o) => o.text !== '');
    const correctKey = cell(r, 'key').toUpperCase();
    for (const problem of contentProblems({ stem, options, correctKey })) {
      errors.push(questionRowError(r.row, problemColumn(problem, columns), problem.code, problem.params));
    }
    if (errors.length > before) continue;
    const fieldCode = cell(r, 'field').toUpperCase();
    rows.push({
      row: r.row, code, competencyCode, difficulty: difficulty!, fieldCode: fieldCode || null,
      positionCodes: splitCodes(cell(r, 'positions')), stem, options, correctKey, ...(status ? { status } : {}),
    });
  }

  // One item, one row: every row of a repeated code is an error naming the others, and none is imported.
  for (const [code, at] of rowsByCode) {
    if (at.length < 2) continue;
    for (const row of at) {
      errors.push(questionRowError(row, columns.code!, 'DUPLICATE_ITEM_CODE', { code, otherRows: at.filter((o) => o !== row).join(', ') }));
    }
  }
  return { rows: rows.filter((r) => rowsByCode.get(r.code)!.length === 1), errors: sortRowErrors(errors), columns };
}

// ───────────────────────────── Export ─────────────────────────────

/** One item's current version as the file shows it (references as codes). */
export interface QuestionExportRow {
  code: string;
  competencyCode: string;
  difficulty: Difficulty;
  fieldCode: string | null;
  positionCodes: string[];
  stem: string;
  options: ItemOption[];
  correctKey: string;
  status: ItemStatus;
}

export type FileLanguage = 'vi' | 'en';

/** The columns of an export: options A–D always, E and F only when an item uses them. */
function exportFields(rows: QuestionExportRow[]): QuestionField[] {
  const lastKey = Math.max(3, ...rows.flatMap((r) => r.options.map((o) => OPTION_KEYS.indexOf(o.key as OptionKey))));
  const options = OPTION_KEYS.slice(0, lastKey + 1).map(optionField);
  return ['code', 'competency', 'difficulty', 'field', 'positions', 'stem', ...options, 'key', 'status'];
}

function exportCells(row: QuestionExportRow, fields: QuestionField[], lang: FileLanguage): string[] {
  const text = (field: QuestionField): string => {
    switch (field) {
      case 'code': return row.code;
      case 'competency': return row.competencyCode;
      case 'difficulty': return DIFFICULTY_LABELS[row.difficulty][lang];
      case 'field': return row.fieldCode ?? '';
      case 'positions': return row.positionCodes.join(', ');
      case 'stem': return row.stem;
      case 'key': return row.correctKey;
      case 'status': return STATUS_LABELS[row.status][lang];
      default: return row.options.find((o) => optionField(o.key) === field)?.text ?? '';
    }
  };
  return fields.map(text);
}

const headerName = (field: QuestionField, lang: FileLanguage) => QUESTION_COLUMNS[field].names[lang === 'vi' ? 0 : 1];

/** The bank as an Excel workbook that the import reads back unchanged. Every cell is text. */
export async function questionWorkbook(rows: QuestionExportRow[], lang: FileLanguage = 'vi'): Promise<Buffer> {
  const fields = exportFields(rows);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(lang === 'vi' ? 'Ngân hàng câu hỏi' : 'Question bank', { views: [{ state: 'frozen', ySplit: 1 }] });
  const width: Partial<Record<QuestionField, number>> = { code: 20, competency: 14, difficulty: 12, field: 10, positions: 18, stem: 60, key: 8, status: 16 };
  // Text format everywhere: Excel must not turn codes into numbers or a stem starting with "=" into a formula.
  sheet.columns = fields.map((field) => ({ header: headerName(field, lang), key: field, width: width[field] ?? 40, style: { numFmt: '@' } }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  fields.forEach((field, i) => {
    const { names, required } = QUESTION_COLUMNS[field];
    const c = head.getCell(i + 1);
    c.note = `${names[lang === 'vi' ? 1 : 0]}${required ? ' (bắt buộc / required)' : ' (không bắt buộc / optional)'}`;
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    c.border = THIN_BORDER;
  });
  for (const row of rows) {
    const added = sheet.addRow(exportCells(row, fields, lang));
    added.alignment = { wrapText: true, vertical: 'top' };
  }
  return workbookToBuffer(workbook);
}

/** The bank as CSV: UTF-8 with a BOM (so Excel shows Vietnamese), comma-separated, CRLF, RFC 4180 quoting. */
export function questionCsv(rows: QuestionExportRow[], lang: FileLanguage = 'vi'): Buffer {
  const fields = exportFields(rows);
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [fields.map((f) => headerName(f, lang)), ...rows.map((r) => exportCells(r, fields, lang))].map((cells) => cells.map(quote).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
