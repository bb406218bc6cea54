// `npm run bench:feedback -- --ratings N`: business feedback at scale on real parts. Seeds the demo organisation
// into a scratch PostgreSQL database, bulk-loads N stored ratings with SQL (INSERT ... SELECT generate_series:
// declarations handled stage by stage, every subject of each rated, a case for every unsatisfied rating in a
// realistic spread of states), then
//   1. rates fresh declarations over the real HTTP API (`npm run api`'s entry point, --processes of them, whose case dispatcher starts
//      the workflows of the cases the unsatisfied ratings open after each answer, a worker on the Temporal dev
//      server taking them on), bounded concurrency, bounded count and time; then checks that every rating and
//      case the API acknowledged is stored exactly once and every case's workflow was started exactly once;
//   1b. writes the same rows by plain SQL at the same concurrency (the bare database, for the ratio);
//   2. times each statistics and look-up query over HTTP at that size, headquarters-wide and for one department.
// Last line: key=value figures.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { TokenService, type AuthUser } from '../api/auth';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { temporalCliPath } from '../scripts/toolchain';
import { startApiProcesses } from './api-processes';
import { createScratchDatabase } from '../test/scratch-database';
import { WORKFLOWS } from '../workflows/contracts';
import { feedbackCaseWorkflowId } from '../workflows/feedback-case/contract';

