// The cycle results report as a printable PDF (A4 landscape): title block, one table row per group with a
// totals row, header repeated on every page, the rates' definitions and page numbers. Text is Vietnamese, so the
// PDF embeds DejaVu Sans (full Vietnamese coverage; pdfkit's built-in Helvetica has no "ạ", "ố", "ữ"...): from the
// dejavu-fonts-ttf npm package, so a fresh machine has it after `npm install`, else Debian's fonts-dejavu-core.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { ResultFigures, ResultReport } from '../cycle-report';
import {
  DIMENSION_LABELS,
  formatVietnamTime,
  LEVEL_LABELS,
  RATE_DEFINITIONS,
  RESULTS_REPORT_TITLE,
  rowName,
  type ReportFileMeta,
} from './report-workbook';

const SYSTEM_FONT_DIR = '/usr/share/fonts/truetype/dejavu';

/** The regular and bold TTF files; throws when neither the npm package nor the system fonts are there. */
export function reportFonts(): { regular: string; bold: string } {
  const dirs: string[] = [];
  try {
    dirs.push(join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf'));
  } catch {
    // not installed: fall back to the system's fonts
  }
  dirs.push(SYSTEM_FONT_DIR);
  for (const dir of dirs) {
    const regular = join(dir, 'DejaVuSans.ttf');
    const bold = join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  throw new Error(`No Vietnamese-capable font: install the npm package dejavu-fonts-ttf or Debian's fonts-dejavu-core (looked in ${dirs.join(', ')})`);
}

/**
 * A PDF document with the Vietnamese-capable fonts registered as "Regular" and "Bold", and the file it becomes
 * once the caller ends it.
 */
export function vietnamesePdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const fonts = reportFonts();
  const doc = new PDFDocument(options);
  doc.registerFont('Regular', fonts.regular);
  doc.registerFont('Bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** Vietnamese writes 46,6% (decimal comma). */
export function percentVi(percent: string): string {
  return percent.replace('.', ',');
}

const intVi = (n: number) => new Intl.NumberFormat('vi-VN').format(n);
const scoreVi = (n: number | null) => (n === null ? '–' : n.toFixed(2).replace('.', ','));

interface PdfColumn {
  header: string;
  width: number;
  value: (f: ResultFigures) => string;
}

const COLUMNS: PdfColumn[] = [
  { header: 'Thuộc diện', width: 40, value: (f) => intVi(f.inScope) },
  { header: 'Đăng ký', width: 38, value: (f) => intVi(f.registered) },
  { header: 'Dự thi', width: 34, value: (f) => intVi(f.tested) },
  { header: 'Tỷ lệ dự thi', width: 42, value: (f) => percentVi(f.participation.percent) },
  { header: 'Tỷ lệ đạt', width: 40, value: (f) => percentVi(f.achievedRate.percent) },
  { header: 'Từ 90 điểm', width: 42, value: (f) => percentVi(f.scoredAtLeast90Rate.percent) },
  { header: 'Điểm TB', width: 36, value: (f) => scoreVi(f.averageScore) },
  ...(['LEVEL_1', 'LEVEL_2', 'LEVEL_3', 'NOT_ACHIEVED'] as const).map(
    (level): PdfColumn => ({ header: LEVEL_LABELS[level].vi, width: 44, value: (f) => `${intVi(f.levels[level])} (${percentVi(f.levelShares[level].percent)})` }),
  ),
  { header: 'Đăng ký khác vị trí', width: 46, value: (f) => percentVi(f.mismatchRate.percent) },
  { header: 'BP đang thực hiện', width: 40, value: (f) => intVi(f.followUps.open) },
  { header: 'BP hoàn thành', width: 40, value: (f) => intVi(f.followUps.done) },
  { header: 'BP quá hạn', width: 34, value: (f) => intVi(f.followUps.overdue) },
];

const MARGIN = 28;
const FONT_SIZE = 7.5;
const PAD = 3;

export async function buildResultsReportPdf(report: ResultReport, meta: ReportFileMeta): Promise<Buffer> {
  const { doc, done } = vietnamesePdf({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `${RESULTS_REPORT_TITLE} – ${report.cycleCode}`, Author: 'Customs competency assessment', Subject: DIMENSION_LABELS[report.by].subtitle },
  });

  const pageWidth = doc.page.width - 2 * MARGIN;
  const fixed = 22 + COLUMNS.reduce((s, c) => s + c.width, 0);
  const columns = [
    { header: 'STT', width: 22 },
    { header: DIMENSION_LABELS[report.by].column, width: pageWidth - fixed },
    ...COLUMNS,
  ];
  const bottom = () => doc.page.height - MARGIN - 14; // room for the page number

  // Title block (first page only).
  doc.font('Bold').fontSize(13).text(RESULTS_REPORT_TITLE, { align: 'center' });
  doc.moveDown(0.3);
  doc.font('Bold').fontSize(10).text(`Kỳ đánh giá: ${report.cycleNameVi} (${report.cycleCode})`, { align: 'center' });
  doc.font('Regular').fontSize(9).text(DIMENSION_LABELS[report.by].subtitle, { align: 'center' });
  doc.text(`Phạm vi: ${meta.scopeName} · Số liệu tính đến ${formatVietnamTime(new Date(report.asOf))} (giờ Việt Nam)`, { align: 'center' });
  doc.moveDown(0.8);

  const cellHeight = (texts: string[], font: 'Regular' | 'Bold') => {
    doc.font(font).fontSize(FONT_SIZE);
    return Math.max(...texts.map((t, i) => doc.heightOfString(t, { width: columns[i].width - 2 * PAD }))) + 2 * PAD;
  };

  const drawRow = (texts: string[], font: 'Regular' | 'Bold', fill?: string) => {
    const height = cellHeight(texts, font);
    if (doc.y + height > bottom()) {
      doc.addPage();
      drawHeader();
    }
    const y = doc.y;
    let x = MARGIN;
    texts.forEach((t, i) => {
      const w = columns[i].width;
      if (fill) doc.rect(x, y, w, height).fill(fill);
      doc.rect(x, y, w, height).lineWidth(0.5).strokeColor('#808080').stroke();
      doc.fillColor('black').font(font).fontSize(FONT_SIZE);
      // Names left, figures right, the header centred.
      const align = fill ? 'center' : i === 1 ? 'left' : i === 0 ? 'center' : 'right';
      doc.text(t, x + PAD, y + PAD, { width: w - 2 * PAD, align, lineBreak: true });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const drawHeader = () => drawRow(columns.map((c) => c.header), 'Bold', '#DDEBF7');

  drawHeader();
  report.rows.forEach((r, i) => drawRow([String(i + 1), rowName(report, r), ...COLUMNS.map((c) => c.value(r))], 'Regular'));
  drawRow(['', 'Tổng cộng', ...COLUMNS.map((c) => c.value(report.totals))], 'Bold');

  doc.moveDown(0.8);
  doc.font('Regular').fontSize(7.5);
  const notes = ['BP: biện pháp sau đánh giá (đào tạo lại, thi lại, bố trí lại vị trí, đề cử nhóm chuyên gia).', ...RATE_DEFINITIONS];
  for (const line of notes) {
    if (doc.y + doc.heightOfString(line, { width: pageWidth }) > bottom()) doc.addPage();
    doc.text(line, MARGIN, doc.y, { width: pageWidth });
  }

  // Page numbers once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // the number sits in the bottom margin: writing there must not start a page
    doc.font('Regular').fontSize(7.5).fillColor('#555555');
    doc.text(`Trang ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN - 8, { width: pageWidth, align: 'right', lineBreak: false });
  }
  doc.end();
  return done;
}
