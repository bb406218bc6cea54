// The eligibility rule of domain/eligibility.ts, stated in SQL so lists and reports run over every officer in
// PostgreSQL instead of loading them into JavaScript. The two must agree officer by officer
// (services/registration-report.test.ts checks it against the whole seeded database).
//
// Every fragment here is a Prisma.sql template: values (cycle ids, path prefixes, page numbers) travel as bind
// parameters; Prisma.raw is only ever given constants of this file.
import { Prisma, type PrismaClient } from '../prisma/db';
import type { CycleScope } from '../domain/eligibility';

/** A client or an interactive transaction: every function here only reads. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** SQL for departmentOf() of domain/eligibility.ts: the depth-1 unit of a path ("/HQ/D01/D01-B01/" → "D01"; "/HQ/" → "HQ"). */
export function departmentOfSql(pathColumn: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`coalesce(nullif(split_part(${pathColumn}, '/', 3), ''), split_part(${pathColumn}, '/', 2))`;
}

/**
 * A unit-scope prefix as the API computes it (api/scope.ts scopePath): "/" for headquarters, or a unit's path.
 * A path-like prefix must end with "/", so that "/HQ/D3" can never be taken for a prefix of "/HQ/D35/" (that
 * would widen a caller's scope). Anything not starting with "/" (the API's "\u0000" for "no unit at all")
 * matches no unit.
 */
export function assertUnitPathPrefix(unitPathPrefix: string): void {
  if (unitPathPrefix.startsWith('/') && !unitPathPrefix.endsWith('/')) {
    throw new RangeError(`unitPathPrefix must be a unit path such as "/" or "/HQ/D01/", got ${JSON.stringify(unitPathPrefix)}`);
  }
}

/** SQL condition: the unit path in `pathColumn` lies under `unitPathPrefix` (see assertUnitPathPrefix). */
export function underUnitPathSql(pathColumn: Prisma.Sql, unitPathPrefix: string): Prisma.Sql {
  assertUnitPathPrefix(unitPathPrefix);
  // Not a path: nothing matches (and a NUL byte could not even be sent as a text parameter).
  if (!unitPathPrefix.startsWith('/')) return Prisma.sql`false`;
  return Prisma.sql`starts_with(${pathColumn}, ${unitPathPrefix})`;
}

/**
 * Every officer (inactive ones too) with the three parts of the rule for one cycle, the way eligibility()
 * reports them, plus "eligible". Limited to officers whose current unit lies under `unitPathPrefix` (default "/": all).
 * Columns: officerId, employeeCode, fullName, active, unitId, unitPath, unitNameVi/En, positionId, positionNameVi/En,
 * fieldId, isLeadership, departmentId, unitInScope, fieldInScope, leadershipGroupInScope, eligible.
 * No rows when the cycle does not exist.
 *
 * A scope unit id that names no unit matches no officer (domain-side, loadCycleScope refuses such a cycle).
 */
export function officerEligibilitySql(cycleId: string, unitPathPrefix = '/'): Prisma.Sql {
  return Prisma.sql`
    SELECT placed.*,
           (placed.active AND placed."unitInScope" AND placed."fieldInScope" AND placed."leadershipGroupInScope") AS "eligible"
    FROM (
      SELECT o.id              AS "officerId",
             o."employeeCode",
             o."fullName",
             o.active,
             o."unitId",
             u.path            AS "unitPath",
             u."nameVi"        AS "unitNameVi",
             u."nameEn"        AS "unitNameEn",
             o."positionId",
             p."nameVi"        AS "positionNameVi",
             p."nameEn"        AS "positionNameEn",
             p."fieldId",
             p."isLeadership",
             ${departmentOfSql(Prisma.raw('u.path'))} AS "departmentId",
             -- unitInScope: no scope unit at all, or the current unit is in one scope unit's subtree
             (scope."allUnits" OR EXISTS (SELECT 1 FROM unnest(scope."scopePaths") AS sp(path) WHERE starts_with(u.path, sp.path)))
                               AS "unitInScope",
             -- fieldInScope: no scope field at all, or the current position's field is one of them
             (coalesce(cardinality(scope."scopeFieldIds"), 0) = 0 OR p."fieldId" = ANY (scope."scopeFieldIds"))
                               AS "fieldInScope",
             -- leadershipGroupInScope: team leaders and everyone else are switched on separately
             (CASE WHEN p."isLeadership" THEN scope."includeTeamLeaders" ELSE scope."includeNonLeadership" END)
                               AS "leadershipGroupInScope"
      FROM (
        -- the cycle's scope, its unit ids resolved to paths once
        SELECT c."scopeFieldIds",
               c."includeNonLeadership",
               c."includeTeamLeaders",
               coalesce(cardinality(c."scopeUnitIds"), 0) = 0 AS "allUnits",
               ARRAY(SELECT su.path FROM "Unit" su WHERE su.id = ANY (c."scopeUnitIds")) AS "scopePaths"
        FROM "AssessmentCycle" c
        WHERE c.id = ${cycleId}
      ) AS scope
      CROSS JOIN "Officer" o
      JOIN "Unit" u ON u.id = o."unitId"
      JOIN "JobPosition" p ON p.id = o."positionId"
      WHERE ${underUnitPathSql(Prisma.raw('u.path'), unitPathPrefix)}
    ) AS placed`;
}

