// Exam integrity (issue 14): what a candidate receives names their questions and options only by the attempt's
// opaque handles, so two candidates cannot share "item X: answer C". Over the whole flow through the API (start,
// autosave, refusals, resume, submit, results), no string anywhere in a response, value or property name, is an
// item version id, an item id or an option's key; two candidates sitting the same item get different handles;
// answers by raw id or raw key are refused with nothing saved; and grading through handles scores the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import type { TokenService } from '../api/auth';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { levelResult } from '../services/levels';
import { startTestWorker, testPrisma, testTemporalClient, untilGraded, type RunningWorker } from './support';
import { examFixture, paperKey } from './exam-fixture';

let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>['app'];
let tokens: TokenService;
let reviewer: string;

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  ({ app, tokens } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue, strictResponses: true }));
  reviewer = (await request(app).post('/api/auth/token').send({ username: 'reviewer.d35', password: 'demo-reviewer' })).body.token;
});

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

/** Every string in a JSON value, property names included, with where it is. */
export function stringsIn(value: unknown, path = '$'): { path: string; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([name, v]) => [{ path: `${path}{${name}}`, text: name }, ...stringsIn(v, `${path}.${name}`)]);
  }
  return [];
}

/** Where a response gives away an id (anywhere inside a string) or a key (a whole string): none, we expect. */
function leaks(bodies: { label: string; body: unknown }[], ids: Set<string>, keys: Set<string>) {
  return bodies.flatMap(({ label, body }) =>
    stringsIn(body)
      .filter(({ text }) => keys.has(text) || [...ids].some((id) => text.includes(id)))
      .map(({ path, text }) => `${label} ${path} = ${JSON.stringify(text)}`),
  );
}

describe('the walk over response bodies', () => {
  it('finds an id or key hidden anywhere: deep values, array items and property names', () => {
    const ids = new Set(['QIV-42']);
    const keys = new Set(['C']);
    expect(leaks([{ label: 'x', body: { a: [{ b: { c: 'see QIV-42' } }] } }], ids, keys)).toEqual(['x $.a[0].b.c = "see QIV-42"']);
    expect(leaks([{ label: 'x', body: { answers: { 'QIV-42': null } } }], ids, keys)).toEqual(['x $.answers{QIV-42} = "QIV-42"']);
    expect(leaks([{ label: 'x', body: { options: [{ h: 'C' }, { h: 'CC' }] } }], ids, keys)).toEqual(['x $.options[0].h = "C"']);
    expect(leaks([{ label: 'x', body: { n: 3, ok: true, none: null, text: 'Câu 3' } }], ids, keys)).toEqual([]);
  });
});

