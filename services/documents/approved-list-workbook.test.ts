import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  APPROVED_LIST_HEADER_ROW,
  APPROVED_LIST_TITLE,
  buildApprovedListWorkbook,
  type ApprovedListInput,
  type ApprovedListRow,
} from './approved-list-workbook';

const row = (n: number, over: Partial<ApprovedListRow> = {}): ApprovedListRow => ({
  employeeCode: `CB${String(n).padStart(6, '0')}`,
  fullName: 'Nguyễn Thị Ánh',
  heldPositionName: 'Công chức phân loại hàng hóa',
  positionCode: 'P-F2-01',
  positionName: 'Công chức kiểm tra trị giá hải quan',
  fieldName: 'Thuế xuất nhập khẩu',
  unitName: 'Chi cục Hải quan cửa khẩu Hữu Nghị',
  verificationOutcome: 'CLEAR',
  reviewDecision: 'PENDING',
  justification: null,
  ...over,
});

const input: ApprovedListInput = {
  cycle: { code: 'DGNL-2025', nameVi: 'Đánh giá năng lực công chức năm 2025' },
  unit: { id: 'U-LS', nameVi: 'Cục Hải quan tỉnh Lạng Sơn' },
  approvedAt: new Date('2025-03-31T17:30:00Z'), // 1 April 00:30 in Hà Nội
  rows: [
    row(1),
    row(2, { fullName: 'Đặng Quốc Việt', verificationOutcome: 'FLAGGED', reviewDecision: 'ACCEPTED', justification: 'Được điều động sang vị trí này từ tháng 01/2025, đã có quyết định.' }),
    row(3, { fullName: 'Võ Minh Quân', verificationOutcome: 'BLOCKED', reviewDecision: 'CORRECTED' }),
  ],
};

async function read(buffer: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook.worksheets[0];
}

describe('buildApprovedListWorkbook', () => {
  it('writes the title block with Vietnamese names and the approval date in Vietnam time', async () => {
    const sheet = await read(await buildApprovedListWorkbook(input));
    expect(sheet.getCell('A1').value).toBe(APPROVED_LIST_TITLE);
    expect(APPROVED_LIST_TITLE).toBe('DANH SÁCH CÔNG CHỨC ĐĂNG KÝ ĐÁNH GIÁ NĂNG LỰC');
    expect(sheet.getCell('A2').value).toBe('Kỳ đánh giá: Đánh giá năng lực công chức năm 2025 (DGNL-2025)');
    expect(sheet.getCell('A3').value).toBe('Đơn vị: Cục Hải quan tỉnh Lạng Sơn');
    expect(sheet.getCell('A4').value).toBe('Ngày phê duyệt: 01/04/2025 00:30');
    expect(sheet.getCell('A1').isMerged).toBe(true);
  });

  it('writes a numbered, bordered table with bold headers, frozen panes and Vietnamese labels', async () => {
    const sheet = await read(await buildApprovedListWorkbook(input));
    const header = sheet.getRow(APPROVED_LIST_HEADER_ROW);
    expect(header.values).toEqual([
      undefined,
      'STT',
      'Mã công chức',
      'Họ và tên',
      'Vị trí đang đảm nhiệm',
      'Vị trí đăng ký',
      'Lĩnh vực',
      'Đơn vị',
      'Kết quả kiểm tra',
      'Quyết định rà soát',
      'Giải trình',
    ]);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: APPROVED_LIST_HEADER_ROW });
    expect(sheet.getColumn(5).width).toBeGreaterThan(20);

    const data = sheet.getRows(APPROVED_LIST_HEADER_ROW + 1, sheet.rowCount - APPROVED_LIST_HEADER_ROW)!;
    expect(data).toHaveLength(3);
    expect(data.map((r) => r.getCell(1).value)).toEqual([1, 2, 3]);
    expect(data.map((r) => r.getCell(3).value)).toEqual(['Nguyễn Thị Ánh', 'Đặng Quốc Việt', 'Võ Minh Quân']);
    expect(data[0].getCell(5).value).toBe('Công chức kiểm tra trị giá hải quan (P-F2-01)');
    expect(data[0].getCell(7).value).toBe('Chi cục Hải quan cửa khẩu Hữu Nghị');
    expect(data.map((r) => [r.getCell(8).value, r.getCell(9).value])).toEqual([
      ['Hợp lệ', 'Chưa xử lý'],
      ['Có cảnh báo', 'Chấp nhận'],
      ['Bị chặn', 'Đã điều chỉnh'],
    ]);
    expect(data[1].getCell(10).value).toBe('Được điều động sang vị trí này từ tháng 01/2025, đã có quyết định.');
    expect(data[2].getCell(10).border?.left?.style).toBe('thin');
  });

  it('says when the list is not approved yet, and copes with no rows', async () => {
    const sheet = await read(await buildApprovedListWorkbook({ ...input, approvedAt: null, rows: [] }));
    expect(sheet.getCell('A4').value).toBe('Chưa phê duyệt');
    expect(sheet.rowCount).toBe(APPROVED_LIST_HEADER_ROW);
  });

  it('labels REJECTED and keeps an unknown code as it is', async () => {
    const sheet = await read(
      await buildApprovedListWorkbook({ ...input, rows: [row(1, { reviewDecision: 'REJECTED', verificationOutcome: 'SOMETHING_NEW' })] }),
    );
    const r = sheet.getRow(APPROVED_LIST_HEADER_ROW + 1);
    expect([r.getCell(8).value, r.getCell(9).value]).toEqual(['SOMETHING_NEW', 'Không chấp nhận']);
  });
});