Runtime.install({ logger: new DefaultLogger('WARN') });
const { values } = parseArgs({
  options: {
    ratings: { type: 'string', default: '1000000' },
    officers: { type: 'string', default: '2000' },
    'api-requests': { type: 'string', default: '5000' },
    'api-seconds': { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '16' },
    /** API processes (`npm run api` with API_PROCESSES). */
    processes: { type: 'string', default: '1' },
    repeat: { type: 'string', default: '3' },
    /** Percent of the API's ratings that are unsatisfied (each opens a case and starts its workflow). */
    unsatisfied: { type: 'string', default: '12' },
    /** Keep the scratch database (its URL is printed) to look at the plans afterwards. */
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(values.ratings);
const apiRequests = Number(values['api-requests']);
const apiSeconds = Number(values['api-seconds']);
const concurrency = Number(values.concurrency);
const repeat = Number(values.repeat);
const unsatisfiedShare = Number(values.unsatisfied);
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const started = performance.now();

const database = await createScratchDatabase('bench_feedback');
const prisma = createPrisma(database.url, { max: 16 });
const sql = new pg.Client({ connectionString: database.url });
await sql.connect();
let t = performance.now();
await seedDemoData(prisma, { officers: Number(values.officers), seed: 'customs-2026' });
const seedSeconds = seconds(t);

// ───────────────────────────── Bulk load ─────────────────────────────
// A declaration has a branch, 4 handlings (S1, S2, S4, S5) by officers of the branch's teams, hence ~10 subjects:
// rating every subject of ceil(N / 7) declarations (LIMIT N) gives N ratings; the next `apiRequests`
// declarations stay unrated for the API phase.
t = performance.now();
const ratedDeclarations = Math.ceil(N / 7);
// Unrated: `apiRequests` for the API phase, as many again for the bare-database phase.
const totalDeclarations = ratedDeclarations + 2 * apiRequests;
await sql.query(`
  CREATE TABLE bench_officer AS
  SELECT b.id AS branch_id, t.id AS team_id, o.id AS officer_id,
         (row_number() OVER (PARTITION BY b.id ORDER BY o.id) - 1)::int AS k, (count(*) OVER (PARTITION BY b.id))::int AS n
  FROM "Unit" b JOIN "Unit" t ON t."parentId" = b.id AND t.kind = 'TEAM' JOIN "Officer" o ON o."unitId" = t.id AND o.active
  WHERE b.kind = 'BRANCH'`);
await sql.query(`CREATE INDEX ON bench_officer (branch_id, k)`);
await sql.query(`CREATE TABLE bench_branch AS SELECT branch_id, (row_number() OVER (ORDER BY branch_id) - 1)::int AS idx, max(n)::int AS n FROM bench_officer GROUP BY branch_id`);
await sql.query(`CREATE TABLE bench_business AS SELECT id, (row_number() OVER (ORDER BY id) - 1)::int AS idx FROM "Business"`);
const { rows: [{ branches, businesses }] } = await sql.query(`SELECT (SELECT count(*) FROM bench_branch)::int AS branches, (SELECT count(*) FROM bench_business)::int AS businesses`);

await sql.query(
  `INSERT INTO "Declaration" (id, number, "businessId", "branchUnitId", "registeredAt", "clearedAt")
   SELECT 'BD-' || g, '3' || lpad(g::text, 11, '0'), bu.id, br.branch_id, r.at, r.at + interval '5 hours'
   FROM generate_series(1, $1::int) g
   JOIN bench_business bu ON bu.idx = (g::bigint * 7919) % $2
   JOIN bench_branch br ON br.idx = (g::bigint * 104729) % $3
   CROSS JOIN LATERAL (SELECT now() - (6 + g % 360) * interval '1 day' - (g % 600) * interval '1 minute' AS at) r`,
  [totalDeclarations, businesses, branches],
);
await sql.query(`
  INSERT INTO "DeclarationHandling" (id, "declarationId", "stageId", "teamUnitId", "officerId")
  SELECT d.id || '-' || s.stage, d.id, s.stage, o.team_id, o.officer_id
  FROM "Declaration" d
  JOIN bench_branch br ON br.branch_id = d."branchUnitId"
  CROSS JOIN (VALUES ('S1', 1), ('S2', 2), ('S4', 3), ('S5', 4)) s(stage, no)
  JOIN bench_officer o ON o.branch_id = d."branchUnitId" AND o.k = (substr(d.id, 4)::bigint * 31 + s.no * 17) % br.n
  WHERE d.id LIKE 'BD-%'`);
await sql.query(
  `INSERT INTO "Feedback" (id, "declarationId", "businessId", "subjectKind", "subjectKey", "subjectUnitId", "subjectStageId", "subjectOfficerId",
                           level, "reasonCodes", comment, "submittedAt")
   WITH h AS (
     SELECT h.*, d."businessId", d."branchUnitId", d."registeredAt"
     FROM "DeclarationHandling" h JOIN "Declaration" d ON d.id = h."declarationId"
     WHERE d.id LIKE 'BD-%' AND substr(d.id, 4)::int <= $2
   ), subjects AS (
     SELECT "declarationId", "businessId", "registeredAt", 'BRANCH' AS kind, "branchUnitId" AS sid, "branchUnitId" AS unit, NULL AS stage, NULL AS officer
       FROM h WHERE "stageId" = 'S1'
     UNION ALL
     SELECT "declarationId", "businessId", "registeredAt", 'TEAM', "teamUnitId", "teamUnitId", NULL, NULL
       FROM h GROUP BY "declarationId", "businessId", "registeredAt", "teamUnitId"
     UNION ALL
     SELECT "declarationId", "businessId", "registeredAt", 'STAGE', "stageId", "teamUnitId", "stageId", NULL FROM h
     UNION ALL
     SELECT "declarationId", "businessId", "registeredAt", 'OFFICER', "officerId", min("teamUnitId"), NULL, "officerId"
       FROM h GROUP BY "declarationId", "businessId", "registeredAt", "officerId"
   ), rated AS (
     -- whole declarations, every kind of subject: the union lists kind by kind, so order before the limit
     SELECT s.*, abs(hashtext(s."declarationId" || s.kind || s.sid)) % 100 AS roll FROM subjects s ORDER BY s."declarationId", s.kind LIMIT $1
   )
   SELECT 'BF-' || row_number() OVER (), "declarationId", "businessId", kind::"FeedbackSubjectKind", kind || ':' || sid, unit, stage, officer,
     (CASE WHEN roll < 40 THEN 'VERY_SATISFIED' WHEN roll < 70 THEN 'SATISFIED' WHEN roll < 88 THEN 'NORMAL' WHEN roll < 96 THEN 'UNSATISFIED' ELSE 'VERY_UNSATISFIED' END)::"SatisfactionLevel",
     CASE WHEN roll >= 88 THEN ARRAY[(ARRAY['SLOW_PROCESSING','UNCLEAR_GUIDANCE','EXTRA_DOCUMENTS','ATTITUDE','INSPECTION_WAIT'])[1 + roll % 5]] ELSE '{}' END,
     CASE WHEN roll >= 96 THEN 'Thời gian chờ kiểm tra thực tế hàng hóa quá lâu, hướng dẫn chưa rõ ràng.' END,
     "registeredAt" + interval '1 day' + (roll % 72) * interval '1 hour'
   FROM rated`,
  [N, ratedDeclarations],
);
// A case for every unsatisfied rating: older than 30 days closed (10-400 h to close, most accepted), newer
// ones spread over the steps, their deadlines from the default policy (so some are overdue).
await sql.query(`
  INSERT INTO "FeedbackCase" (id, "feedbackId", status, "responsibleUnitId", "stepDueAt", "escalationLevel", "verifiedAt", "verificationNote",
    "handledAt", "handlingNote", outcome, "outcomeReason", "answeredAt", "businessAccepted", "businessRespondedAt", "createdAt", "closedAt")
  SELECT 'BC-' || substr(f.id, 4), f.id, x.status::"FeedbackCaseStatus", f."subjectUnitId",
    CASE x.status WHEN 'VERIFYING' THEN f."submittedAt" + interval '48 hours' WHEN 'HANDLING' THEN f."submittedAt" + interval '168 hours'
                  WHEN 'ANSWERED' THEN f."submittedAt" + interval '408 hours' END,
    CASE WHEN x.h % 20 = 0 THEN 1 WHEN x.h % 97 = 0 THEN 2 ELSE 0 END,
    CASE WHEN x.status <> 'VERIFYING' THEN f."submittedAt" + interval '20 hours' END,
    CASE WHEN x.status <> 'VERIFYING' THEN 'Đã xác minh với công chức liên quan.' END,
    CASE WHEN x.status IN ('ANSWERED', 'CLOSED') THEN f."submittedAt" + interval '100 hours' END,
    CASE WHEN x.status IN ('ANSWERED', 'CLOSED') THEN 'Đã chấn chỉnh quy trình.' END,
    CASE WHEN x.status IN ('ANSWERED', 'CLOSED') THEN (CASE WHEN x.h % 3 = 0 THEN 'NOT_SUBSTANTIATED' ELSE 'SUBSTANTIATED' END)::"FeedbackCaseOutcome" END,
    CASE WHEN x.status IN ('ANSWERED', 'CLOSED') THEN 'Kết quả xác minh và biện pháp xử lý.' END,
    CASE WHEN x.status IN ('ANSWERED', 'CLOSED') THEN f."submittedAt" + interval '150 hours' END,
    CASE WHEN x.status = 'CLOSED' THEN (CASE WHEN x.h % 10 < 7 THEN true WHEN x.h % 10 < 8 THEN false END) END,
    CASE WHEN x.status = 'CLOSED' AND x.h % 10 < 8 THEN f."submittedAt" + interval '200 hours' END,
    f."submittedAt",
    CASE WHEN x.status = 'CLOSED' THEN f."submittedAt" + (10 + x.h % 390) * interval '1 hour' END
  FROM "Feedback" f
  CROSS JOIN LATERAL (SELECT abs(hashtext(f.id)) AS h) hh
  CROSS JOIN LATERAL (SELECT hh.h, CASE WHEN f."submittedAt" < now() - interval '30 days' THEN 'CLOSED'
                                        ELSE (ARRAY['VERIFYING', 'HANDLING', 'HANDLING', 'ANSWERED'])[1 + hh.h % 4] END AS status) x
  WHERE f.id LIKE 'BF-%' AND f.level IN ('UNSATISFIED', 'VERY_UNSATISFIED')`);
// One business user per business, for the API phase.
await sql.query(`INSERT INTO "User" (id, username, "passwordHash", "displayName", role, "businessId")
                 SELECT 'U-bench-' || id, 'bench-' || id, 'x', name, 'BUSINESS', id FROM "Business" ON CONFLICT DO NOTHING`);
await sql.query('ANALYZE');
const loadSeconds = seconds(t);
const { rows: [loaded] } = await sql.query(`SELECT (SELECT count(*) FROM "Feedback")::int AS ratings, (SELECT count(*) FROM "FeedbackCase")::int AS cases,
  (SELECT count(*) FROM "Declaration")::int AS declarations, pg_size_pretty(pg_total_relation_size('"Feedback"')) AS size`);

// ───────────────────────────── The API phase ─────────────────────────────
const SECRET = 'bench-secret-bench-secret-bench-secret-00';
const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' } });
// The worker as `npm run worker` runs it (its own process, with the case dispatcher's 250 ms sweep beside it), so
// the workflows and activities of the cases do not share the API's event loop, as in a deployment.
const worker: ChildProcess = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../runtime/worker-main.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, DATABASE_URL: database.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: 'bench', DB_POOL_MAX: '8', LOG_LEVEL: 'info', NODE_ENV: 'production', AUTH_SECRET: SECRET },
});
const workerExited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
await new Promise<void>((resolve, reject) => {
  let out = '';
  worker.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('worker running')) resolve();
  });
  void workerExited.then(() => reject(new Error('the worker exited before it ran')));
});
worker.stdout!.resume();
const api = await startApiProcesses({ databaseUrl: database.url, temporalAddress: env.address, processes: Number(values.processes), authSecret: SECRET, taskQueue: 'bench' });
const { base } = api;
const tokens = new TokenService(SECRET, '8h');

