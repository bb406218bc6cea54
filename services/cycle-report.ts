// The results report of a cycle, per department, per position or per professional field: how many officers
// are in scope, registered and tested, participation, achievement, the share scoring 90 or more, the level
// distribution, the share of registrations dodging the position held, and the follow-up tasks open, done and
// overdue. One SQL statement of aggregates (CTEs below); JavaScript only derives the rates and adds up the
// groups' rows (a few dozen, never officers) for the totals.
//
// Who counts where:
// - in scope: the cycle's eligible officers (eligibility-sql.ts), by their current unit / position;
// - registered, tested, results, mismatches: the regular exam's registrations (round 1, ACTIVE or EXCLUDED, as
//   the registration report counts them), by the unit and the HELD position recorded on the registration, so a
//   candidate who registered for a simpler position is still counted under the job they do;
// - follow-up tasks of the cycle: under their officer's round-1 registration the same way (the task's own unit
//   moves up on escalation, so it says who acts, not whose result it is).
import { Prisma } from '../prisma/db';
import {
  assertUnitPathPrefix,
  COUNTED_REGISTRATION_SQL,
  type Db,
  departmentOfSql,
  eligibleOfficersSql,
  underUnitPathSql,
} from './eligibility-sql';
import { MISMATCH_REASON_CODES, rate } from './registration-report';

export const REPORT_DIMENSIONS = ['department', 'position', 'field'] as const;
export type ReportDimension = (typeof REPORT_DIMENSIONS)[number];

/** The levels in the order reports show them. */
export const LEVELS = ['LEVEL_1', 'LEVEL_2', 'LEVEL_3', 'NOT_ACHIEVED'] as const;
export type Level = (typeof LEVELS)[number];

/** Attempt statuses that mean "sat the test". */
export const TESTED_ATTEMPT_STATUSES = ['SUBMITTED', 'AUTO_SUBMITTED'] as const;

/** The score from which a result counts among the excellent ones. */
export const EXCELLENT_SCORE = 90;

/** A rate as a fraction (4 decimals) and as people read it. */
export interface Rate {
  rate: number;
  /** e.g. "46.6%": one decimal for rates, whole percent for level shares, trailing ".0" dropped. */
  percent: string;
}

export interface FollowUpCounts {
  open: number;
  done: number;
  declined: number;
  cancelled: number;
  /** OPEN with dueAt before asOf. */
  overdue: number;
}

export interface ResultCounts {
  /** Eligible officers (by their current unit / position). */
  inScope: number;
  /** Round-1 registrations, ACTIVE or EXCLUDED. */
  registered: number;
  /** Of registered: the attempt was submitted (by the candidate or at the deadline). */
  tested: number;
  /** Of tested: a result with a level other than NOT_ACHIEVED. */
  achieved: number;
  /** Of tested: a score of EXCELLENT_SCORE or more. */
  scoredAtLeast90: number;
  /** Of tested, by level. */
  levels: Record<Level, number>;
  /** Of tested: not graded or not levelled yet. */
  unlevelled: number;
  /** Of registered: a verification reason says the registered position is not the one held (registration report's rule). */
  mismatched: number;
  followUps: FollowUpCounts;
}

export interface ResultFigures extends ResultCounts {
  /** Mean score of the graded tested candidates, 2 decimals; null when none. */
  averageScore: number | null;
  /** tested / inScope. */
  participation: Rate;
  /** achieved / tested. */
  achievedRate: Rate;
  /** scoredAtLeast90 / tested. */
  scoredAtLeast90Rate: Rate;
  /** levels[level] / tested. */
  levelShares: Record<Level, Rate>;
  /** mismatched / registered. */
  mismatchRate: Rate;
}

export interface ResultReportRow extends ResultFigures {
  /** Department id (depth-1 unit), position id or field id. */
  key: string;
  code: string;
  nameVi: string;
  nameEn: string;
  /** Positions: their professional field. */
  fieldId?: string;
}

export interface ResultReport {
  cycleId: string;
  cycleCode: string;
  cycleNameVi: string;
  cycleNameEn: string;
  by: ReportDimension;
  unitPathPrefix: string;
  asOf: string;
  /** Groups with officers in scope, registrations or follow-up tasks, ordered by key. */
  rows: ResultReportRow[];
  totals: ResultFigures;
}

