// The registration report of a cycle: per department (depth-1 unit) how many officers are in scope, how many
// registered, what verification flagged and why, what reviewers decided, how many registrations dodge the
// position actually held, and where the department's list stands against its deadline.
// One SQL statement of aggregates (CTEs below); JavaScript only adds up the per-department rows for the totals.
import { Prisma } from '../prisma/db';
import type { MissingListPolicy } from '../domain/unit-list';
import {
  assertUnitPathPrefix,
  COUNTED_REGISTRATION_SQL,
  type Db,
  departmentOfSql,
  eligibleOfficersSql,
  hasCountedRegistrationSql,
  underUnitPathSql,
} from './eligibility-sql';

/** Verification reason codes that mean "registered for a position other than the one held". */
export const MISMATCH_REASON_CODES = ['POSITION_DIFFERS', 'LEADERSHIP_MISMATCH', 'OTHER_FIELD'] as const;

/** Reason severities counted in flaggedByReason. */
export const COUNTED_REASON_SEVERITIES = ['flag', 'block'] as const;

export type ListStatus = 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

/** The counts of a department, and of the totals. */
export interface RegistrationCounts {
  /** Eligible officers (by their current unit). */
  inScope: number;
  /** Round-1 registrations, ACTIVE or EXCLUDED (by the unit recorded on the registration). */
  registered: number;
  /** Eligible officers with no such registration. */
  notRegistered: number;
  /** Of registered: status EXCLUDED. */
  excluded: number;
  /** Of registered: not verified yet (verificationOutcome null). */
  unverified: number;
  clear: number;
  flagged: number;
  blocked: number;
  /** Reason code → registrations carrying it with severity 'flag' or 'block'. */
  flaggedByReason: Record<string, number>;
  accepted: number;
  rejected: number;
  corrected: number;
  /** FLAGGED or BLOCKED registrations still awaiting a reviewer's decision. */
  pendingDecisions: number;
  /** Registrations with a reason among MISMATCH_REASON_CODES (any severity). */
  mismatched: number;
  /** mismatched / registered, 0 when none registered, rounded to 4 decimals. */
  mismatchRate: number;
}

export interface DepartmentRegistrationRow extends RegistrationCounts {
  /** The department (or headquarters unit) id, e.g. "D35", "HQ-RMB". */
  unitId: string;
  unitNameVi: string;
  unitNameEn: string;
  /** The department's UnitList for the cycle; null when none exists. */
  listStatus: ListStatus | null;
  /** ISO timestamps (the report travels as JSON). */
  submittedAt: string | null;
  approvedAt: string | null;
  escalated: boolean;
  missingDecision: MissingListPolicy | null;
  /**
   * Approved list: whole days (rounded up) approvedAt is after listsDueAt, 0 if on time.
   * Otherwise (not approved, or no list at all): whole days (rounded up) `asOf` is past listsDueAt, null if not due yet.
   */
  lateDays: number | null;
}

export interface RegistrationReport {
  cycleId: string;
  unitPathPrefix: string;
  asOf: string;
  listsDueAt: string;
  /** One row per department under the prefix with eligible officers or registrations, ordered by unitId. */
  departments: DepartmentRegistrationRow[];
  totals: RegistrationCounts;
}

export interface RegistrationReportInput {
  cycleId: string;
  /** The caller's unit scope: "/" for headquarters, else their unit's path ("/HQ/D35/"). */
  unitPathPrefix: string;
  /** The moment lateness of unapproved lists is measured at; default now. */
  asOf?: Date;
}

/** The counts as they come from SQL, before the rate is derived. */
type CountRow = Omit<RegistrationCounts, 'mismatchRate'>;
type SqlRow = CountRow &
  Omit<DepartmentRegistrationRow, keyof RegistrationCounts | 'submittedAt' | 'approvedAt'> & {
    submittedAt: Date | null;
    approvedAt: Date | null;
  };

const COUNT_FIELDS = [
  'inScope',
  'registered',
  'notRegistered',
  'excluded',
  'unverified',
  'clear',
  'flagged',
  'blocked',
  'accepted',
  'rejected',
  'corrected',
  'pendingDecisions',
  'mismatched',
] as const satisfies readonly (keyof CountRow)[];

export function rate(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;
}

const textArray = (values: readonly string[]) => Prisma.sql`ARRAY[${Prisma.join(values)}]::text[]`;

