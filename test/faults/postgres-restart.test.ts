// Fault injection on real processes: a real PostgreSQL restart (a fast shutdown, a few seconds down, started again)
// of a cluster of this file's own (initdb in a temporary directory, its own port; the shared cluster serves the
// other test files and is never restarted). (a) While candidates autosave answers through the API: no 500, a 503
// with Retry-After while it is down, and every answer the API acknowledged is stored once with its latest value.
// (b) While a worker's verification activity is running: the attempt fails, is retried once the database is back,
// and every registration is verified exactly once.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createPrisma, sqlPool, type PrismaClient } from '../../prisma/db';
import { seedDemoData } from '../../prisma/seed';
import { logger } from '../../runtime/logger';
import { migrateDatabase } from '../../runtime/migrate';
import { assignSeats, generateSessionForms } from '../../services/exam-scheduling';
import { publishBuiltInRuleSets } from '../../services/rule-sets';
import { cycleWorkflowId } from '../../workflows/assessment-cycle/contract';
import { unitReviewWorkflowId } from '../../workflows/unit-review/contract';
import { WORKFLOWS } from '../../workflows/contracts';
import { paperKey } from '../exam-fixture';
import { createTestCycle, testTemporalClient } from '../support';
import { registeredDepartment } from './graded-department';
import { PrivatePostgres, sleep, until, WorkerProcesses } from './processes';

const CANDIDATES = 24;
/** Two verification batches of 1000 (half a second each here): the restart waits for one that has just started. */
const REGISTRATIONS = 2_000;
const STARTED = 2; // PENDING_ACTIVITY_STATE_STARTED
const DOWN_MS = 2_000;
const HOUR = 3_600_000;

let cluster: PrivatePostgres | undefined;
let prisma: PrismaClient;
let temporal: Client;
let server: Server;
let base: string;
let tokens: ReturnType<typeof createApp>['tokens'];
let workers: WorkerProcesses | undefined;
let databaseUrl: string;

beforeAll(async () => {
  cluster = await PrivatePostgres.create();
  const admin = new pg.Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE assess');
  await admin.end();
  databaseUrl = cluster.url('assess');
  await migrateDatabase(databaseUrl);
  prisma = createPrisma(databaseUrl, { max: 8 });
  await seedDemoData(prisma, { officers: 80, seed: 'pg-restart' });
  await publishBuiltInRuleSets(prisma);
  temporal = await testTemporalClient();
  const made = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: 'nobody' });
  tokens = made.tokens;
  server = made.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
}, 180_000);

afterAll(async () => {
  // The cluster goes whatever failed before.
  try {
    await workers?.killAll();
    server?.close();
    await temporal?.connection.close();
    await prisma?.$disconnect();
  } finally {
    await cluster?.remove();
  }
});

/** A fast shutdown, down for a while, started again. */
async function restart(): Promise<{ downMs: number }> {
  const started = Date.now();
  await cluster!.stop();
  await sleep(DOWN_MS);
  await cluster!.start();
  return { downMs: Date.now() - started };
}

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
}