export interface ResultReportInput {
  cycleId: string;
  by: ReportDimension;
  /** The caller's unit scope or a chosen unit: "/" for headquarters, else a unit's path ("/HQ/D35/"). */
  unitPathPrefix: string;
  /** The moment overdue follow-ups are measured at; default now. */
  asOf?: Date;
}

/**
 * SQL condition: the stored reasons (a JSON array of { code, severity, params }) include one whose code is among
 * MISMATCH_REASON_CODES, whatever its severity: the registration report's definition of "registered for a
 * position other than the one held". Written as jsonb containment (`reasons @> '[{"code": "..."}]'`), which
 * PostgreSQL tests without unnesting the array row by row (the registration report's EXISTS over
 * jsonb_array_elements gives the same answer; the tests compare the two).
 */
export function registrationMismatchSql(reasonsColumn: Prisma.Sql): Prisma.Sql {
  const probes = MISMATCH_REASON_CODES.map((code) => JSON.stringify([{ code }]));
  return Prisma.sql`coalesce(${reasonsColumn} @> ANY (ARRAY[${Prisma.join(probes)}]::jsonb[]), false)`;
}

/**
 * Per dimension: the group key of an eligible officer (alias e), and of a unit (u) and position (hp) pair (the
 * second level of the registrations' and tasks' aggregation), and where the group's names come from.
 */
function dimensionSql(by: ReportDimension) {
  switch (by) {
    case 'department':
      return {
        eligibleKey: Prisma.sql`e."departmentId"`,
        pairKey: departmentOfSql(Prisma.sql`u.path`),
        names: Prisma.sql`LEFT JOIN "Unit" n ON n.id = g.key`,
        columns: Prisma.sql`n.code, n."nameVi", n."nameEn", NULL::text AS "fieldId"`,
      };
    case 'position':
      return {
        eligibleKey: Prisma.sql`e."positionId"`,
        pairKey: Prisma.sql`hp.id`,
        names: Prisma.sql`LEFT JOIN "JobPosition" n ON n.id = g.key`,
        columns: Prisma.sql`n.code, n."nameVi", n."nameEn", n."fieldId"`,
      };
    case 'field':
      return {
        eligibleKey: Prisma.sql`e."fieldId"`,
        pairKey: Prisma.sql`hp."fieldId"`,
        names: Prisma.sql`LEFT JOIN "ProfessionalField" n ON n.id = g.key`,
        columns: Prisma.sql`n.code, n."nameVi", n."nameEn", NULL::text AS "fieldId"`,
      };
  }
}

type SqlRow = {
  key: string;
  code: string | null;
  nameVi: string | null;
  nameEn: string | null;
  fieldId: string | null;
  inScope: number;
  registered: number;
  tested: number;
  achieved: number;
  scoredAtLeast90: number;
  unlevelled: number;
  mismatched: number;
  graded: number;
  scoreSum: number;
  fuOpen: number;
  fuDone: number;
  fuDeclined: number;
  fuCancelled: number;
  fuOverdue: number;
} & Record<Level, number>;

/** What the totals are summed from: the counts, plus what the mean score needs. */
type Summable = ResultCounts & { graded: number; scoreSum: number };

/**
 * The report's one statement (exported so a benchmark can EXPLAIN it): one row per group, counts only.
 * Registrations and tasks are first counted per (unit, held position) pair on plain columns, a few thousand
 * pairs at most, and only then rolled up to departments, positions or fields: the group key is computed per
 * pair, not per candidate.
 */