export async function registrationReport(prisma: Db, input: RegistrationReportInput): Promise<RegistrationReport> {
  const { cycleId, unitPathPrefix } = input;
  const asOf = input.asOf ?? new Date();
  assertUnitPathPrefix(unitPathPrefix);
  const cycle = await prisma.assessmentCycle.findUnique({ where: { id: cycleId }, select: { listsDueAt: true } });
  if (!cycle) throw new Error(`assessment cycle ${cycleId} not found`);

  const rows = await prisma.$queryRaw<SqlRow[]>`
    WITH
    -- eligible officers whose current unit is under the prefix, one row each, with their department
    eligible AS (${eligibleOfficersSql(cycleId, unitPathPrefix)}),

    -- per department: eligible officers, and those of them without a counted registration (wherever it was made)
    eligible_counts AS (
      SELECT e."departmentId",
             count(*)::int AS "inScope",
             count(*) FILTER (WHERE NOT ${hasCountedRegistrationSql(cycleId, Prisma.raw('e."officerId"'))})::int AS "notRegistered"
      FROM eligible e
      GROUP BY e."departmentId"
    ),

    -- counted registrations (round 1, ACTIVE or EXCLUDED) whose recorded unit is under the prefix,
    -- with their department and whether any reason says the registered position is not the one held
    registered AS (
      SELECT r.id,
             r.status,
             r."verificationOutcome",
             r."reviewDecision",
             CASE WHEN jsonb_typeof(r."verificationReasons") = 'array' THEN r."verificationReasons" ELSE '[]'::jsonb END AS reasons,
             ${departmentOfSql(Prisma.raw('u.path'))} AS "departmentId"
      FROM "Registration" r
      JOIN "Unit" u ON u.id = r."unitId"
      WHERE r."cycleId" = ${cycleId} AND ${COUNTED_REGISTRATION_SQL} AND ${underUnitPathSql(Prisma.raw('u.path'), unitPathPrefix)}
    ),

    -- per department: registrations by status, verification outcome, review decision, and mismatches
    registration_counts AS (
      SELECT g."departmentId",
             count(*)::int                                                        AS "registered",
             count(*) FILTER (WHERE g.status = 'EXCLUDED')::int                   AS "excluded",
             count(*) FILTER (WHERE g."verificationOutcome" IS NULL)::int         AS "unverified",
             count(*) FILTER (WHERE g."verificationOutcome" = 'CLEAR')::int       AS "clear",
             count(*) FILTER (WHERE g."verificationOutcome" = 'FLAGGED')::int     AS "flagged",
             count(*) FILTER (WHERE g."verificationOutcome" = 'BLOCKED')::int     AS "blocked",
             count(*) FILTER (WHERE g."reviewDecision" = 'ACCEPTED')::int         AS "accepted",
             count(*) FILTER (WHERE g."reviewDecision" = 'REJECTED')::int         AS "rejected",
             count(*) FILTER (WHERE g."reviewDecision" = 'CORRECTED')::int        AS "corrected",
             count(*) FILTER (WHERE g."verificationOutcome" IN ('FLAGGED', 'BLOCKED')
                                AND g."reviewDecision" = 'PENDING')::int          AS "pendingDecisions",
             count(*) FILTER (WHERE g.mismatch)::int                              AS "mismatched"
      FROM (
        SELECT reg.*,
               EXISTS (SELECT 1 FROM jsonb_array_elements(reg.reasons) AS reason
                       WHERE reason->>'code' = ANY (${textArray(MISMATCH_REASON_CODES)})) AS mismatch
        FROM registered reg
      ) AS g
      GROUP BY g."departmentId"
    ),

    -- per department and reason code: registrations carrying that code with severity 'flag' or 'block'
    -- (a registration naming a code twice counts once)
    reason_counts AS (
      SELECT reg."departmentId", reason->>'code' AS code, count(DISTINCT reg.id)::int AS n
      FROM registered reg
      CROSS JOIN LATERAL jsonb_array_elements(reg.reasons) AS reason
      WHERE reason->>'severity' = ANY (${textArray(COUNTED_REASON_SEVERITIES)}) AND reason->>'code' IS NOT NULL
      GROUP BY reg."departmentId", reason->>'code'
    ),

    -- per department: the reason counts as one JSON object { code: n }
    reasons_by_department AS (
      SELECT rc."departmentId", jsonb_object_agg(rc.code, rc.n) AS "flaggedByReason"
      FROM reason_counts rc
      GROUP BY rc."departmentId"
    ),

    -- the departments the report shows: those with eligible officers or counted registrations
    departments AS (
      SELECT "departmentId" FROM eligible_counts
      UNION
      SELECT "departmentId" FROM registration_counts
    )

    SELECT d."departmentId"                                  AS "unitId",
           coalesce(unit."nameVi", d."departmentId")         AS "unitNameVi",
           coalesce(unit."nameEn", d."departmentId")         AS "unitNameEn",
           coalesce(ec."inScope", 0)                         AS "inScope",
           coalesce(rc."registered", 0)                      AS "registered",
           coalesce(ec."notRegistered", 0)                   AS "notRegistered",
           coalesce(rc."excluded", 0)                        AS "excluded",
           coalesce(rc."unverified", 0)                      AS "unverified",
           coalesce(rc."clear", 0)                           AS "clear",
           coalesce(rc."flagged", 0)                         AS "flagged",
           coalesce(rc."blocked", 0)                         AS "blocked",
           coalesce(rbd."flaggedByReason", '{}'::jsonb)      AS "flaggedByReason",
           coalesce(rc."accepted", 0)                        AS "accepted",
           coalesce(rc."rejected", 0)                        AS "rejected",
           coalesce(rc."corrected", 0)                       AS "corrected",
           coalesce(rc."pendingDecisions", 0)                AS "pendingDecisions",
           coalesce(rc."mismatched", 0)                      AS "mismatched",
           list.status::text                                 AS "listStatus",
           list."submittedAt",
           list."approvedAt",
           (list."escalatedAt" IS NOT NULL)                  AS "escalated",
           list."missingDecision"::text                      AS "missingDecision",
           -- lateness against the cycle's lists deadline, in whole days rounded up
           CASE
             WHEN list.status = 'APPROVED' THEN
               CASE WHEN list."approvedAt" IS NULL THEN NULL
                    ELSE greatest(0, ceil(extract(epoch FROM list."approvedAt" - cycle."listsDueAt") / 86400))::int END
             WHEN as_of.at > cycle."listsDueAt" THEN ceil(extract(epoch FROM as_of.at - cycle."listsDueAt") / 86400)::int
             ELSE NULL
           END                                               AS "lateDays"
    FROM departments d
    CROSS JOIN (SELECT c."listsDueAt" FROM "AssessmentCycle" c WHERE c.id = ${cycleId}) AS cycle
    -- timestamps are stored as UTC without a time zone
    CROSS JOIN (SELECT (${asOf.toISOString()}::timestamptz AT TIME ZONE 'UTC') AS at) AS as_of
    LEFT JOIN "Unit" unit ON unit.id = d."departmentId"
    LEFT JOIN eligible_counts ec ON ec."departmentId" = d."departmentId"
    LEFT JOIN registration_counts rc ON rc."departmentId" = d."departmentId"
    LEFT JOIN reasons_by_department rbd ON rbd."departmentId" = d."departmentId"
    LEFT JOIN "UnitList" list ON list."cycleId" = ${cycleId} AND list."unitId" = d."departmentId"
    ORDER BY d."departmentId" COLLATE "C"`;

  const departments = rows.map(
    ({ unitId, unitNameVi, unitNameEn, listStatus, submittedAt, approvedAt, escalated, missingDecision, lateDays, ...counts }): DepartmentRegistrationRow => ({
      unitId,
      unitNameVi,
      unitNameEn,
      ...counts,
      flaggedByReason: normaliseReasons(counts.flaggedByReason),
      mismatchRate: rate(counts.mismatched, counts.registered),
      listStatus,
      submittedAt: submittedAt ? new Date(submittedAt).toISOString() : null,
      approvedAt: approvedAt ? new Date(approvedAt).toISOString() : null,
      escalated,
      missingDecision,
      lateDays,
    }),
  );
  return {
    cycleId,
    unitPathPrefix,
    asOf: asOf.toISOString(),
    listsDueAt: cycle.listsDueAt.toISOString(),
    departments,
    totals: sumCounts(departments),
  };
}

