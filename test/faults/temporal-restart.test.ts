// Fault injection on real processes: the Temporal server (a dev server of this file's own, its state persisted in
// a SQLite file) crashes while departments' lists are in review, and is started again on the same port and file.
// While it is down the API answers list actions within seconds with 503, Retry-After and "nothing was changed",
// and serves what the database can answer; once it is back the worker carries on, the review completes through
// the API, and every registration, list transition and phase is there exactly once.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import type { PrismaClient } from '../../prisma/db';
import { logger } from '../../runtime/logger';
import { connectClient } from '../../runtime/temporal';
import type { Config } from '../../runtime/config';
import { cycleWorkflowId } from '../../workflows/assessment-cycle/contract';
import { unitReviewWorkflowId } from '../../workflows/unit-review/contract';
import { WORKFLOWS } from '../../workflows/contracts';
import { createTestCycle, testPrisma, timelineFrom } from '../support';
import { registeredDepartment, type RegisteredDepartment } from './graded-department';
import { sleep, TemporalDevServer, until, WorkerProcesses } from './processes';

const DEPARTMENTS = 2;
const CANDIDATES = 150; // per department
const SECRET = 'test-secret-test-secret-test-secret-00';

let prisma: PrismaClient;
let server: TemporalDevServer;
let client: Client;
let workers: WorkerProcesses;
let app: ReturnType<typeof createApp>['app'];
let token: string;
const taskQueue = `faults-temporal-${randomUUID()}`;

beforeAll(async () => {
  // The run's database (the departments are this file's own); a Temporal server of its own, since it is the one stopped.
  prisma = testPrisma();
  server = await TemporalDevServer.create();
  // Reached the way the API reaches its server (a second of gRPC retries, then the API says so).
  client = await connectClient({ TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: 'default' } as Config);
  workers = new WorkerProcesses({ databaseUrl: inject('databaseUrl'), temporalAddress: () => server.address, taskQueue, workflowBundlePath: inject('workflowBundlePath') });
  ({ app } = createApp({ prisma, temporal: client, logger: logger.child({}, { level: 'silent' }), authSecret: SECRET, taskQueue }));
  token = (await request(app).post('/api/auth/token').send({ username: 'coordinator', password: 'demo-coordinator' })).body.token;
}, 120_000);

afterAll(async () => {
  await workers?.killAll();
  await client?.connection.close();
  await server?.remove();
  await prisma?.$disconnect();
});

const as = () => ({ Authorization: `Bearer ${token}` });

async function timed(call: () => Promise<request.Response>) {
  const started = Date.now();
  const res = await call();
  return { res, ms: Date.now() - started };
}