export function cycleResultReportSql({ cycleId, by, unitPathPrefix, asOf }: Required<ResultReportInput>): Prisma.Sql {
  const d = dimensionSql(by);
  // Enum literals, not a text cast: the test runs ten times per registration.
  const tested = Prisma.raw(`a.status IN (${TESTED_ATTEMPT_STATUSES.map((st) => `'${st}'`).join(', ')})`);
  const scopeUnits = Prisma.sql`SELECT su.id FROM "Unit" su WHERE ${underUnitPathSql(Prisma.sql`su.path`, unitPathPrefix)}`;
  const sum = (column: string) => Prisma.raw(`coalesce(sum(p."${column}"), 0)::int AS "${column}"`);
  return Prisma.sql`
    WITH
    -- eligible officers whose current unit is under the prefix, counted per group
    eligible AS (${eligibleOfficersSql(cycleId, unitPathPrefix)}),
    in_scope AS (
      SELECT ${d.eligibleKey} AS key, count(*)::int AS "inScope"
      FROM eligible e
      GROUP BY 1
    ),

    -- the regular exam's registrations whose recorded unit is under the prefix, with their attempt and result,
    -- counted per (unit, held position)
    candidate_pairs AS (
      SELECT r."unitId", r."heldPositionId",
             count(*)                                                                       AS "registered",
             count(*) FILTER (WHERE ${tested})                                              AS "tested",
             count(*) FILTER (WHERE ${tested} AND res.level IN ('LEVEL_1', 'LEVEL_2', 'LEVEL_3')) AS "achieved",
             count(*) FILTER (WHERE ${tested} AND res.score >= ${EXCELLENT_SCORE})          AS "scoredAtLeast90",
             count(*) FILTER (WHERE ${tested} AND res.level = 'LEVEL_1')                    AS "LEVEL_1",
             count(*) FILTER (WHERE ${tested} AND res.level = 'LEVEL_2')                    AS "LEVEL_2",
             count(*) FILTER (WHERE ${tested} AND res.level = 'LEVEL_3')                    AS "LEVEL_3",
             count(*) FILTER (WHERE ${tested} AND res.level = 'NOT_ACHIEVED')               AS "NOT_ACHIEVED",
             count(*) FILTER (WHERE ${tested} AND res.level IS NULL)                        AS "unlevelled",
             count(*) FILTER (WHERE ${tested} AND res.score IS NOT NULL)                    AS "graded",
             sum(res.score) FILTER (WHERE ${tested})                                        AS "scoreSum",
             count(*) FILTER (WHERE ${registrationMismatchSql(Prisma.sql`r."verificationReasons"`)}) AS "mismatched"
      FROM "Registration" r
      LEFT JOIN "Attempt" a ON a."registrationId" = r.id
      LEFT JOIN "Result" res ON res."attemptId" = a.id
      WHERE r."cycleId" = ${cycleId} AND ${COUNTED_REGISTRATION_SQL} AND r."unitId" IN (${scopeUnits})
      GROUP BY 1, 2
    ),
    candidate_counts AS (
      SELECT ${d.pairKey} AS key,
             ${sum('registered')}, ${sum('tested')}, ${sum('achieved')}, ${sum('scoredAtLeast90')},
             ${sum('LEVEL_1')}, ${sum('LEVEL_2')}, ${sum('LEVEL_3')}, ${sum('NOT_ACHIEVED')},
             ${sum('unlevelled')}, ${sum('graded')}, coalesce(sum(p."scoreSum"), 0)::float8 AS "scoreSum", ${sum('mismatched')}
      FROM candidate_pairs p
      JOIN "Unit" u ON u.id = p."unitId"
      JOIN "JobPosition" hp ON hp.id = p."heldPositionId"
      GROUP BY 1
    ),

    -- the cycle's follow-up tasks, under their officer's round-1 registration (else the officer's current post),
    -- counted per (unit, held position) and rolled up the same way
    follow_up_pairs AS (
      SELECT t."unitId", t."heldPositionId",
             count(*) FILTER (WHERE t.status = 'OPEN')                                      AS "fuOpen",
             count(*) FILTER (WHERE t.status = 'DONE')                                      AS "fuDone",
             count(*) FILTER (WHERE t.status = 'DECLINED')                                  AS "fuDeclined",
             count(*) FILTER (WHERE t.status = 'CANCELLED')                                 AS "fuCancelled",
             -- timestamps are stored as UTC without a time zone
             count(*) FILTER (WHERE t.status = 'OPEN'
                                AND t."dueAt" < (${asOf.toISOString()}::timestamptz AT TIME ZONE 'UTC')) AS "fuOverdue"
      FROM (
        SELECT task.status, task."dueAt",
               coalesce(r."unitId", o."unitId")             AS "unitId",
               coalesce(r."heldPositionId", o."positionId") AS "heldPositionId"
        FROM "FollowUpTask" task
        JOIN "Officer" o ON o.id = task."officerId"
        LEFT JOIN "Registration" r ON r."cycleId" = task."cycleId" AND r."officerId" = task."officerId" AND r.round = 1
        WHERE task."cycleId" = ${cycleId}
      ) AS t
      WHERE t."unitId" IN (${scopeUnits})
      GROUP BY 1, 2
    ),
    follow_ups AS (
      SELECT ${d.pairKey} AS key, ${sum('fuOpen')}, ${sum('fuDone')}, ${sum('fuDeclined')}, ${sum('fuCancelled')}, ${sum('fuOverdue')}
      FROM follow_up_pairs p
      JOIN "Unit" u ON u.id = p."unitId"
      JOIN "JobPosition" hp ON hp.id = p."heldPositionId"
      GROUP BY 1
    ),

    groups AS (
      SELECT key FROM in_scope
      UNION SELECT key FROM candidate_counts
      UNION SELECT key FROM follow_ups
    )

    SELECT g.key,
           ${d.columns},
           coalesce(s."inScope", 0)          AS "inScope",
           coalesce(c."registered", 0)       AS "registered",
           coalesce(c."tested", 0)           AS "tested",
           coalesce(c."achieved", 0)         AS "achieved",
           coalesce(c."scoredAtLeast90", 0)  AS "scoredAtLeast90",
           coalesce(c."LEVEL_1", 0)          AS "LEVEL_1",
           coalesce(c."LEVEL_2", 0)          AS "LEVEL_2",
           coalesce(c."LEVEL_3", 0)          AS "LEVEL_3",
           coalesce(c."NOT_ACHIEVED", 0)     AS "NOT_ACHIEVED",
           coalesce(c."unlevelled", 0)       AS "unlevelled",
           coalesce(c."graded", 0)           AS "graded",
           coalesce(c."scoreSum", 0)         AS "scoreSum",
           coalesce(c."mismatched", 0)       AS "mismatched",
           coalesce(f."fuOpen", 0)           AS "fuOpen",
           coalesce(f."fuDone", 0)           AS "fuDone",
           coalesce(f."fuDeclined", 0)       AS "fuDeclined",
           coalesce(f."fuCancelled", 0)      AS "fuCancelled",
           coalesce(f."fuOverdue", 0)        AS "fuOverdue"
    FROM groups g
    ${d.names}
    LEFT JOIN in_scope s ON s.key = g.key
    LEFT JOIN candidate_counts c ON c.key = g.key
    LEFT JOIN follow_ups f ON f.key = g.key
    ORDER BY g.key COLLATE "C"`;
}

