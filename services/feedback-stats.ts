// Statistics and look-up of business feedback, as SQL aggregates over PostgreSQL (never loops over ratings in
// JavaScript): totals and distributions by level and by rated subject (branch, team, stage, officer, responsible
// unit, department), case figures (open, closed, overdue, escalated, outcomes, time to close), summaries for an
// officer's capacity profile and a unit's evaluation, and the rows of a look-up (paged, or in keyset batches for
// the Excel export).
//
// Every fragment is a Prisma.sql template: values travel as bind parameters; Prisma.raw only ever receives
// constants of this file. One filter (FeedbackFilter) means the same rows in every query.
import { Prisma, type PrismaClient } from '../prisma/db';
import { SATISFACTION_LEVELS, type SatisfactionLevelName } from '../domain/feedback-rating';
import type { SubjectKind } from '../domain/feedback-subject';
import { assertUnitPathPrefix, underUnitPathSql, type Db } from './eligibility-sql';

/**
 * Runs statistics in one repeatable-read transaction (the figures of one answer agree with each other), with
 * room to hash the groups in memory and without JIT, whose compile time (~100 ms) exceeds what it saves here.
 */
export async function analytics<T>(prisma: PrismaClient, run: (db: Db) => Promise<T>): Promise<T> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
      await tx.$executeRaw`SET LOCAL jit = off`;
      return run(tx);
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead, timeout: 120_000, maxWait: 10_000 },
  );
}

export interface FeedbackFilter {
  /** The caller's unit scope (or a chosen unit): ratings whose responsible unit lies under this path; "/" = all. */
  unitPathPrefix: string;
  /** Submitted in [from, to). */
  from?: Date;
  to?: Date;
  /** Declaration number, exact or its beginning. */
  declarationNumber?: string;
  businessId?: string;
  /** A business by tax code (exact) or name (without needing diacritics: matched on Business.searchName). */
  businessSearch?: string;
  /** Ratings on declarations filed at this branch (every subject). */
  branchId?: string;
  /** Ratings whose responsible unit is this team: the team itself, its officers and the stages it handled. */
  teamId?: string;
  /** Ratings of this stage / of this officer. */
  stageId?: string;
  officerId?: string;
  levels?: SatisfactionLevelName[];
  subjectKind?: SubjectKind;
}

export type LevelCounts = Record<SatisfactionLevelName, number>;

export interface RatingFigures {
  total: number;
  byLevel: LevelCounts;
  /** Mean of the 1-5 scores, 2 decimals; null without ratings. */
  averageScore: number | null;
  /** Shares of satisfied (4-5) and unsatisfied (1-2) ratings, 4 decimals. */
  satisfiedShare: number;
  unsatisfiedShare: number;
}

export interface CaseFigures {
  total: number;
  /** Not closed yet (any step), and of those: */
  open: number;
  /** Opened but not yet taken on by its workflow (should be ~0; see POST /feedback/cases/dispatch). */
  notStarted: number;
  verifying: number;
  handling: number;
  /** Answered, waiting for the business to accept or contest. */
  answered: number;
  closed: number;
  /** A step the organisation owns is past its deadline. */
  overdue: number;
  escalatedToDepartment: number;
  escalatedToHeadquarters: number;
  substantiated: number;
  notSubstantiated: number;
  /** Closed cases by what the business said. */
  acceptedByBusiness: number;
  contestedByBusiness: number;
  closedWithoutResponse: number;
  /** Hours from opening to closing, over closed cases, 1 decimal; null when none closed. */
  averageHoursToClose: number | null;
  medianHoursToClose: number | null;
}

