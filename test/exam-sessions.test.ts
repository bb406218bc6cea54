// A department's sessions as its reviewer runs them through the API: the approved candidates still unseated and
// why, a session's seats (form drawn or not), the sessions of one department, and the printable attendance
// sheet (a PDF whose Vietnamese text reads back); refusals in the caller's language with nothing written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { PDFParse } from 'pdf-parse';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { startTestWorker, testPrisma, testTemporalClient, type RunningWorker } from './support';
import { examFixture } from './exam-fixture';

let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>['app'];
const bearer: Record<string, string> = {};
const as = (who: string) => ({ Authorization: `Bearer ${bearer[who]}` });

/** supertest buffers binary bodies only when asked. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  ({ app } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue, strictResponses: true }));
  for (const [username, password] of [['coordinator', 'demo-coordinator'], ['reviewer.d35', 'demo-reviewer'], ['reviewer.d01', 'demo-reviewer']]) {
    bearer[username] = (await request(app).post('/api/auth/token').send({ username, password })).body.token;
  }
});

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

describe('a department\'s sessions, seats and attendance sheet', () => {
  it('shows who is unseated and why, the seats of a session, and prints its attendance sheet', async () => {
    const { cycle, registrations } = await examFixture(prisma, new Date());
    const base = `/api/cycles/${cycle.id}`;
    const startsAt = new Date(Date.now() + 2 * 3_600_000);

    // Approved, but no session yet: everyone is listed with that reason.
    const before = await request(app).get(`${base}/schedule/D35`).set(as('reviewer.d35'));
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ listApproved: true, candidates: 3, seated: 0, freeSeats: 0, unseatedCount: 3 });
    expect(before.body.unseated.map((u: { reason: string }) => u.reason)).toEqual(['NO_SESSION', 'NO_SESSION', 'NO_SESSION']);
    expect(before.body.unseated.find((u: { registrationId: string }) => u.registrationId === registrations[2].id).officer.fullName).toBe('Đặng Thị Hương Giang');

    const small = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-S1', startsAt: startsAt.toISOString(), capacity: 2, room: 'Phòng máy số 1', lateStartMinutes: 15 });
    expect(small.status).toBe(201);
    const planned = await request(app).get(`${base}/schedule/D35`).set(as('reviewer.d35'));
    expect(planned.body).toMatchObject({ freeSeats: 2, unseatedCount: 3 });
    expect(planned.body.unseated[0].reason).toBe('NOT_SEATED_YET');

    // Two seats for three: the one left over is reported with why, and stays listed.
    const seating = await request(app).post(`${base}/schedule/D35`).set(as('reviewer.d35'));
    expect(seating.body).toMatchObject({ assigned: 2, alreadySeated: 0 });
    expect(seating.body.unseated).toEqual([expect.objectContaining({ reason: 'NO_FREE_SEAT' })]);
    const after = await request(app).get(`${base}/schedule/D35`).set(as('reviewer.d35'));
    expect(after.body).toMatchObject({ candidates: 3, seated: 2, freeSeats: 0, unseatedCount: 1 });
    expect(after.body.unseated[0]).toMatchObject({ registrationId: seating.body.unseated[0].registrationId, reason: 'NO_FREE_SEAT' });

    // One department's sessions, with their seat counts.
    const big = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-S2', startsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(), capacity: 5 });
    const list = await request(app).get(`${base}/sessions`).query({ unitId: 'D35' }).set(as('reviewer.d35'));
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: { code: string; seated: number; capacity: number }) => [s.code, s.seated, s.capacity])).toEqual([['CA-S1', 2, 2], ['CA-S2', 0, 5]]);
    expect((await request(app).get(`${base}/sessions`).query({ unitId: 'D35' }).set(as('reviewer.d01'))).status).toBe(403);

    // A session's seats in order; forms are drawn on publishing.
    const seats = await request(app).get(`${base}/sessions/${small.body.id}/seats`).set(as('reviewer.d35'));
    expect(seats.status).toBe(200);
    expect(seats.body.session).toMatchObject({ code: 'CA-S1', room: 'Phòng máy số 1', status: 'PLANNED' });
    expect(seats.body.items.map((s: { seatNumber: number }) => s.seatNumber)).toEqual([1, 2]);
    expect(seats.body.items.every((s: { formDrawn: boolean; started: boolean }) => !s.formDrawn && !s.started)).toBe(true);
    const moving = seats.body.items[0];
    const moved = await request(app).post(`${base}/seats/${moving.registrationId}/move`).set(as('reviewer.d35')).send({ sessionId: big.body.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ sessionId: big.body.id, seatNumber: 1 });
    await request(app).post(`${base}/schedule/D35`).set(as('reviewer.d35')); // the freed seat takes the one left over
    const published = await request(app).post(`${base}/sessions/${small.body.id}/publish`).set(as('reviewer.d35'));
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'PUBLISHED', forms: { generated: 2, existing: 0 } });
    const drawn = await request(app).get(`${base}/sessions/${small.body.id}/seats`).set(as('reviewer.d35'));
    expect(drawn.body.items).toHaveLength(2);
    expect(drawn.body.items.every((s: { formDrawn: boolean }) => s.formDrawn)).toBe(true);
    const seated = drawn.body.items.map((s: { officer: { fullName: string; employeeCode: string } }) => s.officer) as { fullName: string; employeeCode: string }[];

    // The attendance sheet: a PDF with the embedded Vietnamese font, its header and one row per seat.
    const pdfRes = await request(app).get(`${base}/sessions/${small.body.id}/attendance`).set(as('reviewer.d35')).buffer(true).parse(binary);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers['content-type']).toBe('application/pdf');
    expect(pdfRes.headers['content-disposition']).toContain('danh-sach-du-thi-CA-S1.pdf');
    const pdf = pdfRes.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.includes('DejaVuSans')).toBe(true);
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text.normalize('NFC');
    await parser.destroy();
    const vietnamStart = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(startsAt);
    for (const expected of ['DANH SÁCH THÍ SINH DỰ THI', cycle.code, cycle.nameVi, 'Cục Hải quan', 'CA-S1', 'Phòng máy số 1', vietnamStart, '(giờ Việt Nam)', 'Mã công chức', 'Họ và tên', 'Chữ ký', 'GIÁM THỊ 1', ...seated.flatMap((o) => [o.fullName, o.employeeCode])]) {
      expect(text, expected).toContain(expected);
    }
  });

  it('refuses bad requests in the caller\'s language and writes nothing', async () => {
    const { cycle } = await examFixture(prisma, new Date());
    const base = `/api/cycles/${cycle.id}`;
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const first = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-DUP', startsAt, capacity: 3 });
    expect(first.status).toBe(201);

    const duplicate = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-DUP', startsAt, capacity: 3 });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toMatchObject({ code: 'SESSION_CODE_TAKEN', message: 'Kỳ đánh giá đã có ca thi mã "CA-DUP"; hãy chọn mã khác.' });
    const english = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).set('Accept-Language', 'en').send({ unitId: 'D35', code: 'CA-DUP', startsAt, capacity: 3 });
    expect(english.body.error.message).toBe('The cycle already has a session "CA-DUP"; choose another code.');
    // Outside the window: the dates as people read them (Vietnam time), not ISO strings.
    const outside = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-LATE', startsAt: new Date(Date.now() + 90 * 86_400_000).toISOString(), capacity: 3 });
    expect(outside.status).toBe(400);
    expect(outside.body.error.message).toMatch(/\(\d{2}:\d{2}, \d{2}\/\d{2}\/\d{4} – \d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}\)/);
    const badCode = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'ca thi 1', startsAt, capacity: 0 });
    expect(badCode.status).toBe(400);
    expect(badCode.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['body.code', 'body.capacity']));
    expect(await prisma.examSession.count({ where: { cycleId: cycle.id } })).toBe(1);

    // Reads: unknown session, another department's reviewer, a unit that is not a department.
    const unknown = await request(app).get(`${base}/sessions/nope/seats`).set(as('reviewer.d35'));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('Không tìm thấy ca thi có mã "nope".');
    expect((await request(app).get(`${base}/sessions/nope/attendance`).set(as('reviewer.d35'))).status).toBe(404);
    expect((await request(app).get(`${base}/sessions/${first.body.id}/seats`).set(as('reviewer.d01'))).status).toBe(403);
    expect((await request(app).get(`${base}/sessions/${first.body.id}/attendance`).set(as('reviewer.d01'))).status).toBe(403);
    expect((await request(app).get(`${base}/schedule/D35`).set(as('reviewer.d01'))).status).toBe(403);
    expect((await request(app).get(`${base}/schedule/NO-SUCH-UNIT`).set(as('reviewer.d35'))).status).toBe(404);
    const team = await prisma.unit.findFirstOrThrow({ where: { path: { startsWith: '/HQ/D35/' }, depth: { gt: 1 } } });
    const notDepartment = await request(app).get(`${base}/schedule/${team.id}`).set(as('reviewer.d35'));
    expect(notDepartment.status).toBe(400);
    expect(notDepartment.body.error.code).toBe('NOT_A_DEPARTMENT');
    // The attendance sheet of a session nobody is seated in yet still prints (an empty table, said so).
    const empty = await request(app).get(`${base}/sessions/${first.body.id}/attendance`).set(as('coordinator')).buffer(true).parse(binary);
    expect(empty.status).toBe(200);
    const parser = new PDFParse({ data: new Uint8Array(empty.body as Buffer) });
    expect((await parser.getText()).text.normalize('NFC')).toContain('Chưa có thí sinh nào được xếp vào ca thi này.');
    await parser.destroy();
  });

  it('refuses to publish when a form cannot be drawn, and to move a candidate into a session under way', async () => {
    const { cycle, registrations } = await examFixture(prisma, new Date());
    const base = `/api/cycles/${cycle.id}`;
    const startsAt = new Date(Date.now() + 3_600_000).toISOString();
    const session = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-NB', startsAt, capacity: 5 });
    const other = await request(app).post(`${base}/sessions`).set(as('reviewer.d35')).send({ unitId: 'D35', code: 'CA-RUN', startsAt, capacity: 5 });
    await request(app).post(`${base}/schedule/D35`).set(as('reviewer.d35')).expect(200);
    // One candidate registered for a position that has no test blueprint.
    const bare = await prisma.jobPosition.create({ data: { id: `P-NB-${cycle.id.slice(-6)}`, code: `P-NB-${cycle.id.slice(-6)}`, nameVi: 'Vị trí chưa có cấu trúc đề', nameEn: 'Position without a blueprint', fieldId: (await prisma.professionalField.findFirstOrThrow()).id } });
    const seat = await prisma.examSeat.findFirstOrThrow({ where: { registrationId: { in: registrations.map((r) => r.id) }, sessionId: session.body.id } });
    await prisma.registration.update({ where: { id: seat.registrationId }, data: { positionId: bare.id } });
    const refused = await request(app).post(`${base}/sessions/${session.body.id}/publish`).set(as('reviewer.d35'));
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'FORMS_CANNOT_BE_DRAWN' });
    expect(refused.body.error.message).toBe('Chưa thể công bố ca thi: không tạo được đề thi cho vị trí việc làm "Vị trí chưa có cấu trúc đề" (chưa có cấu trúc đề đang áp dụng, hoặc ngân hàng câu hỏi chưa đủ câu). Chưa có gì thay đổi.');
    expect(await prisma.examForm.count({ where: { registration: { cycleId: cycle.id } } })).toBe(0);
    expect((await prisma.examSession.findUniqueOrThrow({ where: { id: session.body.id } })).status).toBe('PLANNED');

    // A session already under way takes no one new.
    await prisma.examSession.update({ where: { id: other.body.id }, data: { status: 'IN_PROGRESS' } });
    const move = await request(app).post(`${base}/seats/${seat.registrationId}/move`).set(as('reviewer.d35')).send({ sessionId: other.body.id });
    expect(move.status).toBe(409);
    expect(move.body.error.message).toBe('Ca thi muốn chuyển đến đã bắt đầu hoặc đã kết thúc; hãy chọn ca chưa diễn ra.');
    expect((await prisma.examSeat.findUniqueOrThrow({ where: { id: seat.id } })).sessionId).toBe(session.body.id);
  });
});
