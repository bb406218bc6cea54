// Registration, verification and the review-and-approval chain end to end, through the API, on the real
// Temporal dev server: a cycle whose registration window closes a few seconds after it opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { sendListReminder } from '../services/unit-lists';
import { startTestWorker, testPrisma, testTemporalClient, type RunningWorker } from './support';

let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>['app'];
const tokens: Record<string, string> = {};
const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });
const DAY = 86_400_000;

async function signIn(username: string, password: string) {
  const res = await request(app).post('/api/auth/token').send({ username, password });
  expect(res.status).toBe(200);
  tokens[username] = res.body.token;
  return res.body.user;
}

async function csv(lines: string[]): Promise<Buffer> {
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

async function waitForPhase(cycleId: string, phase: string) {
  for (let i = 0; i < 120; i++) {
    const res = await request(app).get(`/api/cycles/${cycleId}/phase`).set(as('coordinator'));
    if (res.body.phase === phase) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`cycle ${cycleId} did not reach ${phase}`);
}

async function listOf(cycleId: string, unitId: string, user = 'coordinator') {
  return (await request(app).get(`/api/cycles/${cycleId}/lists/${unitId}`).set(as(user))).body;
}

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  ({ app } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue }));
  await signIn('coordinator', 'demo-coordinator');
  await signIn('reviewer.d01', 'demo-reviewer');
  await signIn('reviewer.d35', 'demo-reviewer');
  await signIn('officer.d01', 'demo-officer');
});

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