const staff = async (username: string) => {
  const u = await prisma.user.findUniqueOrThrow({ where: { username }, include: { unit: true } });
  const claims: AuthUser = { id: u.id, username, displayName: u.displayName, role: u.role, unitId: u.unitId, unitPath: u.unit?.path ?? null, officerId: u.officerId, businessId: null };
  return tokens.issue(claims);
};
const businessTokens = new Map<string, string>();
for (const b of await prisma.business.findMany({ select: { id: true, name: true } })) {
  businessTokens.set(b.id, await tokens.issue({ id: `U-bench-${b.id}`, username: `bench-${b.id}`, displayName: b.name, role: 'BUSINESS', unitId: null, unitPath: null, officerId: null, businessId: b.id }));
}

// The unrated declarations, each rated on four subjects: the branch, the reception stage, its team and officer;
// the first `apiRequests` over the API, the next ones by plain SQL (the bare-database phase).
const { rows: fresh } = await sql.query<{ id: string; businessId: string; branch: string; team: string; officer: string; g: number }>(
  `SELECT d.id, d."businessId", d."branchUnitId" AS branch, h."teamUnitId" AS team, h."officerId" AS officer, substr(d.id, 4)::int AS g
   FROM "Declaration" d JOIN "DeclarationHandling" h ON h."declarationId" = d.id AND h."stageId" = 'S1'
   WHERE d.id LIKE 'BD-%' AND substr(d.id, 4)::int > $1 ORDER BY 6`,
  [ratedDeclarations],
);
const bareFresh = fresh.splice(apiRequests);
// Levels by a fixed hash of (declaration, subject): `--unsatisfied` percent are 1-2 stars (each opens a case).
const level = (g: number, k: number) => {
  const roll = Math.imul(g * 4 + k, 2654435761) >>> 0;
  return roll % 100 < unsatisfiedShare ? 1 + (roll % 2) : 3 + (Math.floor(roll / 100) % 3);
};
const body = (d: (typeof fresh)[number]) => ({
  ratings: [
    { subject: `BRANCH:${d.branch}`, level: level(d.g, 0) },
    { subject: `TEAM:${d.team}`, level: level(d.g, 1) },
    { subject: 'STAGE:S1', level: level(d.g, 2) },
    { subject: `OFFICER:${d.officer}`, level: level(d.g, 3), comment: 'Xử lý hồ sơ nhanh, hướng dẫn tận tình.' },
  ].map((r) => (r.level <= 2 ? { ...r, reasonCodes: ['SLOW_PROCESSING'], comment: 'Xử lý hồ sơ chậm, phải bổ sung nhiều lần.' } : r)),
});

