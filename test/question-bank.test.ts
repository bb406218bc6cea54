// The question bank and test blueprints through the API, on the shared test database. Other test files use the
// same database at the same time, so this file works on competencies and positions of its own (suffixed with the
// run's id) and never changes seeded rows; seeded items are only read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { bankShortfallsForPositions } from '../services/question-bank';
import { parseQuestionFile } from '../services/documents/question-file';
import { testPrisma, testTemporalClient } from './support';

let prisma: PrismaClient;
let temporal: Client;
let app: ReturnType<typeof createApp>['app'];
const tokens: Record<string, string> = {};
const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const DEMO_PASSWORDS: Record<string, string> = {
  coordinator: 'demo-coordinator',
  'reviewer.d01': 'demo-reviewer',
  'leader.d01': 'demo-leader',
  'officer.d01': 'demo-officer',
};

// This run's own rows: competency A (field F1) for items, B for the blueprint; position P has both in its
// framework, position X only B (so an item of A listed for X could never be drawn). The positions are inactive,
// so that checks over "every active position" in other test files (a cycle launch) never see their shortfalls.
const run = Date.now().toString(36).toUpperCase();
const compA = `C-QBA-${run}`;
const compB = `C-QBB-${run}`;
const posP = `P-QBP-${run}`;
const posX = `P-QBX-${run}`;

const OPTIONS = [
  { key: 'A', text: 'Tiếp nhận tờ khai qua hệ thống VNACCS và thông báo kết quả phân luồng' },
  { key: 'B', text: 'Yêu cầu nộp toàn bộ hồ sơ giấy trước khi đăng ký tờ khai' },
  { key: 'C', text: 'Từ chối đăng ký tờ khai mà không thông báo lý do' },
  { key: 'D', text: 'Cho phép sửa số tờ khai đã được hệ thống cấp' },
];

function itemBody(code: string, over: Record<string, unknown> = {}) {
  return {
    code,
    stem: `Theo Luật Hải quan, công chức xử lý thế nào khi đăng ký tờ khai hải quan điện tử (${code})?`,
    options: OPTIONS,
    correctKey: 'A',
    competencyId: compA,
    difficulty: 'EASY',
    ...over,
  };
}

async function create(body: Record<string, unknown>) {
  const res = await request(app).post('/api/items').set(as('coordinator')).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; code: string };
}

async function activate(id: string) {
  const res = await request(app).post(`/api/items/${id}/status`).set(as('coordinator')).send({ status: 'ACTIVE' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

function csv(rows: string[][]): Buffer {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Buffer.from(`\uFEFF${rows.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`, 'utf8');
}

const HEADER = ['Mã câu hỏi', 'Năng lực', 'Độ khó', 'Lĩnh vực', 'Vị trí', 'Nội dung câu hỏi', 'Phương án A', 'Phương án B', 'Phương án C', 'Phương án D', 'Đáp án', 'Trạng thái'];

function importFile(data: Buffer, type = 'text/csv', user = 'coordinator') {
  return request(app).post('/api/items/import?fileName=ngan-hang.csv').set(as(user)).set('Content-Type', type).send(data);
}

function download(path: string, user = 'coordinator') {
  return request(app)
    .get(path)
    .set(as(user))
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  ({ app } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: 'question-bank-test', strictResponses: true }));
  for (const [username, password] of Object.entries(DEMO_PASSWORDS)) {
    const res = await request(app).post('/api/auth/token').send({ username, password });
    expect(res.status, `${username} signs in`).toBe(200);
    tokens[username] = res.body.token;
  }
  await prisma.competency.createMany({
    data: [
      { id: compA, code: compA, fieldId: 'F1', nameVi: 'Năng lực thử nghiệm A', nameEn: 'Test competency A' },
      { id: compB, code: compB, fieldId: 'F1', nameVi: 'Năng lực thử nghiệm B', nameEn: 'Test competency B' },
    ],
  });
  await prisma.jobPosition.createMany({
    data: [
      { id: posP, code: posP, fieldId: 'F1', nameVi: 'Vị trí thử nghiệm P', nameEn: 'Test position P', active: false },
      { id: posX, code: posX, fieldId: 'F1', nameVi: 'Vị trí thử nghiệm X', nameEn: 'Test position X', active: false },
    ],
  });
  await prisma.positionCompetency.createMany({
    data: [
      { positionId: posP, competencyId: compA, requiredLevel: 2 },
      { positionId: posP, competencyId: compB, requiredLevel: 2 },
      { positionId: posX, competencyId: compB, requiredLevel: 1 },
    ],
  });
});

