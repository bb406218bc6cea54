// The case dispatcher on the real PostgreSQL and Temporal dev server: a rating's answer never waits on Temporal
// (here unreachable: the case is stored with its outbox row, the answer comes at once), a case opened while
// Temporal was down is started later exactly once, and two dispatchers draining at once start each case once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { DEFAULT_FEEDBACK_POLICY } from '../domain/feedback-policy';
import { submitRatings } from '../services/feedback-ratings';
import { createCaseDispatcher } from '../services/feedback-dispatch';
import { WorkflowGateway } from '../services/workflow-gateway';
import { WORKFLOWS } from '../workflows/contracts';
import { feedbackCaseWorkflowId } from '../workflows/feedback-case/contract';
import { startTestWorker, testPrisma, testTemporalClient, type RunningWorker } from './support';
import { createDeclaration, createFeedbackFixture, type FeedbackFixture } from './support-feedback';

const quiet = logger.child({}, { level: 'silent' });
const policy = DEFAULT_FEEDBACK_POLICY;
let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let fixture: FeedbackFixture;

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  fixture = await createFeedbackFixture(prisma);
});

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

/** Executions of the case's workflow Temporal knows of (any run, any state). */
async function executions(caseId: string): Promise<number> {
  let n = 0;
  for await (const w of temporal.workflow.list({ query: `WorkflowId = '${feedbackCaseWorkflowId(caseId)}' AND WorkflowType = '${WORKFLOWS.feedbackCase.type}'` })) {
    if (w.workflowId === feedbackCaseWorkflowId(caseId)) n++;
  }
  return n;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens `n` cases of the fixture's business (one unsatisfied officer rating per declaration), no dispatcher involved. */
async function openCases(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = await createDeclaration(prisma, fixture);
    const saved = await submitRatings(prisma, {
      businessId: fixture.business.id, declarationId: d.id, actorUserId: fixture.user.id, policy,
      ratings: [{ subject: `OFFICER:${fixture.teams[0].officers[0].id}`, level: 'UNSATISFIED', reasonCodes: ['SLOW_PROCESSING'], comment: null }],
    });
    if (saved.kind !== 'saved' || !saved.ratings[0].feedback.case) throw new Error(`not saved: ${saved.kind}`);
    ids.push(saved.ratings[0].feedback.case.id);
  }
  return ids;
}