export async function cycleResultReport(prisma: Db, input: ResultReportInput): Promise<ResultReport> {
  const { cycleId, by, unitPathPrefix } = input;
  const asOf = input.asOf ?? new Date();
  assertUnitPathPrefix(unitPathPrefix);
  if (!REPORT_DIMENSIONS.includes(by)) throw new RangeError(`unknown report dimension ${JSON.stringify(by)}`);
  const cycle = await prisma.assessmentCycle.findUnique({ where: { id: cycleId }, select: { code: true, nameVi: true, nameEn: true } });
  if (!cycle) throw new Error(`assessment cycle ${cycleId} not found`);
  const rows = await withoutJit(prisma, cycleResultReportSql({ cycleId, by, unitPathPrefix, asOf }));

  const summables = rows.map((r): Summable & { row: SqlRow } => ({
    row: r,
    inScope: r.inScope,
    registered: r.registered,
    tested: r.tested,
    achieved: r.achieved,
    scoredAtLeast90: r.scoredAtLeast90,
    levels: { LEVEL_1: r.LEVEL_1, LEVEL_2: r.LEVEL_2, LEVEL_3: r.LEVEL_3, NOT_ACHIEVED: r.NOT_ACHIEVED },
    unlevelled: r.unlevelled,
    mismatched: r.mismatched,
    followUps: { open: r.fuOpen, done: r.fuDone, declined: r.fuDeclined, cancelled: r.fuCancelled, overdue: r.fuOverdue },
    graded: r.graded,
    scoreSum: Number(r.scoreSum),
  }));

  return {
    cycleId,
    cycleCode: cycle.code,
    cycleNameVi: cycle.nameVi,
    cycleNameEn: cycle.nameEn,
    by,
    unitPathPrefix,
    asOf: asOf.toISOString(),
    rows: summables.map(({ row, ...counts }) => ({
      key: row.key,
      code: row.code ?? row.key,
      nameVi: row.nameVi ?? row.key,
      nameEn: row.nameEn ?? row.key,
      ...(by === 'position' ? { fieldId: row.fieldId ?? undefined } : {}),
      ...figuresOf(counts),
    })),
    totals: figuresOf(sumCounts(summables)),
  };
}

