// A look-up of business feedback as an XLSX workbook, written as a stream (rows arrive in batches from the
// database and leave for the client without the whole file in memory). Vietnamese headers: it is printed and
// filed; the subject, level and case columns are rendered in Vietnamese too.
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import { scoreOf, type SatisfactionLevelName } from '../../domain/feedback-rating';
import { THIN_BORDER } from './spreadsheet';

export interface FeedbackExportRow {
  submittedAt: Date;
  amendedAt: Date | null;
  declarationNumber: string;
  businessName: string;
  taxCode: string;
  branchName: string;
  subjectKind: string;
  subjectName: string;
  unitName: string | null;
  level: SatisfactionLevelName;
  reasons: string;
  comment: string | null;
  caseStatus: string | null;
  caseOutcome: string | null;
}

export const LEVEL_VI: Record<SatisfactionLevelName, string> = {
  VERY_SATISFIED: 'Rất hài lòng',
  SATISFIED: 'Hài lòng',
  NORMAL: 'Bình thường',
  UNSATISFIED: 'Không hài lòng',
  VERY_UNSATISFIED: 'Rất không hài lòng',
};

export const SUBJECT_KIND_VI: Record<string, string> = {
  BRANCH: 'Chi cục',
  TEAM: 'Đội',
  STAGE: 'Khâu nghiệp vụ',
  OFFICER: 'Công chức',
};

export const CASE_STATUS_VI: Record<string, string> = {
  OPEN: 'Mới mở',
  VERIFYING: 'Đang xác minh',
  HANDLING: 'Đang xử lý',
  ANSWERED: 'Đã trả lời',
  CLOSED: 'Đã đóng',
};

export const CASE_OUTCOME_VI: Record<string, string> = {
  SUBSTANTIATED: 'Có cơ sở',
  NOT_SUBSTANTIATED: 'Không có cơ sở',
};

export const FEEDBACK_EXPORT_TITLE = 'KẾT QUẢ TRA CỨU ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG CỦA DOANH NGHIỆP';

const COLUMNS: { header: string; width: number }[] = [
  { header: 'STT', width: 7 },
  { header: 'Thời gian đánh giá', width: 18 },
  { header: 'Số tờ khai', width: 15 },
  { header: 'Doanh nghiệp', width: 36 },
  { header: 'Mã số thuế', width: 13 },
  { header: 'Chi cục', width: 30 },
  { header: 'Đối tượng', width: 14 },
  { header: 'Tên đối tượng', width: 32 },
  { header: 'Đơn vị chịu trách nhiệm', width: 30 },
  { header: 'Mức độ', width: 18 },
  { header: 'Điểm', width: 7 },
  { header: 'Lý do', width: 40 },
  { header: 'Ý kiến', width: 40 },
  { header: 'Vụ việc', width: 15 },
  { header: 'Kết quả xử lý', width: 16 },
];

/** Header row of the table; the title block sits above it. */
export const FEEDBACK_EXPORT_HEADER_ROW = 4;

/** Vietnam has no daylight saving: UTC+7 all year. */
export function formatVietnamTime(d: Date): string {
  const t = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

/** Streams the workbook to `stream`; returns the number of rows written. */
export async function writeFeedbackWorkbook(
  stream: Writable,
  header: { filters: string; generatedAt: Date },
  batches: AsyncIterable<FeedbackExportRow[]>,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('Đánh giá', { views: [{ state: 'frozen', ySplit: FEEDBACK_EXPORT_HEADER_ROW }] });
  sheet.columns = COLUMNS.map((c) => ({ width: c.width }));
  const last = COLUMNS.length;
  const banner = (row: number, text: string, font: Partial<ExcelJS.Font>) => {
    sheet.mergeCells(row, 1, row, last);
    const r = sheet.getRow(row);
    r.getCell(1).value = text;
    r.getCell(1).font = font;
    r.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    r.commit();
  };
  banner(1, FEEDBACK_EXPORT_TITLE, { bold: true, size: 14 });
  banner(2, `Điều kiện tra cứu: ${header.filters}`, { italic: true });
  banner(3, `Thời điểm trích xuất: ${formatVietnamTime(header.generatedAt)}`, { italic: true });
  const head = sheet.getRow(FEEDBACK_EXPORT_HEADER_ROW);
  head.values = COLUMNS.map((c) => c.header);
  head.font = { bold: true };
  head.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  head.eachCell((cell) => {
    cell.border = THIN_BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  head.commit();

  let n = 0;
  for await (const batch of batches) {
    for (const r of batch) {
      n++;
      const row = sheet.addRow([
        n,
        formatVietnamTime(r.amendedAt ?? r.submittedAt),
        r.declarationNumber,
        r.businessName,
        r.taxCode,
        r.branchName,
        SUBJECT_KIND_VI[r.subjectKind] ?? r.subjectKind,
        r.subjectName,
        r.unitName ?? '',
        LEVEL_VI[r.level] ?? r.level,
        scoreOf(r.level),
        r.reasons,
        r.comment ?? '',
        r.caseStatus ? (CASE_STATUS_VI[r.caseStatus] ?? r.caseStatus) : '',
        r.caseOutcome ? (CASE_OUTCOME_VI[r.caseOutcome] ?? r.caseOutcome) : '',
      ]);
      for (let c = 1; c <= last; c++) row.getCell(c).border = THIN_BORDER;
      row.commit();
    }
  }
  sheet.autoFilter = { from: { row: FEEDBACK_EXPORT_HEADER_ROW, column: 1 }, to: { row: FEEDBACK_EXPORT_HEADER_ROW, column: last } };
  sheet.commit();
  await workbook.commit();
  return n;
}