export const DIMENSIONS = ['branch', 'team', 'stage', 'officer', 'unit', 'department'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface DistributionRow extends RatingFigures {
  id: string;
  nameVi: string | null;
  nameEn: string | null;
  /** Officers: their employee code and current unit. */
  employeeCode?: string | null;
  unitId?: string | null;
}

const LEVEL_SCORE = Prisma.raw(
  `CASE f.level WHEN 'VERY_SATISFIED' THEN 5 WHEN 'SATISFIED' THEN 4 WHEN 'NORMAL' THEN 3 WHEN 'UNSATISFIED' THEN 2 ELSE 1 END`,
);
/** The rating aggregates over rows that each stand for `n` ratings (1 for a rating, a count for a rollup row). */
const levelCountsOf = (n: Prisma.Sql) =>
  Prisma.join(SATISFACTION_LEVELS.map((l) => Prisma.sql`coalesce(sum(${n}) FILTER (WHERE f.level = ${Prisma.raw(`'${l}'`)}), 0)::int AS ${Prisma.raw(`"${l}"`)}`), ',\n  ');

function ratingAggregates(n: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
  coalesce(sum(${n}), 0)::int AS total,
  ${levelCountsOf(n)},
  round((sum(${LEVEL_SCORE} * ${n})::numeric / nullif(sum(${n}), 0)), 2)::float8 AS "averageScore"`;
}

/** FeedbackRollup's month of every subject's all-time counts. */
const ALL_TIME = new Date(Date.UTC(1970, 0, 1));

const MONTH_MS = { floor: (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)), ceil: (d: Date) => {
  const floor = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  return floor.getTime() === d.getTime() ? floor : new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
} };

/**
 * The ratings a filter selects, as rows of (subject, level, n): from FeedbackRollup (counts by UTC month, kept
 * by triggers on Feedback) for the whole months of the range and from Feedback for the rest of it, when the
 * filter asks only what the rollup keeps (unit scope, time, subject, level); from Feedback, n = 1, otherwise.
 * `from` is the FROM ... WHERE of the query, over the alias f (and su, d, b as joinsFor adds them).
 */
function ratingRows(filter: FeedbackFilter, extra: Prisma.Sql[] = [], always: { unit?: boolean } = {}): { from: Prisma.Sql; n: Prisma.Sql } {
  const needsRatings = filter.declarationNumber || filter.businessId || filter.businessSearch || filter.branchId;
  const firstWhole = filter.from ? MONTH_MS.ceil(filter.from) : null;
  const wholeEnd = filter.to ? MONTH_MS.floor(filter.to) : null;
  if (needsRatings || (firstWhole && wholeEnd && firstWhole >= wholeEnd)) {
    return { from: Prisma.sql`"Feedback" f ${joinsFor(filter, always)} ${feedbackWhereSql(filter, extra)}`, n: Prisma.sql`1` };
  }
  // Without a time range, each subject's all-time row (month 1970-01-01); else the whole months of the range.
  const months: Prisma.Sql[] = firstWhole || wholeEnd ? [Prisma.sql`month > ${ALL_TIME}`] : [Prisma.sql`month = ${ALL_TIME}`];
  if (firstWhole) months.push(Prisma.sql`month >= ${firstWhole}`);
  if (wholeEnd) months.push(Prisma.sql`month < ${wholeEnd}`);
  const edges: Prisma.Sql[] = [];
  if (filter.from && firstWhole && firstWhole.getTime() > filter.from.getTime()) edges.push(Prisma.sql`("submittedAt" >= ${filter.from} AND "submittedAt" < ${firstWhole})`);
  if (filter.to && wholeEnd && wholeEnd.getTime() < filter.to.getTime()) edges.push(Prisma.sql`("submittedAt" >= ${wholeEnd} AND "submittedAt" < ${filter.to})`);
  const source = Prisma.sql`(
    SELECT "subjectKind", nullif("subjectUnitId", '') AS "subjectUnitId", nullif("subjectStageId", '') AS "subjectStageId",
      nullif("subjectOfficerId", '') AS "subjectOfficerId", level, ratings AS n
    FROM "FeedbackRollup" WHERE ${Prisma.join(months, ' AND ')}
    ${edges.length ? Prisma.sql`UNION ALL
    SELECT "subjectKind", "subjectUnitId", "subjectStageId", "subjectOfficerId", level, 1 FROM "Feedback" WHERE ${Prisma.join(edges, ' OR ')}` : Prisma.empty}
  ) f`;
  const untimed = { ...filter, from: undefined, to: undefined };
  return { from: Prisma.sql`${source} ${joinsFor(untimed, always)} ${feedbackWhereSql(untimed, extra)}`, n: Prisma.sql`f.n` };
}

/**
 * The cases a filter selects, FROM ... WHERE over c (and f, su...). A filter of the unit scope alone needs no
 * rating: the case's responsible unit is its rating's (both are the subject's responsible unit when it opens).
 */
function caseRows(filter: FeedbackFilter, always: { unit?: boolean } = {}): Prisma.Sql {
  const onlyScope = !filter.from && !filter.to && !filter.declarationNumber && !filter.businessId && !filter.businessSearch && !filter.branchId
    && !filter.teamId && !filter.stageId && !filter.officerId && !filter.levels?.length && !filter.subjectKind;
  if (onlyScope) {
    const unit = always.unit || filter.unitPathPrefix !== '/' ? Prisma.sql`JOIN "Unit" su ON su.id = c."responsibleUnitId"` : Prisma.empty;
    return Prisma.sql`"FeedbackCase" c ${unit} ${feedbackWhereSql(filter)}`;
  }
  return Prisma.sql`"FeedbackCase" c JOIN "Feedback" f ON f.id = c."feedbackId" ${joinsFor(filter, always)} ${feedbackWhereSql(filter)}`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The joins a filter needs beyond "Feedback" f: su (responsible unit), d (declaration), b (business). */
function joinsFor(filter: FeedbackFilter, always: { unit?: boolean; declaration?: boolean; business?: boolean } = {}): Prisma.Sql {
  const joins: Prisma.Sql[] = [];
  if (always.unit || filter.unitPathPrefix !== '/') joins.push(Prisma.sql`JOIN "Unit" su ON su.id = f."subjectUnitId"`);
  if (always.declaration || always.business || filter.declarationNumber || filter.branchId) joins.push(Prisma.sql`JOIN "Declaration" d ON d.id = f."declarationId"`);
  if (always.business || filter.businessSearch) joins.push(Prisma.sql`JOIN "Business" b ON b.id = f."businessId"`);
  return joins.length ? Prisma.join(joins, '\n') : Prisma.empty;
}

/** The WHERE clause of a filter (and any `extra` conditions) over the aliases of joinsFor. */
export function feedbackWhereSql(filter: FeedbackFilter, extra: Prisma.Sql[] = []): Prisma.Sql {
  assertUnitPathPrefix(filter.unitPathPrefix);
  const c: Prisma.Sql[] = [...extra];
  if (filter.unitPathPrefix !== '/') c.push(underUnitPathSql(Prisma.sql`su.path`, filter.unitPathPrefix));
  if (filter.from) c.push(Prisma.sql`f."submittedAt" >= ${filter.from}`);
  if (filter.to) c.push(Prisma.sql`f."submittedAt" < ${filter.to}`);
  if (filter.declarationNumber) c.push(Prisma.sql`d.number LIKE ${`${escapeLike(filter.declarationNumber)}%`}`);
  if (filter.businessId) c.push(Prisma.sql`f."businessId" = ${filter.businessId}`);
  if (filter.businessSearch) {
    c.push(Prisma.sql`(b."taxCode" = ${filter.businessSearch} OR b."searchName" LIKE ${`%${escapeLike(filter.businessSearch)}%`})`);
  }
  if (filter.branchId) c.push(Prisma.sql`d."branchUnitId" = ${filter.branchId}`);
  if (filter.teamId) c.push(Prisma.sql`f."subjectUnitId" = ${filter.teamId}`);
  if (filter.stageId) c.push(Prisma.sql`f."subjectStageId" = ${filter.stageId}`);
  if (filter.officerId) c.push(Prisma.sql`f."subjectOfficerId" = ${filter.officerId}`);
  if (filter.levels?.length) c.push(Prisma.sql`f.level::text IN (${Prisma.join(filter.levels)})`);
  if (filter.subjectKind) c.push(Prisma.sql`f."subjectKind"::text = ${filter.subjectKind}`);
  return c.length ? Prisma.sql`WHERE ${Prisma.join(c, ' AND ')}` : Prisma.empty;
}

type RatingRow = { total: number; averageScore: number | null } & LevelCounts;

const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

function figuresOf(row: RatingRow): RatingFigures {
  const byLevel = Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, Number(row[l] ?? 0)])) as LevelCounts;
  const total = Number(row.total ?? 0);
  return {
    total,
    byLevel,
    averageScore: row.averageScore === null || row.averageScore === undefined ? null : Number(row.averageScore),
    satisfiedShare: share(byLevel.VERY_SATISFIED + byLevel.SATISFIED, total),
    unsatisfiedShare: share(byLevel.UNSATISFIED + byLevel.VERY_UNSATISFIED, total),
  };
}

/** Totals and the distribution by level. */
export async function ratingFigures(db: Db, filter: FeedbackFilter): Promise<RatingFigures> {
  const rows = ratingRows(filter);
  const [row] = await db.$queryRaw<RatingRow[]>`SELECT ${ratingAggregates(rows.n)} FROM ${rows.from}`;
  return figuresOf(row);
}

/** What a dimension groups by, which ratings it counts, and where its names come from. */
function dimensionSql(dimension: Dimension): { key: Prisma.Sql; kind: SubjectKind | null; needsUnit: boolean; names: Prisma.Sql } {
  const unitNames = Prisma.sql`LEFT JOIN "Unit" n ON n.id = g.key`;
  switch (dimension) {
    case 'branch':
      return { key: Prisma.sql`f."subjectUnitId"`, kind: 'BRANCH', needsUnit: false, names: unitNames };
    case 'team':
      return { key: Prisma.sql`f."subjectUnitId"`, kind: 'TEAM', needsUnit: false, names: unitNames };
    case 'stage':
      return { key: Prisma.sql`f."subjectStageId"`, kind: 'STAGE', needsUnit: false, names: Prisma.sql`LEFT JOIN "ProfessionalStage" n ON n.id = g.key` };
    case 'officer':
      return { key: Prisma.sql`f."subjectOfficerId"`, kind: 'OFFICER', needsUnit: false, names: Prisma.sql`LEFT JOIN "Officer" n ON n.id = g.key` };
    case 'unit':
      return { key: Prisma.sql`f."subjectUnitId"`, kind: null, needsUnit: false, names: unitNames };
    case 'department':
      // The depth-1 unit of the responsible unit's path ("/HQ/D01/D01-B01/" → "D01").
      return { key: Prisma.sql`coalesce(nullif(split_part(su.path, '/', 3), ''), 'HQ')`, kind: null, needsUnit: true, names: unitNames };
  }
}

/**
 * One row per rated subject of the dimension (branch: ratings of branches; officer: ratings of officers...; unit
 * and department: every rating by its responsible unit), most ratings first, paged; and how many rows there are.
 */
export async function ratingDistribution(
  db: Db,
  filter: FeedbackFilter,
  dimension: Dimension,
  paging: { limit: number; offset: number },
): Promise<{ rows: DistributionRow[]; groups: number }> {
  const d = dimensionSql(dimension);
  const rated = ratingRows(filter, d.kind ? [Prisma.sql`f."subjectKind"::text = ${d.kind}`] : [], { unit: d.needsUnit });
  const names = dimension === 'officer'
    ? Prisma.sql`n."fullName" AS "nameVi", n."fullName" AS "nameEn", n."employeeCode", n."unitId"`
    : Prisma.sql`n."nameVi", n."nameEn"`;
  const rows = await db.$queryRaw<(RatingRow & { id: string; nameVi: string | null; nameEn: string | null; employeeCode?: string; unitId?: string; groups: number })[]>`
    WITH g AS (
      SELECT ${d.key} AS key, ${ratingAggregates(rated.n)}
      FROM ${rated.from}
      GROUP BY 1
    )
    SELECT g.*, g.key AS id, ${names}, count(*) OVER ()::int AS groups
    FROM g ${d.names}
    WHERE g.key IS NOT NULL
    ORDER BY g.total DESC, g.key
    LIMIT ${paging.limit} OFFSET ${paging.offset}`;
  const groups = rows[0]?.groups ?? (paging.offset > 0 ? await countGroups(db, filter, dimension) : 0);
  return {
    groups,
    rows: rows.map((r) => ({
      id: r.id,
      nameVi: r.nameVi,
      nameEn: r.nameEn,
      ...(dimension === 'officer' ? { employeeCode: r.employeeCode ?? null, unitId: r.unitId ?? null } : {}),
      ...figuresOf(r),
    })),
  };
}

async function countGroups(db: Db, filter: FeedbackFilter, dimension: Dimension): Promise<number> {
  const d = dimensionSql(dimension);
  const rated = ratingRows(filter, d.kind ? [Prisma.sql`f."subjectKind"::text = ${d.kind}`] : [], { unit: d.needsUnit });
  const [row] = await db.$queryRaw<{ groups: number }[]>`SELECT count(DISTINCT ${d.key})::int AS groups FROM ${rated.from}`;
  return row.groups;
}

type CaseRow = { [K in keyof CaseFigures]: number | null };

/** Figures of the cases opened by the filtered ratings, overdue measured at `asOf`. */
export async function caseFigures(db: Db, filter: FeedbackFilter, asOf: Date): Promise<CaseFigures> {
  const [row] = await db.$queryRaw<CaseRow[]>`
    SELECT
      count(*)::int AS total,
      count(*) FILTER (WHERE c.status <> 'CLOSED')::int AS open,
      count(*) FILTER (WHERE c.status = 'OPEN')::int AS "notStarted",
      count(*) FILTER (WHERE c.status = 'VERIFYING')::int AS verifying,
      count(*) FILTER (WHERE c.status = 'HANDLING')::int AS handling,
      count(*) FILTER (WHERE c.status = 'ANSWERED')::int AS answered,
      count(*) FILTER (WHERE c.status = 'CLOSED')::int AS closed,
      count(*) FILTER (WHERE c.status IN ('VERIFYING', 'HANDLING') AND c."stepDueAt" < ${asOf})::int AS overdue,
      count(*) FILTER (WHERE c."escalationLevel" >= 1)::int AS "escalatedToDepartment",
      count(*) FILTER (WHERE c."escalationLevel" >= 2)::int AS "escalatedToHeadquarters",
      count(*) FILTER (WHERE c.outcome = 'SUBSTANTIATED')::int AS substantiated,
      count(*) FILTER (WHERE c.outcome = 'NOT_SUBSTANTIATED')::int AS "notSubstantiated",
      count(*) FILTER (WHERE c.status = 'CLOSED' AND c."businessAccepted" IS TRUE)::int AS "acceptedByBusiness",
      count(*) FILTER (WHERE c.status = 'CLOSED' AND c."businessAccepted" IS FALSE)::int AS "contestedByBusiness",
      count(*) FILTER (WHERE c.status = 'CLOSED' AND c."businessAccepted" IS NULL)::int AS "closedWithoutResponse",
      round((avg(extract(epoch FROM c."closedAt" - c."createdAt")) FILTER (WHERE c."closedAt" IS NOT NULL) / 3600)::numeric, 1)::float8 AS "averageHoursToClose",
      round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c."closedAt" - c."createdAt"))
        FILTER (WHERE c."closedAt" IS NOT NULL) / 3600)::numeric, 1)::float8 AS "medianHoursToClose"
    FROM ${caseRows(filter)}`;
  const out = {} as CaseFigures;
  for (const [k, v] of Object.entries(row)) (out as unknown as Record<string, number | null>)[k] = v === null ? null : Number(v);
  return out;
}

// ───────────────────────────── Summaries for profiles and unit evaluation ─────────────────────────────

/** An officer's ratings (as the rated officer) and the cases they opened: the capacity profile's feedback part. */
export async function officerFeedbackSummary(db: Db, officerId: string, range: { from?: Date; to?: Date }, asOf: Date) {
  const filter: FeedbackFilter = { unitPathPrefix: '/', officerId, subjectKind: 'OFFICER', ...range };
  const [ratings, cases] = await Promise.all([ratingFigures(db, filter), caseFigures(db, filter, asOf)]);
  return { officerId, from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null, asOf: asOf.toISOString(), ratings, cases };
}

export interface ChildUnitFigures {
  unitId: string;
  nameVi: string;
  nameEn: string;
  ratings: RatingFigures;
  cases: Pick<CaseFigures, 'total' | 'open' | 'closed' | 'overdue' | 'substantiated' | 'notSubstantiated'>;
}

/**
 * A unit's figures (every rating whose responsible unit is in its subtree) and the same per direct child unit.
 * The children partition the subtree (a rating naming the unit itself is its own row), so the unit's rating
 * totals add up the child rows: one scan of the ratings and one of the cases (the median needs its own).
 */
export async function unitFeedbackSummary(db: Db, unit: { id: string; path: string; depth: number }, range: { from?: Date; to?: Date }, asOf: Date) {
  const filter: FeedbackFilter = { unitPathPrefix: unit.path, ...range };
  const rated = ratingRows(filter, [], { unit: true });
  // The child of `unit` on a responsible unit's path; the unit itself when the rating names it directly.
  const child = Prisma.sql`coalesce(nullif(split_part(su.path, '/', ${unit.depth + 3}), ''), ${unit.id})`;
  type ChildRow = RatingRow & { unitId: string; nameVi: string; nameEn: string; scoreSum: number; cTotal: number; cOpen: number; cClosed: number; cOverdue: number; cSub: number; cNotSub: number };
  const [cases, children] = await Promise.all([
    caseFigures(db, filter, asOf),
    db.$queryRaw<ChildRow[]>`
      WITH r AS (
        SELECT ${child} AS key, ${ratingAggregates(rated.n)}, sum(${LEVEL_SCORE} * ${rated.n})::int AS "scoreSum"
        FROM ${rated.from}
        GROUP BY 1
      ), c AS (
        SELECT ${child} AS key,
          count(*)::int AS "cTotal",
          count(*) FILTER (WHERE c.status <> 'CLOSED')::int AS "cOpen",
          count(*) FILTER (WHERE c.status = 'CLOSED')::int AS "cClosed",
          count(*) FILTER (WHERE c.status IN ('VERIFYING', 'HANDLING') AND c."stepDueAt" < ${asOf})::int AS "cOverdue",
          count(*) FILTER (WHERE c.outcome = 'SUBSTANTIATED')::int AS "cSub",
          count(*) FILTER (WHERE c.outcome = 'NOT_SUBSTANTIATED')::int AS "cNotSub"
        FROM ${caseRows(filter, { unit: true })}
        GROUP BY 1
      )
      SELECT r.*, r.key AS "unitId", u."nameVi", u."nameEn",
        coalesce(c."cTotal", 0) AS "cTotal", coalesce(c."cOpen", 0) AS "cOpen", coalesce(c."cClosed", 0) AS "cClosed",
        coalesce(c."cOverdue", 0) AS "cOverdue", coalesce(c."cSub", 0) AS "cSub", coalesce(c."cNotSub", 0) AS "cNotSub"
      FROM r LEFT JOIN "Unit" u ON u.id = r.key LEFT JOIN c ON c.key = r.key
      ORDER BY r.key`,
  ]);
  // Adding up a handful of child rows (not ratings) gives the unit's totals.
  const sum = (k: keyof ChildRow) => children.reduce((n, r) => n + Number(r[k] ?? 0), 0);
  const total = sum('total');
  const ratings = figuresOf({
    total,
    ...(Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, sum(l)])) as LevelCounts),
    averageScore: total === 0 ? null : Math.round((sum('scoreSum') / total) * 100) / 100,
  });
  return {
    unitId: unit.id,
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    asOf: asOf.toISOString(),
    ratings,
    cases,
    children: children.map((r): ChildUnitFigures => ({
      unitId: r.unitId,
      nameVi: r.nameVi,
      nameEn: r.nameEn,
      ratings: figuresOf(r),
      cases: { total: Number(r.cTotal), open: Number(r.cOpen), closed: Number(r.cClosed), overdue: Number(r.cOverdue), substantiated: Number(r.cSub), notSubstantiated: Number(r.cNotSub) },
    })),
  };
}

// ───────────────────────────── Look-up ─────────────────────────────

export interface LookupRow {
  id: string;
  submittedAt: Date;
  amendedAt: Date | null;
  level: SatisfactionLevelName;
  subjectKind: SubjectKind;
  subjectKey: string;
  reasonCodes: string[];
  comment: string | null;
  declarationId: string;
  declarationNumber: string;
  registeredAt: Date;
  businessId: string;
  businessName: string;
  taxCode: string;
  branchId: string;
  branchNameVi: string;
  branchNameEn: string;
  unitId: string | null;
  unitNameVi: string | null;
  unitNameEn: string | null;
  stageId: string | null;
  stageNameVi: string | null;
  stageNameEn: string | null;
  officerId: string | null;
  officerName: string | null;
  employeeCode: string | null;
  caseId: string | null;
  caseStatus: string | null;
  caseOutcome: string | null;
}

function lookupSql(filter: FeedbackFilter, tail: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT f.id, f."submittedAt", f."amendedAt", f.level::text AS level, f."subjectKind"::text AS "subjectKind", f."subjectKey",
      f."reasonCodes", f.comment,
      d.id AS "declarationId", d.number AS "declarationNumber", d."registeredAt",
      b.id AS "businessId", b.name AS "businessName", b."taxCode",
      br.id AS "branchId", br."nameVi" AS "branchNameVi", br."nameEn" AS "branchNameEn",
      u.id AS "unitId", u."nameVi" AS "unitNameVi", u."nameEn" AS "unitNameEn",
      st.id AS "stageId", st."nameVi" AS "stageNameVi", st."nameEn" AS "stageNameEn",
      o.id AS "officerId", o."fullName" AS "officerName", o."employeeCode",
      c.id AS "caseId", c.status::text AS "caseStatus", c.outcome::text AS "caseOutcome"
    FROM "Feedback" f
    ${joinsFor(filter, { business: true })}
    JOIN "Unit" br ON br.id = d."branchUnitId"
    LEFT JOIN "Unit" u ON u.id = f."subjectUnitId"
    LEFT JOIN "ProfessionalStage" st ON st.id = f."subjectStageId"
    LEFT JOIN "Officer" o ON o.id = f."subjectOfficerId"
    LEFT JOIN "FeedbackCase" c ON c."feedbackId" = f.id
    ${tail}`;
}

