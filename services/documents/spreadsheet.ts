// Reading uploaded spreadsheets (XLSX or CSV) into plain text grids, and small helpers for writing XLSX.
// Both formats go through exceljs so callers see one shape: rows of trimmed strings.
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';

export type SpreadsheetKind = 'xlsx' | 'csv';

/** One non-empty row: its 1-based number as the user sees it, and its cells (index 0 is column A). */
export interface SheetRow {
  row: number;
  cells: string[];
}

/** Why a file could not be read at all; the codes are message codes of the import catalogue. */
export type UnreadableReason = 'EMPTY_FILE' | 'NOT_SPREADSHEET' | 'OLD_EXCEL_FORMAT' | 'UNREADABLE_FILE' | 'NOT_UTF8';

export class SpreadsheetReadError extends Error {
  constructor(readonly reason: UnreadableReason, cause?: unknown) {
    super(reason, { cause });
  }
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]); // every .xlsx is a zip
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]); // Excel 97-2003 .xls
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 1 -> "A", 27 -> "AA". */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** NFC (macOS and some editors send decomposed accents), no zero-width characters, trimmed. */
export function cleanText(s: string): string {
  return s.normalize('NFC').replace(/[\u200b-\u200d\u2060\ufeff]/g, '').trim();
}

/** What a cell shows: numbers, rich text, hyperlinks and formula results all as plain text. */
export function cellText(cell: ExcelJS.Cell): string {
  return cell.value === null || cell.value === undefined ? '' : cleanText(cell.text ?? '');
}

/**
 * Decides the format by content first (a renamed file is still what its bytes say), then by name and type.
 * Returns null when nothing says it is a spreadsheet.
 */
export function detectKind(data: Buffer, fileName?: string, contentType?: string): SpreadsheetKind | 'xls' | null {
  if (data.subarray(0, 4).equals(ZIP_MAGIC)) return 'xlsx';
  if (data.subarray(0, 8).equals(OLE_MAGIC)) return 'xls';
  const ext = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  const type = contentType?.toLowerCase().split(';')[0].trim();
  if (ext === 'xlsx' || type === XLSX_TYPE) return 'xlsx'; // claims XLSX but is not a zip: load will say it is broken
  // Browsers on Windows send .csv as application/vnd.ms-excel; text without a name is sniffed as CSV.
  if (ext === 'csv' || ext === 'txt' || type === 'text/csv' || type === 'text/plain' || type === 'application/vnd.ms-excel') return 'csv';
  if (ext === undefined && looksLikeText(data)) return 'csv';
  return null;
}

/** No NUL or other control bytes apart from tab, CR, LF: binary files (images, PDFs) fail this early. */
function looksLikeText(data: Buffer): boolean {
  const head = data.subarray(0, 4096);
  return !head.some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
}

/** Reads every worksheet as non-empty rows of text. Throws SpreadsheetReadError when the file cannot be read. */
export async function readSpreadsheet(
  data: Buffer,
  fileName?: string,
  contentType?: string,
): Promise<{ kind: SpreadsheetKind; sheets: { name: string; rows: SheetRow[] }[] }> {
  if (data.length === 0) throw new SpreadsheetReadError('EMPTY_FILE');
  const kind = detectKind(data, fileName, contentType);
  if (kind === 'xls') throw new SpreadsheetReadError('OLD_EXCEL_FORMAT');
  if (kind === null) throw new SpreadsheetReadError('NOT_SPREADSHEET');

  const workbook = new ExcelJS.Workbook();
  if (kind === 'xlsx') {
    try {
      await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
    } catch (e) {
      throw new SpreadsheetReadError('UNREADABLE_FILE', e);
    }
    // A .docx or plain zip loads as a workbook with no sheets.
    if (workbook.worksheets.length === 0) throw new SpreadsheetReadError('UNREADABLE_FILE');
  } else {
    if (!looksLikeText(data)) throw new SpreadsheetReadError('NOT_SPREADSHEET');
    let text: string;
    try {
      // fatal: a CSV saved in a legacy code page (Windows-1258) must be refused, not silently garbled.
      // TextDecoder also drops a leading UTF-8 BOM.
      text = new TextDecoder('utf-8', { fatal: true }).decode(data);
    } catch (e) {
      throw new SpreadsheetReadError('NOT_UTF8', e);
    }
    // Identity map: exceljs would otherwise turn "00123" into 123 and "2024-01-02" into a Date.
    await workbook.csv.read(Readable.from([text]), {
      map: (v: unknown) => v,
      parserOptions: { delimiter: guessDelimiter(text) },
    } as Partial<ExcelJS.CsvReadOptions>);
  }

  const sheets = workbook.worksheets.map((ws) => {
    const rows: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = cellText(cell);
      });
      const filled = Array.from(cells, (c) => c ?? '');
      if (filled.some((c) => c !== '')) rows.push({ row: rowNumber, cells: filled });
    });
    return { name: ws.name, rows };
  });
  return { kind, sheets };
}

/** Excel in some locales saves CSV with ";" (or tabs): pick the separator used most on the first line. */
function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/** exceljs types its buffers as ArrayBuffer; at run time on Node it is a Buffer. */
export async function workbookToBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.isBuffer(out) ? out : Buffer.from(out as ArrayBuffer);
}

/** Thin borders on all four sides, for tables. */
export const THIN_BORDER: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** A title line across the first `lastColumn` columns of a report sheet, centred. */
export function addBanner(sheet: ExcelJS.Worksheet, row: number, lastColumn: number, text: string, font: Partial<ExcelJS.Font>): void {
  sheet.mergeCells(row, 1, row, lastColumn);
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = font;
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}
