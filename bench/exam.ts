// `npm run bench:exam -- --candidates N [--processes P] [--profile]`: N candidates start the exam in the same
// minute over the real HTTP API (`npm run api`'s own entry point, P processes with API_PROCESSES=P, request logs
// on) and a real PostgreSQL, signed in as browsers are (session cookie and CSRF header); each saves answers
// (rounds of autosave) and submits; then the benchmark waits until every submission is graded. Prints
// throughput and p50/p95/p99 of start, save and submit, how long grading trailed the last submission, a bare
// database upsert of the same answer rows through a plain pg pool in the same run (the API/bare ratio is the
// figure we track), and the exactly-once check of every saved answer, submission, result and audit entry.
// --profile writes a CPU profile of each API process (bench/profile-summary.ts reads them).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { WebSessions } from '../api/sessions';
import { assignSeats, generateSessionForms } from '../services/exam-scheduling';
import { createScratchDatabase } from '../test/scratch-database';
import { projectRoot, temporalCliPath } from '../scripts/toolchain';
import { figures, load, type LoadFigures } from './load';
import { startApiProcesses } from './api-processes';

const { values } = parseArgs({
  options: {
    candidates: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
    processes: { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
  },
});
const N = Number(values.candidates);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const PROCESSES = Number(values.processes);
const SECRET = 'bench-secret-bench-secret-bench-secret-0';

const database = await createScratchDatabase('bench_exam');
const prisma = createPrisma(database.url, { max: 16 });
await seedDemoData(prisma, { officers: Math.ceil(N * 1.15), seed: 'customs-2026' });

// A cycle in its exam window, every department's list approved, N candidates registered for the position they hold.
const now = Date.now();
const HOUR = 3_600_000;
const cycle = await prisma.assessmentCycle.create({
  data: {
    code: `BENCH-EXAM-${now}`, nameVi: 'Đo tải kỳ thi', nameEn: 'Exam load benchmark', status: 'RUNNING', phase: 'EXAM_WINDOW',
    registrationOpensAt: new Date(now - 900 * HOUR), registrationClosesAt: new Date(now - 800 * HOUR), listsDueAt: new Date(now - 700 * HOUR),
    examStartsAt: new Date(now - HOUR), examEndsAt: new Date(now + 24 * HOUR), closesAt: new Date(now + 900 * HOUR),
  },
});
const officers = await prisma.officer.findMany({ where: { position: { isLeadership: false } }, orderBy: { employeeCode: 'asc' }, take: N, select: { id: true, positionId: true, unitId: true, fullName: true } });
await prisma.registration.createMany({ data: officers.map((o) => ({ cycleId: cycle.id, officerId: o.id, positionId: o.positionId, heldPositionId: o.positionId, unitId: o.unitId, verificationOutcome: 'CLEAR' as const })) });
const departments = await prisma.unit.findMany({ where: { depth: 1 } });
await prisma.unitList.createMany({ data: departments.map((d) => ({ cycleId: cycle.id, unitId: d.id, status: 'APPROVED' as const, approvedAt: new Date() })) });
const t = performance.now();
for (const d of departments) {
  await prisma.examSession.create({ data: { cycleId: cycle.id, unitId: d.id, code: `CA-${d.id}`, startsAt: new Date(now - 60_000), capacity: N, status: 'PUBLISHED' } });
  await assignSeats(prisma, cycle.id, d.id, null);
}
const sessions = await prisma.examSession.findMany({ where: { cycleId: cycle.id } });
for (const s of sessions) await generateSessionForms(prisma, s.id);
const formsSeconds = (performance.now() - t) / 1000;
const registrations = await prisma.registration.findMany({ where: { cycleId: cycle.id }, select: { id: true, officerId: true } });

// Each candidate signed in as a browser is: a user (the demo's own where it has one), a session cookie, its CSRF token.
await prisma.user.createMany({ data: officers.map((o) => ({ id: `u-${o.id}`, username: `bench.${o.id}`, passwordHash: '-', displayName: o.fullName, role: 'OFFICER' as const, unitId: o.unitId, officerId: o.id })), skipDuplicates: true });
const webSessions = new WebSessions(prisma, { idleMinutes: 120, maxHours: 12 });
const users = new Map((await prisma.user.findMany({ where: { officerId: { in: officers.map((o) => o.id) } }, include: { unit: { select: { path: true } } } })).map((u) => [u.officerId!, u]));
const browserRequest = { get: () => 'bench', ip: '127.0.0.1' } as never;
const candidates: { id: string; cookie: string; csrf: string; questions: never[] }[] = [];
for (const r of registrations) {
  const u = users.get(r.officerId)!;
  const { token, session } = await webSessions.open({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId, unitPath: u.unit?.path ?? null, officerId: u.officerId, businessId: null, locale: 'vi' }, browserRequest);
  candidates.push({ id: r.id, cookie: `cas_session=${token}`, csrf: session.csrfToken, questions: [] });
}

// The API as `npm run api` runs it, against a Temporal dev server of its own (unused on these paths).
const temporal = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' } });
const api = await startApiProcesses({
  databaseUrl: database.url, temporalAddress: temporal.address, processes: PROCESSES, authSecret: SECRET,
  profileDir: values.profile ? join(projectRoot, 'test-results', 'bench-exam-profile') : undefined,
});
const { base } = api;

// The candidates run in a worker thread: this thread only counts (requests, and the API's CPU time in each phase).
let submittedAt = 0;
const cpu: Record<string, number> = {};
const results = await new Promise<Record<string, LoadFigures>>((resolve, reject) => {
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
    workerData: { module: new URL('./exam-candidates.ts', import.meta.url).href, base, candidates, concurrency: CONCURRENCY, rounds: ROUNDS },
  });
  worker.on('message', (m: { phase?: string; begins?: boolean; results?: Record<string, LoadFigures> }) => {
    if (m.results) return resolve(m.results);
    if (m.phase) cpu[m.phase] = api.cpuMs() - (m.begins ? 0 : cpu[m.phase]);
    if (m.phase === 'submit' && !m.begins) submittedAt = performance.now();
    worker.postMessage('go');
  });
  worker.once('error', reject);
});
const { start, save, submit } = results;

