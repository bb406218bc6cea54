// `npm run bench:exam -- --candidates N`: N candidates start the exam in the same minute over the real HTTP API
// and a real PostgreSQL database, each then saves answers (rounds of autosave) and submits. Prints throughput
// and p50/p95/p99 latency of start, save and submit, beside a bare database upsert of the same answer rows
// through a plain pg pool, measured in the same run (the API/bare ratio is the figure we track).
// The candidates run in a worker thread of this process; client and server share the machine's 2 cores.
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Client, Connection } from '@temporalio/client';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import { assignSeats, generateSessionForms } from '../services/exam-scheduling';
import { createScratchDatabase } from '../test/scratch-database';
import { figures, load, type LoadFigures } from './load';

const { values } = parseArgs({ options: { candidates: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '64' }, rounds: { type: 'string', default: '3' } } });
const N = Number(values.candidates);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);

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
const officers = await prisma.officer.findMany({ where: { position: { isLeadership: false } }, orderBy: { employeeCode: 'asc' }, take: N, select: { id: true, positionId: true, unitId: true } });
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

// The API, listening on loopback; delivery needs no Temporal call, so the client connects lazily (never, here).
const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:7233' }) });
const { app, tokens } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'bench-secret-bench-secret-bench-secret-0', taskQueue: 'bench' });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
const candidates = await Promise.all(registrations.map(async (r) => ({
  ...r,
  token: await tokens.issue({ id: `u-${r.officerId}`, username: r.officerId, displayName: r.officerId, role: 'OFFICER', unitId: null, unitPath: null, officerId: r.officerId, businessId: null }),
  questions: [],
})));

// The candidates run in a worker thread: the server's event loop does nothing but serve them.
const results = await new Promise<Record<string, LoadFigures>>((resolve, reject) => {
  const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), {
    workerData: { module: new URL('./exam-candidates.ts', import.meta.url).href, base, candidates, concurrency: CONCURRENCY, rounds: ROUNDS },
  });
  worker.once('message', resolve);
  worker.once('error', reject);
});
const { start, save, submit } = results;

// The bare database: the same number of single-row answer upserts, same concurrency, through a plain pg pool.
const attempts = await prisma.attempt.findMany({ where: { registration: { cycleId: cycle.id } }, select: { id: true, form: { select: { items: true } } } });
const pool = new pg.Pool({ connectionString: database.url, max: 16 });
const bareJobs = Array.from({ length: ROUNDS }, (_, round) => attempts.map((a) => ({ a, round }))).flat();
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
const graded = await prisma.result.count({ where: { cycleId: cycle.id } });

server.close();
await prisma.$disconnect();
await database.drop();
console.log(
  `candidates=${N} concurrency=${CONCURRENCY} save_rounds=${ROUNDS} forms_pre_generated_s=${formsSeconds.toFixed(1)} results=${graded} ` +
  `${figures('start', start)} ${figures('save', save)} ${figures('submit', submit)} ${figures('bare_upsert', bare)} ` +
  `save_vs_bare_p50_ratio=${(save.p50 / bare.p50).toFixed(2)} save_vs_bare_throughput_ratio=${(bare.perSecond / save.perSecond).toFixed(2)}`,
);
