// The approved registration list of one unit, as the XLSX a department sends to headquarters and prints.
import ExcelJS from 'exceljs';
import { THIN_BORDER, workbookToBuffer, addBanner } from './spreadsheet';

export interface ApprovedListRow {
  employeeCode: string;
  fullName: string;
  heldPositionName: string;
  positionCode: string;
  positionName: string;
  fieldName: string;
  unitName: string;
  verificationOutcome: string;
  reviewDecision: string;
  justification: string | null;
}

export interface ApprovedListInput {
  cycle: { code: string; nameVi: string };
  unit: { id: string; nameVi: string };
  approvedAt: Date | null;
  rows: ApprovedListRow[];
}

export const VERIFICATION_OUTCOME_VI: Record<string, string> = {
  CLEAR: 'Hợp lệ',
  FLAGGED: 'Có cảnh báo',
  BLOCKED: 'Bị chặn',
};

export const REVIEW_DECISION_VI: Record<string, string> = {
  PENDING: 'Chưa xử lý',
  ACCEPTED: 'Chấp nhận',
  REJECTED: 'Không chấp nhận',
  CORRECTED: 'Đã điều chỉnh',
};

export const APPROVED_LIST_TITLE = 'DANH SÁCH CÔNG CHỨC ĐĂNG KÝ ĐÁNH GIÁ NĂNG LỰC';

const COLUMNS: { header: string; width: number }[] = [
  { header: 'STT', width: 6 },
  { header: 'Mã công chức', width: 14 },
  { header: 'Họ và tên', width: 26 },
  { header: 'Vị trí đang đảm nhiệm', width: 32 },
  { header: 'Vị trí đăng ký', width: 40 },
  { header: 'Lĩnh vực', width: 24 },
  { header: 'Đơn vị', width: 28 },
  { header: 'Kết quả kiểm tra', width: 16 },
  { header: 'Quyết định rà soát', width: 18 },
  { header: 'Giải trình', width: 40 },
];

/** Row of the table header; the title block sits above it. */
export const APPROVED_LIST_HEADER_ROW = 6;

/** Vietnam has no daylight saving: UTC+7 all year, so the date is the same wherever the server runs. */
function formatVietnamTime(d: Date): string {
  const t = new Date(d.getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(t.getUTCDate())}/${p(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

export async function buildApprovedListWorkbook(input: ApprovedListInput): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách', {
    views: [{ state: 'frozen', ySplit: APPROVED_LIST_HEADER_ROW, xSplit: 3 }],
    // Printed and signed on paper: landscape A4, one page wide, header repeated on every page.
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: `${APPROVED_LIST_HEADER_ROW}:${APPROVED_LIST_HEADER_ROW}`,
    },
  });
  COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width));
  const last = COLUMNS.length;

  const banner = (row: number, text: string, font: Partial<ExcelJS.Font>) => addBanner(sheet, row, last, text, font);
  banner(1, APPROVED_LIST_TITLE, { bold: true, size: 14 });
  banner(2, `Kỳ đánh giá: ${input.cycle.nameVi} (${input.cycle.code})`, { bold: true });
  banner(3, `Đơn vị: ${input.unit.nameVi}`, { bold: true });
  banner(4, input.approvedAt ? `Ngày phê duyệt: ${formatVietnamTime(input.approvedAt)}` : 'Chưa phê duyệt', { italic: true });

  const header = sheet.getRow(APPROVED_LIST_HEADER_ROW);
  header.values = COLUMNS.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.height = 32;
  header.eachCell((cell) => {
    cell.border = THIN_BORDER;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });

  input.rows.forEach((r, i) => {
    const row = sheet.addRow([
      i + 1,
      r.employeeCode,
      r.fullName,
      r.heldPositionName,
      `${r.positionName} (${r.positionCode})`,
      r.fieldName,
      r.unitName,
      VERIFICATION_OUTCOME_VI[r.verificationOutcome] ?? r.verificationOutcome,
      REVIEW_DECISION_VI[r.reviewDecision] ?? r.reviewDecision,
      r.justification ?? '',
    ]);
    row.alignment = { vertical: 'top', wrapText: true };
    for (let c = 1; c <= last; c++) row.getCell(c).border = THIN_BORDER;
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'top' };
  });

  sheet.autoFilter = { from: { row: APPROVED_LIST_HEADER_ROW, column: 1 }, to: { row: APPROVED_LIST_HEADER_ROW, column: last } };
  return workbookToBuffer(workbook);
}
