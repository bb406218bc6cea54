// The cycle results report (per department, position or field) as the XLSX headquarters files and prints:
// Vietnamese headers, counts as numbers, rates as real fractions shown in % format (so a sum or a chart in Excel
// still works), a totals row, and the definitions of the rates under the table. The wording shared with the PDF
// (titles, column names, level names) lives here too.
import ExcelJS from 'exceljs';
import type { Level, ReportDimension, ResultFigures, ResultReport, ResultReportRow } from '../cycle-report';
import { THIN_BORDER, workbookToBuffer, addBanner } from './spreadsheet';

export const LEVEL_LABELS: Record<Level, { vi: string; en: string }> = {
  LEVEL_1: { vi: 'Mức 1', en: 'Level 1' },
  LEVEL_2: { vi: 'Mức 2', en: 'Level 2' },
  LEVEL_3: { vi: 'Mức 3', en: 'Level 3' },
  NOT_ACHIEVED: { vi: 'Chưa đạt', en: 'Not achieved' },
};

export const RESULTS_REPORT_TITLE = 'BÁO CÁO KẾT QUẢ ĐÁNH GIÁ NĂNG LỰC CÔNG CHỨC';

/** What a row is, per dimension: the column heading and the subtitle. */
export const DIMENSION_LABELS: Record<ReportDimension, { column: string; subtitle: string; file: string }> = {
  department: { column: 'Đơn vị', subtitle: 'Theo đơn vị (Cục Hải quan, đơn vị thuộc Tổng cục)', file: 'don-vi' },
  position: { column: 'Vị trí việc làm', subtitle: 'Theo vị trí việc làm (vị trí đang đảm nhiệm)', file: 'vi-tri' },
  field: { column: 'Lĩnh vực chuyên môn', subtitle: 'Theo lĩnh vực chuyên môn', file: 'linh-vuc' },
};

/** How each rate is computed, printed under the table. */
export const RATE_DEFINITIONS: string[] = [
  'Thuộc diện: công chức thuộc phạm vi kỳ đánh giá (đơn vị, lĩnh vực, nhóm chức danh) tại thời điểm lập báo cáo.',
  'Tỷ lệ dự thi = số dự thi (đã nộp bài) / số thuộc diện. Tỷ lệ đạt = số đạt mức 1, 2 hoặc 3 / số dự thi.',
  'Tỷ lệ từ 90 điểm và cơ cấu mức năng lực tính trên số dự thi. Đăng ký khác vị trí = đăng ký có lý do "vị trí đăng ký khác vị trí đang đảm nhiệm" / số đăng ký.',
  'Biện pháp sau đánh giá quá hạn: chưa hoàn thành và đã quá hạn tại thời điểm lập báo cáo.',
];