// Graded within seconds of the last submission, out of the requests.
let graded = 0;
while ((graded = await prisma.result.count({ where: { cycleId: cycle.id } })) < N && performance.now() - submittedAt < 120_000) await new Promise((r) => setTimeout(r, 100));
const gradingLagSeconds = (performance.now() - submittedAt) / 1000;

await api.stop();
await temporal.teardown();

// Exactly once: an answer per round per candidate (each round answers another question), every attempt submitted,
// one result and one submission entry in the audit log each, nothing left queued.
const pool = new pg.Pool({ connectionString: database.url, max: 16 });
pool.on('error', () => {}); // a connection still closing when the database is dropped
const { rows: [{ answers, attempts, submitted, results: stored, distinctResults, audited, queued }] } = await pool.query(
  `SELECT (SELECT count(*) FROM "AttemptAnswer" a JOIN "Attempt" t ON t.id = a."attemptId" JOIN "Registration" r ON r.id = t."registrationId" WHERE r."cycleId" = $1)::int AS answers,
          (SELECT count(*) FROM "Attempt" t JOIN "Registration" r ON r.id = t."registrationId" WHERE r."cycleId" = $1)::int AS attempts,
          (SELECT count(*) FROM "Attempt" t JOIN "Registration" r ON r.id = t."registrationId" WHERE r."cycleId" = $1 AND t.status = 'SUBMITTED')::int AS submitted,
          (SELECT count(*) FROM "Result" WHERE "cycleId" = $1)::int AS results,
          (SELECT count(DISTINCT "attemptId") FROM "Result" WHERE "cycleId" = $1)::int AS "distinctResults",
          (SELECT count(*) FROM "AuditLog" WHERE "cycleId" = $1 AND action = 'exam.submitted')::int AS audited,
          (SELECT count(*) FROM "GradingQueue")::int AS queued`,
  [cycle.id],
);

// The bare database: the same number of single-row answer upserts, same concurrency, through a plain pg pool.
const attemptRows = await prisma.attempt.findMany({ where: { registration: { cycleId: cycle.id } }, select: { id: true, form: { select: { items: true } } } });
const bareJobs = Array.from({ length: ROUNDS }, (_, round) => attemptRows.map((a) => ({ a, round }))).flat();
const bare = await load(bareJobs, CONCURRENCY, async ({ a, round }) => {
  const items = a.form.items as { itemVersionId: string; optionOrder: string[] }[];
  const item = items[(round + 7) % items.length];
  await pool.query(
    `INSERT INTO "AttemptAnswer" ("attemptId", "itemVersionId", "chosenKey", "savedAt") VALUES ($1, $2, $3, now())
     ON CONFLICT ("attemptId", "itemVersionId") DO UPDATE SET "chosenKey" = EXCLUDED."chosenKey", "savedAt" = EXCLUDED."savedAt"`,
    [a.id, item.itemVersionId, item.optionOrder[0]],
  );
});
await pool.end();
await prisma.$disconnect();
await database.drop();

const expected = N * Math.min(ROUNDS, 40);
const lost = Math.max(0, expected - answers) + Math.max(0, N - submitted) + Math.max(0, N - distinctResults) + Math.max(0, N - audited);
const duplicated = Math.max(0, answers - expected) + Math.max(0, attempts - N) + (stored - distinctResults) + Math.max(0, audited - N);
console.log(
  `candidates=${N} api_processes=${PROCESSES} concurrency=${CONCURRENCY} save_rounds=${ROUNDS} forms_pre_generated_s=${formsSeconds.toFixed(1)} ` +
  `${figures('start', start)} ${figures('save', save)} ${figures('submit', submit)} ` +
  `start_api_cpu_ms_per_request=${(cpu.start / N).toFixed(2)} save_api_cpu_ms_per_request=${(cpu.save / (N * ROUNDS)).toFixed(2)} submit_api_cpu_ms_per_request=${(cpu.submit / N).toFixed(2)} graded=${graded} grading_done_s_after_last_submit=${gradingLagSeconds.toFixed(1)} ` +
  `${figures('bare_upsert', bare)} save_vs_bare_throughput=${(save.perSecond / bare.perSecond).toFixed(2)} ` +
  `answers_checked=${answers} submissions_checked=${submitted} results_checked=${stored} audit_checked=${audited} queued_left=${queued} lost=${lost} duplicated=${duplicated}`,
);
