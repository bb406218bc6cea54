// The leader's inbox over the API: a department of the test's own (so no other test file's tasks or cases are in
// scope) holding follow-up tasks and feedback cases in every state; one list of both, overdue first, then by due
// time with the undated last, paged on the server without gaps or repeats, the counts over everything the
// filters hold, and the filters (kind, state, unit, cycle) and the scope checked.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import type { AuthUser } from '../api/auth';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { testPrisma, testTemporalClient } from './support';
import { createTestCycle, timelineFrom } from './support-data';
import { createFeedbackFixture, createOpenCase } from './support-feedback';

const DAY = 86_400_000;
const tag = randomUUID().slice(0, 8).toUpperCase();
const DEPT = `IBX-${tag}`;

let prisma: PrismaClient;
let temporal: Client;
let app: ReturnType<typeof createApp>['app'];
const bearer: Record<string, string> = {};
/** The id of each entry by its name in this file (T1… tasks, C1… cases). */
const id: Record<string, string> = {};
const nameOf = (entryId: string) => Object.entries(id).find(([, v]) => v === entryId)?.[0];
let cycleId: string;
let otherBranch: string;

async function inbox(who: string, query: Record<string, string | number> = {}) {
  const res = await request(app).get('/api/inbox').query(query).set('Authorization', `Bearer ${bearer[who]}`);
  return res;
}
const names = (body: { items: { kind: string; task?: { id: string }; case?: { id: string } }[] }) =>
  body.items.map((e) => nameOf(e.kind === 'FOLLOW_UP' ? e.task!.id : e.case!.id));

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  const created = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: `inbox-${tag}` });
  app = created.app;

  // A department with two branches, a team in the first; an officer of that team.
  const unit = (uid: string, kind: 'DEPARTMENT' | 'BRANCH' | 'TEAM', parentId: string, path: string, depth: number) =>
    prisma.unit.create({ data: { id: uid, code: uid, nameVi: `Đơn vị thử ${uid}`, nameEn: `Test unit ${uid}`, kind, parentId, path, depth } });
  const dept = await unit(DEPT, 'DEPARTMENT', 'HQ', `/HQ/${DEPT}/`, 1);
  const branch = await unit(`${DEPT}-B1`, 'BRANCH', dept.id, `${dept.path}${DEPT}-B1/`, 2);
  otherBranch = (await unit(`${DEPT}-B2`, 'BRANCH', dept.id, `${dept.path}${DEPT}-B2/`, 2)).id;
  const team = await unit(`${DEPT}-B1-T1`, 'TEAM', branch.id, `${branch.path}${DEPT}-B1-T1/`, 3);
  const position = await prisma.jobPosition.findFirstOrThrow({ where: { active: true, isLeadership: false }, orderBy: { id: 'asc' } });
  const officer = await prisma.officer.create({
    data: { id: `IBX-O-${tag}`, employeeCode: `IBX${tag}`, fullName: 'Hoàng Thị Ngọc Ánh', searchName: 'hoang thi ngoc anh', unitId: team.id, positionId: position.id },
  });
  cycleId = (await createTestCycle(prisma, timelineFrom(new Date()))).id;

  const now = Date.now();
  const task = async (name: string, status: 'OPEN' | 'DONE', dueInDays: number, withCycle = false) => {
    const t = await prisma.followUpTask.create({
      data: { dedupeKey: `inbox:${tag}:${name}`, type: 'RETRAINING', status, officerId: officer.id, unitId: team.id, dueAt: new Date(now + dueInDays * DAY), ...(withCycle ? { cycleId } : {}) },
    });
    id[name] = t.id;
  };
  await task('T1', 'OPEN', -2, true); // overdue
  await task('T2', 'OPEN', 1, true);
  await task('T3', 'OPEN', 5);
  await task('T4', 'DONE', -1); // closed: past its date, not overdue

  const fixture = await createFeedbackFixture(prisma, { departmentId: 'D01' });
  const kase = async (name: string, status: 'OPEN' | 'VERIFYING' | 'HANDLING' | 'ANSWERED' | 'CLOSED', dueInDays: number | null) => {
    const { feedbackCase } = await createOpenCase(prisma, fixture);
    await prisma.feedbackCase.update({
      where: { id: feedbackCase.id },
      data: { status, responsibleUnitId: team.id, stepDueAt: dueInDays === null ? null : new Date(now + dueInDays * DAY), ...(status === 'CLOSED' ? { closedAt: new Date(now) } : {}) },
    });
    id[name] = feedbackCase.id;
  };
  await kase('C1', 'VERIFYING', -1); // overdue
  await kase('C2', 'HANDLING', 3);
  await kase('C3', 'ANSWERED', 2); // the business's step: open, never overdue
  await kase('C4', 'OPEN', null); // its workflow has not begun it: no deadline yet
  await kase('C5', 'CLOSED', null);
  await kase('C6', 'ANSWERED', -3); // the business is late, not the organisation: not overdue

  const issue = (user: Omit<AuthUser, 'businessId' | 'officerId'>) => created.tokens.issue({ ...user, officerId: null, businessId: null });
  bearer.leader = await issue({ id: `U-IBX-${tag}`, username: `leader.ibx.${tag}`, displayName: 'Trần Văn Khải', role: 'LEADER', unitId: dept.id, unitPath: dept.path });
  bearer.teamLeader = await issue({ id: `U-IBX-T-${tag}`, username: `leader.ibx.t.${tag}`, displayName: 'Lê Thị Hồng', role: 'LEADER', unitId: team.id, unitPath: team.path });
  bearer.otherLeader = (await request(app).post('/api/auth/token').send({ username: 'leader.d01', password: 'demo-leader' })).body.token;
  bearer.business = (await request(app).post('/api/auth/token').send({ username: 'business.demo', password: 'demo-business' })).body.token;
});