it('refuses list actions with 503 while Temporal is down, serves reads, and completes the review once it is back', async () => {
  // A running cycle whose registration has closed: its departments are verified and their lists open for review.
  const created = await createTestCycle(prisma, timelineFrom(new Date(Date.now() - 25 * 86_400_000)));
  const departments: RegisteredDepartment[] = [];
  for (let d = 0; d < DEPARTMENTS; d++) departments.push(await registeredDepartment(prisma, { cycleId: created.id, candidates: CANDIDATES }));
  const cycle = await prisma.assessmentCycle.update({ where: { id: created.id }, data: { scopeUnitIds: departments.map((d) => d.departmentId), status: 'RUNNING', workflowId: cycleWorkflowId(created.id) } });
  const timeline = Object.fromEntries((['registrationOpensAt', 'registrationClosesAt', 'listsDueAt', 'examStartsAt', 'examEndsAt', 'closesAt'] as const).map((f) => [f, cycle[f].toISOString()]));
  const worker = await workers.start();
  await client.workflow.start(WORKFLOWS.assessmentCycle.type, { workflowId: cycle.workflowId!, taskQueue, args: [{ cycleId: cycle.id, timeline }] });
  const listsOf = () => prisma.unitList.findMany({ where: { cycleId: cycle.id }, orderBy: { unitId: 'asc' } });
  await until('every list open', async () => (await listsOf()).length === DEPARTMENTS, 60_000, 200);
  await until('the cycle in review, recorded', async () => (await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycle.id } })).phase === 'REVIEW', 30_000, 200);
  const auditBefore = await prisma.auditLog.count({ where: { cycleId: cycle.id } });

  // The server crashes.
  await server.stop('SIGKILL');
  const downAt = Date.now();
  const [first] = departments;
  const listPath = `/api/cycles/${cycle.id}/lists/${first.departmentId}`;
  const submit = await timed(() => request(app).post(`${listPath}/submit`).set(as()).send({ expectedRevision: 0 }));
  const approve = await timed(() => request(app).post(`${listPath}/approve`).set(as()).send({ expectedRevision: 0 }));
  for (const { res, ms } of [submit, approve]) {
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(res.body.error.message).toMatch(/chưa có thay đổi nào được ghi/);
    expect(ms).toBeLessThan(8_000);
  }
  // What the database holds is still served: the phase (from the stored cycle), the lists, a list.
  const phase = await timed(() => request(app).get(`/api/cycles/${cycle.id}/phase`).set(as()));
  expect(phase.res.status).toBe(200);
  expect(phase.res.body).toMatchObject({ phase: 'REVIEW', source: 'database' });
  expect(phase.ms).toBeLessThan(8_000);
  const lists = await request(app).get(`/api/cycles/${cycle.id}/lists`).set(as());
  expect(lists.status).toBe(200);
  expect(lists.body.items.map((l: { status: string }) => l.status)).toEqual(departments.map(() => 'DRAFT'));
  const list = await request(app).get(listPath).set(as());
  expect(list.status).toBe(200);
  expect(list.body).toMatchObject({ status: 'DRAFT', revision: 0, live: null });
  // Nothing was applied.
  expect((await listsOf()).map((l) => [l.status, l.revision])).toEqual(departments.map(() => ['DRAFT', 0]));
  expect(await prisma.auditLog.count({ where: { cycleId: cycle.id } })).toBe(auditBefore);

  // Started again on the same port and file. The worker process rides the outage out: its pollers retry until the
  // server answers again (checked: it is the same process, still running, that serves the review below).
  await server.start();
  const downMs = Date.now() - downAt;
  expect(worker.exitCode, 'the worker survived the outage').toBeNull();

  // The review completes through the API: each list submitted by its revision, then approved. A client retries on
  // 503 after a moment, as Retry-After asks (the first calls may find the server still warming up).
  const retried: string[] = [];
  const act = async (unitId: string, action: 'submit' | 'approve', expectedRevision: number) => {
    for (let i = 0; ; i++) {
      const res = await request(app).post(`/api/cycles/${cycle.id}/lists/${unitId}/${action}`).set(as()).send({ expectedRevision });
      if (res.status !== 503 || i === 20) return res;
      expect(res.headers['retry-after']).toBe('10');
      retried.push(res.body.error.code);
      await sleep(1_000);
    }
  };
  const backAt = Date.now();
  for (const d of departments) {
    const submitted = await act(d.departmentId, 'submit', 0);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const approved = await act(d.departmentId, 'approve', submitted.body.revision);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'APPROVED', revision: 2, repeated: false });
  }
  const reviewMs = Date.now() - backAt;

  // The workflows go on: every department's review finished with its list approved; the cycle's workflow answers again.
  for (const d of departments) {
    const view = await client.workflow.getHandle(unitReviewWorkflowId(cycle.id, d.departmentId)).result();
    expect(view).toMatchObject({ status: 'APPROVED', revision: 2, escalated: false, excluded: false });
  }
  const live = await request(app).get(`/api/cycles/${cycle.id}/phase`).set(as());
  expect(live.body).toMatchObject({ phase: 'REVIEW', source: 'workflow' });
  expect(worker.exitCode, 'the same worker served the review').toBeNull();

  // Exactly once: every registration verified once and still active; each list opened, submitted, approved once.
  const registrations = await prisma.registration.findMany({ where: { cycleId: cycle.id }, select: { id: true, status: true, verificationOutcome: true } });
  expect(registrations.map((r) => r.id).sort()).toEqual(departments.flatMap((d) => d.registrationIds).sort());
  expect(registrations.filter((r) => r.status !== 'ACTIVE' || r.verificationOutcome !== 'CLEAR')).toEqual([]);
  expect((await listsOf()).map((l) => [l.status, l.revision, l.escalatedAt])).toEqual(departments.map(() => ['APPROVED', 2, null]));
  const audit = await prisma.auditLog.findMany({ where: { cycleId: cycle.id, action: { startsWith: 'unit_list.' } }, select: { action: true, unitId: true } });
  const entries = audit.map((a) => `${a.unitId} ${a.action}`).sort();
  expect(entries).toEqual(departments.flatMap((d) => ['opened', 'submitted', 'approved'].map((a) => `${d.departmentId} unit_list.${a}`)).sort());
  const phases = await prisma.cyclePhaseEvent.findMany({ where: { cycleId: cycle.id }, select: { phase: true }, orderBy: { enteredAt: 'asc' } });
  expect(phases.map((p) => p.phase)).toEqual(['REGISTRATION_OPEN', 'VERIFICATION', 'REVIEW']);
  console.log(
    `faults: Temporal server SIGKILL during review, down ${(downMs / 1000).toFixed(1)} s, restarted on its file; while down: submit ${submit.ms} ms and approve ${approve.ms} ms answered 503 TEMPORAL_UNAVAILABLE, phase read ${phase.ms} ms served from the database; ` +
      `the same worker carried on; review completed in ${(reviewMs / 1000).toFixed(1)} s (${retried.length} calls retried after 503${retried.length ? `: ${[...new Set(retried)].join(', ')}` : ''}); ` +
      `registrations checked ${registrations.length}, list transitions checked ${entries.length}, lost 0, duplicated 0`,
  );
}, 180_000);
