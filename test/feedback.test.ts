// Business feedback end to end through the HTTP API, on the real Temporal dev server with a worker: a business
// rates its declarations (and is refused clearly, with nothing written, when a request is wrong), every
// unsatisfied rating opens a case that the unit's leader carries through Updates of the case's workflow to an
// answer the business accepts or contests; statistics, look-up, Excel export, summaries and legal notices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import ExcelJS from 'exceljs';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { startTestWorker, testPrisma, testTemporalClient, type RunningWorker } from './support';
import { createDeclaration, createFeedbackFixture, type FeedbackFixture } from './support-feedback';

let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>['app'];
let fixture: FeedbackFixture;
const tokens: Record<string, string> = {};
const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });

const PASSWORDS: Record<string, string> = {
  coordinator: 'demo-coordinator',
  'reviewer.d35': 'demo-reviewer',
  'leader.d01': 'demo-leader',
  'officer.d01': 'demo-officer',
  'business.demo': 'demo-business',
};
const COMMENT = 'Cán bộ tiếp nhận yêu cầu bổ sung giấy chứng nhận xuất xứ không cần thiết; thái độ chưa đúng mực.';

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  const created = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue });
  app = created.app;
  for (const [username, password] of Object.entries(PASSWORDS)) {
    const res = await request(app).post('/api/auth/token').send({ username, password });
    expect(res.status, `${username} signs in`).toBe(200);
    tokens[username] = res.body.token;
  }
  fixture = await createFeedbackFixture(prisma);
  tokens.business = await created.tokens.issue({
    id: fixture.user.id, username: fixture.user.username, displayName: fixture.business.name, role: 'BUSINESS',
    unitId: null, unitPath: null, officerId: null, businessId: fixture.business.id,
  });
});

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

async function waitForStatus(caseId: string, status: string) {
  for (let i = 0; i < 100; i++) {
    const c = await prisma.feedbackCase.findUniqueOrThrow({ where: { id: caseId } });
    if (c.status === status) return c;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`case ${caseId} did not reach ${status}`);
}

const writes = async (declarationId: string) => ({
  feedback: await prisma.feedback.count({ where: { declarationId } }),
  audit: await prisma.auditLog.count({ where: { entityType: { in: ['Feedback', 'FeedbackCase'] }, actorUserId: fixture.user.id } }),
});