/** Vietnam has no daylight saving: UTC+7 all year, so the time is the same wherever the server runs. */
export function formatVietnamTime(d: Date): string {
  const t = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

/** The row's name as a person reads it: "Cục Hải quan Hà Giang", "Kiểm tra sau thông quan (F4-P2)". */
export function rowName(report: Pick<ResultReport, 'by'>, row: Pick<ResultReportRow, 'nameVi' | 'code'>): string {
  return report.by === 'position' ? `${row.nameVi} (${row.code})` : row.nameVi;
}

type ColumnKind = 'int' | 'rate' | 'share' | 'score';

interface FigureColumn {
  header: string;
  /** Headers grouped under a common heading in the first header row. */
  group?: string;
  width: number;
  kind: ColumnKind;
  value: (f: ResultFigures) => number | null;
}

export const FIGURE_COLUMNS: FigureColumn[] = [
  { header: 'Số thuộc diện đánh giá', width: 11, kind: 'int', value: (f) => f.inScope },
  { header: 'Số đăng ký', width: 10, kind: 'int', value: (f) => f.registered },
  { header: 'Số dự thi', width: 10, kind: 'int', value: (f) => f.tested },
  { header: 'Tỷ lệ dự thi', width: 10, kind: 'rate', value: (f) => f.participation.rate },
  { header: 'Số đạt', width: 9, kind: 'int', value: (f) => f.achieved },
  { header: 'Tỷ lệ đạt', width: 10, kind: 'rate', value: (f) => f.achievedRate.rate },
  { header: 'Số đạt từ 90 điểm', width: 10, kind: 'int', value: (f) => f.scoredAtLeast90 },
  { header: 'Tỷ lệ từ 90 điểm', width: 10, kind: 'rate', value: (f) => f.scoredAtLeast90Rate.rate },
  { header: 'Điểm trung bình', width: 10, kind: 'score', value: (f) => f.averageScore },
  ...(['LEVEL_1', 'LEVEL_2', 'LEVEL_3', 'NOT_ACHIEVED'] as const).flatMap((level): FigureColumn[] => [
    { header: `${LEVEL_LABELS[level].vi} (số)`, group: 'Cơ cấu mức năng lực (trên số dự thi)', width: 9, kind: 'int', value: (f) => f.levels[level] },
    { header: `${LEVEL_LABELS[level].vi} (tỷ lệ)`, group: 'Cơ cấu mức năng lực (trên số dự thi)', width: 9, kind: 'share', value: (f) => f.levelShares[level].rate },
  ]),
  { header: 'Tỷ lệ đăng ký khác vị trí đảm nhiệm', width: 13, kind: 'rate', value: (f) => f.mismatchRate.rate },
  { header: 'Đang thực hiện', group: 'Biện pháp sau đánh giá', width: 11, kind: 'int', value: (f) => f.followUps.open },
  { header: 'Đã hoàn thành', group: 'Biện pháp sau đánh giá', width: 11, kind: 'int', value: (f) => f.followUps.done },
  { header: 'Quá hạn', group: 'Biện pháp sau đánh giá', width: 9, kind: 'int', value: (f) => f.followUps.overdue },
];

/** Excel number formats: whole numbers, rates with one decimal, level shares in whole percent, scores with two decimals. */
export const NUMBER_FORMATS: Record<ColumnKind, string> = { int: '#,##0', rate: '0.0%', share: '0%', score: '0.00' };

/** The table's two header rows; the title block sits above them. */
export const RESULTS_HEADER_ROW = 6;

export interface ReportFileMeta {
  /** Where the report is drawn from: "Toàn ngành" or a unit's name. */
  scopeName: string;
}

export async function buildResultsReportWorkbook(report: ResultReport, meta: ReportFileMeta): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Customs competency assessment';
  const first = RESULTS_HEADER_ROW;
  const second = RESULTS_HEADER_ROW + 1;
  const sheet = workbook.addWorksheet('Báo cáo kết quả', {
    views: [{ state: 'frozen', ySplit: second, xSplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${first}:${second}` },
  });
  const columns = [{ header: 'STT', width: 6 }, { header: DIMENSION_LABELS[report.by].column, width: 40 }, ...FIGURE_COLUMNS];
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  const last = columns.length;

  const banner = (row: number, text: string, font: Partial<ExcelJS.Font>) => addBanner(sheet, row, last, text, font);
  banner(1, RESULTS_REPORT_TITLE, { bold: true, size: 14 });
  banner(2, `Kỳ đánh giá: ${report.cycleNameVi} (${report.cycleCode})`, { bold: true });
  banner(3, DIMENSION_LABELS[report.by].subtitle, { bold: true });
  banner(4, `Phạm vi: ${meta.scopeName} · Số liệu tính đến ${formatVietnamTime(new Date(report.asOf))} (giờ Việt Nam)`, { italic: true });

  // Two header rows: grouped columns share a heading above their own; the others span both rows.
  columns.forEach((c, i) => {
    const col = i + 1;
    const group = 'group' in c ? c.group : undefined;
    if (!group) {
      sheet.mergeCells(first, col, second, col);
      sheet.getCell(first, col).value = c.header;
    } else {
      sheet.getCell(second, col).value = c.header;
      const prev = columns[i - 1];
      if (!prev || !('group' in prev) || prev.group !== group) {
        const span = columns.slice(i).findIndex((n) => !('group' in n) || n.group !== group);
        const end = span === -1 ? last : col + span - 1;
        sheet.mergeCells(first, col, first, end);
        sheet.getCell(first, col).value = group;
      }
    }
  });
  for (const r of [first, second]) {
    const row = sheet.getRow(r);
    row.height = r === first ? 22 : 48;
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = THIN_BORDER;
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    }
  }

  const addFigures = (label: [number | string, string], figures: ResultFigures, bold = false) => {
    const row = sheet.addRow([...label, ...FIGURE_COLUMNS.map((c) => c.value(figures))]);
    row.alignment = { vertical: 'top', wrapText: true };
    for (let c = 1; c <= last; c++) {
      const cell = row.getCell(c);
      cell.border = THIN_BORDER;
      if (bold) cell.font = { bold: true };
      if (c > 2) cell.numFmt = NUMBER_FORMATS[FIGURE_COLUMNS[c - 3].kind];
    }
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'top' };
  };
  report.rows.forEach((r, i) => addFigures([i + 1, rowName(report, r)], r));
  addFigures(['', 'Tổng cộng'], report.totals, true);

  sheet.addRow([]);
  for (const line of RATE_DEFINITIONS) {
    const row = sheet.addRow([line]);
    sheet.mergeCells(row.number, 1, row.number, last);
    row.getCell(1).font = { italic: true, size: 9 };
  }
  return workbookToBuffer(workbook);
}