/** The eligible officers of a cycle under `unitPathPrefix`: officerEligibilitySql's rows with eligible = true. */
export function eligibleOfficersSql(cycleId: string, unitPathPrefix = '/'): Prisma.Sql {
  return Prisma.sql`SELECT e.* FROM (${officerEligibilitySql(cycleId, unitPathPrefix)}) AS e WHERE e."eligible"`;
}

/** Registrations that count as "registered": the regular exam (round 1), ACTIVE or EXCLUDED (not WITHDRAWN). */
export const COUNTED_REGISTRATION_SQL = Prisma.sql`r.round = 1 AND r.status IN ('ACTIVE', 'EXCLUDED')`;

/** True when the officer in `officerIdColumn` has a counted registration in the cycle (wherever its unit). */
export function hasCountedRegistrationSql(cycleId: string, officerIdColumn: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (
      SELECT 1 FROM "Registration" r
      WHERE r."cycleId" = ${cycleId} AND r."officerId" = ${officerIdColumn} AND ${COUNTED_REGISTRATION_SQL})`;
}

/** The cycle's scope for eligibility(), its scope unit ids resolved to paths. Throws for an unknown cycle or scope unit. */
export async function loadCycleScope(prisma: Db, cycleId: string): Promise<CycleScope> {
  const cycle = await prisma.assessmentCycle.findUnique({
    where: { id: cycleId },
    select: { scopeUnitIds: true, scopeFieldIds: true, includeNonLeadership: true, includeTeamLeaders: true },
  });
  if (!cycle) throw new Error(`assessment cycle ${cycleId} not found`);
  const units = await prisma.unit.findMany({ where: { id: { in: cycle.scopeUnitIds } }, select: { id: true, path: true } });
  const unknown = cycle.scopeUnitIds.filter((id) => !units.some((u) => u.id === id));
  // An empty path list means "every unit": silently dropping an unknown id could widen the scope to everyone.
  if (unknown.length > 0) throw new Error(`assessment cycle ${cycleId} is scoped to unknown units: ${unknown.join(', ')}`);
  return {
    scopeUnitPaths: units.map((u) => u.path),
    scopeFieldIds: cycle.scopeFieldIds,
    includeNonLeadership: cycle.includeNonLeadership,
    includeTeamLeaders: cycle.includeTeamLeaders,
  };
}

export interface NotRegisteredOfficer {
  officerId: string;
  employeeCode: string;
  fullName: string;
  unitId: string;
  unitNameVi: string;
  unitNameEn: string;
  positionId: string;
  positionNameVi: string;
  positionNameEn: string;
  departmentId: string;
}

export interface ListNotRegisteredInput {
  cycleId: string;
  /** The caller's unit scope: "/" for headquarters, else the path of their unit ("/HQ/D35/"). */
  unitPathPrefix: string;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Part of the officer's name or employee code (either case); empty or absent: every officer. */
  search?: string;
  /** The column to order by, "-" first for descending (default: unit, then employee code). */
  sort?: NotRegisteredSort;
}

export const NOT_REGISTERED_SORT_KEYS = ['unit', 'employeeCode', 'fullName', 'position'] as const;
export type NotRegisteredSort = (typeof NOT_REGISTERED_SORT_KEYS)[number] | `-${(typeof NOT_REGISTERED_SORT_KEYS)[number]}`;

// Constants only (Prisma.raw): the column each sort key orders by. Names in the database's collation, codes by code point.
const NOT_REGISTERED_ORDER: Record<(typeof NOT_REGISTERED_SORT_KEYS)[number], string> = {
  unit: 'n."unitPath" COLLATE "C"',
  employeeCode: 'n."employeeCode" COLLATE "C"',
  fullName: 'n."fullName"',
  position: 'n."positionNameVi"',
};

/** A LIKE pattern matching `text` anywhere, its wildcards taken literally. */
const containsPattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const MAX_PAGE_SIZE = 1000;

/**
 * Eligible officers under `unitPathPrefix` (by their current unit) who have no counted registration in the
 * cycle, those matching `search` only, ordered by `sort` (by default unit path then employee code), one page at
 * a time, with the total over all pages.
 */
export async function listNotRegistered(
  prisma: Db,
  { cycleId, unitPathPrefix, page, pageSize, search, sort = 'unit' }: ListNotRegisteredInput,
): Promise<{ items: NotRegisteredOfficer[]; total: number }> {
  if (!Number.isInteger(page) || page < 1) throw new RangeError(`page must be an integer >= 1, got ${page}`);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const notRegistered = Prisma.sql`
    WITH
    -- eligible officers whose current unit is under the prefix
    eligible AS (${eligibleOfficersSql(cycleId, unitPathPrefix)}),
    -- ... of whom those with no round-1 ACTIVE or EXCLUDED registration in the cycle
    not_registered AS (
      SELECT e.* FROM eligible e
      WHERE NOT ${hasCountedRegistrationSql(cycleId, Prisma.raw('e."officerId"'))}
        ${search?.trim() ? Prisma.sql`AND (e."fullName" ILIKE ${containsPattern(search.trim())} OR e."employeeCode" ILIKE ${containsPattern(search.trim())})` : Prisma.empty}
    )`;
  const key = sort.replace(/^-/, '') as (typeof NOT_REGISTERED_SORT_KEYS)[number];
  if (!NOT_REGISTERED_SORT_KEYS.includes(key)) throw new RangeError(`sort must be one of ${NOT_REGISTERED_SORT_KEYS.join(', ')} (or "-" and one), got ${JSON.stringify(sort)}`);
  const direction = sort.startsWith('-') ? 'DESC' : 'ASC';
  // Ties end on unit path and employee code, so pages never overlap.
  const orderBy = Prisma.raw(`${NOT_REGISTERED_ORDER[key]} ${direction}, n."unitPath" COLLATE "C", n."employeeCode" COLLATE "C"`);
  type Row = NotRegisteredOfficer & { total: number };
  const rows = await prisma.$queryRaw<Row[]>`
    ${notRegistered}
    SELECT n."officerId", n."employeeCode", n."fullName", n."unitId", n."unitNameVi", n."unitNameEn",
           n."positionId", n."positionNameVi", n."positionNameEn", n."departmentId",
           count(*) OVER ()::int AS total
    FROM not_registered n
    ORDER BY ${orderBy}
    LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`;
  if (rows.length > 0) {
    return { items: rows.map(({ total: _total, ...item }) => item), total: rows[0].total };
  }
  // A page past the end has no row to carry the total: count on its own.
  const [{ total }] = await prisma.$queryRaw<{ total: number }[]>`
    ${notRegistered}
    SELECT count(*)::int AS total FROM not_registered`;
  return { items: [], total };
}

/** Per officer of the cycle, the SQL rule's answer (the agreement test compares it with eligibility()). */
export async function sqlEligibilityByOfficer(
  prisma: Db,
  cycleId: string,
  unitPathPrefix = '/',
): Promise<Map<string, { eligible: boolean; unitInScope: boolean; fieldInScope: boolean; leadershipGroupInScope: boolean }>> {
  const rows = await prisma.$queryRaw<
    { officerId: string; eligible: boolean; unitInScope: boolean; fieldInScope: boolean; leadershipGroupInScope: boolean }[]
  >`
    SELECT e."officerId", e."eligible", e."unitInScope", e."fieldInScope", e."leadershipGroupInScope"
    FROM (${officerEligibilitySql(cycleId, unitPathPrefix)}) AS e`;
  return new Map(rows.map(({ officerId, ...answer }) => [officerId, answer]));
}
