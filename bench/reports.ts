// `npm run bench:reports -- --results N`: the cycle results report and the capacity profile at scale. Seeds N
// officers into a scratch PostgreSQL database, then writes a whole cycle's outcome set-based (one INSERT ... SELECT
// per table, no row goes through JavaScript): every officer registered (every 12th for another position of their
// field, flagged as a mismatch), a form and a submitted attempt each, N results with levels and a level trace,
// the sub-scores of every framework competency, and follow-up tasks (re-examination for "not achieved", expert
// nomination for 90+ at level 3, retraining for a weak competency) in every status. Then times each report
// (per department, position and field, headquarters-wide and for one department, plus the Excel and PDF files)
// and one officer's profile, several runs each. Last line: key=value figures (medians in ms).
import { parseArgs } from 'node:util';
import { createPrisma, Prisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { cycleResultReport, type ReportDimension } from '../services/cycle-report';
import { capacityProfile } from '../services/capacity-profile';
import { buildResultsReportWorkbook } from '../services/documents/report-workbook';
import { buildResultsReportPdf } from '../services/documents/report-pdf';
import { createScratchDatabase } from '../test/scratch-database';

const { values } = parseArgs({ options: { results: { type: 'string', default: '100000' }, runs: { type: 'string', default: '5' }, keep: { type: 'boolean', default: false } } });
const N = Number(values.results);
const RUNS = Number(values.runs);
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const started = performance.now();
const log = (line: string) => console.error(`[bench:reports] ${line}`);

const database = await createScratchDatabase('bench_reports');
const prisma = createPrisma(database.url, { max: 8 });
let t = performance.now();
await seedDemoData(prisma, { officers: N, seed: 'customs-2026' });
const seedSeconds = seconds(t);
log(`seeded ${N} officers in ${seedSeconds} s`);

const DAY = 86_400_000;
const now = Date.now();
const cycle = await prisma.assessmentCycle.create({
  data: {
    code: `BENCH-RESULTS-${now}`, nameVi: 'Kỳ đánh giá đo hiệu năng báo cáo', nameEn: 'Results report benchmark', status: 'RUNNING', phase: 'FOLLOW_UP',
    includeTeamLeaders: true,
    registrationOpensAt: new Date(now - 200 * DAY), registrationClosesAt: new Date(now - 180 * DAY), listsDueAt: new Date(now - 150 * DAY),
    examStartsAt: new Date(now - 100 * DAY), examEndsAt: new Date(now - 98 * DAY), closesAt: new Date(now + 100 * DAY),
  },
});
const c = cycle.id;
const asOf = new Date(now);

// A stable pseudo-random number in [0, m) per row and purpose, from the row's id: repeatable, no JS loop.
const pick = (idSql: string, salt: string, m: number) => Prisma.raw(`(abs(hashtext(${idSql} || '${salt}')) % ${m})`);

t = performance.now();
const steps: [string, Prisma.Sql][] = [
  ['registrations', Prisma.sql`
    INSERT INTO "Registration" (id, "cycleId", "officerId", round, "positionId", "heldPositionId", "unitId", source, status,
                                "verificationOutcome", "verificationReasons", "verifiedAt", "reviewDecision", "createdAt", "updatedAt")
    SELECT 'BR-' || o.id, ${c}, o.id, 1, coalesce(o.other, o."positionId"), o."positionId", o."unitId", 'BULK_IMPORT', 'ACTIVE',
           CASE WHEN o.other IS NULL THEN 'CLEAR' ELSE 'FLAGGED' END::"VerificationOutcome",
           CASE WHEN o.other IS NULL THEN '[]'::jsonb ELSE '[{"code":"POSITION_DIFFERS","severity":"flag"}]'::jsonb END,
           now(), CASE WHEN o.other IS NULL THEN 'PENDING' ELSE 'ACCEPTED' END::"ReviewDecision", now(), now()
    FROM (
      SELECT o.*,
             -- every 12th officer registered for another non-leadership position of their field
             CASE WHEN o.n % 12 = 5 THEN (SELECT p2.id FROM "JobPosition" p2 JOIN "JobPosition" p ON p.id = o."positionId"
                                           WHERE p2."fieldId" = p."fieldId" AND p2.id <> o."positionId" AND NOT p2."isLeadership"
                                           ORDER BY p2.id LIMIT 1) END AS other
      FROM (SELECT o.*, row_number() OVER (ORDER BY o.id) AS n FROM "Officer" o) o
    ) o`],
  ['forms', Prisma.sql`
    INSERT INTO "ExamForm" (id, "registrationId", "blueprintId", seed, items, "generatedAt")
    SELECT r.id || '-F', r.id, 'BP-' || r."positionId" || '-v1', 'bench', '[]'::jsonb, now()
    FROM "Registration" r WHERE r."cycleId" = ${c}`],
  ['attempts', Prisma.sql`
    INSERT INTO "Attempt" (id, "registrationId", "formId", status, "startedAt", "deadlineAt", "submittedAt")
    SELECT r.id || '-A', r.id, r.id || '-F',
           CASE WHEN ${pick('r.id', 'auto', 10)} = 0 THEN 'AUTO_SUBMITTED' ELSE 'SUBMITTED' END::"AttemptStatus",
           ${new Date(now - 99 * DAY)}, ${new Date(now - 99 * DAY + 3_600_000)}, ${new Date(now - 99 * DAY + 3_000_000)}
    FROM "Registration" r WHERE r."cycleId" = ${c}`],
  ['results', Prisma.sql`
    INSERT INTO "Result" (id, "attemptId", "registrationId", "cycleId", "officerId", "positionId", score, "correctCount", "itemCount",
                          passed, level, "levelTrace", "gradedAt")
    SELECT s.id || '-RES', s.id || '-A', s.id, ${c}, s."officerId", s."positionId", s.score, round(s.score * 0.4)::int, 40, s.score >= 50,
           CASE WHEN s.score >= 85 THEN 'LEVEL_3' WHEN s.score >= 70 THEN 'LEVEL_2' WHEN s.score >= 50 THEN 'LEVEL_1' ELSE 'NOT_ACHIEVED' END::"CompetencyLevel",
           jsonb_build_array(jsonb_build_object('rule', 'level-by-score', 'fired', true,
             'event', jsonb_build_object('type', 'level', 'params', jsonb_build_object('level', CASE WHEN s.score >= 85 THEN 'LEVEL_3' WHEN s.score >= 70 THEN 'LEVEL_2' WHEN s.score >= 50 THEN 'LEVEL_1' ELSE 'NOT_ACHIEVED' END)),
             'conditions', jsonb_build_array(jsonb_build_object('fact', 'score', 'operator', 'greaterThanInclusive', 'value', 0, 'factValue', s.score, 'result', true)))),
           now()
    FROM (SELECT r.*, (35 + ${pick('r.id', 'score', 6501)} / 100.0)::numeric(5, 2) AS score FROM "Registration" r WHERE r."cycleId" = ${c}) s`],
  ['competency scores', Prisma.sql`
    INSERT INTO "ResultCompetencyScore" ("resultId", "competencyId", score, "correctCount", "itemCount", "requiredLevel")
    SELECT res.id, pc."competencyId", (${pick('res.id || pc."competencyId"', 'sub', 10001)} / 100.0)::numeric(5, 2), 3, 5, pc."requiredLevel"
    FROM "Result" res JOIN "PositionCompetency" pc ON pc."positionId" = res."positionId"
    WHERE res."cycleId" = ${c}`],
  ['follow-up tasks', Prisma.sql`
    INSERT INTO "FollowUpTask" (id, "dedupeKey", type, status, "officerId", "unitId", "cycleId", "resultId", "competencyId", "dueAt", "createdAt", "updatedAt")
    SELECT t.key, t.key, t.type::"FollowUpType",
           (ARRAY['OPEN', 'OPEN', 'OPEN', 'DONE', 'DONE', 'DECLINED', 'CANCELLED'])[1 + ${pick('t.key', 'status', 7)}]::"FollowUpStatus",
           t."officerId", t.dept, ${c}, t."resultId", t."competencyId",
           ${new Date(now)}::timestamp + ((${pick('t.key', 'due', 120)} - 60) * interval '1 day'), now(), now()
    FROM (
      SELECT 'result:' || res.id || ':' || x.type || coalesce(':' || x."competencyId", '') AS key, x.type, res."officerId", res.id AS "resultId", x."competencyId",
             coalesce(nullif(split_part(u.path, '/', 3), ''), 'HQ') AS dept
      FROM "Result" res
      JOIN "Registration" r ON r.id = res."registrationId"
      JOIN "Unit" u ON u.id = r."unitId"
      CROSS JOIN LATERAL (
        SELECT 'REEXAMINATION' AS type, NULL::text AS "competencyId" WHERE res.level = 'NOT_ACHIEVED'
        UNION ALL SELECT 'EXPERT_NOMINATION', NULL WHERE res.score >= 90 AND res.level = 'LEVEL_3'
        UNION ALL SELECT 'RETRAINING', s."competencyId" FROM "ResultCompetencyScore" s
                  WHERE s."resultId" = res.id AND s.score < 10 AND res.level <> 'NOT_ACHIEVED'
      ) x
      WHERE res."cycleId" = ${c}
    ) t`],
];
const inserted: Record<string, number> = {};
for (const [name, sql] of steps) {
  const s = performance.now();
  inserted[name] = await prisma.$executeRaw(sql);
  log(`${name}: ${inserted[name]} rows in ${seconds(s)} s`);
}
await prisma.$executeRawUnsafe('ANALYZE');
const insertSeconds = seconds(t);

/** Median and best of `runs` timed calls (after one warm-up). */
async function time<T>(runs: number, f: () => Promise<T>): Promise<{ median: number; min: number; value: T }> {
  let value = await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    value = await f();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return { median: Math.round(ms[Math.floor(ms.length / 2)]), min: Math.round(ms[0]), value };
}

const figures: Record<string, string | number> = {};
for (const by of ['department', 'position', 'field'] as ReportDimension[]) {
  const { median, min, value } = await time(RUNS, () => cycleResultReport(prisma, { cycleId: c, by, unitPathPrefix: '/', asOf }));
  figures[`${by}_ms`] = median;
  figures[`${by}_min_ms`] = min;
  log(`by ${by}: ${value.rows.length} rows, median ${median} ms (best ${min}); totals tested ${value.totals.tested}, achieved ${value.totals.achievedRate.percent}, level 3 ${value.totals.levelShares.LEVEL_3.percent}, overdue ${value.totals.followUps.overdue}`);
  if (by === 'department') {
    figures.tested = value.totals.tested;
    const files = { scopeName: 'Toàn ngành' };
    figures.xlsx_ms = (await time(RUNS, () => buildResultsReportWorkbook(value, files))).median;
    figures.pdf_ms = (await time(RUNS, () => buildResultsReportPdf(value, files))).median;
  }
}
// A department's reviewer: the same report over one department's subtree (D01, the largest).
const d01 = await prisma.unit.findUniqueOrThrow({ where: { id: 'D01' } });
figures.department_d01_ms = (await time(RUNS, () => cycleResultReport(prisma, { cycleId: c, by: 'position', unitPathPrefix: d01.path, asOf }))).median;

// One officer's profile: one with a follow-up task, so every section has rows.
const task = await prisma.followUpTask.findFirstOrThrow({ where: { cycleId: c, type: 'RETRAINING' }, orderBy: { id: 'asc' } });
const profile = await time(RUNS * 4, () => capacityProfile(prisma, task.officerId, { locale: 'vi', asOf }));
figures.profile_ms = profile.median;
figures.profile_min_ms = profile.min;
log(`profile of ${task.officerId}: ${profile.value?.cycles.length} cycles, ${profile.value?.cycles[0]?.result?.competencies.length} sub-scores, ${profile.value?.followUps.length} follow-ups, median ${profile.median} ms`);

await prisma.$disconnect();
// --keep leaves the database for a look at the query plans (EXPLAIN ANALYZE).
if (values.keep) log(`kept ${database.url} (cycle ${c})`);
else await database.drop();

console.log(
  `results=${inserted.results} officers=${N} competency_scores=${inserted['competency scores']} follow_up_tasks=${inserted['follow-up tasks']} ` +
  `seed_s=${seedSeconds} insert_s=${insertSeconds} ` +
  Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ') +
  ` wall_s=${seconds(started)}`,
);
// The scratch database's admin connection stays open when the database is kept.
if (values.keep) process.exit(0);