/** jsonb comes back parsed by the pg adapter; keep only numeric counts, sorted by code for stable output. */
function normaliseReasons(value: unknown): Record<string, number> {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  const out: Record<string, number> = {};
  for (const [code, n] of Object.entries((parsed ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) {
    out[code] = Number(n);
  }
  return out;
}

/** The totals over the departments' rows (a handful of rows, not officers), with the overall rate. */
export function sumCounts(rows: readonly RegistrationCounts[]): RegistrationCounts {
  const totals = Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as Record<(typeof COUNT_FIELDS)[number], number>;
  const flaggedByReason: Record<string, number> = {};
  for (const row of rows) {
    for (const field of COUNT_FIELDS) totals[field] += row[field];
    for (const [code, n] of Object.entries(row.flaggedByReason)) flaggedByReason[code] = (flaggedByReason[code] ?? 0) + n;
  }
  return {
    ...totals,
    flaggedByReason: normaliseReasons(flaggedByReason),
    mismatchRate: rate(totals.mismatched, totals.registered),
  };
}

export interface MismatchHeadline {
  mismatched: number;
  registered: number;
  /** Overall mismatch rate, 4 decimals. */
  rate: number;
  /** The department with the highest rate (ties: most mismatches, then unitId), or null when nobody mismatched. */
  worst: { unitId: string; unitNameVi: string; unitNameEn: string; mismatched: number; registered: number; rate: number } | null;
}

/** The figure headquarters watches: how many registrations dodge the position held, overall and at worst. */
export function mismatchRateHeadline(report: RegistrationReport): MismatchHeadline {
  const worst = report.departments
    .filter((d) => d.mismatched > 0)
    .sort((a, b) => b.mismatchRate - a.mismatchRate || b.mismatched - a.mismatched || (a.unitId < b.unitId ? -1 : 1))[0];
  return {
    mismatched: report.totals.mismatched,
    registered: report.totals.registered,
    rate: report.totals.mismatchRate,
    worst: worst
      ? {
          unitId: worst.unitId,
          unitNameVi: worst.unitNameVi,
          unitNameEn: worst.unitNameEn,
          mismatched: worst.mismatched,
          registered: worst.registered,
          rate: worst.mismatchRate,
        }
      : null,
  };
}