const latencies: number[] = [];
let sent = 0;
let ratingsSent = 0;
let errors = 0;
let casesOpened = 0;
/** What the API acknowledged (201): checked against the database after the run. */
const acknowledged: string[] = [];
const acknowledgedCases: string[] = [];
let expectedCases = 0;
const deadline = performance.now() + apiSeconds * 1000;
const cpuBefore = api.cpuMs();
t = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (;;) {
      const i = sent++;
      if (i >= fresh.length || performance.now() > deadline) return;
      const d = fresh[i];
      const payload = body(d);
      const at = performance.now();
      const res = await fetch(`${base}/feedback/my/declarations/${d.id}/ratings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${businessTokens.get(d.businessId)}` },
        body: JSON.stringify(payload),
      });
      const json = (await res.json()) as { ratings?: { caseOpened: boolean; rating: { id: string; subject: { key?: string }; case: { id: string } | null } }[] };
      latencies.push(performance.now() - at);
      if (res.status !== 201) {
        errors++;
        if (errors <= 3) console.error(res.status, JSON.stringify(json).slice(0, 300));
        continue;
      }
      ratingsSent += payload.ratings.length;
      casesOpened += json.ratings?.filter((r) => r.caseOpened).length ?? 0;
      for (const r of json.ratings ?? []) {
        acknowledged.push(r.rating.id);
        if (r.caseOpened && r.rating.case) acknowledgedCases.push(r.rating.case.id);
      }
      expectedCases += payload.ratings.filter((r) => r.level <= 2).length;
    }
  }),
);
const apiElapsed = (performance.now() - t) / 1000;
// The API processes' CPU per request: what a noisy machine's load changes least.
const cpuUsed = api.cpuMs() - cpuBefore;
const requestsDone = latencies.length;
latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0);
// Let the dispatcher and the worker take on the opened cases, and report how many they did.
const openedDeadline = Date.now() + 120_000;
const waitingCases = async () => (await prisma.feedbackCase.count({ where: { status: 'OPEN' } })) + (await prisma.feedbackCaseDispatch.count());
while (Date.now() < openedDeadline && (await waitingCases()) > 0) await new Promise((r) => setTimeout(r, 500));
const notTakenOn = await prisma.feedbackCase.count({ where: { status: 'OPEN' } });