describe('giving feedback', () => {
  it("lists the business's own declarations with the subjects it may rate, and hides everyone else's", async () => {
    const d1 = await createDeclaration(prisma, fixture);
    const res = await request(app).get('/api/feedback/my/declarations').query({ number: d1.number }).set(as('business'));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(1);
    const [d] = res.body.items;
    expect(d).toMatchObject({ id: d1.id, number: d1.number, branch: { id: fixture.branch.id } });
    const [teamA, teamB] = fixture.teams;
    expect(d.subjects.map((s: { key: string }) => s.key)).toEqual([
      `BRANCH:${fixture.branch.id}`, `TEAM:${teamA.id}`, `TEAM:${teamB.id}`, 'STAGE:S1', 'STAGE:S2', 'STAGE:S4',
      ...[...new Set([teamA.officers[0].id, teamA.officers[teamA.officers.length - 1].id, teamB.officers[0].id])].map((id) => `OFFICER:${id}`),
    ]);
    expect(d.subjects.find((s: { kind: string }) => s.kind === 'OFFICER')).toMatchObject({ nameVi: teamA.officers[0].fullName, rating: null });
    expect(d.subjects.find((s: { key: string }) => s.key === 'STAGE:S1').nameVi).toBe('Tiếp nhận tờ khai');

    // The demo business neither sees nor learns of another business's declaration: the same 404 as for none at all.
    const foreign = await request(app).get(`/api/feedback/my/declarations/${d1.id}`).set(as('business.demo'));
    const missing = await request(app).get('/api/feedback/my/declarations/DEC-NONE').set(as('business.demo'));
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe(`Không tìm thấy tờ khai có mã "${d1.id}".`);
    expect(missing.body.error.code).toBe(foreign.body.error.code);
    expect((await request(app).get('/api/feedback/my/declarations').set(as('leader.d01'))).status).toBe(403);
  });

  it('refuses bad ratings with clear errors and writes nothing', async () => {
    const d = await createDeclaration(prisma, fixture);
    const officer = `OFFICER:${fixture.teams[0].officers[0].id}`;
    const before = await writes(d.id);
    const rate = (ratings: unknown[], user = 'business', lang = 'vi') =>
      request(app).post(`/api/feedback/my/declarations/${d.id}/ratings`).set(as(user)).set('Accept-Language', lang).send({ ratings });

    const notTheirs = await rate([{ subject: `BRANCH:${fixture.branch.id}`, level: 1, reasonCodes: ['ATTITUDE'] }], 'business.demo');
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.error.code).toBe('NOT_FOUND');

    const outOfRange = await rate([{ subject: officer, level: 6 }]);
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.details.map((x: { path: string }) => x.path)).toContain('body.ratings.0.level');
    expect((await rate([{ subject: officer, level: 0 }])).status).toBe(400);
    expect((await rate([{ subject: officer, level: 'EXCELLENT' }])).status).toBe(400);
    expect((await rate([{ subject: 'CHIEF:nobody', level: 3 }])).status).toBe(400);
    expect((await rate([])).status).toBe(400);
    const twice = await rate([{ subject: officer, level: 5 }, { subject: officer, level: 4 }]);
    expect(twice.status).toBe(400);
    expect(twice.body.error.details[0]).toMatchObject({ path: 'body.ratings.1.subject' });

    // A subject that is not on this declaration, next to a valid one: 422 naming it, and neither is written.
    const stranger = 'OFFICER:O-NOT-ON-IT';
    const wrongSubject = await rate([{ subject: `BRANCH:${fixture.branch.id}`, level: 5 }, { subject: stranger, level: 2, reasonCodes: ['ATTITUDE'] }]);
    expect(wrongSubject.status).toBe(422);
    expect(wrongSubject.body.error).toMatchObject({
      code: 'SUBJECT_NOT_ON_DECLARATION',
      message: `Đối tượng "${stranger}" không có trên tờ khai số ${d.number}.`,
      details: [{ path: 'body.ratings.1.subject', message: `Đối tượng "${stranger}" không có trên tờ khai số ${d.number}.` }],
    });
    const english = await rate([{ subject: stranger, level: 2, reasonCodes: ['ATTITUDE'] }], 'business', 'en');
    expect(english.body.error.message).toBe(`Subject "${stranger}" is not on declaration ${d.number}.`);

    const unknownReason = await rate([{ subject: officer, level: 'UNSATISFIED', reasonCodes: ['BRIBES'] }]);
    expect(unknownReason.status).toBe(422);
    expect(unknownReason.body.error).toMatchObject({ code: 'UNKNOWN_REASON', details: [{ path: 'body.ratings.0.reasonCodes' }] });
    const unexplained = await rate([{ subject: officer, level: 1 }]);
    expect(unexplained.status).toBe(422);
    expect(unexplained.body.error.code).toBe('REASON_REQUIRED');
    expect((await rate([{ subject: officer, level: 5 }], 'leader.d01')).status).toBe(403);

    expect(await writes(d.id)).toEqual(before);
    expect(await prisma.feedbackCase.count({ where: { feedback: { declarationId: d.id } } })).toBe(0);
  });

  it('rates several subjects at once, opens a case per unsatisfied one, amends within the window and refuses after it', async () => {
    const d = await createDeclaration(prisma, fixture);
    const [teamA] = fixture.teams;
    const officer = `OFFICER:${teamA.officers[0].id}`;
    const url = `/api/feedback/my/declarations/${d.id}/ratings`;
    const first = {
      ratings: [
        { subject: `BRANCH:${fixture.branch.id}`, level: 5 },
        { subject: `TEAM:${teamA.id}`, level: 'SATISFIED', reasonCodes: [] },
        { subject: 'STAGE:S1', level: 3 },
        { subject: officer, level: 'VERY_UNSATISFIED', reasonCodes: ['ATTITUDE', 'EXTRA_DOCUMENTS'], comment: COMMENT.normalize('NFD') },
      ],
    };
    const created = await request(app).post(url).set(as('business')).send(first);
    expect(created.status).toBe(201);
    expect(created.body.ratings.map((r: { change: string; caseOpened: boolean }) => [r.change, r.caseOpened])).toEqual([
      ['created', false], ['created', false], ['created', false], ['created', true],
    ]);
    const complaint = created.body.ratings[3].rating;
    expect(complaint).toMatchObject({ level: 'VERY_UNSATISFIED', score: 1, comment: COMMENT, subject: { kind: 'OFFICER', nameVi: teamA.officers[0].fullName }, responsibleUnit: { id: teamA.id }, amendable: true });
    expect(created.body.ratings[0].rating).toMatchObject({ level: 'VERY_SATISFIED', score: 5, case: null });
    const caseId = complaint.case.id as string;
    const begun = await waitForStatus(caseId, 'VERIFYING');
    expect(begun).toMatchObject({ responsibleUnitId: teamA.id, workflowId: `feedback-case-${caseId}` });
    expect((await temporal.workflow.getHandle(`feedback-case-${caseId}`).describe()).status.name).toBe('RUNNING');

    // The same request again (a retry): nothing changes, no second case.
    const retried = await request(app).post(url).set(as('business')).send(first);
    expect(retried.status).toBe(200);
    expect(retried.body.ratings.map((r: { change: string }) => r.change)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(await prisma.feedbackCase.count({ where: { feedback: { declarationId: d.id } } })).toBe(1);

    // An amendment within the window: the team is now unsatisfying, which opens its own case.
    const amended = await request(app).post(url).set(as('business')).send({ ratings: [{ subject: `TEAM:${teamA.id}`, level: 2, reasonCodes: ['SLOW_PROCESSING'] }] });
    expect(amended.status).toBe(200);
    expect(amended.body.ratings[0]).toMatchObject({ change: 'amended', caseOpened: true, rating: { level: 'UNSATISFIED' } });
    expect(amended.body.ratings[0].rating.amendedAt).not.toBeNull();

    // After the window: refused as a whole, even next to a rating that would be new.
    await prisma.feedback.updateMany({ where: { declarationId: d.id, subjectKind: 'BRANCH' }, data: { submittedAt: new Date(Date.now() - 8 * 86_400_000) } });
    const before = await writes(d.id);
    const late = await request(app).post(url).set(as('business')).send({ ratings: [{ subject: 'STAGE:S2', level: 4 }, { subject: `BRANCH:${fixture.branch.id}`, level: 1, reasonCodes: ['SLOW_PROCESSING'] }] });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('AMENDMENT_WINDOW_CLOSED');
    expect(late.body.error.message).toMatch(new RegExp(`^Đánh giá đối với "BRANCH:${fixture.branch.id}" chỉ được sửa đến `));
    expect(await writes(d.id)).toEqual(before);

    const mine = await request(app).get('/api/feedback/my/ratings').query({ declarationNumber: d.number }).set(as('business'));
    expect(mine.body.total).toBe(4);
    expect(mine.body.items.find((r: { subject: { kind: string } }) => r.subject.kind === 'BRANCH')).toMatchObject({ amendable: false, level: 'VERY_SATISFIED' });
    const audit = await prisma.auditLog.findMany({ where: { OR: [{ entityType: 'Feedback', entityId: { in: mine.body.items.map((r: { id: string }) => r.id) } }, { entityType: 'FeedbackCase', action: 'feedback_case.opened', unitId: teamA.id, actorUserId: fixture.user.id }] } });
    expect(audit.filter((a) => a.action === 'feedback.submitted')).toHaveLength(4);
    expect(audit.filter((a) => a.action === 'feedback.amended')).toHaveLength(1);
    expect(audit.find((a) => a.action === 'feedback.amended')?.details).toMatchObject({ before: { level: 'SATISFIED' }, after: { level: 'UNSATISFIED' } });
  });
});