afterAll(async () => {
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

describe('items and their versions', () => {
  it('creates a draft at version 1; an edit adds version 2 and leaves version 1 exactly as it was', async () => {
    const created = await create(itemBody(`qb-${run}-v`.toLowerCase(), { positionIds: [posP] }));
    expect(created).toMatchObject({ code: `QB-${run}-V`, status: 'DRAFT', currentVersion: 1 });
    const detail = created as unknown as { versions: { version: number; fieldId: string; positionIds: string[]; createdById: string }[] };
    expect(detail.versions).toHaveLength(1);
    // The field comes from the competency when not given.
    expect(detail.versions[0]).toMatchObject({ version: 1, fieldId: 'F1', positionIds: [posP], createdById: 'U-coordinator' });
    const v1 = await prisma.questionItemVersion.findUniqueOrThrow({ where: { itemId_version: { itemId: created.id, version: 1 } } });

    const edit = { ...itemBody(created.code), stem: '  Khi đăng ký tờ khai hải quan điện tử, công chức phải làm gì?  ', correctKey: 'a', positionIds: [posP], expectedVersion: 1 };
    const edited = await request(app).post(`/api/items/${created.id}/versions`).set(as('coordinator')).send(edit);
    expect(edited.status).toBe(201);
    expect(edited.body.change).toBe('versioned');
    expect(edited.body.item.currentVersion).toBe(2);
    expect(edited.body.item.versions.map((v: { version: number; stem: string }) => [v.version, v.stem])).toEqual([
      [1, v1.stem],
      [2, 'Khi đăng ký tờ khai hải quan điện tử, công chức phải làm gì?'],
    ]);
    expect(await prisma.questionItemVersion.findUniqueOrThrow({ where: { id: v1.id } })).toEqual(v1);

    // The same content again (a retried request) changes nothing, even with the old expectedVersion.
    const again = await request(app).post(`/api/items/${created.id}/versions`).set(as('coordinator')).send(edit);
    expect(again.status).toBe(200);
    expect(again.body.change).toBe('unchanged');
    expect(await prisma.questionItemVersion.count({ where: { itemId: created.id } })).toBe(2);

    // Another edit based on version 1 would overwrite version 2 unseen: refused.
    const stale = await request(app).post(`/api/items/${created.id}/versions`).set(as('coordinator')).send({ ...edit, correctKey: 'B' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'STALE_VERSION',
      message: 'Câu hỏi đã có phiên bản 2 từ khi bạn mở (bạn sửa từ phiên bản 1); vui lòng tải lại rồi sửa lại.',
    });

    const audit = await prisma.auditLog.findMany({ where: { entityType: 'QuestionItem', entityId: created.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
      ['question_item.created', 'U-coordinator'],
      ['question_item.versioned', 'U-coordinator'],
    ]);
    expect(audit[1].details).toMatchObject({ version: 2, previousVersion: 1, changed: ['stem'] });

    // Reviewers and leaders read items, keys included.
    const read = await request(app).get(`/api/items/${created.id}`).set(as('reviewer.d01'));
    expect(read.status).toBe(200);
    expect(read.body.versions.map((v: { correctKey: string }) => v.correctKey)).toEqual(['A', 'A']);
    expect((await request(app).get(`/api/items/${created.id}`).set(as('leader.d01'))).status).toBe(200);
  });

  it('refuses an invalid item with every problem and where it is, and writes nothing', async () => {
    const code = `QB-${run}-BAD`;
    const res = await request(app).post('/api/items').set(as('coordinator')).send(itemBody(code, {
      options: [{ key: 'A', text: 'Có' }, { key: 'a', text: 'Không' }, { key: 'G', text: ' ' }],
      correctKey: 'D',
      fieldId: 'F2',
      positionIds: [posX, `P-NOPE-${run}`],
    }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('ITEM_INVALID');
    expect(res.body.error.message).toBe('Câu hỏi chưa hợp lệ (7 lỗi) nên chưa được ghi. Sửa các lỗi dưới đây rồi gửi lại.');
    expect(res.body.error.details).toEqual([
      { path: 'body.options.1.key', message: 'Phương án A bị lặp lại.' },
      { path: 'body.options.2.key', message: 'Ký hiệu phương án "G" không hợp lệ: chỉ dùng một chữ cái từ A đến F.' },
      { path: 'body.options.2.text', message: 'Phương án G chưa có nội dung.' },
      { path: 'body.correctKey', message: 'Đáp án "D" không phải là một phương án của câu hỏi (các phương án: A).' },
      { path: 'body.fieldId', message: `Năng lực ${compA} thuộc lĩnh vực F1, không thuộc lĩnh vực F2.` },
      { path: 'body.positionIds', message: `Không có vị trí việc làm mã: P-NOPE-${run}.` },
      { path: 'body.positionIds', message: `Khung năng lực của vị trí ${posX} không có năng lực ${compA}, nên câu hỏi sẽ không bao giờ được dùng cho vị trí đó.` },
    ]);
    const english = await request(app).post('/api/items?lang=en').set(as('coordinator')).send(itemBody(code, { competencyId: 'C-NOPE', options: OPTIONS.slice(0, 1) }));
    expect(english.status).toBe(400);
    expect(english.body.error.details).toEqual([
      { path: 'body.options', message: 'A question needs at least 2 options (it has 1).' },
      { path: 'body.competencyId', message: 'There is no competency with code C-NOPE.' },
    ]);
    const shape = await request(app).post('/api/items').set(as('coordinator')).send(itemBody(code, { difficulty: 'VERY_HARD' }));
    expect(shape.status).toBe(400);
    expect(shape.body.error.code).toBe('VALIDATION_FAILED');
    expect(await prisma.questionItem.count({ where: { code } })).toBe(0);

    // A code already taken; an invalid edit of an existing item leaves its versions alone.
    const existing = await create(itemBody(`QB-${run}-TAKEN`));
    const taken = await request(app).post('/api/items').set(as('coordinator')).send(itemBody(`qb-${run}-taken`));
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'ITEM_CODE_TAKEN', message: `Đã có câu hỏi mã QB-${run}-TAKEN. Muốn sửa câu hỏi đó, hãy tạo phiên bản mới cho nó.` });
    const badEdit = await request(app).post(`/api/items/${existing.id}/versions`).set(as('coordinator')).send({ ...itemBody(existing.code), correctKey: 'F' });
    expect(badEdit.status).toBe(400);
    expect(await prisma.questionItemVersion.count({ where: { itemId: existing.id } })).toBe(1);
    expect((await request(app).post('/api/items/no-such-item/versions').set(as('coordinator')).send(itemBody('X'))).status).toBe(404);
  });

  it('activates, retires and re-drafts; refuses to activate a version whose key is not among its options', async () => {
    const item = await create(itemBody(`QB-${run}-ST`));
    await activate(item.id);
    const repeat = await request(app).post(`/api/items/${item.id}/status`).set(as('coordinator')).send({ status: 'ACTIVE' });
    expect(repeat.body.change).toBe('unchanged');
    const retired = await request(app).post(`/api/items/${item.id}/status`).set(as('coordinator')).send({ status: 'RETIRED', reason: 'Câu hỏi đã lỗi thời' });
    expect(retired.body).toMatchObject({ change: 'changed', item: { status: 'RETIRED' } });
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: item.id, action: 'question_item.status_changed' }, orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ reason: 'Câu hỏi đã lỗi thời', details: { from: 'ACTIVE', to: 'RETIRED' } });

    // A version written outside the API (legacy data) with its key outside the options cannot go live.
    const legacy = await prisma.questionItem.create({
      data: {
        code: `QB-${run}-LEGACY`,
        versions: { create: { version: 1, stem: 'Câu hỏi cũ', options: OPTIONS, correctKey: 'E', competencyId: compB, difficulty: 'EASY', fieldId: 'F1', positionIds: [] } },
      },
    });
    const refused = await request(app).post(`/api/items/${legacy.id}/status`).set(as('coordinator')).send({ status: 'ACTIVE' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'ITEM_NOT_ACTIVATABLE',
      message: `Không thể đưa câu hỏi QB-${run}-LEGACY vào sử dụng: phiên bản 1 chưa hợp lệ. Hãy tạo phiên bản mới đã sửa rồi thử lại.`,
      details: [{ path: 'versions.1.correctKey', message: 'Đáp án "E" không phải là một phương án của câu hỏi (các phương án: A, B, C, D).' }],
    });
    expect((await prisma.questionItem.findUniqueOrThrow({ where: { id: legacy.id } })).status).toBe('DRAFT');
  });

  it('lists with filters, accent-insensitive search and pages', async () => {
    const stem = (s: string) => ({ stem: s });
    const a = await create(itemBody(`QB-${run}-L1`, { ...stem('Kiểm tra thực tế hàng hóa bằng máy soi container tại cảng Hải Phòng'), difficulty: 'MEDIUM' }));
    const b = await create(itemBody(`QB-${run}-L2`, { ...stem('ĐỐI CHIẾU chứng từ vận tải với tờ khai'), difficulty: 'MEDIUM', positionIds: [posP] }));
    await activate(b.id);
    const list = (query: string, user = 'coordinator') => request(app).get(`/api/items?competencyId=${compA}&difficulty=MEDIUM&${query}`).set(as(user));
    const codes = async (query: string) => (await list(query)).body.items.map((i: { code: string }) => i.code);

    expect(await codes('')).toEqual([a.code, b.code]);
    expect(await codes('q=may%20soi%20CONTAINER')).toEqual([a.code]);
    expect(await codes(`q=${encodeURIComponent('hải  phòng')}`)).toEqual([a.code]);
    expect(await codes('q=doi%20chieu')).toEqual([b.code]);
    expect(await codes(`q=${encodeURIComponent('đối chiếu')}`)).toEqual([b.code]);
    expect(await codes(`q=${run.toLowerCase()}-l2`)).toEqual([b.code]);
    expect(await codes('q=100%25')).toEqual([]);
    expect(await codes('status=ACTIVE')).toEqual([b.code]);
    expect(await codes(`positionId=${posP}`)).toEqual([a.code, b.code]);
    expect(await codes(`positionId=${posX}`)).toEqual([]);
    const paged = await list('pageSize=1&page=2', 'reviewer.d01');
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(paged.body.items.map((i: { code: string }) => i.code)).toEqual([b.code]);
    expect(paged.body.items[0].current).toMatchObject({ version: 1, competencyId: compA, difficulty: 'MEDIUM', fieldId: 'F1', positionIds: [posP], correctKey: 'A', options: OPTIONS });

    // Sorted on the server, ties in code order: a is a draft written first, b was activated after it.
    expect(await codes('sort=-code')).toEqual([b.code, a.code]);
    expect(await codes('sort=status')).toEqual([a.code, b.code]);
    expect(await codes('sort=-status')).toEqual([b.code, a.code]);
    expect(await codes('sort=-updatedAt')).toEqual([b.code, a.code]);
    expect(await codes('sort=difficulty')).toEqual([a.code, b.code]);
    const c = await create(itemBody(`QB-${run}-L0`, { ...stem('Phân loại hàng hóa dễ'), difficulty: 'EASY' }));
    const all = async (sort: string) =>
      (await request(app).get(`/api/items?competencyId=${compA}&q=QB-${run}-L&sort=${sort}`).set(as('coordinator'))).body.items.map((i: { code: string }) => i.code);
    expect(await all('difficulty')).toEqual([c.code, a.code, b.code]);
    expect(await all('-difficulty')).toEqual([a.code, b.code, c.code]);
    const bad = await list('sort=stem');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details[0].path).toBe('query.sort');
  });

  it('lets only coordinators write, and never shows officers the bank', async () => {
    const item = await create(itemBody(`QB-${run}-ROLE`));
    const refused = [
      await request(app).post('/api/items').set(as('reviewer.d01')).send(itemBody(`QB-${run}-R2`)),
      await request(app).post(`/api/items/${item.id}/versions`).set(as('reviewer.d01')).send(itemBody(item.code)),
      await request(app).post(`/api/items/${item.id}/status`).set(as('leader.d01')).send({ status: 'ACTIVE' }),
      await importFile(csv([HEADER]), 'text/csv', 'reviewer.d01'),
      await request(app).post(`/api/positions/${posP}/blueprints`).set(as('reviewer.d01')).send({ sections: [{ competencyId: compA, difficulty: 'EASY', itemCount: 1 }], passMark: 50 }),
      await download(`/api/items/export?competencyId=${compA}`, 'reviewer.d01'),
      await request(app).get('/api/items').set(as('officer.d01')),
      await request(app).get(`/api/items/${item.id}`).set(as('officer.d01')),
      await download(`/api/items/export?competencyId=${compA}`, 'officer.d01'),
      await request(app).get(`/api/positions/${posP}/blueprints`).set(as('officer.d01')),
      await request(app).get('/api/bank/sufficiency').set(as('officer.d01')),
    ];
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 403));
    for (const r of refused.slice(6)) expect(JSON.stringify(r.body)).not.toContain('correctKey');
    expect(await prisma.questionItem.count({ where: { code: `QB-${run}-R2` } })).toBe(0);
    expect((await prisma.questionItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe('DRAFT');
  });
});