describe('the case dispatcher', () => {
  it('answers the rating at once while Temporal is unreachable, and starts the case later exactly once', async () => {
    // An API whose Temporal is not there (nothing listens on port 1): every start fails after the gateway's deadline.
    const away = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: 'default' });
    const { app, tokens } = createApp({ prisma, temporal: away, logger: quiet, authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue });
    const token = await tokens.issue({ id: fixture.user.id, username: fixture.user.username, displayName: fixture.business.name, role: 'BUSINESS', unitId: null, unitPath: null, officerId: null, businessId: fixture.business.id });
    const d = await createDeclaration(prisma, fixture);
    const started = Date.now();
    const res = await request(app).post(`/api/feedback/my/declarations/${d.id}/ratings`).set({ Authorization: `Bearer ${token}` })
      .send({ ratings: [{ subject: `BRANCH:${fixture.branch.id}`, level: 1, reasonCodes: ['SLOW_PROCESSING'] }, { subject: 'STAGE:S1', level: 5 }] });
    const ms = Date.now() - started;
    expect(res.status).toBe(201);
    // The gateway waits up to 5 s for a start: the answer came well before any start could have failed.
    expect(ms).toBeLessThan(2_000);
    expect(res.body.ratings[0]).toMatchObject({ change: 'created', caseOpened: true, caseTracking: 'pending', rating: { case: { status: 'OPEN' } } });
    expect(res.body.ratings[1]).toMatchObject({ caseOpened: false, rating: { case: null } });
    const caseId = res.body.ratings[0].rating.case.id as string;

    // The API's own attempt fails and leaves the outbox row, with its error, for a later attempt.
    const row = await until(() => prisma.feedbackCaseDispatch.findUnique({ where: { caseId } }), (r) => (r?.attempts ?? 0) >= 1, 'the failed attempt');
    expect(row!.lastError).toBeTruthy();
    expect((await prisma.feedbackCase.findUniqueOrThrow({ where: { id: caseId } })).status).toBe('OPEN');
    expect(await executions(caseId)).toBe(0);

    // Temporal is back (the worker's dispatcher, here drained by hand once the backoff is over): started once.
    const dispatcher = createCaseDispatcher(prisma, new WorkflowGateway(temporal, worker.taskQueue), policy.case, { businessIds: [fixture.business.id] });
    const later = new Date(Date.now() + 120_000);
    expect(await dispatcher.drain(null, later)).toMatchObject({ claimed: 1, started: 1, failed: 0 });
    expect(await prisma.feedbackCaseDispatch.findUnique({ where: { caseId } })).toBeNull();
    expect((await until(() => prisma.feedbackCase.findUniqueOrThrow({ where: { id: caseId } }), (c) => c.status === 'VERIFYING', 'VERIFYING')).workflowId).toBe(feedbackCaseWorkflowId(caseId));
    // Draining again finds nothing; a retried request changes nothing and starts nothing.
    expect(await dispatcher.drain(null, later)).toMatchObject({ claimed: 0, started: 0 });
    const retried = await request(app).post(`/api/feedback/my/declarations/${d.id}/ratings`).set({ Authorization: `Bearer ${token}` })
      .send({ ratings: [{ subject: `BRANCH:${fixture.branch.id}`, level: 1, reasonCodes: ['SLOW_PROCESSING'] }] });
    expect(retried.status).toBe(200);
    expect(retried.body.ratings[0]).toMatchObject({ change: 'unchanged', caseOpened: false });
    expect(retried.body.ratings[0].caseTracking).toBeUndefined();
    expect(await until(() => executions(caseId), (n) => n >= 1, 'the execution listed')).toBe(1);
    await away.connection.close();
  }, 60_000);

  it('starts each case exactly once when two dispatchers drain at once', async () => {
    const cases = await openCases(12);
    expect(await prisma.feedbackCaseDispatch.count({ where: { caseId: { in: cases } } })).toBe(12);
    const make = () => createCaseDispatcher(prisma, new WorkflowGateway(temporal, worker.taskQueue), policy.case, { businessIds: [fixture.business.id], batchSize: 5 });
    const [a, b] = [make(), make()];
    const [x, y] = await Promise.all([a.drain(), b.drain()]);
    // Claims never overlap: together they claimed and started every case, each exactly once.
    expect(x.failed + y.failed).toBe(0);
    expect(x.claimed + y.claimed).toBe(12);
    expect(x.started + y.started).toBe(12);
    expect(await prisma.feedbackCaseDispatch.count({ where: { caseId: { in: cases } } })).toBe(0);
    await until(() => prisma.feedbackCase.count({ where: { id: { in: cases }, status: 'VERIFYING' } }), (n) => n === 12, 'every case begun');
    for (const caseId of cases) expect(await until(() => executions(caseId), (n) => n >= 1, 'the execution listed')).toBe(1);
    // Each case was taken on once: one 'assigned' entry in the audit log per case.
    const assigned = await prisma.auditLog.groupBy({ by: ['entityId'], where: { action: 'feedback_case.assigned', entityId: { in: cases } }, _count: true });
    expect(assigned.map((g) => g._count).sort()).toEqual(cases.map(() => 1));
  }, 60_000);

  it('polls for due rows and takes on a case without being kicked', async () => {
    const [caseId] = await openCases(1);
    const dispatcher = createCaseDispatcher(prisma, new WorkflowGateway(temporal, worker.taskQueue), policy.case, { businessIds: [fixture.business.id], pollMs: 100 });
    dispatcher.start();
    try {
      await until(() => prisma.feedbackCase.findUniqueOrThrow({ where: { id: caseId } }), (c) => c.status === 'VERIFYING', 'VERIFYING');
    } finally {
      await dispatcher.stop();
    }
    expect(await prisma.feedbackCaseDispatch.findUnique({ where: { caseId } })).toBeNull();
    expect(await until(() => executions(caseId), (n) => n >= 1, 'the execution listed')).toBe(1);
  }, 60_000);
});