describe('handling a case', () => {
  async function openCase() {
    const d = await createDeclaration(prisma, fixture);
    const res = await request(app).post(`/api/feedback/my/declarations/${d.id}/ratings`).set(as('business'))
      .send({ ratings: [{ subject: `OFFICER:${fixture.teams[0].officers[0].id}`, level: 2, reasonCodes: ['EXTRA_DOCUMENTS'], comment: COMMENT }] });
    expect(res.status).toBe(201);
    const caseId = res.body.ratings[0].rating.case.id as string;
    await waitForStatus(caseId, 'VERIFYING');
    return { caseId, declaration: d };
  }
  const post = (path: string, user: string, body: object) => request(app).post(`/api/feedback/cases/${path}`).set(as(user)).send(body);

  it('goes through verification, handling and the answer by Updates, and the business accepts', async () => {
    const { caseId } = await openCase();
    expect((await request(app).get(`/api/feedback/cases/${caseId}`).set(as('reviewer.d35'))).status).toBe(403);
    expect((await request(app).get(`/api/feedback/my/cases/${caseId}`).set(as('business.demo'))).status).toBe(404);
    const open = await request(app).get('/api/feedback/cases').query({ open: 'true', businessId: fixture.business.id, pageSize: 500 }).set(as('leader.d01'));
    expect(open.body.items.map((c: { id: string }) => c.id)).toContain(caseId);

    const early = await post(`${caseId}/outcome`, 'leader.d01', { outcome: 'SUBSTANTIATED', reason: 'Đã nhắc nhở công chức và chấn chỉnh.' });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toBe('Vụ việc đang ở bước "xác minh", không thể "ghi nhận kết luận và trả lời doanh nghiệp".');
    expect((await post(`${caseId}/verify`, 'leader.d01', { note: 'ngắn' })).status).toBe(400);
    expect((await post(`${caseId}/verify`, 'reviewer.d35', { note: 'Đã xác minh với công chức tiếp nhận.' })).status).toBe(403);
    expect((await post(`${caseId}/verify`, 'officer.d01', { note: 'Đã xác minh với công chức tiếp nhận.' })).status).toBe(403);

    const verified = await post(`${caseId}/verify`, 'leader.d01', { note: 'Đã xác minh với công chức tiếp nhận và xem lại hồ sơ.' });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'HANDLING', step: 'HANDLE', verification: { note: 'Đã xác minh với công chức tiếp nhận và xem lại hồ sơ.' }, live: { step: 'HANDLE' } });
    const again = await post(`${caseId}/verify`, 'leader.d01', { note: 'Đã xác minh với công chức tiếp nhận và xem lại hồ sơ.' });
    expect(again.body).toMatchObject({ repeated: true, step: 'HANDLE' });
    const handled = await post(`${caseId}/handling`, 'leader.d01', { note: 'Đã nhắc nhở công chức, rút kinh nghiệm toàn đội.' });
    expect(handled.body).toMatchObject({ status: 'HANDLING', step: 'ANSWER' });

    const seenByBusiness = await request(app).get(`/api/feedback/my/cases/${caseId}`).set(as('business'));
    expect(seenByBusiness.body).toMatchObject({ status: 'HANDLING', answer: null, canRespond: false });
    expect(seenByBusiness.body.verification).toBeUndefined(); // internal notes stay internal

    const reason = 'Phản ánh có cơ sở: công chức đã bị nhắc nhở, quy trình tiếp nhận được chấn chỉnh.';
    const answered = await post(`${caseId}/outcome`, 'leader.d01', { outcome: 'SUBSTANTIATED', reason });
    expect(answered.body).toMatchObject({ status: 'ANSWERED', step: 'BUSINESS_RESPONSE', answer: { outcome: 'SUBSTANTIATED', reason } });
    expect(await prisma.notification.count({ where: { userId: fixture.user.id, templateKey: 'feedbackCase.answered', dedupeKey: { startsWith: `feedback-case:${caseId}:` } } })).toBe(1);

    const noReason = await request(app).post(`/api/feedback/my/cases/${caseId}/response`).set(as('business')).send({ accept: false });
    expect(noReason.status).toBe(400);
    const accepted = await request(app).post(`/api/feedback/my/cases/${caseId}/response`).set(as('business')).send({ accept: true });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'CLOSED', answer: { outcome: 'SUBSTANTIATED', reason }, businessResponse: { accepted: true } });
    const repeat = await request(app).post(`/api/feedback/my/cases/${caseId}/response`).set(as('business')).send({ accept: true });
    expect(repeat.body.repeated).toBe(true);
    const closedAction = await post(`${caseId}/verify`, 'leader.d01', { note: 'Xác minh lại sau khi đã đóng vụ việc.' });
    expect(closedAction.status).toBe(409);

    const detail = await request(app).get(`/api/feedback/cases/${caseId}`).set(as('leader.d01'));
    expect(detail.body.timeline.map((t: { action: string }) => t.action)).toEqual([
      'feedback.submitted', 'feedback_case.opened', 'feedback_case.assigned', 'feedback_case.verified', 'feedback_case.handled',
      'feedback_case.answered', 'feedback_case.accepted', 'feedback_case.closed',
    ]);
    expect(detail.body).toMatchObject({ status: 'CLOSED', business: { name: fixture.business.name }, feedback: { comment: COMMENT } });
  });

  it('reopens a contested answer at the department', async () => {
    const { caseId } = await openCase();
    // Right after the case opens: the workflow may still be taking in its opening, and the leader's action waits for it.
    expect((await post(`${caseId}/verify`, 'leader.d01', { note: 'Đã xác minh với công chức tiếp nhận.' })).status).toBe(200);
    expect((await post(`${caseId}/handling`, 'leader.d01', { note: 'Đã kiểm tra hồ sơ, yêu cầu bổ sung là đúng quy định.' })).status).toBe(200);
    expect((await post(`${caseId}/outcome`, 'leader.d01', { outcome: 'NOT_SUBSTANTIATED', reason: 'Yêu cầu bổ sung chứng từ xuất xứ là đúng quy định hiện hành.' })).status).toBe(200);
    const contested = await request(app).post(`/api/feedback/my/cases/${caseId}/response`).set(as('business')).send({ accept: false, comment: 'Lô hàng trước không bị yêu cầu như vậy.' });
    expect(contested.status).toBe(200);
    expect(contested.body).toMatchObject({ status: 'HANDLING', answer: null, businessResponse: { accepted: false } });
    const staff = await request(app).get(`/api/feedback/cases/${caseId}`).set(as('leader.d01'));
    expect(staff.body).toMatchObject({ step: 'HANDLE', escalatedTo: 'DEPARTMENT', live: { reconsiderations: 1 } });
    const contest = staff.body.timeline.find((t: { action: string }) => t.action === 'feedback_case.contested');
    expect(contest).toMatchObject({ reason: 'Lô hàng trước không bị yêu cầu như vậy.', details: { reopened: true, answer: { outcome: 'NOT_SUBSTANTIATED' } } });

    // Both sides read what was contested (the first answer, which the reconsideration overwrites) and the comment.
    const firstAnswer = { outcome: 'NOT_SUBSTANTIATED', reason: 'Yêu cầu bổ sung chứng từ xuất xứ là đúng quy định hiện hành.' };
    const contestView = { round: 0, comment: 'Lô hàng trước không bị yêu cầu như vậy.', contestedAnswer: firstAnswer, reopened: true };
    expect(contested.body.contests).toMatchObject([contestView]);
    expect(staff.body.contests).toMatchObject([contestView]);
    // The reconsideration: handled again, a new answer; the business sees it beside the contested one.
    expect((await post(`${caseId}/handling`, 'leader.d01', { note: 'Đối chiếu lô hàng trước: khi đó chưa áp dụng quy định mới.' })).status).toBe(200);
    const newReason = 'Xem xét lại: yêu cầu là đúng quy định mới; chi cục sẽ thông báo trước cho doanh nghiệp khi áp dụng.';
    expect((await post(`${caseId}/outcome`, 'leader.d01', { outcome: 'NOT_SUBSTANTIATED', reason: newReason })).status).toBe(200);
    const reconsidered = await request(app).get(`/api/feedback/my/cases/${caseId}`).set(as('business'));
    expect(reconsidered.body).toMatchObject({ step: 'BUSINESS_RESPONSE', canRespond: true, answer: { reason: newReason }, contests: [contestView] });
    const listed = await request(app).get('/api/feedback/my/cases').query({ pageSize: 500 }).set(as('business'));
    expect(listed.body.items.find((c: { id: string }) => c.id === caseId)).toMatchObject({ contests: [contestView] });
  });
});