it('keeps every acknowledged answer once, with its latest value, when the database restarts during autosave', async () => {
  // A cycle in its exam window; candidates registered for the position they hold, seated in a session under way.
  const now = Date.now();
  const cycle = await prisma.assessmentCycle.create({
    data: {
      code: `PG-RESTART-${randomUUID().slice(0, 6)}`, nameVi: 'Kỳ thi khi khởi động lại cơ sở dữ liệu', nameEn: 'Exam across a database restart', status: 'RUNNING', phase: 'EXAM_WINDOW',
      registrationOpensAt: new Date(now - 900 * HOUR), registrationClosesAt: new Date(now - 800 * HOUR), listsDueAt: new Date(now - 700 * HOUR),
      examStartsAt: new Date(now - HOUR), examEndsAt: new Date(now + 24 * HOUR), closesAt: new Date(now + 900 * HOUR),
    },
  });
  const officers = await prisma.officer.findMany({ where: { position: { isLeadership: false } }, orderBy: { employeeCode: 'asc' }, take: CANDIDATES, select: { id: true, positionId: true, unitId: true, unit: { select: { path: true } } } });
  await prisma.registration.createMany({ data: officers.map((o) => ({ cycleId: cycle.id, officerId: o.id, positionId: o.positionId, heldPositionId: o.positionId, unitId: o.unitId, verificationOutcome: 'CLEAR' as const })) });
  const departments = [...new Set(officers.map((o) => o.unit.path.split('/')[2]))];
  await prisma.unitList.createMany({ data: departments.map((unitId) => ({ cycleId: cycle.id, unitId, status: 'APPROVED' as const, revision: 2, approvedAt: new Date(now - 700 * HOUR) })) });
  for (const unitId of departments) {
    const session = await prisma.examSession.create({ data: { cycleId: cycle.id, unitId, code: `CA-${unitId}`, startsAt: new Date(now - 60_000), capacity: CANDIDATES, status: 'PUBLISHED' } });
    await assignSeats(prisma, cycle.id, unitId, null);
    await generateSessionForms(prisma, session.id);
  }
  const registrations = await prisma.registration.findMany({ where: { cycleId: cycle.id }, select: { id: true, officerId: true } });
  const candidates = await Promise.all(
    registrations.map(async (r) => {
      const token = await tokens.issue({ id: `u-${r.officerId}`, username: r.officerId, displayName: r.officerId, role: 'OFFICER', unitId: null, unitPath: null, officerId: r.officerId, businessId: null });
      const started = await call('POST', `/exams/${r.id}/start`, token);
      expect(started.status, JSON.stringify(started.body)).toBe(200);
      const paper = started.body as unknown as Parameters<typeof paperKey>[2] & { attemptId: string };
      return { ...r, token, paper, key: await paperKey(prisma, r.id, paper) };
    }),
  );

  // Every candidate saves a change after another; a change the API did not acknowledge is kept and sent again (as
  // the exam room does) until it is. What the API acknowledged last, per question, is what must be stored.
  const acknowledged = new Map<string, { option: number; seq: number }>();
  const statuses: number[] = [];
  const unexpected: unknown[] = [];
  let seq = Date.now();
  let running = true;
  let ackedAfterRestart = 0;
  let restarted = false;
  const candidate = async (c: (typeof candidates)[number], n: number) => {
    for (let round = 0; running; round++) {
      const q = (round * 5 + n) % c.paper.questions.length;
      const question = c.paper.questions[q];
      const option = (round + n) % question.options.length;
      const change = { itemHandle: question.itemHandle, optionHandle: question.options[option].optionHandle, seq: ++seq };
      for (let tries = 0; ; tries++) {
        const res = await call('PUT', `/exams/${c.id}/answers`, c.token, { answers: [change] }).catch((err: Error) => ({ status: 0, retryAfter: null, body: { message: err.message } }));
        statuses.push(res.status);
        if (res.status === 200) {
          acknowledged.set(`${c.id}/${q}`, { option, seq: change.seq });
          if (restarted) ackedAfterRestart++;
          break;
        }
        if (res.status !== 503 || res.retryAfter !== '5' || res.body.error?.code !== 'DATABASE_UNAVAILABLE') unexpected.push({ status: res.status, retryAfter: res.retryAfter, body: res.body });
        if (tries > 300) throw new Error(`a change was never acknowledged: ${JSON.stringify(res.body)}`);
        await sleep(100); // (a browser waits the 5 s Retry-After asks for; the test keeps pressing)
      }
      await sleep(30);
    }
  };
  const clients = candidates.map((c, n) => candidate(c, n));

  await until('saves under way', async () => acknowledged.size >= CANDIDATES, 30_000);
  const savedBefore = statuses.filter((s) => s === 200).length;
  const { downMs } = await restart();
  restarted = true;
  const upAt = Date.now();
  await until('saves acknowledged again', async () => ackedAfterRestart >= CANDIDATES * 3, 30_000, 50);
  const servedAgainMs = Date.now() - upAt;
  running = false;
  await Promise.all(clients);

  expect(unexpected, 'every answer was a 200 or a 503 with Retry-After 5 (never a 500)').toEqual([]);
  const unavailable = statuses.filter((s) => s === 503).length;
  expect(unavailable, 'the restart hit saves under way (otherwise this test proved nothing)').toBeGreaterThan(0);
  const pool = sqlPool(prisma);
  expect(pool.totalCount - pool.idleCount, 'connections still checked out').toBe(0);

  // Exactly once, latest value: one row per answered question, holding the last acknowledged change.
  const attempts = await prisma.attempt.findMany({ where: { registration: { cycleId: cycle.id } }, select: { id: true, registrationId: true, answers: { select: { itemVersionId: true, chosenKey: true, seq: true } } } });
  const stored = new Map(attempts.flatMap((a) => a.answers.map((row) => [`${a.registrationId}/${row.itemVersionId}`, row] as const)));
  const rows = attempts.reduce((n, a) => n + a.answers.length, 0);
  expect(rows).toBe(acknowledged.size);
  const wrong: unknown[] = [];
  for (const c of candidates) {
    c.key.forEach((k, q) => {
      const ack = acknowledged.get(`${c.id}/${q}`);
      if (!ack) return;
      const row = stored.get(`${c.id}/${k.itemVersionId}`);
      if (row?.chosenKey !== k.optionOrder[ack.option] || Number(row?.seq) !== ack.seq) wrong.push({ registrationId: c.id, q, ack, row });
    });
  }
  expect(wrong).toEqual([]);
  console.log(
    `faults: PostgreSQL restarted (fast shutdown, ${(downMs / 1000).toFixed(1)} s down) under ${CANDIDATES} candidates autosaving; ${statuses.length} saves: ${savedBefore} before, ${unavailable} answered 503 with Retry-After 5, 0 server errors; ` +
      `served again ${(servedAgainMs / 1000).toFixed(1)} s after start; answers checked ${rows}, lost 0, duplicated 0, stale 0`,
  );
}, 120_000);