describe('registration, verification, review and approval', () => {
  it('runs a department list from registration to an approved Excel export', async () => {
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    const created = await request(app).post('/api/cycles').set(as('coordinator')).send({
      code: `REG-${now}`,
      nameVi: 'Kỳ đánh giá thử nghiệm đăng ký và rà soát',
      nameEn: 'Registration and review test cycle',
      scopeUnitIds: ['D01', 'D35'],
      includeTeamLeaders: true,
      timeline: { registrationOpensAt: at(-DAY), registrationClosesAt: at(12_000), listsDueAt: at(2 * DAY), examStartsAt: at(40 * DAY), examEndsAt: at(41 * DAY), closesAt: at(90 * DAY) },
    });
    expect(created.status).toBe(201);
    const cycleId = created.body.id as string;
    expect((await request(app).post(`/api/cycles/${cycleId}/launch`).set(as('coordinator'))).status).toBe(200);
    expect((await request(app).get(`/api/cycles/${cycleId}`).set(as('coordinator'))).body.verificationRuleSetId).toBeTruthy();
    await waitForPhase(cycleId, 'REGISTRATION_OPEN');

    // D35's officers, by role: some register for their own position, one for another, one leader as non-leader.
    const d35 = await prisma.officer.findMany({ where: { unit: { path: { startsWith: '/HQ/D35/' } } }, include: { position: true }, orderBy: { employeeCode: 'asc' } });
    expect(d35.length).toBeGreaterThanOrEqual(4);
    const [honest, dodger, second, third] = d35;
    const simpler = await prisma.jobPosition.findFirstOrThrow({ where: { fieldId: dodger.position.fieldId, id: { not: dodger.positionId }, isLeadership: false } });

    // Bad file: unknown officer, unknown position, an officer of another department: nothing imported.
    const foreign = await prisma.officer.findFirstOrThrow({ where: { unit: { path: { startsWith: '/HQ/D01/' } } } });
    const bad = await request(app).post(`/api/cycles/${cycleId}/registrations/import`).set(as('reviewer.d35')).set('Content-Type', 'text/csv')
      .send(await csv(['Mã công chức,Mã vị trí đăng ký,Họ và tên', `${honest.employeeCode},${honest.positionId},${honest.fullName}`, 'CB999999,P-F1-01,', `${second.employeeCode},P-XX-99,`, `${foreign.employeeCode},${foreign.positionId},`]));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([
      { path: 'row 3, column A', message: 'Không có công chức mã CB999999.' },
      { path: 'row 4, column B', message: 'Không có vị trí việc làm mã P-XX-99.' },
      { path: 'row 5, column A', message: `Công chức mã ${foreign.employeeCode} không thuộc đơn vị của bạn nên không thể đăng ký trong tệp này.` },
    ]);
    expect(await prisma.registration.count({ where: { cycleId } })).toBe(0);

    // Good file, imported twice: the second import changes nothing.
    const goodFile = await csv(['Mã công chức,Mã vị trí đăng ký,Họ và tên', `${honest.employeeCode},${honest.positionId},${honest.fullName}`, `${dodger.employeeCode},${simpler.id},${dodger.fullName}`, `${second.employeeCode},${second.positionId},`]);
    const first = await request(app).post(`/api/cycles/${cycleId}/registrations/import`).set(as('reviewer.d35')).set('Content-Type', 'text/csv').send(goodFile);
    expect(first.body).toEqual({ rows: 3, created: 3, updated: 0, unchanged: 0 });
    const again = await request(app).post(`/api/cycles/${cycleId}/registrations/import`).set(as('reviewer.d35')).set('Content-Type', 'text/csv').send(goodFile);
    expect(again.body).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 3 });
    // A reviewer cannot register another department's officer; the D01 officer registers themself.
    const other = await request(app).post(`/api/cycles/${cycleId}/registrations`).set(as('reviewer.d01')).send({ officerId: third.id, positionId: third.positionId });
    expect(other.status).toBe(422);
    // The department's reviewer registers one officer: recorded as made on the officer's behalf, not as an import.
    const onBehalf = await request(app).post(`/api/cycles/${cycleId}/registrations`).set(as('reviewer.d35')).send({ officerId: third.id, positionId: third.positionId });
    expect(onBehalf.status).toBe(201);
    expect(await prisma.registration.findFirstOrThrow({ where: { cycleId, officerId: third.id } })).toMatchObject({ source: 'ON_BEHALF' });
    const self = await request(app).post(`/api/cycles/${cycleId}/registrations`).set(as('officer.d01')).send({ positionId: foreign.positionId === simpler.id ? simpler.id : (await prisma.officer.findFirstOrThrow({ where: { user: { username: 'officer.d01' } } })).positionId });
    expect(self.status).toBe(201);

    // The window closes; verification runs per department; the lists open for review.
    await waitForPhase(cycleId, 'REVIEW');
    const late = await request(app).post(`/api/cycles/${cycleId}/registrations`).set(as('reviewer.d35')).send({ officerId: third.id, positionId: third.positionId });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('REGISTRATION_CLOSED');

    const flagged = await request(app).get(`/api/cycles/${cycleId}/registrations?outcome=FLAGGED`).set(as('reviewer.d35'));
    expect(flagged.body.items.map((r: { officer: { id: string } }) => r.officer.id)).toEqual([dodger.id]);
    expect(flagged.body.items[0].verification.reasons.map((r: { code: string }) => r.code)).toContain('POSITION_DIFFERS');
    const differs = flagged.body.items[0].verification.reasons.find((r: { code: string }) => r.code === 'POSITION_DIFFERS');
    expect(differs.message).toBe(`Vị trí đăng ký "${simpler.nameVi}" khác vị trí đang đảm nhiệm "${dodger.position.nameVi}"`);
    const detail = await request(app).get(`/api/cycles/${cycleId}/registrations/${flagged.body.items[0].id}`).set(as('reviewer.d35'));
    expect(detail.body.trace.some((t: { fired: boolean }) => t.fired)).toBe(true);
    const clear = await request(app).get(`/api/cycles/${cycleId}/registrations?outcome=CLEAR`).set(as('reviewer.d35'));
    expect(clear.body.total).toBe(3); // the honest officer, the second and the one registered on his behalf
    // Sorted on the server by the column asked for; one ascending is the other descending reversed.
    const names = async (sort: string) => (await request(app).get(`/api/cycles/${cycleId}/registrations`).query({ sort }).set(as('reviewer.d35'))).body.items.map((r: { officer: { fullName: string } }) => r.officer.fullName);
    const ascending = await names('officer');
    expect(ascending).toHaveLength(4);
    expect(await names('-officer')).toEqual([...ascending].reverse());
    expect((await names('outcome'))[3]).toBe(dodger.fullName); // FLAGGED after the CLEAR ones
    expect((await request(app).get(`/api/cycles/${cycleId}/registrations?sort=age`).set(as('reviewer.d35'))).status).toBe(400);

    // The D01 reviewer sees neither D35's registrations nor its list.
    expect((await request(app).get(`/api/cycles/${cycleId}/registrations?unitId=D35`).set(as('reviewer.d01'))).status).toBe(403);
    expect((await request(app).post(`/api/cycles/${cycleId}/lists/D35/submit`).set(as('reviewer.d01')).send({ expectedRevision: 0 })).status).toBe(403);

    // Submitting with a pending flag is refused; a decision needs a written justification.
    const list = await listOf(cycleId, 'D35', 'reviewer.d35');
    expect(list).toMatchObject({ status: 'DRAFT', revision: 0 });
    const pending = await request(app).post(`/api/cycles/${cycleId}/lists/D35/submit`).set(as('reviewer.d35')).send({ expectedRevision: 0 });
    expect(pending.status).toBe(409);
    expect(pending.body.error.message).toBe('Chưa thể gửi danh sách: còn 1 đăng ký có cảnh báo chưa được quyết định (chấp nhận, không chấp nhận hoặc điều chỉnh).');
    const noReason = await request(app).post(`/api/cycles/${cycleId}/registrations/${flagged.body.items[0].id}/decision`).set(as('reviewer.d35')).send({ decision: 'ACCEPT', justification: 'ok' });
    expect(noReason.status).toBe(400);
    const corrected = await request(app).post(`/api/cycles/${cycleId}/registrations/${flagged.body.items[0].id}/decision`).set(as('reviewer.d35'))
      .send({ decision: 'CORRECT', justification: 'Công chức đang giữ vị trí khác, điều chỉnh về vị trí thực tế' });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ position: { id: dodger.positionId }, review: { decision: 'CORRECTED', correctedFromPositionId: simpler.id } });

    // Submit, return with comments, resubmit, approve; stale and repeated requests.
    const submitted = await request(app).post(`/api/cycles/${cycleId}/lists/D35/submit`).set(as('reviewer.d35')).send({ expectedRevision: 0 });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'SUBMITTED', revision: 1 });
    const retried = await request(app).post(`/api/cycles/${cycleId}/lists/D35/submit`).set(as('reviewer.d35')).send({ expectedRevision: 0 });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ status: 'SUBMITTED', revision: 1, repeated: true });
    expect(Object.keys(retried.body).sort()).toEqual(Object.keys(submitted.body).sort()); // a retry is answered in the same shape
    expect((await request(app).post(`/api/cycles/${cycleId}/lists/D35/approve`).set(as('reviewer.d35')).send({ expectedRevision: 1 })).status).toBe(403);
    const noComment = await request(app).post(`/api/cycles/${cycleId}/lists/D35/return`).set(as('coordinator')).send({ expectedRevision: 1 });
    expect(noComment.status).toBe(400);
    const returned = await request(app).post(`/api/cycles/${cycleId}/lists/D35/return`).set(as('coordinator')).send({ expectedRevision: 1, comment: 'Bổ sung giải trình cho trường hợp điều chỉnh vị trí' });
    expect(returned.body).toMatchObject({ status: 'RETURNED', revision: 2 });
    const stale = await request(app).post(`/api/cycles/${cycleId}/lists/D35/submit`).set(as('reviewer.d35')).send({ expectedRevision: 1 });
    expect(stale.status).toBe(409);
    // A stale page is told so in words, under its own code, whatever else changed (the approve: the status too).
    expect(stale.body.error).toMatchObject({ code: 'LIST_STALE', message: 'Danh sách đã thay đổi từ khi bạn mở; vui lòng tải lại rồi thực hiện lại.' });
    const staleApprove = await request(app).post(`/api/cycles/${cycleId}/lists/D35/approve`).set(as('coordinator')).set('Accept-Language', 'en').send({ expectedRevision: 1 });
    expect(staleApprove.status).toBe(409);
    expect(staleApprove.body.error).toMatchObject({ code: 'LIST_STALE', message: 'The list changed since you opened it; reload it and try again.' });
    expect((await request(app).post(`/api/cycles/${cycleId}/lists/D35/submit`).set(as('reviewer.d35')).send({ expectedRevision: 2 })).body.status).toBe('SUBMITTED');
    const approved = await request(app).post(`/api/cycles/${cycleId}/lists/D35/approve`).set(as('coordinator')).send({ expectedRevision: 3 });
    expect(approved.body).toMatchObject({ status: 'APPROVED', revision: 4 });
    const twice = await request(app).post(`/api/cycles/${cycleId}/lists/D35/approve`).set(as('coordinator')).send({ expectedRevision: 4 });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('Danh sách đã hoàn tất (đã duyệt hoặc đã xử lý quá hạn); không thể phê duyệt danh sách.');
    const decisionAfter = await request(app).post(`/api/cycles/${cycleId}/registrations/${flagged.body.items[0].id}/decision`).set(as('reviewer.d35'))
      .send({ decision: 'ACCEPT', justification: 'Thay đổi sau khi đã duyệt danh sách' });
    expect(decisionAfter.status).toBe(409);

    const audit = await prisma.auditLog.findMany({ where: { cycleId, entityType: { in: ['UnitList', 'Registration'] } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['registration.created', 'registration.corrected', 'unit_list.submitted', 'unit_list.returned', 'unit_list.approved']));
    expect(audit.find((a) => a.action === 'unit_list.returned')?.reason).toBe('Bổ sung giải trình cho trường hợp điều chỉnh vị trí');
    // Each transition of the list records who acted in which role.
    expect(audit.filter((a) => a.action.startsWith('unit_list.')).map((a) => [a.action, a.actorRole])).toEqual(expect.arrayContaining([
      ['unit_list.submitted', 'REVIEWER'], ['unit_list.returned', 'COORDINATOR'], ['unit_list.approved', 'COORDINATOR'],
    ]));

    // The approved list as Excel, with Vietnamese intact.
    const file = await request(app).get(`/api/cycles/${cycleId}/lists/D35/export`).set(as('reviewer.d35')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as never);
    const text = JSON.stringify(book.worksheets[0].getSheetValues());
    for (const o of [honest, dodger, second, third]) expect(text).toContain(o.fullName);

    // The report: the headline mismatch rate for D35 is 1 of 4.
    const report = await request(app).get(`/api/cycles/${cycleId}/reports/registration`).set(as('coordinator'));
    const row = report.body.departments.find((d: { unitId: string }) => d.unitId === 'D35');
    expect(row).toMatchObject({ registered: 4, flagged: 1, corrected: 1, listStatus: 'APPROVED' });
    expect(row.mismatchRate).toBeCloseTo(1 / 4, 4);
    expect(row.notRegistered).toBe(row.inScope - 4);

    // The list shows the reminders its workflow sent (the activity's service, called as the workflow does) and the plan.
    expect(await listOf(cycleId, 'D35', 'reviewer.d35')).toMatchObject({ reminders: [], reminderDaysBefore: [7, 2] });
    const remindedAt = new Date();
    await sendListReminder(prisma, { cycleId, unitId: 'D35', daysBefore: 2, status: 'SUBMITTED' }, remindedAt);
    await sendListReminder(prisma, { cycleId, unitId: 'D35', daysBefore: 2, status: 'SUBMITTED' }, remindedAt); // a retry
    expect((await listOf(cycleId, 'D35', 'reviewer.d35')).reminders).toEqual([{ daysBefore: 2, sentAt: remindedAt.toISOString() }]);

    // Who has not registered: searched by name or code, sorted by the column asked for, on the server.
    const notRegistered = async (query: Record<string, string>) => request(app).get(`/api/cycles/${cycleId}/not-registered`).query({ unitId: 'D35', pageSize: '500', ...query }).set(as('reviewer.d35'));
    const codes = (await notRegistered({ sort: 'employeeCode' })).body.items.map((o: { employeeCode: string }) => o.employeeCode);
    expect(codes.length).toBe(row.notRegistered);
    expect(codes).toEqual([...codes].sort());
    expect((await notRegistered({ sort: '-employeeCode' })).body.items.map((o: { employeeCode: string }) => o.employeeCode)).toEqual([...codes].reverse());
    const someone = (await notRegistered({})).body.items[0] as { employeeCode: string; fullName: string };
    const byName = (await notRegistered({ search: someone.fullName.slice(1, -1).toLocaleLowerCase('vi') })).body;
    expect(byName.items.map((o: { employeeCode: string }) => o.employeeCode)).toContain(someone.employeeCode);
    expect(byName.items.every((o: { fullName: string }) => o.fullName.toLocaleLowerCase('vi').includes(someone.fullName.slice(1, -1).toLocaleLowerCase('vi')))).toBe(true);
    expect((await notRegistered({ search: someone.employeeCode })).body).toMatchObject({ total: 1, items: [{ employeeCode: someone.employeeCode }] });
    expect((await notRegistered({ search: '%' })).body.total).toBe(0); // a wildcard is a character like any other
    expect((await notRegistered({ sort: 'age' })).status).toBe(400);

    // Cycles sorted on the server by the column asked for.
    const cycleCodes = async (sort: string) => (await request(app).get('/api/cycles').query({ sort, pageSize: 500 }).set(as('coordinator'))).body.items.map((c: { code: string }) => c.code);
    const byCode = await cycleCodes('code');
    expect(byCode).toContain(`REG-${now}`);
    expect(await cycleCodes('-code')).toEqual([...byCode].reverse());
    expect((await request(app).get('/api/cycles?sort=age').set(as('coordinator'))).status).toBe(400);

    await request(app).post(`/api/cycles/${cycleId}/cancel`).set(as('coordinator')).send({ reason: 'Kết thúc kiểm thử' });
  });
});
