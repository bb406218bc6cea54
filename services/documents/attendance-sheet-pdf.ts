// A session's attendance sheet as a printable PDF (A4 portrait) for the invigilators: the cycle, department,
// session, room and start time (Vietnam time) on top; one row per seat with a column to sign in; the header row
// repeated on every page, the invigilators' signatures at the end and page numbers. Vietnamese text, so the
// same embedded DejaVu Sans as the results report (reportFonts).
import { vietnamTime } from '../../domain/notification-text';
import type { AttendanceSheet } from '../exam-session-rosters';
import { vietnamesePdf } from './report-pdf';

export const ATTENDANCE_SHEET_TITLE = 'DANH SÁCH THÍ SINH DỰ THI';

const MARGIN = 36;
const FONT_SIZE = 9;
const PAD = 4;
const MIN_ROW = 26; // room for a signature

const COLUMNS = [
  { header: 'STT', width: 30, align: 'center' as const },
  { header: 'Ghế', width: 34, align: 'center' as const },
  { header: 'Mã công chức', width: 84, align: 'left' as const },
  { header: 'Họ và tên', width: 0, align: 'left' as const }, // takes what is left
  { header: 'Vị trí dự thi', width: 150, align: 'left' as const },
  { header: 'Chữ ký', width: 80, align: 'center' as const },
];

export async function buildAttendanceSheetPdf(sheet: AttendanceSheet): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${ATTENDANCE_SHEET_TITLE} – ${sheet.session.code}`, Author: 'Customs competency assessment', Subject: sheet.session.code, Keywords: `${sheet.cycle.code} ${sheet.session.code}` },
  });

  const pageWidth = doc.page.width - 2 * MARGIN;
  const fixed = COLUMNS.reduce((s, c) => s + c.width, 0);
  const columns = COLUMNS.map((c) => (c.width ? c : { ...c, width: pageWidth - fixed }));
  const bottom = () => doc.page.height - MARGIN - 14; // room for the page number

  const { session } = sheet;
  doc.font('Bold').fontSize(13).text(ATTENDANCE_SHEET_TITLE, { align: 'center' });
  doc.moveDown(0.3);
  doc.font('Bold').fontSize(10).text(`Kỳ đánh giá: ${sheet.cycle.nameVi} (${sheet.cycle.code})`, { align: 'center' });
  doc.moveDown(0.6);
  doc.font('Regular').fontSize(10);
  const line = (label: string, value: string) => {
    doc.font('Bold').text(`${label}: `, { continued: true }).font('Regular').text(value);
  };
  line('Đơn vị', sheet.departmentNameVi);
  line('Ca thi', session.code);
  line('Phòng thi', session.room ?? '—');
  line('Giờ bắt đầu', `${vietnamTime(session.startsAt.toISOString())} (giờ Việt Nam); vào thi muộn nhất ${session.lateStartMinutes} phút sau giờ bắt đầu`);
  line('Số thí sinh', String(sheet.rows.length));
  doc.moveDown(0.8);

  const drawRow = (texts: string[], font: 'Regular' | 'Bold', header = false) => {
    doc.font(font).fontSize(FONT_SIZE);
    const textHeight = Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: columns[i].width - 2 * PAD })));
    const height = Math.max(header ? 0 : MIN_ROW, textHeight + 2 * PAD);
    if (doc.y + height > bottom()) {
      doc.addPage();
      if (!header) drawHeader();
    }
    const y = doc.y;
    let x = MARGIN;
    texts.forEach((t, i) => {
      const { width, align } = columns[i];
      if (header) doc.rect(x, y, width, height).fill('#DDEBF7');
      doc.rect(x, y, width, height).lineWidth(0.5).strokeColor('#808080').stroke();
      doc.fillColor('black').font(font).fontSize(FONT_SIZE);
      doc.text(t, x + PAD, y + (height - textHeight) / 2, { width: width - 2 * PAD, align: header ? 'center' : align });
      x += width;
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const drawHeader = () => drawRow(columns.map((c) => c.header), 'Bold', true);

  drawHeader();
  sheet.rows.forEach((r, i) => drawRow([String(i + 1), String(r.seatNumber), r.employeeCode, r.fullName, r.positionNameVi, ''], 'Regular'));
  if (sheet.rows.length === 0) {
    doc.font('Regular').fontSize(FONT_SIZE).text('Chưa có thí sinh nào được xếp vào ca thi này.', MARGIN, doc.y + PAD, { width: pageWidth, align: 'center' });
  }

  // Totals and the invigilators' signatures, kept together on one page.
  if (doc.y + 110 > bottom()) doc.addPage();
  doc.moveDown(1);
  doc.font('Regular').fontSize(10).text('Số thí sinh có mặt: ........  Số thí sinh vắng mặt: ........', MARGIN, doc.y, { width: pageWidth });
  doc.moveDown(1);
  const y = doc.y;
  const half = pageWidth / 2;
  for (const [i, who] of ['GIÁM THỊ 1', 'GIÁM THỊ 2'].entries()) {
    doc.font('Bold').fontSize(10).text(who, MARGIN + i * half, y, { width: half, align: 'center' });
    doc.font('Regular').fontSize(9).text('(Ký, ghi rõ họ tên)', MARGIN + i * half, y + 14, { width: half, align: 'center' });
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the number sits in the bottom margin: writing there must not start a page
    doc.font('Regular').fontSize(8).fillColor('#555555');
    doc.text(`Ca thi ${session.code} · Trang ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN - 8, { width: pageWidth, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
