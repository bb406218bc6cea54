// Capacity profiles and cycle result reports through the API: who may read what (role and unit scope), the
// issue's department read exactly so as JSON, and the same figures in the Excel and PDF downloads, with the
// Vietnamese text checked by reading the files back (exceljs; the PDF's text extracted with pdf-parse, which
// only works when the embedded font maps every glyph back to its Unicode character).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import type { AuthUser, TokenService } from '../api/auth';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { RESULTS_HEADER_ROW, RESULTS_REPORT_TITLE } from '../services/documents/report-workbook';
import { testPrisma, testTemporalClient } from './support';
import { reportFixture } from './report-fixture';

let prisma: PrismaClient;
let temporal: Client;
let app: ReturnType<typeof createApp>['app'];
let tokens: TokenService;
let fixture: Awaited<ReturnType<typeof reportFixture>>;
const bearer: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${bearer[who]}` });

const issue = (user: Partial<AuthUser> & Pick<AuthUser, 'role'>) =>
  tokens.issue({ id: `user-${user.role}`, username: user.role, displayName: user.role, unitId: null, unitPath: null, officerId: null, businessId: null, ...user });

/** supertest buffers binary bodies only when asked. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  ({ app, tokens } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: 'reports-unused' }));
  fixture = await reportFixture(prisma, new Date());
  for (const [username, password] of [['coordinator', 'demo-coordinator'], ['reviewer.d01', 'demo-reviewer'], ['leader.d01', 'demo-leader'], ['business.demo', 'demo-business']]) {
    bearer[username] = (await request(app).post('/api/auth/token').send({ username, password })).body.token;
  }
  bearer.deptReviewer = await issue({ role: 'REVIEWER', unitId: fixture.dept.id, unitPath: fixture.dept.path });
  bearer.b2Leader = await issue({ role: 'LEADER', unitId: fixture.branches.b2.id, unitPath: fixture.branches.b2.path });
  bearer.self = await issue({ role: 'OFFICER', unitId: fixture.branches.b1.id, unitPath: fixture.branches.b1.path, officerId: fixture.profileOfficer.id });
  bearer.colleague = await issue({ role: 'OFFICER', unitId: fixture.branches.b1.id, unitPath: fixture.branches.b1.path, officerId: fixture.officers[2].id });
});

afterAll(async () => {
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

describe('cycle results report', () => {
  const url = () => `/api/cycles/${fixture.cycle.id}/reports/results`;

  it("reads the issue's department exactly so", async () => {
    const res = await request(app).get(url()).query({ by: 'department', unitId: fixture.dept.id }).set(as('coordinator'));
    expect(res.status).toBe(200);
    const [row] = res.body.rows;
    expect(res.body.rows).toHaveLength(1);
    expect(row).toMatchObject({
      key: fixture.dept.id,
      inScope: 103,
      tested: 48,
      participation: { rate: 0.466, percent: '46.6%' },
      achievedRate: { rate: 1, percent: '100%' },
      scoredAtLeast90Rate: { rate: 0.5, percent: '50%' },
      levelShares: { LEVEL_3: { rate: 0.7708, percent: '77%' } },
      followUps: { open: 3, done: 1, overdue: 2 },
    });
    expect(res.body.by).toBe('department');
  });

  it('groups per position and per field, and defaults to departments', async () => {
    const positions = await request(app).get(url()).query({ by: 'position' }).set(as('coordinator'));
    expect(positions.body.rows.map((r: { key: string }) => r.key)).toEqual(['P-F1-02', 'P-F2-01']);
    expect(positions.body.rows.map((r: { inScope: number }) => r.inScope)).toEqual([70, 33]);
    const fields = await request(app).get(url()).query({ by: 'field' }).set(as('coordinator'));
    expect(fields.body.rows.map((r: { key: string; tested: number }) => [r.key, r.tested])).toEqual([['F1', 36], ['F2', 12]]);
    const plain = await request(app).get(url()).set(as('coordinator'));
    expect(plain.body.by).toBe('department');
    expect((await request(app).get(url()).query({ by: 'officer' }).set(as('coordinator'))).status).toBe(400);
    expect((await request(app).get(url()).query({ format: 'docx' }).set(as('coordinator'))).status).toBe(400);
    expect((await request(app).get('/api/cycles/no-such-cycle/reports/results').set(as('coordinator'))).status).toBe(404);
    expect((await request(app).get(url()).query({ unitId: 'NO-SUCH-UNIT' }).set(as('coordinator'))).status).toBe(404);
  });

  it("keeps to the caller's unit scope", async () => {
    // The department's reviewer sees it all; a leader of one branch only that branch.
    const dept = await request(app).get(url()).set(as('deptReviewer'));
    expect(dept.body.rows[0]).toMatchObject({ inScope: 103, tested: 48 });
    const branch = await request(app).get(url()).set(as('b2Leader'));
    expect(branch.body.rows[0]).toMatchObject({ key: fixture.dept.id, inScope: 43, tested: 12 });
    expect((await request(app).get(url()).query({ unitId: fixture.dept.id }).set(as('b2Leader'))).status).toBe(403);
    expect((await request(app).get(url()).query({ unitId: 'D01' }).set(as('deptReviewer'))).status).toBe(403);
    // Another department's reviewer does not even see the cycle; officers and businesses read no report.
    expect((await request(app).get(url()).set(as('reviewer.d01'))).status).toBe(403);
    expect((await request(app).get(url()).set(as('self'))).status).toBe(403);
    expect((await request(app).get(url()).set(as('business.demo'))).status).toBe(403);
    expect((await request(app).get(url())).status).toBe(401);
  });

  it('downloads as Excel with Vietnamese headers and rates formatted as percentages', async () => {
    const res = await request(app).get(url()).query({ unitId: fixture.dept.id, format: 'xlsx' }).set(as('coordinator')).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    expect(res.headers['content-disposition']).toContain(`bao-cao-ket-qua-${fixture.cycle.code}-don-vi-${fixture.dept.id}.xlsx`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('Báo cáo kết quả');
    expect(sheet.getCell(1, 1).value).toBe(RESULTS_REPORT_TITLE);
    expect(String(sheet.getCell(2, 1).value)).toContain(fixture.cycle.nameVi);
    expect(String(sheet.getCell(4, 1).value)).toMatch(/^Phạm vi: Cục Hải quan Hà Giang thử nghiệm .* và các đơn vị trực thuộc/);
    const headers = (sheet.getRow(RESULTS_HEADER_ROW + 1).values as unknown[]).slice(1).map(String);
    const column = (header: string) => {
      const i = headers.indexOf(header);
      expect(i, header).toBeGreaterThanOrEqual(0);
      return i + 1;
    };
    const row = sheet.getRow(RESULTS_HEADER_ROW + 2);
    expect(row.getCell(2).value).toBe((await prisma.unit.findUniqueOrThrow({ where: { id: fixture.dept.id } })).nameVi);
    expect(row.getCell(column('Số thuộc diện đánh giá')).value).toBe(103);
    expect(row.getCell(column('Số dự thi')).value).toBe(48);
    const participation = row.getCell(column('Tỷ lệ dự thi'));
    expect(participation.value).toBe(0.466);
    expect(participation.numFmt).toBe('0.0%');
    expect(row.getCell(column('Tỷ lệ đạt')).value).toBe(1);
    expect(row.getCell(column('Tỷ lệ từ 90 điểm')).value).toBe(0.5);
    const level3 = row.getCell(column('Mức 3 (tỷ lệ)'));
    expect(level3.value).toBe(0.7708);
    expect(level3.numFmt).toBe('0%');
    expect(row.getCell(column('Mức 3 (số)')).value).toBe(37);
    expect(sheet.getRow(RESULTS_HEADER_ROW + 3).getCell(2).value).toBe('Tổng cộng');
  });

  it('downloads as a PDF whose Vietnamese text reads back', async () => {
    const res = await request(app).get(url()).query({ unitId: fixture.dept.id, format: 'pdf' }).set(as('deptReviewer')).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes('DejaVuSans')).toBe(true); // the embedded font, not Helvetica
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text.normalize('NFC');
    await parser.destroy();
    for (const expected of [
      RESULTS_REPORT_TITLE,
      `Kỳ đánh giá: ${fixture.cycle.nameVi}`,
      'Cục Hải quan Hà Giang thử nghiệm',
      'Tỷ lệ dự thi',
      'Thuộc diện',
      '46,6%',
      '100%',
      '37 (77%)',
      'Tổng cộng',
      'Số liệu tính đến',
    ]) {
      expect(text, expected).toContain(expected);
    }
  });
});

describe('capacity profile', () => {
  const url = (id: string) => `/api/officers/${id}/profile`;

  it('lets officers read their own profile only', async () => {
    const own = await request(app).get(url(fixture.profileOfficer.id)).set(as('self'));
    expect(own.status).toBe(200);
    expect(own.body.officer.id).toBe(fixture.profileOfficer.id);
    expect(own.body.cycles[0].result).toMatchObject({ level: 'LEVEL_3', levelReason: [expect.stringMatching(/^Mức 3 \(level-3\): score ≥ 85/)] });
    expect(own.body.cycles[0].result.competencies.length).toBeGreaterThan(0);
    expect(own.body.feedback.ratings.total).toBe(2);
    expect(own.body.followUps).toHaveLength(2);
    const other = await request(app).get(url(fixture.profileOfficer.id)).set(as('colleague'));
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('Bạn chỉ được xem hồ sơ của chính mình.');
  });

  it('lets reviewers and leaders read profiles in their unit scope, the coordinator all', async () => {
    expect((await request(app).get(url(fixture.profileOfficer.id)).set(as('deptReviewer'))).status).toBe(200);
    expect((await request(app).get(url(fixture.profileOfficer.id)).set(as('b2Leader'))).status).toBe(403); // works in B1
    expect((await request(app).get(url(fixture.officers[80].id)).set(as('b2Leader'))).status).toBe(200);
    expect((await request(app).get(url(fixture.profileOfficer.id)).set(as('reviewer.d01'))).status).toBe(403);
    expect((await request(app).get(url(fixture.profileOfficer.id)).set(as('leader.d01'))).status).toBe(403);
    expect((await request(app).get(url(fixture.profileOfficer.id)).set(as('business.demo'))).status).toBe(403);
    const en = await request(app).get(url(fixture.profileOfficer.id)).query({ lang: 'en' }).set(as('coordinator'));
    expect(en.status).toBe(200);
    expect(en.body.cycles[0].result.levelReason[0]).toMatch(/^Level 3 \(level-3\)/);
    expect(en.body.cycles[0].registration).toMatchObject({ positionDiffers: true, chosenPosition: { id: 'P-F2-01' }, heldPosition: { id: 'P-F1-02' } });
    expect((await request(app).get(url('no-such-officer')).set(as('coordinator'))).status).toBe(404);
  });

  it("shows a seeded officer's profile to their department's leader", async () => {
    const seeded = await prisma.officer.findFirstOrThrow({ where: { unit: { path: { startsWith: '/HQ/D01/' } } }, orderBy: { employeeCode: 'asc' } });
    const res = await request(app).get(url(seeded.id)).set(as('leader.d01'));
    expect(res.status).toBe(200);
    expect(res.body.assignments.length).toBeGreaterThan(0);
    expect(res.body.assignments[0].current).toBe(true);
    expect(res.body.officer.unit.id).toBe(seeded.unitId);
  });
});