/** One page of the look-up, newest first, and the number of matching ratings. */
export async function lookupRatings(db: Db, filter: FeedbackFilter, paging: { limit: number; offset: number }) {
  const where = feedbackWhereSql(filter);
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<LookupRow[]>(lookupSql(filter, Prisma.sql`${where} ORDER BY f."submittedAt" DESC, f.id DESC LIMIT ${paging.limit} OFFSET ${paging.offset}`)),
    db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM "Feedback" f ${joinsFor(filter)} ${where}`,
  ]);
  return { rows, total };
}

export async function countRatings(db: Db, filter: FeedbackFilter): Promise<number> {
  const [{ total }] = await db.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM "Feedback" f ${joinsFor(filter)} ${feedbackWhereSql(filter)}`;
  return total;
}

/** The look-up in keyset batches (newest first), for exports of any size without OFFSET. */
export async function* lookupBatches(db: Db, filter: FeedbackFilter, batchSize: number): AsyncGenerator<LookupRow[]> {
  let after: { submittedAt: Date; id: string } | null = null;
  for (;;) {
    const where = feedbackWhereSql(filter, after ? [Prisma.sql`(f."submittedAt", f.id) < (${after.submittedAt}, ${after.id})`] : []);
    const rows = await db.$queryRaw<LookupRow[]>(lookupSql(filter, Prisma.sql`${where} ORDER BY f."submittedAt" DESC, f.id DESC LIMIT ${batchSize}`));
    if (rows.length) yield rows;
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1];
    after = { submittedAt: new Date(last.submittedAt), id: last.id };
  }
}