// ───────────────────────────── Nothing lost, nothing doubled ─────────────────────────────
// Every rating the API acknowledged is stored exactly once (by id, and one per declaration and subject), every
// case it said it opened is stored once with its rating, and every case's workflow was started exactly once
// (Temporal's own list of executions of the case workflow type, by workflow id).
const { rows: [stored] } = await sql.query<{ ratings: number; distinctRatings: number; perSubjectDuplicates: number; cases: number; distinctCases: number; casesOfRatings: number }>(
  `SELECT (SELECT count(*) FROM "Feedback" WHERE id = ANY($1::text[]))::int AS ratings,
          (SELECT count(DISTINCT id) FROM "Feedback" WHERE id = ANY($1::text[]))::int AS "distinctRatings",
          (SELECT count(*) FROM (SELECT 1 FROM "Feedback" f WHERE f."declarationId" = ANY($3::text[]) GROUP BY f."declarationId", f."subjectKey" HAVING count(*) > 1) x)::int AS "perSubjectDuplicates",
          (SELECT count(*) FROM "FeedbackCase" WHERE id = ANY($2::text[]))::int AS cases,
          (SELECT count(DISTINCT id) FROM "FeedbackCase" WHERE id = ANY($2::text[]))::int AS "distinctCases",
          (SELECT count(*) FROM "FeedbackCase" c JOIN "Feedback" f ON f.id = c."feedbackId" WHERE f.id = ANY($1::text[]))::int AS "casesOfRatings"`,
  [acknowledged, acknowledgedCases, fresh.slice(0, sent).map((d) => d.id)],
);
const executions = new Map<string, number>();
for await (const w of env.client.workflow.list({ query: `WorkflowType = '${WORKFLOWS.feedbackCase.type}'` })) executions.set(w.workflowId, (executions.get(w.workflowId) ?? 0) + 1);
const workflowCounts = acknowledgedCases.map((id) => executions.get(feedbackCaseWorkflowId(id)) ?? 0);
const check = {
  ratings_checked: acknowledged.length,
  lost: acknowledged.length - stored.distinctRatings,
  duplicated: stored.ratings - stored.distinctRatings + stored.perSubjectDuplicates,
  cases_checked: acknowledgedCases.length,
  cases_lost: acknowledgedCases.length - stored.distinctCases + (expectedCases - acknowledgedCases.length),
  cases_duplicated: stored.cases - stored.distinctCases + (stored.casesOfRatings - acknowledgedCases.length),
  workflows_not_started: workflowCounts.filter((n) => n === 0).length,
  workflows_started_twice: workflowCounts.filter((n) => n > 1).length,
};