describe('ratings written together (group commit)', () => {
  it('stores each of many concurrent requests exactly once, an identical pair among them as one rating and one case', async () => {
    const declarations = await Promise.all(Array.from({ length: 12 }, () => createDeclaration(prisma, fixture)));
    const officer = `OFFICER:${fixture.teams[0].officers[0].id}`;
    const rate = (declarationId: string) => submitRatings(prisma, {
      businessId: fixture.business.id, declarationId, actorUserId: fixture.user.id, policy,
      ratings: [{ subject: `BRANCH:${fixture.branch.id}`, level: 'SATISFIED', reasonCodes: [], comment: null }, { subject: officer, level: 'VERY_UNSATISFIED', reasonCodes: ['ATTITUDE'], comment: null }],
    });
    // Every declaration once, and the first one twice more: all at once, so they share statements.
    const results = await Promise.all([...declarations.map((d) => rate(d.id)), rate(declarations[0].id), rate(declarations[0].id)]);
    expect(results.every((r) => r.kind === 'saved')).toBe(true);
    const changes = results.slice(0, 1).concat(results.slice(-2)).map((r) => (r.kind === 'saved' ? r.ratings.map((x) => x.change).join() : r.kind));
    expect(changes.filter((c) => c === 'created,created')).toHaveLength(1);
    expect(changes.filter((c) => c === 'unchanged,unchanged')).toHaveLength(2);
    const ids = declarations.map((d) => d.id);
    expect(await prisma.feedback.count({ where: { declarationId: { in: ids } } })).toBe(24);
    expect(await prisma.feedbackCase.count({ where: { feedback: { declarationId: { in: ids } } } })).toBe(12);
    const cases = await prisma.feedbackCase.findMany({ where: { feedback: { declarationId: { in: ids } } }, select: { id: true } });
    expect(await prisma.feedbackCaseDispatch.count({ where: { caseId: { in: cases.map((c) => c.id) } } })).toBe(12);
    // The audit trail: one entry per rating and per case, none for the repeats.
    const feedbackIds = (await prisma.feedback.findMany({ where: { declarationId: { in: ids } }, select: { id: true } })).map((f) => f.id);
    expect(await prisma.auditLog.count({ where: { action: 'feedback.submitted', entityId: { in: feedbackIds } } })).toBe(24);
    expect(await prisma.auditLog.count({ where: { action: 'feedback_case.opened', entityId: { in: cases.map((c) => c.id) } } })).toBe(12);
    // The rollup the statistics read agrees with the ratings, month by month and all time (one snapshot: the
    // triggers adjust it in the writing statement, so other files' writes cannot make it disagree).
    const [{ differing }] = await prisma.$queryRaw<{ differing: number }[]>`
      WITH truth AS (
        SELECT b.m AS month, "subjectKind", coalesce("subjectUnitId", '') AS u, coalesce("subjectStageId", '') AS s, coalesce("subjectOfficerId", '') AS o, level, count(*)::int AS n
        FROM "Feedback" CROSS JOIN LATERAL (VALUES (date_trunc('month', "submittedAt")), (timestamp '1970-01-01')) AS b(m)
        GROUP BY 1, 2, 3, 4, 5, 6
      ), rollup AS (SELECT month, "subjectKind", "subjectUnitId", "subjectStageId", "subjectOfficerId", level, ratings FROM "FeedbackRollup")
      SELECT ((SELECT count(*) FROM (SELECT * FROM truth EXCEPT SELECT * FROM rollup) x) + (SELECT count(*) FROM (SELECT * FROM rollup EXCEPT SELECT * FROM truth) y))::int AS differing`;
    expect(differing).toBe(0);
    // Leave nothing for a dispatcher of this file.
    await prisma.feedbackCaseDispatch.deleteMany({ where: { caseId: { in: cases.map((c) => c.id) } } });
  }, 60_000);
});