describe('statistics, look-up and export', () => {
  it("counts the caller's scope, looks up with filters and exports to Excel with Vietnamese intact", async () => {
    const d = await createDeclaration(prisma, fixture);
    const [teamA, teamB] = fixture.teams;
    await request(app).post(`/api/feedback/my/declarations/${d.id}/ratings`).set(as('business')).send({
      ratings: [
        { subject: `BRANCH:${fixture.branch.id}`, level: 4 },
        { subject: `TEAM:${teamB.id}`, level: 3 },
        { subject: `OFFICER:${teamB.officers[0].id}`, level: 1, comment: COMMENT },
      ],
    }).expect(201);
    const q = { businessId: fixture.business.id, declarationNumber: d.number };
    const stats = await request(app).get('/api/feedback/statistics').query(q).set(as('leader.d01'));
    expect(stats.status).toBe(200);
    expect(stats.body.ratings).toMatchObject({ total: 3, byLevel: { SATISFIED: 1, NORMAL: 1, VERY_UNSATISFIED: 1 }, averageScore: 2.67 });
    expect(stats.body.bySubject.officer.rows).toMatchObject([{ id: teamB.officers[0].id, nameVi: teamB.officers[0].fullName, total: 1 }]);
    expect(stats.body.cases).toMatchObject({ total: 1, open: 1 });
    // Outside D01 the same filters find nothing; naming a D01 unit is refused.
    const d35 = await request(app).get('/api/feedback/statistics').query(q).set(as('reviewer.d35'));
    expect(d35.body.ratings.total).toBe(0);
    expect((await request(app).get('/api/feedback/statistics').query({ ...q, teamId: teamA.id }).set(as('reviewer.d35'))).status).toBe(403);
    expect((await request(app).get('/api/feedback/statistics').query({ level: '7' }).set(as('leader.d01'))).status).toBe(400);
    expect((await request(app).get('/api/feedback/statistics').set(as('business'))).status).toBe(403);

    const byTeam = await request(app).get('/api/feedback/statistics/team').query(q).set(as('coordinator'));
    expect(byTeam.body).toMatchObject({ total: 1, items: [{ id: teamB.id, total: 1, byLevel: { NORMAL: 1 } }] });

    const lookup = await request(app).get('/api/feedback/ratings').query({ business: fixture.business.name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').slice(0, 40), declarationNumber: d.number, level: '1,2' }).set(as('leader.d01'));
    expect(lookup.status).toBe(200);
    expect(lookup.body).toMatchObject({ total: 1, items: [{ level: 'VERY_UNSATISFIED', comment: COMMENT, business: { name: fixture.business.name }, subject: { kind: 'OFFICER', nameVi: teamB.officers[0].fullName }, case: { status: expect.any(String) } }] });

    const file = await request(app).get('/api/feedback/ratings/export').query(q).set(as('leader.d01')).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as never);
    const sheet = book.worksheets[0];
    expect(sheet.getCell('A1').value).toBe('KẾT QUẢ TRA CỨU ĐÁNH GIÁ MỨC ĐỘ HÀI LÒNG CỦA DOANH NGHIỆP');
    const rows = sheet.getSheetValues().slice(5).filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(3);
    const text = JSON.stringify(rows);
    for (const s of [fixture.business.name, teamB.officers[0].fullName, COMMENT, 'Rất không hài lòng', 'Công chức']) expect(text).toContain(s);
  });

  it("summarises an officer for the capacity profile and a unit for its evaluation, within scope", async () => {
    const officerId = fixture.teams[0].officers[0].id;
    const summary = await request(app).get(`/api/officers/${officerId}/feedback-summary`).set(as('leader.d01'));
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ officerId, officer: { fullName: fixture.teams[0].officers[0].fullName } });
    expect(summary.body.ratings.total).toBeGreaterThanOrEqual(1);
    expect(summary.body.cases.total).toBeGreaterThanOrEqual(1);
    expect((await request(app).get(`/api/officers/${officerId}/feedback-summary`).set(as('reviewer.d35'))).status).toBe(403);
    const me = await request(app).get('/api/auth/me').set(as('officer.d01'));
    expect((await request(app).get(`/api/officers/${me.body.officerId}/feedback-summary`).set(as('officer.d01'))).status).toBe(200);
    if (me.body.officerId !== officerId) expect((await request(app).get(`/api/officers/${officerId}/feedback-summary`).set(as('officer.d01'))).status).toBe(403);

    const unit = await request(app).get(`/api/units/${fixture.branch.id}/feedback-summary`).set(as('leader.d01'));
    expect(unit.status).toBe(200);
    expect(unit.body.children.map((c: { unitId: string }) => c.unitId)).toEqual(expect.arrayContaining([fixture.branch.id, fixture.teams[0].id]));
    expect((await request(app).get(`/api/units/${fixture.branch.id}/feedback-summary`).set(as('reviewer.d35'))).status).toBe(403);
  });
});