afterAll(async () => {
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

describe('the leader inbox', () => {
  it('lists tasks and cases together, overdue first, then by due time, the undated last', async () => {
    const res = await inbox('leader', { pageSize: 50 });
    expect(res.status).toBe(200);
    // Overdue (T1 −2 d, C1 −1 d); then by due time: C6 (−3 d, but the business's step, so not overdue), T2 +1,
    // C3 +2, C2 +3, T3 +5; the undated C4 last.
    expect(names(res.body)).toEqual(['T1', 'C1', 'C6', 'T2', 'C3', 'C2', 'T3', 'C4']);
    expect(res.body).toMatchObject({ total: 8, overdue: 2, page: 1, pageSize: 50 });
    const first = res.body.items[0];
    expect(first).toMatchObject({ kind: 'FOLLOW_UP', task: { id: id.T1, overdue: true, officer: { fullName: 'Hoàng Thị Ngọc Ánh' } } });
    expect(res.body.items[1]).toMatchObject({ kind: 'CASE', case: { id: id.C1, overdue: true, step: 'VERIFY' } });
  });

  it('pages on the server: every entry once, in the same order, the counts on every page', async () => {
    const all = names((await inbox('leader', { pageSize: 50 })).body);
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await inbox('leader', { page, pageSize: 3 });
      expect(res.body).toMatchObject({ total: 8, overdue: 2, page, pageSize: 3 });
      pages.push(...names(res.body));
    }
    expect(pages).toEqual(all);
    expect((await inbox('leader', { page: 4, pageSize: 3 })).body).toMatchObject({ items: [], total: 8, overdue: 2 });
  });

  it('filters by state, kind, unit and cycle', async () => {
    expect(names((await inbox('leader', { state: 'OVERDUE' })).body)).toEqual(['T1', 'C1']);
    expect(names((await inbox('leader', { state: 'CLOSED' })).body)).toEqual(['T4', 'C5']);
    expect((await inbox('leader', { state: 'ALL' })).body).toMatchObject({ total: 10, overdue: 2 });
    expect(names((await inbox('leader', { kind: 'CASE' })).body)).toEqual(['C1', 'C6', 'C3', 'C2', 'C4']);
    expect(names((await inbox('leader', { kind: 'FOLLOW_UP', state: 'ALL' })).body)).toEqual(['T1', 'T4', 'T2', 'T3']);
    // Cases belong to no cycle: a cycle filter lists that cycle's tasks only.
    expect(names((await inbox('leader', { cycleId })).body)).toEqual(['T1', 'T2']);
    expect((await inbox('leader', { unitId: otherBranch })).body).toMatchObject({ items: [], total: 0, overdue: 0 });
    expect((await inbox('leader', { unitId: `${DEPT}-B1` })).body.total).toBe(8);
  });

  it('keeps to the caller scope', async () => {
    // The team's own leader sees the same entries (they are all the team's); leader.d01 none of them.
    expect((await inbox('teamLeader')).body.total).toBe(8);
    const other = await inbox('otherLeader', { pageSize: 500, state: 'ALL' });
    expect(other.status).toBe(200);
    expect(names(other.body).filter(Boolean)).toEqual([]);
    const outOfScope = await inbox('otherLeader', { unitId: DEPT });
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.error.message).toMatch(/phạm vi|ngoài/i);
    expect((await inbox('business')).status).toBe(403);
    const bad = await inbox('leader', { state: 'LATE' });
    expect(bad.status).toBe(400);
    expect((await inbox('leader', { unitId: 'NO-SUCH-UNIT' })).status).toBe(404);
  });
});
