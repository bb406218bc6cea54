// Rule sets through the API: reading by kind and version, drafts validated on save, activation as the next
// version, immutability of active versions, role checks, and the preview of a LEVEL draft on a past cycle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import levelV1 from '../rules/level/v1.json' with { type: 'json' };
import { testPrisma, testTemporalClient } from './support';
import { levelFixture, type ResultSpec } from './level-fixture';

let prisma: PrismaClient;
let temporal: Client;
let app: ReturnType<typeof createApp>['app'];
const tokens: Record<string, string> = {};
const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });
const en = (user: string) => ({ ...as(user), 'Accept-Language': 'en' });

const USERS: Record<string, string> = {
  coordinator: 'demo-coordinator',
  'reviewer.d35': 'demo-reviewer',
  'leader.d01': 'demo-leader',
  'officer.d01': 'demo-officer',
  'business.demo': 'demo-business',
};

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  ({ app } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: 'unused' }));
  for (const [username, password] of Object.entries(USERS)) {
    tokens[username] = (await request(app).post('/api/auth/token').send({ username, password })).body.token;
  }
});

afterAll(async () => {
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

type Doc = typeof levelV1 & { [key: string]: unknown };
const levelDoc = (): Doc => JSON.parse(JSON.stringify(levelV1));
const cond = (doc: Doc, rule: string, i: number) => {
  const c = doc.rules.find((r) => r.name === rule)!.conditions as { all?: { value: number }[]; any?: { value: number }[] };
  return (c.all ?? c.any)![i];
};

describe('reading rule sets', () => {
  it('lists the versions in force to staff, by kind and version, and refuses businesses', async () => {
    const list = await request(app).get('/api/rule-sets?kind=LEVEL&version=1').set(as('reviewer.d35'));
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ kind: 'LEVEL', version: 1, status: 'ACTIVE', nameEn: levelV1.nameEn })]);
    expect(list.body.items[0].definition).toBeUndefined();

    const one = await request(app).get('/api/rule-sets/LEVEL/1').set(as('officer.d01'));
    expect(one.status).toBe(200);
    expect(one.body.definition.rules.map((r: { name: string }) => r.name)).toEqual(['level-3', 'level-2', 'level-1', 'not-achieved']);
    expect(one.body.checksum).toMatch(/^[0-9a-f]{64}$/);
    const byId = await request(app).get(`/api/rule-sets/${one.body.id}`).set(as('leader.d01'));
    expect(byId.body).toMatchObject({ id: one.body.id, version: 1, definition: { kind: 'LEVEL' } });

    expect((await request(app).get('/api/rule-sets/LEVEL/999').set(as('coordinator'))).status).toBe(404);
    expect((await request(app).get('/api/rule-sets/LEVELS/1').set(as('coordinator'))).status).toBe(400);
    expect((await request(app).get('/api/rule-sets').set(as('business.demo'))).status).toBe(403);
    expect((await request(app).get('/api/rule-sets')).status).toBe(401);
  });
});