// ───────────────────────────── The bare database, same run ─────────────────────────────
// The same rows a request writes (4 ratings, their cases and outbox rows, the audit entries), by one plain SQL
// statement per request over a pool of the API's size, at the same concurrency and for as many requests: what
// the database alone allows on this machine now, to read the API's figure against.
const bare = new pg.Pool({ connectionString: database.url, max: 16 });
const bareLatencies: number[] = [];
let bareNext = 0;
const bareCount = Math.min(bareFresh.length, Math.max(requestsDone, 1));
t = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (;;) {
      const i = bareNext++;
      if (i >= bareCount) return;
      const d = bareFresh[i];
      const now = new Date().toISOString();
      const rows = body(d).ratings.map((r) => {
        const [kind, id] = r.subject.split(':');
        const level = ['VERY_UNSATISFIED', 'UNSATISFIED', 'NORMAL', 'SATISFIED', 'VERY_SATISFIED'][r.level - 1];
        return { id: randomUUID(), kind, key: r.subject, unit: kind === 'BRANCH' ? d.branch : d.team, stage: kind === 'STAGE' ? id : null, officer: kind === 'OFFICER' ? id : null, level, reasons: 'reasonCodes' in r ? r.reasonCodes : [], comment: r.comment ?? null, caseId: r.level <= 2 ? randomUUID() : null };
      });
      const at = performance.now();
      await bare.query(
        `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, key text, unit text, stage text, officer text, level text, reasons text[], comment text, "caseId" text)),
         f AS (INSERT INTO "Feedback" (id, "declarationId", "businessId", "subjectKind", "subjectKey", "subjectUnitId", "subjectStageId", "subjectOfficerId", level, "reasonCodes", comment, "submittedAt", "submittedById")
               SELECT id, $2, $3, kind::"FeedbackSubjectKind", key, unit, stage, officer, level::"SatisfactionLevel", reasons, comment, $4::timestamp, $5 FROM x RETURNING id),
         c AS (INSERT INTO "FeedbackCase" (id, "feedbackId", "responsibleUnitId", "createdAt") SELECT "caseId", id, unit, $4::timestamp FROM x WHERE "caseId" IS NOT NULL RETURNING id),
         q AS (INSERT INTO "FeedbackCaseDispatch" ("caseId", "createdAt", "nextAttemptAt") SELECT id, $4::timestamp, $4::timestamp + interval '1 day' FROM c RETURNING "caseId"),
         a AS (INSERT INTO "AuditLog" (at, "actorUserId", "actorRole", action, "entityType", "entityId", "unitId", details)
               SELECT $4::timestamp, $5, 'BUSINESS'::"Role", 'feedback.submitted', 'Feedback', id, unit, jsonb_build_object('declarationId', $2::text, 'subject', key, 'level', level) FROM x
               UNION ALL
               SELECT $4::timestamp, $5, 'BUSINESS'::"Role", 'feedback_case.opened', 'FeedbackCase', "caseId", unit, jsonb_build_object('feedbackId', id) FROM x WHERE "caseId" IS NOT NULL
               RETURNING id)
         SELECT (SELECT count(*) FROM f) + (SELECT count(*) FROM c) + (SELECT count(*) FROM q) + (SELECT count(*) FROM a)`,
        [JSON.stringify(rows), d.id, d.businessId, now, `U-bench-${d.businessId}`],
      );
      bareLatencies.push(performance.now() - at);
    }
  }),
);
const bareElapsed = (performance.now() - t) / 1000;
await bare.end();
// The bare phase's cases are not for the dispatcher (their outbox rows are due tomorrow): out of its way.
await sql.query(`DELETE FROM "FeedbackCaseDispatch" WHERE "caseId" IN (SELECT c.id FROM "FeedbackCase" c JOIN "Feedback" f ON f.id = c."feedbackId" WHERE f."declarationId" = ANY($1::text[]))`, [bareFresh.slice(0, bareCount).map((d) => d.id)]);
bareLatencies.sort((a, b) => a - b);
const barePct = (p: number) => Math.round(bareLatencies[Math.min(bareLatencies.length - 1, Math.floor((p / 100) * bareLatencies.length))] ?? 0);
const bareRatingsPerS = (bareCount * 4) / bareElapsed;