describe('legal notices', () => {
  it('lists notices relevant to the business, opens their source, and lets headquarters publish', async () => {
    const all = await request(app).get('/api/feedback/legal-notices').query({ all: 'true', pageSize: 100 }).set(as('business'));
    expect(all.status).toBe(200);
    const ln = all.body.items.find((n: { id: string }) => n.id === 'LN-03');
    expect(ln).toMatchObject({ documentNo: '128/2020/NĐ-CP', sourceLink: '/api/feedback/legal-notices/LN-03/source' });
    expect(ln.titleVi).toBe('Nghị định 128/2020/NĐ-CP quy định xử phạt vi phạm hành chính trong lĩnh vực hải quan');

    const fields = (await prisma.jobPosition.findMany({ where: { officers: { some: { handlings: { some: { declaration: { businessId: fixture.business.id } } } } } }, select: { fieldId: true } })).map((p) => p.fieldId);
    const relevant = await request(app).get('/api/feedback/legal-notices').query({ pageSize: 100 }).set(as('business'));
    for (const n of relevant.body.items as { fieldIds: string[] }[]) expect(n.fieldIds.length === 0 || n.fieldIds.some((f) => fields.includes(f))).toBe(true);

    const source = await request(app).get('/api/feedback/legal-notices/LN-03/source').set(as('business'));
    expect(source.status).toBe(302);
    expect(source.headers.location).toMatch(/^https:\/\/thuvienphapluat\.vn\/.*Nghi-dinh-128-2020/);

    const notice = { titleVi: 'Thông tư hướng dẫn thủ tục hải quan điện tử mới', titleEn: 'Circular on new electronic customs procedures', sourceUrl: 'https://thuvienphapluat.vn/van-ban/thong-tu-moi.aspx', issuedAt: '2026-11-01', fieldIds: ['F1'] };
    expect((await request(app).post('/api/feedback/legal-notices').set(as('business')).send(notice)).status).toBe(403);
    expect((await request(app).post('/api/feedback/legal-notices').set(as('coordinator')).send({ ...notice, sourceUrl: 'javascript:alert(1)' })).status).toBe(400);
    expect((await request(app).post('/api/feedback/legal-notices').set(as('coordinator')).send({ ...notice, fieldIds: ['F99'] })).status).toBe(400);
    const published = await request(app).post('/api/feedback/legal-notices').set(as('coordinator')).send(notice);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ titleVi: notice.titleVi, isNew: true });
  });
});