describe('drafts', () => {
  it('refuses an invalid document with every problem, its path and its message', async () => {
    const doc = levelDoc();
    doc.colour = 'red';
    (doc.rules[0].conditions.all![0] as { fact: string }).fact = 'totalScor';
    (doc.rules[1].conditions.all![1] as { operator: string }).operator = 'atLeast';
    delete (doc.rules[3] as { priority?: number }).priority;
    const res = await request(app).post('/api/rule-sets').set(en('coordinator')).send(doc);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_RULE_SET');
    expect(res.body.error.message).toBe('The rule set is not valid (4 problems), so nothing was saved. Fix the problems below and send it again.');
    expect(res.body.error.details).toEqual([
      { path: 'body.colour', message: "unknown key 'colour'" },
      { path: 'body.rules[0].conditions.all[0].fact', message: expect.stringMatching(/^unknown fact 'totalScor' \(use one of totalScore, /) },
      { path: 'body.rules[1].conditions.all[1].operator', message: expect.stringMatching(/^unknown operator 'atLeast' \(use one of equal, /) },
      { path: 'body.rules[3].priority', message: expect.stringMatching(/^is required for LEVEL rules/) },
    ]);

    const badKind = await request(app).post('/api/rule-sets').set(as('coordinator')).send({ ...levelDoc(), kind: 'GRADES' });
    expect(badKind.status).toBe(400);
    expect(badKind.body.error.message).toBe('Bộ quy tắc chưa hợp lệ (1 lỗi) nên chưa được ghi. Sửa các lỗi dưới đây rồi gửi lại.');
    expect(badKind.body.error.details).toEqual([{ path: 'body.kind', message: 'phải là một trong: VERIFICATION, LEVEL, FOLLOW_UP' }]);
    expect((await request(app).post('/api/rule-sets').set(as('coordinator')).send([1, 2])).status).toBe(400);
  });

  it('saves, edits and activates a draft as the next version; an active version never changes', async () => {
    // Same rules as v1 (only the wording differs), so cycles launched meanwhile by other tests are unaffected.
    const doc = levelDoc();
    doc.nameVi = 'Xếp mức năng lực (bản nháp thử nghiệm)';
    const created = await request(app).post('/api/rule-sets').set(as('coordinator')).send(doc);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'LEVEL', status: 'DRAFT', version: null, nameVi: doc.nameVi });
    expect(created.body.draftNumber).toBeGreaterThan(0);
    const id = created.body.id as string;

    // Drafts are the coordinators' own.
    expect((await request(app).get(`/api/rule-sets/${id}`).set(as('reviewer.d35'))).status).toBe(404);
    const staffList = await request(app).get('/api/rule-sets?kind=LEVEL').set(as('reviewer.d35'));
    expect(staffList.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    const drafts = await request(app).get('/api/rule-sets?kind=LEVEL&status=DRAFT').set(as('coordinator'));
    expect(drafts.body.items.map((r: { id: string }) => r.id)).toContain(id);

    const edited = await request(app).put(`/api/rule-sets/${id}`).set(as('coordinator')).send({ ...doc, description: 'Như phiên bản 1, diễn đạt lại.' });
    expect(edited.status).toBe(200);
    expect(edited.body.definition.description).toBe('Như phiên bản 1, diễn đạt lại.');
    expect(edited.body.checksum).not.toBe(created.body.checksum);
    const otherKind = await request(app).put(`/api/rule-sets/${id}`).set(en('coordinator')).send({ ...doc, kind: 'VERIFICATION' });
    expect(otherKind.status).toBe(400);
    expect(otherKind.body.error).toMatchObject({ code: 'RULE_SET_KIND_CHANGED', details: [{ path: 'body.kind' }] });
    const invalidEdit = await request(app).put(`/api/rule-sets/${id}`).set(as('coordinator')).send({ ...doc, rules: [] });
    expect(invalidEdit.body.error.details).toEqual([{ path: 'body.rules', message: 'phải có ít nhất một quy tắc' }]);

    const activated = await request(app).post(`/api/rule-sets/${id}/activate`).set(as('coordinator'));
    expect(activated.status).toBe(200);
    expect(activated.body).toMatchObject({ id, status: 'ACTIVE', definition: { version: activated.body.version } });
    expect(activated.body.version).toBeGreaterThan(1);
    expect(activated.body.draftNumber).toBeUndefined();
    expect((await request(app).get(`/api/rule-sets/LEVEL/${activated.body.version}`).set(as('leader.d01'))).body.id).toBe(id);
    // The previous version stays as it was, for the cycles that froze it.
    expect((await request(app).get('/api/rule-sets/LEVEL/1').set(as('coordinator'))).body).toMatchObject({ status: 'ACTIVE', version: 1 });

    const again = await request(app).post(`/api/rule-sets/${id}/activate`).set(en('coordinator'));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('RULE_SET_NOT_DRAFT');
    const immutable = await request(app).put(`/api/rule-sets/${id}`).set(en('coordinator')).send(doc);
    expect(immutable.status).toBe(409);
    expect(immutable.body.error).toMatchObject({ code: 'RULE_SET_IMMUTABLE' });
    expect(immutable.body.error.message).toBe(
      `Version ${activated.body.version} of the competency level rule set is active and cannot be changed: the cycles that froze it must keep it as it is. Make a draft from this version, edit the draft and activate it.`,
    );
    const v1 = await request(app).get('/api/rule-sets/LEVEL/1').set(as('coordinator'));
    expect((await request(app).put(`/api/rule-sets/${v1.body.id}`).set(as('coordinator')).send(doc)).status).toBe(409);

    // The way to change it: a copy, which is a new draft.
    const copy = await request(app).post(`/api/rule-sets/${id}/copy`).set(as('coordinator'));
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ status: 'DRAFT', version: null, nameVi: doc.nameVi });
    expect(copy.body.draftNumber).not.toBe(created.body.draftNumber);

    const audit = await prisma.auditLog.findMany({ where: { entityType: 'RuleSet', entityId: id }, orderBy: { at: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['rule_set.draft_created', 'rule_set.draft_updated', 'rule_set.activated']);
    expect(audit[2]).toMatchObject({ actorRole: 'COORDINATOR', details: { kind: 'LEVEL', version: activated.body.version } });
    expect(await prisma.auditLog.count({ where: { entityId: copy.body.id, action: 'rule_set.draft_created', details: { path: ['copiedFrom'], equals: id } } })).toBe(1);
  });

  it('lets only coordinators write', async () => {
    const v1 = await request(app).get('/api/rule-sets/LEVEL/1').set(as('coordinator'));
    for (const user of ['reviewer.d35', 'leader.d01', 'officer.d01', 'business.demo']) {
      expect((await request(app).post('/api/rule-sets').set(as(user)).send(levelDoc())).status, user).toBe(403);
      expect((await request(app).put(`/api/rule-sets/${v1.body.id}`).set(as(user)).send(levelDoc())).status, user).toBe(403);
      expect((await request(app).post(`/api/rule-sets/${v1.body.id}/activate`).set(as(user))).status, user).toBe(403);
      expect((await request(app).post(`/api/rule-sets/${v1.body.id}/copy`).set(as(user))).status, user).toBe(403);
      expect((await request(app).post(`/api/rule-sets/${v1.body.id}/preview`).set(as(user)).send({ cycleId: 'x' })).status, user).toBe(403);
    }
  });
});

describe('preview of a LEVEL draft on a past cycle', () => {
  // Stored levels as level v1 gave them, except Giang's, which the cycle's frozen v1 computes.
  const SPECS: ResultSpec[] = [
    { name: 'Nguyễn Văn An', score: 92, subs: { 'C-F1-1': [90, 1], 'C-F1-2': [88, 2], 'C-COM-LAW': [95, 3] }, level: 'LEVEL_3' },
    { name: 'Trần Thị Bình', score: 76, subs: { 'C-F1-1': [80, 1], 'C-F1-2': [65, 2], 'C-COM-LAW': [72, 2] }, level: 'LEVEL_2' },
    { name: 'Lê Văn Cường', score: 82, subs: { 'C-F1-1': [80, 1], 'C-F1-2': [75, 2], 'C-COM-LAW': [72, 3] }, level: 'LEVEL_2' },
    { name: 'Phạm Thị Dung', score: 66, subs: { 'C-F1-1': [70, 1], 'C-F1-2': [58, 2] }, level: 'LEVEL_1' },
    { name: 'Hoàng Văn Em', score: 45, subs: { 'C-F1-1': [25, 1], 'C-F1-2': [55, 2] }, level: 'NOT_ACHIEVED' },
    { name: 'Vũ Thị Phương', score: 68, subs: { 'C-F1-1': [50, 1], 'C-F1-2': [56, 2] }, level: 'LEVEL_1' },
    { name: 'Đỗ Văn Giang', score: 55, subs: { 'C-F1-1': [40, 1] } },
    { name: 'Bùi Thị Hạnh', score: 52, subs: { 'C-F1-1': [60, 1] }, level: 'LEVEL_1' },
  ];

  /** Level 3 from 80, level 2 from 65 with required level 2 at 55, but level 1 only from 55. */
  function lenientAtTheTopStricterAtTheBottom(): Doc {
    const doc = levelDoc();
    doc.nameEn = 'Level rules, proposal A';
    cond(doc, 'level-3', 0).value = 80;
    cond(doc, 'level-2', 0).value = 65;
    cond(doc, 'level-2', 2).value = 55;
    cond(doc, 'level-1', 0).value = 55;
    cond(doc, 'not-achieved', 0).value = 55;
    return doc;
  }

  it('counts now and with the draft, the transition matrix, and who would move, page by page', async () => {
    const { cycle, results, team } = await levelFixture(prisma, SPECS);
    const draft = await request(app).post('/api/rule-sets').set(as('coordinator')).send(lenientAtTheTopStricterAtTheBottom());
    expect(draft.status).toBe(201);

    const res = await request(app).post(`/api/rule-sets/${draft.body.id}/preview?pageSize=2`).set(en('coordinator')).send({ cycleId: cycle.id });
    expect(res.status).toBe(200);
    const p = res.body;
    expect(p).toMatchObject({ ruleSet: { id: draft.body.id, status: 'DRAFT', version: null }, cycle: { id: cycle.id, code: cycle.code }, results: 8 });
    expect(p.current).toEqual({ LEVEL_3: 1, LEVEL_2: 2, LEVEL_1: 4, NOT_ACHIEVED: 1, NONE: 0 });
    expect(p.proposed).toEqual({ LEVEL_3: 2, LEVEL_2: 3, LEVEL_1: 1, NOT_ACHIEVED: 2, NONE: 0 });
    expect(p.matrix).toEqual({
      LEVEL_3: { LEVEL_3: 1, LEVEL_2: 0, LEVEL_1: 0, NOT_ACHIEVED: 0, NONE: 0 },
      LEVEL_2: { LEVEL_3: 1, LEVEL_2: 1, LEVEL_1: 0, NOT_ACHIEVED: 0, NONE: 0 },
      LEVEL_1: { LEVEL_3: 0, LEVEL_2: 2, LEVEL_1: 1, NOT_ACHIEVED: 1, NONE: 0 },
      NOT_ACHIEVED: { LEVEL_3: 0, LEVEL_2: 0, LEVEL_1: 0, NOT_ACHIEVED: 1, NONE: 0 },
      NONE: { LEVEL_3: 0, LEVEL_2: 0, LEVEL_1: 0, NOT_ACHIEVED: 0, NONE: 0 },
    });
    expect(p.moved).toEqual({ total: 4, up: 3, down: 1 });
    const officerOf = (name: string) => results.find((r) => r.spec.name === name)!.officer.id;
    expect(p.movers).toMatchObject({ page: 1, pageSize: 2, total: 4 });
    expect(p.movers.items).toEqual([
      {
        resultId: results[2].id, officerId: officerOf('Lê Văn Cường'), employeeCode: results[2].officer.employeeCode, fullName: 'Lê Văn Cường',
        unit: { id: team.id, code: team.code, nameVi: team.nameVi, nameEn: team.nameEn }, positionId: results[2].officer.positionId,
        score: 82, from: 'LEVEL_2', to: 'LEVEL_3', explanation: 'Level 3 because total score 82 ≥ 80 and every competency ≥ 70',
      },
      expect.objectContaining({ fullName: 'Vũ Thị Phương', from: 'LEVEL_1', to: 'LEVEL_2', score: 68 }),
    ]);
    const second = await request(app).post(`/api/rule-sets/${draft.body.id}/preview?pageSize=2&page=2`).set(as('coordinator')).send({ cycleId: cycle.id });
    expect(second.body.movers.items.map((m: { fullName: string; from: string; to: string }) => [m.fullName, m.from, m.to])).toEqual([
      ['Phạm Thị Dung', 'LEVEL_1', 'LEVEL_2'],
      ['Bùi Thị Hạnh', 'LEVEL_1', 'NOT_ACHIEVED'],
    ]);
    expect(second.body.movers.items[1].explanation).toBe('Chưa đạt vì tổng điểm 52 < 55');

    // Nothing was written but the audit entry.
    const stored = await prisma.result.findMany({ where: { cycleId: cycle.id }, select: { level: true } });
    expect(stored.filter((r) => r.level === null)).toHaveLength(1);
    expect(await prisma.auditLog.count({ where: { action: 'rule_set.previewed', entityId: draft.body.id, cycleId: cycle.id } })).toBe(2);
  });

  it('shows a draft that leaves results without a level, before anyone activates it', async () => {
    const { cycle } = await levelFixture(prisma, SPECS.slice(3, 5));
    const doc = levelDoc();
    doc.rules = doc.rules.filter((r) => r.name !== 'not-achieved');
    const draft = await request(app).post('/api/rule-sets').set(as('coordinator')).send(doc);
    const res = await request(app).post(`/api/rule-sets/${draft.body.id}/preview`).set(en('coordinator')).send({ cycleId: cycle.id });
    expect(res.body.proposed).toMatchObject({ LEVEL_1: 1, NOT_ACHIEVED: 0, NONE: 1 });
    expect(res.body.moved).toEqual({ total: 1, up: 0, down: 0 });
    expect(res.body.movers.items[0]).toMatchObject({
      fullName: 'Hoàng Văn Em', from: 'NOT_ACHIEVED', to: 'NONE',
      explanation: 'No level: no rule holds; the closest is level 1: total score 45 < 50 and competency C-F1-1 = 25 < 30',
    });
  });

  it('previews only LEVEL rule sets, on a cycle that exists', async () => {
    const verification = await request(app).get('/api/rule-sets/VERIFICATION/1').set(as('coordinator'));
    const refused = await request(app).post(`/api/rule-sets/${verification.body.id}/preview`).set(en('coordinator')).send({ cycleId: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'RULE_SET_NOT_LEVEL', message: 'Only competency level rule sets can be previewed; this one is a verification rule set.' });
    const v1 = await request(app).get('/api/rule-sets/LEVEL/1').set(as('coordinator'));
    expect((await request(app).post(`/api/rule-sets/${v1.body.id}/preview`).set(as('coordinator')).send({ cycleId: 'no-such-cycle' })).status).toBe(404);
    expect((await request(app).post(`/api/rule-sets/${v1.body.id}/preview`).set(as('coordinator')).send({})).status).toBe(400);
  });
});