/**
 * Runs the report with PostgreSQL's JIT compilation off. At 100,000 registrations the plan's estimated cost passes
 * jit_above_cost, and compiling it took 0.8 to 4 s on our machines, for a query that runs in well under one.
 * SET LOCAL needs a transaction: a client gets its own; inside a caller's transaction the settings are theirs.
 */
async function withoutJit(prisma: Db, sql: Prisma.Sql): Promise<SqlRow[]> {
  if (!('$transaction' in prisma)) return prisma.$queryRaw<SqlRow[]>(sql);
  const [, rows] = await prisma.$transaction([prisma.$executeRaw`SET LOCAL jit = off`, prisma.$queryRaw<SqlRow[]>(sql)]);
  return rows;
}

/** "46.6%" for 0.466 with one decimal; "77%" for 0.7708 with none; never "50.0%". */
export function percentText(fraction: number, decimals: 0 | 1 | 2 = 1): string {
  const text = (fraction * 100).toFixed(decimals);
  return `${decimals > 0 ? text.replace(/\.?0+$/, '') : text}%`;
}

/** Rates of people over a base show one decimal; the level distribution whole percents, as reports print them. */
export const RATE_DECIMALS = 1;
export const LEVEL_SHARE_DECIMALS = 0;

export function rateOf(part: number, whole: number, decimals: 0 | 1 = RATE_DECIMALS): Rate {
  const r = rate(part, whole);
  return { rate: r, percent: percentText(r, decimals) };
}

function figuresOf(counts: Summable): ResultFigures {
  const { graded, scoreSum, ...rest } = counts;
  return {
    ...rest,
    averageScore: graded === 0 ? null : Math.round((scoreSum / graded) * 100) / 100,
    participation: rateOf(counts.tested, counts.inScope),
    achievedRate: rateOf(counts.achieved, counts.tested),
    scoredAtLeast90Rate: rateOf(counts.scoredAtLeast90, counts.tested),
    levelShares: Object.fromEntries(LEVELS.map((l) => [l, rateOf(counts.levels[l], counts.tested, LEVEL_SHARE_DECIMALS)])) as Record<Level, Rate>,
    mismatchRate: rateOf(counts.mismatched, counts.registered),
  };
}

/** The totals over the groups' rows (each officer is in exactly one group, so counts add up). */
function sumCounts(rows: readonly Summable[]): Summable {
  const total: Summable = {
    inScope: 0,
    registered: 0,
    tested: 0,
    achieved: 0,
    scoredAtLeast90: 0,
    levels: { LEVEL_1: 0, LEVEL_2: 0, LEVEL_3: 0, NOT_ACHIEVED: 0 },
    unlevelled: 0,
    mismatched: 0,
    followUps: { open: 0, done: 0, declined: 0, cancelled: 0, overdue: 0 },
    graded: 0,
    scoreSum: 0,
  };
  for (const r of rows) {
    for (const k of ['inScope', 'registered', 'tested', 'achieved', 'scoredAtLeast90', 'unlevelled', 'mismatched', 'graded', 'scoreSum'] as const) total[k] += r[k];
    for (const l of LEVELS) total.levels[l] += r.levels[l];
    for (const k of Object.keys(total.followUps) as (keyof FollowUpCounts)[]) total.followUps[k] += r.followUps[k];
  }
  return total;
}