describe('exam integrity', () => {
  it('gives each attempt its own opaque handles in every response, accepts answers only by them, and grades the same', async () => {
    const { cycle, registrations } = await examFixture(prisma, new Date());
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const session = await request(app).post(`/api/cycles/${cycle.id}/sessions`).set('Authorization', `Bearer ${reviewer}`).send({ unitId: 'D35', code: 'INT-1', startsAt, capacity: 10 });
    expect(session.status).toBe(201);
    expect((await request(app).post(`/api/cycles/${cycle.id}/schedule/D35`).set('Authorization', `Bearer ${reviewer}`)).body.assigned).toBe(3);
    expect((await request(app).post(`/api/cycles/${cycle.id}/sessions/${session.body.id}/publish`).set('Authorization', `Bearer ${reviewer}`)).status).toBe(200);

    // Two candidates whose forms share items (the fixture's first and third hold the same position).
    const forms = await prisma.examForm.findMany({ where: { registrationId: { in: registrations.map((r) => r.id) } } });
    const itemsOf = (registrationId: string) => (forms.find((f) => f.registrationId === registrationId)!.items as unknown as { itemVersionId: string; optionOrder: string[] }[]);
    const pairs = registrations.flatMap((a, i) => registrations.slice(i + 1).map((b) => [a, b] as const));
    const shared = (a: string, b: string) => itemsOf(a).filter((x) => itemsOf(b).some((y) => y.itemVersionId === x.itemVersionId)).map((x) => x.itemVersionId);
    const [regA, regB] = pairs.sort(([a1, b1], [a2, b2]) => shared(a2.id, b2.id).length - shared(a1.id, b1.id).length)[0];
    const common = shared(regA.id, regB.id);
    expect(common.length).toBeGreaterThan(0);

    // What must never reach a candidate: every item version id and item id of either form, and every option key.
    const formItems = [...itemsOf(regA.id), ...itemsOf(regB.id)];
    const versions = await prisma.questionItemVersion.findMany({ where: { id: { in: formItems.map((i) => i.itemVersionId) } }, select: { id: true, itemId: true, correctKey: true, options: true } });
    const ids = new Set(versions.flatMap((v) => [v.id, v.itemId]));
    const keys = new Set([...formItems.flatMap((i) => i.optionOrder), ...versions.map((v) => v.correctKey), ...versions.flatMap((v) => (v.options as { key: string }[]).map((o) => o.key))]);
    expect(keys.size).toBeGreaterThanOrEqual(4);

    const received: { label: string; body: unknown }[] = [];
    const candidate = async (registrationId: string, label: string) => {
      const officerId = registrations.find((r) => r.id === registrationId)!.officerId;
      const token = await tokens.issue({ id: `user-${officerId}`, username: officerId, displayName: officerId, role: 'OFFICER', unitId: null, unitPath: null, officerId, businessId: null });
      const call = async (method: 'get' | 'post' | 'put', path: string, body?: object) => {
        const res = await request(app)[method](`/api${path}`).set('Authorization', `Bearer ${token}`).send(body);
        received.push({ label: `${label} ${method.toUpperCase()} ${path} (${res.status})`, body: res.body });
        return res;
      };
      return { officerId, call };
    };
    const a = await candidate(regA.id, 'A');
    const b = await candidate(regB.id, 'B');
    const stored = (registrationId: string) => prisma.attemptAnswer.findMany({ where: { attempt: { registrationId } }, orderBy: { itemVersionId: 'asc' } });

    await a.call('get', '/me/exams');
    await a.call('get', '/me/overview');
    const startA = await a.call('post', `/exams/${regA.id}/start`);
    const startB = await b.call('post', `/exams/${regB.id}/start`);
    expect(startA.status).toBe(200);
    expect(startB.status).toBe(200);
    const keyA = await paperKey(prisma, regA.id, startA.body);
    const keyB = await paperKey(prisma, regB.id, startB.body);

    // Two candidates on the same item: different item handles, and different handles for the same option.
    for (const itemVersionId of common) {
      const qa = keyA.find((q) => q.itemVersionId === itemVersionId)!;
      const qb = keyB.find((q) => q.itemVersionId === itemVersionId)!;
      expect(qa.itemHandle).not.toBe(qb.itemHandle);
      for (const k of qa.optionOrder) expect(qa.handleOf(k)).not.toBe(qb.handleOf(k));
    }
    // Within a paper every handle is its own.
    const handlesA = keyA.flatMap((q) => [q.itemHandle, ...q.optionOrder.map(q.handleOf)]);
    expect(new Set(handlesA).size).toBe(handlesA.length);

    // A: 25 right, 10 wrong (5 of them flagged), 5 left blank; B: every item right.
    const changesA = keyA.slice(0, 35).map((q, i) => ({ itemHandle: q.itemHandle, optionHandle: i < 25 ? q.right : q.wrong, flagged: i >= 30, seq: 1_000 + i }));
    expect((await a.call('put', `/exams/${regA.id}/answers`, { answers: changesA })).body.saved).toBe(35);
    expect((await b.call('put', `/exams/${regB.id}/answers`, { answers: keyB.map((q) => ({ itemHandle: q.itemHandle, optionHandle: q.right })) })).body.saved).toBe(40);

    // Raw ids and raw keys are refused, and a refused request saves nothing, not even its valid changes.
    const before = await stored(regA.id);
    const blank = keyA[36];
    const refusals = [
      { answers: [{ itemHandle: blank.itemVersionId, optionHandle: blank.right }] }, // the item's own id
      { answers: [{ itemHandle: blank.itemHandle, optionHandle: blank.correctKey }] }, // the right key itself
      { answers: [{ itemHandle: blank.itemHandle, optionHandle: keyB.find((q) => common.includes(q.itemVersionId))!.right }] }, // B's handle
      { answers: [{ itemHandle: blank.itemHandle, optionHandle: blank.right }, { itemHandle: keyA[37].itemHandle, optionHandle: keyA[37].correctKey }] }, // one good, one raw
      { answers: [{ itemHandle: blank.itemHandle, optionHandle: keyA[0].right }] }, // another question's option
    ];
    for (const body of refusals) {
      const refused = await a.call('put', `/exams/${regA.id}/answers`, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(['UNKNOWN_ITEM', 'UNKNOWN_OPTION']).toContain(refused.body.error.code);
    }
    const formerShape = await a.call('put', `/exams/${regA.id}/answers`, { answers: [{ itemVersionId: blank.itemVersionId, chosenKey: blank.correctKey }] });
    expect(formerShape.status).toBe(400);
    expect(await stored(regA.id)).toEqual(before);

    // Resume: the saved answers come back by handle, exactly as sent.
    const resumed = await a.call('post', `/exams/${regA.id}/start`);
    expect(resumed.body.attemptId).toBe(startA.body.attemptId);
    expect(resumed.body.questions).toEqual(startA.body.questions);
    expect(resumed.body.answers).toEqual(Object.fromEntries(changesA.map((c) => [c.itemHandle, c.optionHandle])));
    expect(resumed.body.flagged.sort()).toEqual(changesA.filter((c) => c.flagged).map((c) => c.itemHandle).sort());
    expect(resumed.body.seqs).toEqual(Object.fromEntries(changesA.map((c) => [c.itemHandle, c.seq])));
    // Stored as ever, by item version and key: what the handles stood for.
    expect((await stored(regA.id)).map((r) => [r.itemVersionId, r.chosenKey])).toEqual(
      keyA.slice(0, 35).map((q, i) => [q.itemVersionId, i < 25 ? q.correctKey : q.optionOrder.find((k) => k !== q.correctKey)]).sort(([x], [y]) => String(x).localeCompare(String(y))),
    );
    await a.call('get', '/me/exams');

    // Grading through handles: 25 of 40 right = 62.50, 40 of 40 = 100.
    expect((await a.call('post', `/exams/${regA.id}/submit`)).body).toMatchObject({ status: 'SUBMITTED', grading: true });
    const submittedA = await untilGraded(() => a.call('post', `/exams/${regA.id}/submit`));
    expect(submittedA.body).toMatchObject({ status: 'SUBMITTED', result: { score: 62.5, correctCount: 25, itemCount: 40 } });
    const submittedB = await untilGraded(() => b.call('post', `/exams/${regB.id}/submit`));
    expect(submittedB.body).toMatchObject({ status: 'SUBMITTED', result: { score: 100, correctCount: 40, itemCount: 40 } });
    await a.call('post', `/exams/${regA.id}/submit`);
    await a.call('post', `/exams/${regA.id}/start`); // a closed attempt: saved answers, no paper
    await a.call('put', `/exams/${regA.id}/answers`, { answers: changesA.slice(0, 1) });

    // Results and their details, as the candidate reads them.
    await levelResult(prisma, submittedA.body.result.id);
    await levelResult(prisma, submittedB.body.result.id);
    for (const c of [a, b]) {
      expect((await c.call('get', `/officers/${c.officerId}/profile`)).status).toBe(200);
      await c.call('get', '/me/exams');
      await c.call('get', '/me/overview');
      await c.call('get', '/me/notifications');
    }

    // Nothing any candidate received gives an item, its id or an option's key away; nor anything of A's in B's.
    for (const kind of ['GET /me/exams', 'GET /me/overview', '/start (200)', '/answers (200)', '/answers (422)', '/answers (400)', '/answers (409)', '/submit (200)', '/profile (200)', 'GET /me/notifications']) {
      expect(received.some((r) => r.label.includes(kind)), kind).toBe(true);
    }
    expect(leaks(received, ids, keys)).toEqual([]);
    const handleSet = new Set(handlesA);
    expect(received.filter((r) => r.label.startsWith('B ')).flatMap((r) => stringsIn(r.body)).filter((s) => handleSet.has(s.text))).toEqual([]);
    // The walk did look at the papers: the handles are there, and no option carries a key in any field.
    expect(stringsIn(startA.body).filter((s) => handleSet.has(s.text)).length).toBe(handlesA.length);
    for (const q of startA.body.questions as { options: Record<string, unknown>[] }[]) for (const o of q.options) expect(Object.keys(o).sort()).toEqual(['optionHandle', 'text']);
  });
});