describe('import and export', () => {
  it('rejects a file with bad rows, naming row, column and problem, and imports none of it', async () => {
    const good = `QB-${run}-I0`;
    const res = await importFile(csv([
      HEADER,
      [good, compA, 'Dễ', '', '', 'Câu hỏi hợp lệ', 'Có', 'Không', '', '', 'A', ''],
      [`QB-${run}-I1`, 'C-NOPE', 'Dễ', '', '', 'Năng lực không tồn tại', 'Có', 'Không', '', '', 'A', ''],
      [`QB-${run}-I2`, compA, 'Khó', 'F2', '', 'Sai lĩnh vực', 'Có', 'Không', '', '', 'B', ''],
      [`QB-${run}-I3`, compA, 'Trung bình', '', `${posX}, P-NOPE-${run}`, 'Sai vị trí', 'Có', 'Không', '', '', 'A', ''],
      [`QB-${run}-I4`, compA, 'Dễ', '', '', 'Sai đáp án', 'Một', 'Hai', 'Ba', 'Bốn', 'E', ''],
      [`QB-${run}-I5`, compA, 'Dễ', '', '', 'Trạng thái lạ', 'Có', 'Không', '', '', 'A', 'Tạm dừng'],
    ]));
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('IMPORT_REJECTED');
    expect(res.body.error.message).toBe('Tệp có 6 lỗi nên chưa nhập câu hỏi nào. Sửa các lỗi dưới đây rồi tải lên lại.');
    expect(res.body.error.details).toEqual([
      { path: 'row 3, column B', message: 'Không có năng lực mã C-NOPE.' },
      { path: 'row 4, column D', message: `Năng lực ${compA} thuộc lĩnh vực F1, không thuộc lĩnh vực F2.` },
      { path: 'row 5, column E', message: `Không có vị trí việc làm mã: P-NOPE-${run}.` },
      { path: 'row 5, column E', message: `Khung năng lực của vị trí ${posX} không có năng lực ${compA}, nên câu hỏi sẽ không bao giờ được dùng cho vị trí đó.` },
      { path: 'row 6, column K', message: 'Đáp án "E" không phải là một phương án của câu hỏi (các phương án: A, B, C, D).' },
      {
        path: 'row 7, column L',
        message: 'Trạng thái "Tạm dừng" không hợp lệ: ghi Nháp, Đang sử dụng hoặc Ngừng sử dụng (hoặc DRAFT, ACTIVE, RETIRED), hoặc để trống.',
      },
    ]);
    const english = await request(app).post('/api/items/import?lang=en').set(as('coordinator')).set('Content-Type', 'text/csv').send(csv([HEADER.slice(0, 6)]));
    expect(english.status).toBe(422);
    expect(english.body.error.details[0]).toEqual({
      path: 'row 1, column Phương án A',
      message: 'The required column "Option A" is missing. Accepted header names: "Phương án A", "Option A", "Lựa chọn A".',
    });
    expect(await prisma.questionItem.count({ where: { code: { startsWith: `QB-${run}-I` } } })).toBe(0);
  });

  it('creates new codes, versions changed content, and changes nothing when the same file comes again', async () => {
    const existing = await create(itemBody(`QB-${run}-M1`));
    const file = csv([
      HEADER,
      [existing.code, compA, 'Dễ', '', '', 'Nội dung đã sửa: công chức hải quan tiếp nhận tờ khai như thế nào?', ...OPTIONS.map((o) => o.text), 'A', ''],
      [`QB-${run}-M2`, compA, 'Trung bình', 'F1', posP, 'Hàng hóa "quá cảnh", chuyển cửa khẩu được giám sát ra sao?', 'Niêm phong hải quan', 'Không giám sát', '', '', 'A', 'Đang sử dụng'],
      [`QB-${run}-M3`, compA, 'Khó', '', '', 'Tình huống: lô hàng lưu giữ quá thời hạn.\nPhương án xử lý phù hợp nhất?', 'Xử lý theo quy định', 'Để nguyên', 'Trả lại', '', 'A', ''],
    ]);
    const first = await importFile(file);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ rows: 3, created: 2, versioned: 1, statusChanged: 0, unchanged: 0 });

    const items = await prisma.questionItem.findMany({ where: { code: { in: [existing.code, `QB-${run}-M2`, `QB-${run}-M3`] } }, include: { versions: { orderBy: { version: 'asc' } } }, orderBy: { code: 'asc' } });
    expect(items.map((i) => [i.code, i.status, i.currentVersion, i.versions.length])).toEqual([
      [existing.code, 'DRAFT', 2, 2],
      [`QB-${run}-M2`, 'ACTIVE', 1, 1],
      [`QB-${run}-M3`, 'DRAFT', 1, 1],
    ]);
    expect(items[0].versions[0].stem).toBe(itemBody(existing.code).stem);
    expect(items[0].versions[1].stem).toBe('Nội dung đã sửa: công chức hải quan tiếp nhận tờ khai như thế nào?');
    expect(items[1].versions[0]).toMatchObject({ fieldId: 'F1', positionIds: [posP], difficulty: 'MEDIUM', correctKey: 'A' });
    expect(items[2].versions[0].stem).toBe('Tình huống: lô hàng lưu giữ quá thời hạn.\nPhương án xử lý phù hợp nhất?');
    const auditBefore = await prisma.auditLog.count({ where: { entityId: { in: items.map((i) => i.id) } } });
    expect(auditBefore).toBe(4); // created through the API, then versioned, and two created by the import
    const auditSummary = await prisma.auditLog.findFirstOrThrow({ where: { action: 'question_bank.imported', details: { path: ['rows'], equals: 3 }, actorUserId: 'U-coordinator' }, orderBy: { id: 'desc' } });
    expect(auditSummary.details).toMatchObject({ created: 2, versioned: 1, file: 'ngan-hang.csv' });

    const again = await importFile(file);
    expect(again.body).toEqual({ rows: 3, created: 0, versioned: 0, statusChanged: 0, unchanged: 3 });
    expect(await prisma.questionItemVersion.count({ where: { itemId: { in: items.map((i) => i.id) } } })).toBe(4);
    expect(await prisma.auditLog.count({ where: { entityId: { in: items.map((i) => i.id) } } })).toBe(auditBefore);

    // Only the status column differs: a status change, no new version.
    const retire = csv([HEADER, [`QB-${run}-M3`, compA, 'Khó', '', '', 'Tình huống: lô hàng lưu giữ quá thời hạn.\r\nPhương án xử lý phù hợp nhất?', 'Xử lý theo quy định', 'Để nguyên', 'Trả lại', '', 'a', 'Ngừng sử dụng']]);
    expect((await importFile(retire)).body).toEqual({ rows: 1, created: 0, versioned: 0, statusChanged: 1, unchanged: 0 });
    expect(await prisma.questionItem.findUniqueOrThrow({ where: { code: `QB-${run}-M3` } })).toMatchObject({ status: 'RETIRED', currentVersion: 1 });
  });

  it('exports current versions that import back unchanged, Vietnamese text intact, as Excel and as CSV', async () => {
    const tricky = await create(itemBody(`QB-${run}-X1`, {
      stem: 'Tình huống: Doanh nghiệp khai "linh kiện điện tử", mã HS 8542.31; trưởng ca yêu cầu\nưu tiên thông quan. Công chức cần làm gì?',
      options: [
        { key: 'A', text: 'Đối chiếu chứng từ, lấy mẫu phân tích khi chưa đủ cơ sở xác định mã số' },
        { key: 'B', text: '=Chấp nhận mã số đã khai' },
        { key: 'C', text: '00123' },
        { key: 'D', text: '2024-01-02' },
        { key: 'E', text: 'Ủy quyền cho doanh nghiệp tự kiểm tra, ghi nhận kết quả' },
      ],
      difficulty: 'HARD',
      positionIds: [posP],
    }));
    await activate(tricky.id);

    for (const [format, type, lang] of [['xlsx', XLSX, 'vi'], ['csv', 'text/csv', 'en']] as const) {
      const exported = await download(`/api/items/export?competencyId=${compA}&format=${format}&lang=${lang}`);
      expect(exported.status).toBe(200);
      expect(exported.headers['content-type']).toContain(format === 'xlsx' ? XLSX : 'text/csv');
      const data = exported.body as Buffer;
      const parsed = await parseQuestionFile(data, `export.${format}`);
      expect(parsed.errors).toEqual([]);
      const mine = parsed.rows.find((r) => r.code === tricky.code)!;
      const stored = await prisma.questionItemVersion.findUniqueOrThrow({ where: { itemId_version: { itemId: tricky.id, version: 1 } } });
      expect({ stem: mine.stem, options: mine.options, correctKey: mine.correctKey, difficulty: mine.difficulty, positionCodes: mine.positionCodes, status: mine.status })
        .toEqual({ stem: stored.stem, options: stored.options, correctKey: 'A', difficulty: 'HARD', positionCodes: [posP], status: 'ACTIVE' });
      const codes = await prisma.questionItem.findMany({ where: { versions: { some: { competencyId: compA } } }, select: { code: true }, orderBy: { code: 'asc' } });
      expect(parsed.rows.map((r) => r.code).sort()).toEqual(codes.map((c) => c.code).sort());

      const reimported = await importFile(data, type);
      expect(reimported.status, JSON.stringify(reimported.body)).toBe(200);
      expect(reimported.body).toEqual({ rows: parsed.rows.length, created: 0, versioned: 0, statusChanged: 0, unchanged: parsed.rows.length });
    }
  });

  it('exports seeded items exactly as stored (read only)', async () => {
    const exported = await download('/api/items/export?competencyId=C-COM-ETH');
    const parsed = await parseQuestionFile(exported.body as Buffer, 'export.xlsx');
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.length).toBeGreaterThanOrEqual(30);
    const stored = await prisma.questionItem.findMany({ where: { code: { in: parsed.rows.map((r) => r.code) } }, include: { versions: true } });
    const byCode = new Map(stored.map((i) => [i.code, i.versions.find((v) => v.version === i.currentVersion)!]));
    for (const row of parsed.rows) {
      const v = byCode.get(row.code)!;
      expect({ stem: row.stem, options: row.options, correctKey: row.correctKey }).toEqual({ stem: v.stem, options: v.options, correctKey: v.correctKey });
    }
  });
});