// ───────────────────────────── Statistics at size ─────────────────────────────
const coordinator = await staff('coordinator');
const leader = await staff('leader.d01');
const { rows: [sample] } = await sql.query(
  `SELECT f."businessId", f."subjectOfficerId" AS officer, d.number, d."branchUnitId" AS branch
   FROM "Feedback" f JOIN "Declaration" d ON d.id = f."declarationId" WHERE f."subjectKind" = 'OFFICER' AND d."branchUnitId" LIKE 'D01-%' LIMIT 1`,
);
const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString();
const queries: Record<string, [token: string, path: string]> = {
  stats_overview: [coordinator, '/feedback/statistics'],
  stats_overview_d01: [leader, '/feedback/statistics'],
  stats_overview_month: [coordinator, `/feedback/statistics?from=${monthAgo}`],
  stats_by_officer: [coordinator, '/feedback/statistics/officer?pageSize=50'],
  stats_by_team: [coordinator, '/feedback/statistics/team?pageSize=50'],
  stats_by_department: [coordinator, '/feedback/statistics/department'],
  stats_unsatisfied_by_stage: [coordinator, '/feedback/statistics/stage?level=1,2'],
  lookup_all: [coordinator, '/feedback/ratings'],
  lookup_d01: [leader, '/feedback/ratings'],
  lookup_business: [coordinator, `/feedback/ratings?businessId=${sample.businessId}`],
  lookup_officer: [coordinator, `/feedback/ratings?officerId=${sample.officer}`],
  lookup_declaration: [coordinator, `/feedback/ratings?declarationNumber=${sample.number}`],
  lookup_branch_month_unsatisfied: [coordinator, `/feedback/ratings?branchId=${sample.branch}&from=${monthAgo}&level=1,2`],
  lookup_business_name: [coordinator, '/feedback/ratings?business=cong%20ty%20co%20phan'],
  cases_open_d01: [leader, '/feedback/cases?open=true'],
  cases_overdue: [coordinator, '/feedback/cases?overdue=true'],
  officer_summary: [coordinator, `/officers/${sample.officer}/feedback-summary`],
  unit_summary_d01: [leader, '/units/D01/feedback-summary'],
  unit_summary_hq: [coordinator, '/units/HQ/feedback-summary'],
  export_branch_month: [coordinator, `/feedback/ratings/export?branchId=${sample.branch}&from=${monthAgo}`],
};
const timings: Record<string, number> = {};
for (const [key, [token, path]] of Object.entries(queries)) {
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const at = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${key}: ${res.status}`);
    runs.push(performance.now() - at);
  }
  timings[`${key}_ms`] = Math.round(runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]);
}
const exportRes = await fetch(`${base}${queries.export_branch_month[1]}`, { headers: { authorization: `Bearer ${coordinator}` } });
const exportBytes = (await exportRes.arrayBuffer()).byteLength;

await api.stop();
worker.kill('SIGTERM');
await workerExited;
await env.teardown();
await sql.end();
await prisma.$disconnect();
if (values.keep) console.log(`kept database ${database.url}`);
else await database.drop();

const figures: Record<string, string | number> = {
  ratings: loaded.ratings,
  declarations: loaded.declarations,
  cases: loaded.cases,
  feedback_table: loaded.size.replace(' ', ''),
  seed_s: seedSeconds,
  load_s: loadSeconds,
  api_requests: requestsDone,
  api_ratings: ratingsSent,
  api_errors: errors,
  api_concurrency: concurrency,
  api_unsatisfied_pct: unsatisfiedShare,
  api_s: apiElapsed.toFixed(1),
  api_requests_per_s: (requestsDone / apiElapsed).toFixed(1),
  api_ratings_per_s: (ratingsSent / apiElapsed).toFixed(1),
  api_cases_opened: casesOpened,
  api_cases_not_taken_on: notTakenOn,
  api_p50_ms: pct(50),
  api_p95_ms: pct(95),
  api_p99_ms: pct(99),
  api_processes: Number(values.processes),
  api_cpu_ms_per_request: (cpuUsed / Math.max(1, latencies.length)).toFixed(2),
  ...check,
  bare_db_ratings_per_s: bareRatingsPerS.toFixed(1),
  bare_db_p50_ms: barePct(50),
  bare_db_p99_ms: barePct(99),
  api_to_bare_db_ratio: (ratingsSent / apiElapsed / bareRatingsPerS).toFixed(3),
  ...timings,
  export_bytes: exportBytes,
  cores: cpus().length,
  mem_gib: Math.round(totalmem() / 2 ** 30),
  wall_s: seconds(started),
};
console.log(Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' '));
if (values.keep) process.exit(0); // the scratch database's admin connection stays open for drop(), which is not called
