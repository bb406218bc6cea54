// A cycle's item analysis through the API: flagged items first with their option counts and key, sorting and
// paging, role and input checks; then voiding an item answers with the regrade's effect (scores, levels).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { testPrisma, testTemporalClient } from './support';
import { gradedCycleFixture, type GradedCycle } from './graded-cycle';

let prisma: PrismaClient;
let temporal: Client;
let app: ReturnType<typeof createApp>['app'];
let world: GradedCycle;
const tokens: Record<string, string> = {};
const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  ({ app } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: 'unused', strictResponses: true }));
  for (const [username, password] of [['coordinator', 'demo-coordinator'], ['reviewer.d35', 'demo-reviewer']]) {
    tokens[username] = (await request(app).post('/api/auth/token').send({ username, password })).body.token;
  }
  world = await gradedCycleFixture(prisma, { candidates: 60 });
});

afterAll(async () => {
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

type Item = { itemVersionId: string; code: string; flags: string[]; responses: number; facilityIndex: number; options: { key: string; count: number; correct: boolean }[]; blank: number; voided: unknown };

describe('item analysis of a cycle', () => {
  it('lists flagged items first, each with its option counts and the key marked, sorted and paged by the server', async () => {
    const res = await request(app).get(`/api/cycles/${world.cycle.id}/item-analysis?pageSize=500`).set(as('coordinator'));
    expect(res.status).toBe(200);
    expect(res.body.attempts).toBe(60);
    expect(res.body.computedAt).not.toBeNull();
    const items = res.body.items as Item[];
    expect(items.length).toBe(res.body.totals.items);
    expect(res.body.totals.flagged).toBeGreaterThan(0);
    const firstUnflagged = items.findIndex((i) => i.flags.length === 0);
    expect(items.slice(firstUnflagged).every((i) => i.flags.length === 0)).toBe(true);
    expect(firstUnflagged).toBe(res.body.totals.flagged);
    for (const item of items) {
      expect(item.options.filter((o) => o.correct)).toHaveLength(1);
      expect(item.options.reduce((s, o) => s + o.count, 0) + item.blank).toBe(item.responses);
    }

    const onlyFlagged = await request(app).get(`/api/cycles/${world.cycle.id}/item-analysis?flagged=true&pageSize=5&page=1`).set(as('coordinator'));
    expect(onlyFlagged.body.total).toBe(res.body.totals.flagged);
    expect((onlyFlagged.body.items as Item[]).every((i) => i.flags.length > 0)).toBe(true);

    const easiest = await request(app).get(`/api/cycles/${world.cycle.id}/item-analysis?sort=facility&order=desc&pageSize=3`).set(as('coordinator'));
    const facilities = (easiest.body.items as Item[]).map((i) => i.facilityIndex);
    expect(facilities).toEqual([...facilities].sort((a, b) => b - a));
    expect(facilities[0]).toBe(Math.max(...items.map((i) => i.facilityIndex)));
    const second = await request(app).get(`/api/cycles/${world.cycle.id}/item-analysis?sort=code&order=asc&pageSize=3&page=2`).set(as('coordinator'));
    expect((second.body.items as Item[]).map((i) => i.code)).toEqual(items.map((i) => i.code).sort().slice(3, 6));
  });

  it('refuses other roles, unknown cycles and bad input with a message in the caller language', async () => {
    expect((await request(app).get(`/api/cycles/${world.cycle.id}/item-analysis`).set(as('reviewer.d35'))).status).toBe(403);
    expect((await request(app).get('/api/cycles/no-such-cycle/item-analysis').set(as('coordinator'))).status).toBe(404);
    const bad = await request(app).get(`/api/cycles/${world.cycle.id}/item-analysis?sort=stem`).set(as('coordinator'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('Dữ liệu gửi lên không hợp lệ.');
    expect(bad.body.error.details[0].path).toBe('query.sort');
  });

  it("voids an item and answers with the regrade's effect; the item stays listed as voided", async () => {
    const list = await request(app).get(`/api/cycles/${world.cycle.id}/item-analysis?sort=responses&order=desc&pageSize=1`).set(as('coordinator'));
    const item = (list.body.items as Item[])[0];
    const before = await prisma.result.findMany({ where: { cycleId: world.cycle.id }, select: { id: true, score: true, level: true } });
    const tooShort = await request(app).post(`/api/cycles/${world.cycle.id}/items/${item.itemVersionId}/void`).set(as('coordinator')).send({ reason: 'sai' });
    expect(tooShort.status).toBe(400);
    expect(await prisma.itemVoid.count({ where: { cycleId: world.cycle.id } })).toBe(0);

    const res = await request(app).post(`/api/cycles/${world.cycle.id}/items/${item.itemVersionId}/void`).set(as('coordinator')).send({ reason: 'Đáp án sai: hai phương án cùng đúng' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ alreadyVoided: false, affectedForms: item.responses, regraded: item.responses, relevelled: item.responses });
    const after = new Map((await prisma.result.findMany({ where: { cycleId: world.cycle.id }, select: { id: true, score: true, level: true } })).map((r) => [r.id, r]));
    const scoreChanged = before.filter((b) => Number(after.get(b.id)!.score) !== Number(b.score));
    const levelChanged = before.filter((b) => after.get(b.id)!.level !== b.level);
    expect(res.body.scoresChanged).toBe(scoreChanged.length);
    expect(res.body.scoresChanged).toBeGreaterThan(0);
    expect(res.body.levelsChanged).toBe(levelChanged.length);
    expect(res.body.levelMoves.reduce((s: number, m: { count: number }) => s + m.count, 0)).toBe(levelChanged.length);

    const again = await request(app).post(`/api/cycles/${world.cycle.id}/items/${item.itemVersionId}/void`).set(as('coordinator')).send({ reason: 'Đáp án sai: hai phương án cùng đúng' });
    expect(again.body).toMatchObject({ alreadyVoided: true, regraded: 0, scoresChanged: 0, levelsChanged: 0 });
    const listed = await request(app).get(`/api/cycles/${world.cycle.id}/item-analysis?pageSize=500`).set(as('coordinator'));
    const voided = (listed.body.items as Item[]).find((i) => i.itemVersionId === item.itemVersionId)!;
    expect(voided.voided).toMatchObject({ reason: 'Đáp án sai: hai phương án cùng đúng' });
    expect(listed.body.totals.voided).toBe(1);
  });
});