describe('blueprints and the bank sufficiency check', () => {
  it('versions a blueprint, lists what the bank cannot serve, and sees the shortfall go when the bank or the blueprint changes', async () => {
    const seeded = await request(app).get('/api/positions/P-F1-01/blueprints').set(as('reviewer.d01'));
    expect(seeded.status).toBe(200);
    expect(seeded.body.items[0]).toMatchObject({ version: 1, status: 'ACTIVE', durationMinutes: 60, passMark: 50, itemCount: 40 });

    // The bank for competency B: two active easy items fit P (one listed for P, one for any position), a draft
    // and an item listed only for X do not; an item whose current version moved to MEDIUM counts as MEDIUM.
    const b = (code: string, over: Record<string, unknown> = {}) => itemBody(`QB-${run}-${code}`, { competencyId: compB, ...over });
    await activate((await create(b('B1', { positionIds: [posP] }))).id);
    const anyPosition = await create(b('B2'));
    await activate(anyPosition.id);
    await create(b('B3'));
    await activate((await create(b('B4', { positionIds: [posX] }))).id);
    const moved = await create(b('B5'));
    await activate(moved.id);
    expect((await request(app).post(`/api/items/${moved.id}/versions`).set(as('coordinator')).send({ ...b('B5'), difficulty: 'MEDIUM' })).status).toBe(201);

    // What an editor sees before writing a blueprint: per framework competency and difficulty, the fitting active items.
    const coverage = await request(app).get(`/api/positions/${posP}/bank-coverage`).set(as('reviewer.d01'));
    expect(coverage.status, JSON.stringify(coverage.body)).toBe(200);
    expect(coverage.body.position).toMatchObject({ id: posP, code: posP, nameVi: 'Vị trí thử nghiệm P' });
    expect(coverage.body.competencies.map((c: { id: string }) => c.id)).toEqual([compA, compB]);
    expect(coverage.body.competencies[1]).toEqual({ id: compB, code: compB, nameVi: 'Năng lực thử nghiệm B', nameEn: 'Test competency B', requiredLevel: 2, available: { EASY: 2, MEDIUM: 1, HARD: 0 } });
    const coverageX = await request(app).get(`/api/positions/${posX}/bank-coverage`).set(as('coordinator'));
    expect(coverageX.body.competencies).toEqual([expect.objectContaining({ id: compB, available: { EASY: 2, MEDIUM: 1, HARD: 0 } })]);
    const noPosition = await request(app).get('/api/positions/P-NOPE/bank-coverage').set(as('coordinator'));
    expect(noPosition.status).toBe(404);
    expect(noPosition.body.error.message).toContain('P-NOPE');
    expect((await request(app).get(`/api/positions/${posP}/bank-coverage`).set(as('officer.d01'))).status).toBe(403);

    const body = { sections: [{ competencyId: compB, difficulty: 'EASY', itemCount: 3 }, { competencyId: compB, difficulty: 'MEDIUM', itemCount: 1 }], passMark: 60 };
    const v1 = await request(app).post(`/api/positions/${posP}/blueprints`).set(as('coordinator')).send(body);
    expect(v1.status, JSON.stringify(v1.body)).toBe(201);
    expect(v1.body.blueprint).toMatchObject({ positionId: posP, version: 1, status: 'ACTIVE', durationMinutes: 60, passMark: 60, itemCount: 4 });
    const shortfall = { positionId: posP, blueprintId: v1.body.blueprint.id, competencyId: compB, difficulty: 'EASY', required: 3, available: 2 };
    expect(v1.body.shortfalls).toEqual([shortfall]);
    const repeated = await request(app).post(`/api/positions/${posP}/blueprints`).set(as('coordinator')).send(body);
    expect(repeated.status).toBe(200);
    expect(repeated.body).toMatchObject({ change: 'unchanged', blueprint: { id: v1.body.blueprint.id } });

    const check = await request(app).get(`/api/bank/sufficiency?positionIds=${posP}`).set(as('reviewer.d01'));
    expect(check.status).toBe(200);
    expect(check.body).toEqual({
      sufficient: false,
      blueprints: [{ blueprintId: v1.body.blueprint.id, positionId: posP, version: 1 }],
      shortfalls: [shortfall],
      positionsWithoutBlueprint: [],
    });
    expect(await bankShortfallsForPositions(prisma, [posP])).toEqual([shortfall]);
    // Without a list, every active position is checked: these inactive ones are not.
    expect((await bankShortfallsForPositions(prisma)).filter((s) => s.positionId === posP)).toEqual([]);
    // Position X has no blueprint: nothing to build its test from.
    const both = await request(app).get(`/api/bank/sufficiency?positionIds=${posP}&positionIds=${posX}`).set(as('coordinator'));
    expect(both.body).toMatchObject({ sufficient: false, shortfalls: [shortfall], positionsWithoutBlueprint: [posX] });

    // One more fitting active item and the bank suffices; retiring one brings the shortfall back.
    const third = await create(b('B6'));
    await activate(third.id);
    expect(await bankShortfallsForPositions(prisma, [posP])).toEqual([]);
    await request(app).post(`/api/items/${third.id}/status`).set(as('coordinator')).send({ status: 'RETIRED' });
    expect(await bankShortfallsForPositions(prisma, [posP])).toEqual([shortfall]);

    // A new blueprint version asking for what the bank has: v1 retires, the check passes.
    const v2 = await request(app).post(`/api/positions/${posP}/blueprints`).set(as('coordinator')).send({ ...body, sections: [{ ...body.sections[0], itemCount: 2 }, body.sections[1]], durationMinutes: 45 });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ change: 'created', shortfalls: [], blueprint: { version: 2, durationMinutes: 45 } });
    const listed = await request(app).get(`/api/positions/${posP}/blueprints`).set(as('leader.d01'));
    expect(listed.body.items.map((x: { version: number; status: string }) => [x.version, x.status])).toEqual([[2, 'ACTIVE'], [1, 'RETIRED']]);
    expect((await request(app).get(`/api/bank/sufficiency?positionIds=${posP}`).set(as('coordinator'))).body).toMatchObject({ sufficient: true, shortfalls: [] });
    const audit = await prisma.auditLog.findMany({ where: { entityType: 'TestBlueprint', entityId: { in: [v1.body.blueprint.id, v2.body.blueprint.id] } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ['test_blueprint.created', v1.body.blueprint.id],
      ['test_blueprint.created', v2.body.blueprint.id],
      ['test_blueprint.retired', v1.body.blueprint.id],
    ]);
  });

  it('refuses sections outside the framework or given twice, and unknown positions, writing nothing', async () => {
    const res = await request(app).post(`/api/positions/${posX}/blueprints`).set(as('coordinator')).send({
      sections: [
        { competencyId: compA, difficulty: 'EASY', itemCount: 2 },
        { competencyId: compB, difficulty: 'HARD', itemCount: 2 },
        { competencyId: compB, difficulty: 'HARD', itemCount: 1 },
      ],
      passMark: 50,
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'BLUEPRINT_INVALID',
      message: `Cấu trúc đề thi của vị trí ${posX} chưa hợp lệ (2 lỗi) nên chưa được ghi.`,
      details: [
        { path: 'body.sections.0.competencyId', message: `Năng lực ${compA} không có trong khung năng lực của vị trí ${posX}.` },
        { path: 'body.sections.2', message: `Năng lực ${compB} ở mức độ khó đã có ở mục thứ 2; mỗi cặp năng lực và mức độ chỉ khai báo một lần.` },
      ],
    });
    expect(await prisma.testBlueprint.count({ where: { positionId: posX } })).toBe(0);
    const missingPassMark = await request(app).post(`/api/positions/${posX}/blueprints`).set(as('coordinator')).send({ sections: [{ competencyId: compB, difficulty: 'EASY', itemCount: 1 }] });
    expect(missingPassMark.status).toBe(400);
    expect((await request(app).post('/api/positions/P-NOPE/blueprints').set(as('coordinator')).send({ sections: [{ competencyId: compB, difficulty: 'EASY', itemCount: 1 }], passMark: 50 })).status).toBe(404);
    const unknown = await request(app).get(`/api/bank/sufficiency?positionIds=${posP},P-NOPE`).set(as('coordinator'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'UNKNOWN_POSITIONS', message: 'Không có vị trí việc làm với mã: P-NOPE.' });
  });
});
