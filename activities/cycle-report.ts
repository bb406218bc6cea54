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

const textArray = (values: readonly string[]) => Prisma.sql`ARRAY[${Prisma.join(values)}]::text[]`;

/**
 * SQL condition: the registration in `r` carries a reason among MISMATCH_REASON_CODES (any severity): the
 * registration report's definition of "registered for a position other than the one held".
 */
export function registrationMismatchSql(reasonsColumn: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (
    SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(${reasonsColumn}) = 'array' THEN ${reasonsColumn} ELSE '[]'::jsonb END) AS reason
    WHERE reason->>'code' = ANY (${textArray(MISMATCH_REASON_CODES)}))`;
}

/** Per dimension: the group key of an eligible officer (alias e), of a registration (u = its unit, hp = its held position), and the names. */
function dimensionSql(by: ReportDimension) {
  switch (by) {
    case 'department':
      return {
        eligibleKey: Prisma.sql`e."departmentId"`,
        registrationKey: departmentOfSql(Prisma.sql`u.path`),
        names: Prisma.sql`LEFT JOIN "Unit" n ON n.id = g.key`,
        columns: Prisma.sql`n.code, n."nameVi", n."nameEn", NULL::text AS "fieldId"`,
      };
    case 'position':
      return {
        eligibleKey: Prisma.sql`e."positionId"`,
        registrationKey: Prisma.sql`hp.id`,
        names: Prisma.sql`LEFT JOIN "JobPosition" n ON n.id = g.key`,
        columns: Prisma.sql`n.code, n."nameVi", n."nameEn", n."fieldId"`,
      };
    case 'field':
      return {
        eligibleKey: Prisma.sql`e."fieldId"`,
        registrationKey: Prisma.sql`hp."fieldId"`,
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

export async function cycleResultReport(prisma: Db, input: ResultReportInput): Promise<ResultReport> {
  const { cycleId, by, unitPathPrefix } = input;
  const asOf = input.asOf ?? new Date();
  assertUnitPathPrefix(unitPathPrefix);
  if (!REPORT_DIMENSIONS.includes(by)) throw new RangeError(`unknown report dimension ${JSON.stringify(by)}`);
  const cycle = await prisma.assessmentCycle.findUnique({ where: { id: cycleId }, select: { code: true, nameVi: true, nameEn: true } });
  if (!cycle) throw new Error(`assessment cycle ${cycleId} not found`);
  const d = dimensionSql(by);
  const tested = Prisma.sql`a.status::text = ANY (${textArray(TESTED_ATTEMPT_STATUSES)})`;

  const rows = await prisma.$queryRaw<SqlRow[]>`
    WITH
    -- eligible officers whose current unit is under the prefix, counted per group
    eligible AS (${eligibleOfficersSql(cycleId, unitPathPrefix)}),
    in_scope AS (
      SELECT ${d.eligibleKey} AS key, count(*)::int AS "inScope"
      FROM eligible e
      GROUP BY 1
    ),

    -- the regular exam's registrations whose recorded unit is under the prefix: group, mismatch, attempt, result
    candidates AS (
      SELECT ${d.registrationKey} AS key,
             ${registrationMismatchSql(Prisma.sql`r."verificationReasons"`)} AS mismatch,
             coalesce(${tested}, false) AS tested,
             res.score,
             res.level::text AS level
      FROM "Registration" r
      JOIN "Unit" u ON u.id = r."unitId"
      JOIN "JobPosition" hp ON hp.id = r."heldPositionId"
      LEFT JOIN "Attempt" a ON a."registrationId" = r.id
      LEFT JOIN "Result" res ON res."attemptId" = a.id
      WHERE r."cycleId" = ${cycleId} AND ${COUNTED_REGISTRATION_SQL} AND ${underUnitPathSql(Prisma.sql`u.path`, unitPathPrefix)}
    ),
    candidate_counts AS (
      SELECT c.key,
             count(*)::int                                                                  AS "registered",
             count(*) FILTER (WHERE c.tested)::int                                          AS "tested",
             count(*) FILTER (WHERE c.tested AND c.level IN ('LEVEL_1', 'LEVEL_2', 'LEVEL_3'))::int AS "achieved",
             count(*) FILTER (WHERE c.tested AND c.score >= ${EXCELLENT_SCORE})::int        AS "scoredAtLeast90",
             count(*) FILTER (WHERE c.tested AND c.level = 'LEVEL_1')::int                  AS "LEVEL_1",
             count(*) FILTER (WHERE c.tested AND c.level = 'LEVEL_2')::int                  AS "LEVEL_2",
             count(*) FILTER (WHERE c.tested AND c.level = 'LEVEL_3')::int                  AS "LEVEL_3",
             count(*) FILTER (WHERE c.tested AND c.level = 'NOT_ACHIEVED')::int             AS "NOT_ACHIEVED",
             count(*) FILTER (WHERE c.tested AND c.level IS NULL)::int                      AS "unlevelled",
             count(*) FILTER (WHERE c.tested AND c.score IS NOT NULL)::int                  AS "graded",
             coalesce(sum(c.score) FILTER (WHERE c.tested), 0)::float8                      AS "scoreSum",
             count(*) FILTER (WHERE c.mismatch)::int                                        AS "mismatched"
      FROM candidates c
      GROUP BY c.key
    ),

    -- the cycle's follow-up tasks, under their officer's round-1 registration (else the officer's current post)
    follow_ups AS (
      SELECT ${d.registrationKey} AS key,
             count(*) FILTER (WHERE t.status = 'OPEN')::int                                 AS "fuOpen",
             count(*) FILTER (WHERE t.status = 'DONE')::int                                 AS "fuDone",
             count(*) FILTER (WHERE t.status = 'DECLINED')::int                             AS "fuDeclined",
             count(*) FILTER (WHERE t.status = 'CANCELLED')::int                            AS "fuCancelled",
             count(*) FILTER (WHERE t.status = 'OPEN' AND t."dueAt" < as_of.at)::int        AS "fuOverdue"
      FROM "FollowUpTask" t
      -- timestamps are stored as UTC without a time zone
      CROSS JOIN (SELECT (${asOf.toISOString()}::timestamptz AT TIME ZONE 'UTC') AS at) AS as_of
      JOIN "Officer" o ON o.id = t."officerId"
      LEFT JOIN "Registration" r ON r."cycleId" = t."cycleId" AND r."officerId" = t."officerId" AND r.round = 1
      JOIN "Unit" u ON u.id = coalesce(r."unitId", o."unitId")
      JOIN "JobPosition" hp ON hp.id = coalesce(r."heldPositionId", o."positionId")
      WHERE t."cycleId" = ${cycleId} AND ${underUnitPathSql(Prisma.sql`u.path`, unitPathPrefix)}
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