it('verifies every registration exactly once when the database restarts in the middle of a verification activity', async () => {
  const now = Date.now();
  const at = (ms: number) => new Date(now + ms).toISOString();
  const DAY = 24 * HOUR;
  const timeline = { registrationOpensAt: at(-20 * DAY), registrationClosesAt: at(-DAY), listsDueAt: at(30 * DAY), examStartsAt: at(60 * DAY), examEndsAt: at(62 * DAY), closesAt: at(120 * DAY) };
  const created = await createTestCycle(prisma, timeline);
  const department = await registeredDepartment(prisma, { cycleId: created.id, candidates: REGISTRATIONS });
  const cycle = await prisma.assessmentCycle.update({ where: { id: created.id }, data: { scopeUnitIds: [department.departmentId], status: 'RUNNING', workflowId: cycleWorkflowId(created.id) } });
  const taskQueue = `faults-pg-${randomUUID()}`;
  workers = new WorkerProcesses({ databaseUrl, temporalAddress: () => inject('temporalAddress'), taskQueue, workflowBundlePath: inject('workflowBundlePath') });
  const worker = await workers.start();
  const handle = await temporal.workflow.start(WORKFLOWS.assessmentCycle.type, { workflowId: cycle.workflowId!, taskQueue, args: [{ cycleId: cycle.id, timeline }] });
  const review = temporal.workflow.getHandle(unitReviewWorkflowId(cycle.id, department.departmentId));

  // The moment a verification batch has just started (so it is still running): the database goes down.
  await until(
    'a verification batch under way',
    async () => {
      const described = await review.describe().catch(() => null);
      const attempt = described?.raw.pendingActivities?.find((a) => a.state === STARTED && a.activityType?.name === 'verifyRegistrationBatch');
      const startedMs = attempt?.lastStartedTime?.seconds ? Number(attempt.lastStartedTime.seconds) * 1000 + (attempt.lastStartedTime.nanos ?? 0) / 1e6 : null;
      return startedMs !== null && Date.now() - startedMs < 200;
    },
    60_000,
    20,
  );
  const { downMs } = await restart();
  const upAt = Date.now();

  // The list opens for review soon after the database is back, the worker process still the same.
  await until('the list open', () => prisma.unitList.findUnique({ where: { cycleId_unitId: { cycleId: cycle.id, unitId: department.departmentId } } }), 60_000, 200);
  const recoveryMs = Date.now() - upAt;
  expect(worker.exitCode, 'the worker survived the restart').toBeNull();

  await until('the cycle in review', async () => (await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycle.id } })).phase === 'REVIEW', 30_000, 200);

  // Exactly once: every registration there once, verified, none excluded; the list opened once; each phase once.
  const rows = await prisma.registration.findMany({ where: { cycleId: cycle.id }, select: { id: true, status: true, verificationOutcome: true } });
  expect(rows.map((r) => r.id).sort()).toEqual([...department.registrationIds].sort());
  expect(rows.filter((r) => r.status !== 'ACTIVE' || r.verificationOutcome !== 'CLEAR')).toEqual([]);
  const audit = await prisma.auditLog.findMany({ where: { cycleId: cycle.id }, select: { action: true } });
  expect(audit.map((a) => a.action).sort()).toEqual(['cycle.phase_changed', 'cycle.phase_changed', 'cycle.phase_changed', 'unit_list.opened']);
  const phases = await prisma.cyclePhaseEvent.findMany({ where: { cycleId: cycle.id }, select: { phase: true }, orderBy: { enteredAt: 'asc' } });
  expect(phases.map((p) => p.phase)).toEqual(['REGISTRATION_OPEN', 'VERIFICATION', 'REVIEW']);

  // The attempt running at the shutdown failed on the database and was retried (the retry carries that failure).
  const history = await review.fetchHistory();
  const failures = (history.events ?? [])
    .map((e) => e.activityTaskStartedEventAttributes?.lastFailure?.message)
    .filter((m): m is string => !!m);
  expect(failures.length, 'the restart caught a verification attempt under way (otherwise this test proved nothing)').toBeGreaterThan(0);
  console.log(
    `faults: PostgreSQL restarted (fast shutdown, ${(downMs / 1000).toFixed(1)} s down) during verification; attempts failed and retried ${failures.length} ("${failures[0].trim().split('\n').at(-1)!.trim()}"); ` +
      `list open ${(recoveryMs / 1000).toFixed(1)} s after the database was back; registrations checked ${rows.length}, lost 0, duplicated 0`,
  );
  await handle.terminate('test over');
}, 120_000);