// ───────────────────────────── Overview ─────────────────────────────

const KIND_DIMENSION: Record<SubjectKind, 'branch' | 'team' | 'stage' | 'officer'> = { BRANCH: 'branch', TEAM: 'team', STAGE: 'stage', OFFICER: 'officer' };

export interface FeedbackOverview {
  ratings: RatingFigures;
  /** The `top` most rated subjects of each kind, with how many subjects of that kind were rated. */
  bySubject: Record<'branch' | 'team' | 'stage' | 'officer', { groups: number; rows: DistributionRow[] }>;
  cases: CaseFigures;
}

/**
 * Totals, the distribution by level and the most rated subjects of every kind in ONE scan of the ratings
 * (grouped by subject, then ranked per kind; the totals add up the groups), plus the case figures.
 */
export async function feedbackOverview(db: Db, filter: FeedbackFilter, top: number, asOf: Date): Promise<FeedbackOverview> {
  const levelSums = Prisma.raw(SATISFACTION_LEVELS.map((l) => `sum("${l}")::int AS "${l}"`).join(', '));
  const rated = ratingRows(filter);
  const [groups, cases] = await Promise.all([
    db.$queryRaw<(RatingRow & { kind: SubjectKind | 'TOTAL'; key: string | null; groups: number })[]>`
      WITH g AS (
        SELECT f."subjectKind"::text AS kind, coalesce(f."subjectOfficerId", f."subjectStageId", f."subjectUnitId") AS key,
          sum(${rated.n})::int AS total, ${levelCountsOf(rated.n)}, sum(${LEVEL_SCORE} * ${rated.n})::bigint AS "scoreSum"
        FROM ${rated.from}
        GROUP BY 1, 2
      ), ranked AS (
        SELECT g.*, row_number() OVER (PARTITION BY kind ORDER BY total DESC, key) AS rn, count(*) OVER (PARTITION BY kind)::int AS groups
        FROM g
      )
      SELECT kind, key, total, ${Prisma.raw(SATISFACTION_LEVELS.map((l) => `"${l}"`).join(', '))},
        round(("scoreSum"::numeric / nullif(total, 0)), 2)::float8 AS "averageScore", groups
      FROM ranked WHERE rn <= ${top}
      UNION ALL
      SELECT 'TOTAL', NULL, coalesce(sum(total), 0)::int, ${levelSums},
        round((sum("scoreSum")::numeric / nullif(sum(total), 0)), 2)::float8, count(*)::int
      FROM g`,
    caseFigures(db, filter, asOf),
  ]);
  const totalRow = groups.find((g) => g.kind === 'TOTAL')!;
  const ratings = figuresOf({ ...totalRow, ...Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, Number(totalRow[l] ?? 0)])) } as RatingRow);
  const subjectRows = groups.filter((g) => g.kind !== 'TOTAL' && g.key !== null);
  const ids = (kind: SubjectKind) => subjectRows.filter((g) => g.kind === kind).map((g) => g.key!);
  const [units, stages, officers] = await Promise.all([
    db.unit.findMany({ where: { id: { in: [...ids('BRANCH'), ...ids('TEAM')] } }, select: { id: true, nameVi: true, nameEn: true } }),
    db.professionalStage.findMany({ where: { id: { in: ids('STAGE') } }, select: { id: true, nameVi: true, nameEn: true } }),
    db.officer.findMany({ where: { id: { in: ids('OFFICER') } }, select: { id: true, fullName: true, employeeCode: true, unitId: true } }),
  ]);
  const names = new Map<string, { nameVi: string; nameEn: string; employeeCode?: string; unitId?: string }>([
    ...units.map((u) => [u.id, u] as const),
    ...stages.map((s) => [s.id, s] as const),
    ...officers.map((o) => [o.id, { nameVi: o.fullName, nameEn: o.fullName, employeeCode: o.employeeCode, unitId: o.unitId }] as const),
  ]);
  const bySubject = Object.fromEntries(
    (Object.keys(KIND_DIMENSION) as SubjectKind[]).map((kind) => {
      const rows = subjectRows
        .filter((g) => g.kind === kind)
        .sort((a, b) => b.total - a.total || (a.key! < b.key! ? -1 : 1))
        .map((g): DistributionRow => {
          const n = names.get(g.key!);
          return {
            id: g.key!,
            nameVi: n?.nameVi ?? null,
            nameEn: n?.nameEn ?? null,
            ...(kind === 'OFFICER' ? { employeeCode: n?.employeeCode ?? null, unitId: n?.unitId ?? null } : {}),
            ...figuresOf(g),
          };
        });
      return [KIND_DIMENSION[kind], { groups: subjectRows.find((g) => g.kind === kind)?.groups ?? 0, rows }];
    }),
  ) as FeedbackOverview['bySubject'];
  return { ratings, bySubject, cases };
}
