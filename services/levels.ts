// Competency levels of a cycle's results, by the cycle's frozen LEVEL rule set: assigned a batch at a time
// (keyset on the result id, one UPDATE per batch), and previewed for a draft rule set without writing anything.
// Facts come from the result, its sub-scores (each with the level the position requires) and the position.
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { Prisma, type PrismaClient } from '../prisma/db';
import { decideLevel, LEVEL_RANK, type CompetencySubScore, type LevelCode, type LevelDecision } from '../rules/level';
import { renderLevelTrace, type Locale } from '../rules/level-messages';
import type { RuleSetDocument } from '../rules/rule-set-schema';
import { loadRuleSet } from './rule-sets';

export interface AssignLevelsInput {
  cycleId: string;
  /** Keyset cursor: results with an id after this one. */
  after: string | null;
  limit: number;
  /** Only results without a level yet; by default every result is (re)assigned, which a retry repeats harmlessly. */
  onlyUnassigned?: boolean;
}

export interface AssignLevelsResult {
  /** The last result id of the batch; null when there was none (the end). */
  lastId: string | null;
  assigned: number;
  byLevel: Record<LevelCode, number>;
}

/** One result as the level rules see it. */
export interface LevelRow {
  resultId: string;
  score: number;
  passed: boolean;
  /** What is stored now. */
  level: LevelCode | null;
  isLeadership: boolean;
  competencies: CompetencySubScore[];
}

export interface ComputedLevel {
  resultId: string;
  /** The stored level. */
  stored: LevelCode | null;
  decision: LevelDecision;
}

const zeroByLevel = (): Record<LevelCode, number> => ({ NOT_ACHIEVED: 0, LEVEL_1: 0, LEVEL_2: 0, LEVEL_3: 0 });

/** Assigns levels to one batch of a cycle's results. Idempotent: the same facts and rules give the same writes. */
export async function assignLevelsBatch(prisma: PrismaClient, { cycleId, after, limit, onlyUnassigned = false }: AssignLevelsInput): Promise<AssignLevelsResult> {
  const cycle = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycleId }, select: { code: true, levelRuleSetId: true } });
  if (!cycle.levelRuleSetId) {
    throw ApplicationFailure.nonRetryable(`Cycle ${cycle.code} has no frozen level rule set`, 'NoRuleSet');
  }
  const rules = await loadRuleSet(prisma, cycle.levelRuleSetId);
  if (rules.kind !== 'LEVEL') {
    throw ApplicationFailure.nonRetryable(`Cycle ${cycle.code}'s level rule set is a ${rules.kind} rule set`, 'WrongRuleSetKind');
  }
  const rows = await loadLevelRows(prisma, { cycleId, after, limit, onlyUnassigned });
  const byLevel = zeroByLevel();
  if (rows.length === 0) return { lastId: null, assigned: 0, byLevel };

  const computed = await decideRows(rules, rows);
  const writes = computed.map(({ resultId, decision }) => {
    if (!decision.level) {
      // A gap in an active rule set is a defect of that version: stop rather than store a made-up level.
      throw ApplicationFailure.nonRetryable(
        `Level rules '${rules.id}' v${rules.version} give no level for result ${resultId}: ${renderLevelTrace(decision.trace, 'en')}`,
        'NoLevel',
      );
    }
    byLevel[decision.level]++;
    return { id: resultId, level: decision.level, trace: decision.trace };
  });
  await writeLevels(prisma, cycleId, cycle.levelRuleSetId, writes);
  return { lastId: rows[rows.length - 1].resultId, assigned: writes.length, byLevel };
}

/** One statement for a whole batch of decided levels. */
async function writeLevels(prisma: PrismaClient, cycleId: string, ruleSetId: string, writes: { id: string; level: string; trace: unknown }[]) {
  await prisma.$executeRaw`
    UPDATE "Result" AS r
    SET level            = d.level::"CompetencyLevel",
        "levelTrace"     = d.trace,
        "levelRuleSetId" = ${ruleSetId}
    FROM jsonb_to_recordset(${JSON.stringify(writes)}::jsonb) AS d(id text, level text, trace jsonb)
    WHERE r.id = d.id AND r."cycleId" = ${cycleId}`;
}

/**
 * Levels one result (a re-examination's, graded after the cycle's LEVELS phase) with its cycle's frozen rules.
 * A result the rules cannot level is left as it is.
 */
export async function levelResult(prisma: PrismaClient, resultId: string): Promise<void> {
  const result = await prisma.result.findUniqueOrThrow({ where: { id: resultId }, select: { cycleId: true, cycle: { select: { levelRuleSetId: true } } } });
  if (!result.cycle.levelRuleSetId) return;
  const rules = await loadRuleSet(prisma, result.cycle.levelRuleSetId);
  const [computed] = await computeLevels(prisma, rules, { resultIds: [resultId] });
  if (!computed?.decision.level) return;
  await writeLevels(prisma, result.cycleId, result.cycle.levelRuleSetId, [{ id: resultId, level: computed.decision.level, trace: computed.decision.trace }]);
}

/**
 * Levels that `rules` would give to a batch of results, written nowhere: a cycle's results from a keyset cursor,
 * or the given result ids. Throws on data the rules cannot judge (a ZodError naming the result).
 */
export async function computeLevels(
  prisma: PrismaClient,
  rules: RuleSetDocument,
  select: { cycleId: string; after: string | null; limit: number } | { resultIds: string[] },
): Promise<ComputedLevel[]> {
  return decideRows(rules, await loadLevelRows(prisma, select));
}

async function decideRows(rules: RuleSetDocument, rows: LevelRow[]): Promise<ComputedLevel[]> {
  const out: ComputedLevel[] = [];
  for (const row of rows) {
    let decision: LevelDecision;
    try {
      decision = await decideLevel(rules, { totalScore: row.score, passed: row.passed, isLeadership: row.isLeadership, competencies: row.competencies });
    } catch (err) {
      if (err instanceof z.ZodError) {
        throw ApplicationFailure.nonRetryable(`Result ${row.resultId} cannot be judged by the level rules: ${err.message}`, 'BadLevelFacts');
      }
      throw err;
    }
    out.push({ resultId: row.resultId, stored: row.level, decision });
  }
  return out;
}

/** Results with their sub-scores, in id order; one query (sub-scores aggregated per result). */
export async function loadLevelRows(
  prisma: PrismaClient,
  select: { cycleId: string; after: string | null; limit: number; onlyUnassigned?: boolean } | { resultIds: string[] },
): Promise<LevelRow[]> {
  let where: Prisma.Sql;
  let limit: Prisma.Sql;
  if ('resultIds' in select) {
    if (select.resultIds.length === 0) return [];
    where = Prisma.sql`r.id IN (${Prisma.join(select.resultIds)})`;
    limit = Prisma.empty;
  } else {
    const conditions = [Prisma.sql`r."cycleId" = ${select.cycleId}`];
    if (select.after) conditions.push(Prisma.sql`r.id > ${select.after}`);
    if (select.onlyUnassigned) conditions.push(Prisma.sql`r.level IS NULL`);
    where = Prisma.join(conditions, ' AND ');
    limit = Prisma.sql`LIMIT ${select.limit}`;
  }
  const rows = await prisma.$queryRaw<
    { id: string; score: number; passed: boolean; level: LevelCode | null; isLeadership: boolean; competencies: CompetencySubScore[] | string }[]
  >`
    SELECT r.id, r.score::float8 AS score, r.passed, r.level::text AS level, p."isLeadership" AS "isLeadership",
           COALESCE((
             SELECT json_agg(json_build_object('competencyId', s."competencyId", 'code', c.code, 'score', s.score::float8,
                                               'requiredLevel', s."requiredLevel") ORDER BY c.code)
             FROM "ResultCompetencyScore" s JOIN "Competency" c ON c.id = s."competencyId"
             WHERE s."resultId" = r.id
           ), '[]'::json) AS competencies
    FROM "Result" r JOIN "JobPosition" p ON p.id = r."positionId"
    WHERE ${where}
    ORDER BY r.id
    ${limit}`;
  return rows.map((r) => ({
    resultId: r.id,
    score: Number(r.score),
    passed: r.passed,
    level: r.level,
    isLeadership: r.isLeadership,
    competencies: typeof r.competencies === 'string' ? JSON.parse(r.competencies) : r.competencies,
  }));
}

// ───────────────────────────── preview of a rule set against a past cycle ─────────────────────────────

/** A level, or NONE: no level stored (and none computable), or no rule of the previewed set holds. */
export type LevelKey = LevelCode | 'NONE';
export const LEVEL_KEYS: readonly LevelKey[] = ['LEVEL_3', 'LEVEL_2', 'LEVEL_1', 'NOT_ACHIEVED', 'NONE'];
const keyRank = (k: LevelKey) => (k === 'NONE' ? -1 : LEVEL_RANK[k]);

export interface LevelMover {
  resultId: string;
  officerId: string;
  employeeCode: string;
  fullName: string;
  /** The unit the officer registered from in that cycle. */
  unit: { id: string; code: string; nameVi: string; nameEn: string };
  positionId: string;
  score: number;
  from: LevelKey;
  to: LevelKey;
  /** Why the previewed rules give `to`, in the caller's language. */
  explanation: string;
}

export interface LevelPreview {
  cycleId: string;
  /** The rule set the cycle froze at launch (compared against when a result has no stored level). */
  frozenRuleSetId: string | null;
  results: number;
  current: Record<LevelKey, number>;
  proposed: Record<LevelKey, number>;
  /** matrix[from][to] = results that would move from one to the other (the diagonal stays). */
  matrix: Record<LevelKey, Record<LevelKey, number>>;
  moved: { total: number; up: number; down: number };
  movers: { items: LevelMover[]; page: number; pageSize: number; total: number };
}

const zeroByKey = (): Record<LevelKey, number> => ({ LEVEL_3: 0, LEVEL_2: 0, LEVEL_1: 0, NOT_ACHIEVED: 0, NONE: 0 });

/**
 * What `rules` would change in a cycle's levels. "Now" is the stored level, or, for a result without one, what the
 * cycle's frozen rule set gives. Movers are sorted from the highest current level down, then by the new level
 * (highest first), then by score; `page`/`pageSize` pick the ones described in full.
 */
export async function previewLevels(
  prisma: PrismaClient,
  input: { cycleId: string; rules: RuleSetDocument; page: number; pageSize: number; locale: Locale; batchSize?: number },
): Promise<LevelPreview> {
  const cycle = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: input.cycleId }, select: { levelRuleSetId: true } });
  const frozen = cycle.levelRuleSetId ? await loadRuleSet(prisma, cycle.levelRuleSetId) : null;
  const current = zeroByKey();
  const proposed = zeroByKey();
  const matrix = Object.fromEntries(LEVEL_KEYS.map((k) => [k, zeroByKey()])) as Record<LevelKey, Record<LevelKey, number>>;
  const movers: { resultId: string; from: LevelKey; to: LevelKey; score: number }[] = [];
  let results = 0;
  let after: string | null = null;
  const batchSize = input.batchSize ?? 1000;
  for (;;) {
    const rows = await loadLevelRows(prisma, { cycleId: input.cycleId, after, limit: batchSize });
    if (rows.length === 0) break;
    after = rows[rows.length - 1].resultId;
    const next = await decideRows(input.rules, rows);
    const missing = rows.filter((r) => r.level === null);
    const fallback = frozen && missing.length ? new Map((await decideRows(frozen, missing)).map((c) => [c.resultId, c.decision.level])) : undefined;
    rows.forEach((row, i) => {
      const from: LevelKey = row.level ?? fallback?.get(row.resultId) ?? 'NONE';
      const to: LevelKey = next[i].decision.level ?? 'NONE';
      results++;
      current[from]++;
      proposed[to]++;
      matrix[from][to]++;
      if (from !== to) movers.push({ resultId: row.resultId, from, to, score: row.score });
    });
    if (rows.length < batchSize) break;
  }

  const up = movers.filter((m) => m.from !== 'NONE' && m.to !== 'NONE' && keyRank(m.to) > keyRank(m.from)).length;
  const down = movers.filter((m) => m.from !== 'NONE' && m.to !== 'NONE' && keyRank(m.to) < keyRank(m.from)).length;
  movers.sort((a, b) => keyRank(b.from) - keyRank(a.from) || keyRank(b.to) - keyRank(a.to) || b.score - a.score || (a.resultId < b.resultId ? -1 : 1));
  const slice = movers.slice((input.page - 1) * input.pageSize, input.page * input.pageSize);
  return {
    cycleId: input.cycleId,
    frozenRuleSetId: cycle.levelRuleSetId,
    results,
    current,
    proposed,
    matrix,
    moved: { total: movers.length, up, down },
    movers: { items: await describeMovers(prisma, input.rules, slice, input.locale), page: input.page, pageSize: input.pageSize, total: movers.length },
  };
}

/** Names, units and the new level's explanation, for the movers on one page only. */
async function describeMovers(
  prisma: PrismaClient,
  rules: RuleSetDocument,
  movers: { resultId: string; from: LevelKey; to: LevelKey; score: number }[],
  locale: Locale,
): Promise<LevelMover[]> {
  const ids = movers.map((m) => m.resultId);
  const [details, decisions] = await Promise.all([
    prisma.result.findMany({
      where: { id: { in: ids } },
      select: {
        id: true, officerId: true, positionId: true,
        officer: { select: { employeeCode: true, fullName: true } },
        registration: { select: { unit: { select: { id: true, code: true, nameVi: true, nameEn: true } } } },
      },
    }),
    computeLevels(prisma, rules, { resultIds: ids }),
  ]);
  const byId = new Map(details.map((d) => [d.id, d]));
  const traces = new Map(decisions.map((d) => [d.resultId, d.decision.trace]));
  return movers.map((m) => {
    const d = byId.get(m.resultId)!;
    return {
      resultId: m.resultId,
      officerId: d.officerId,
      employeeCode: d.officer.employeeCode,
      fullName: d.officer.fullName,
      unit: d.registration.unit,
      positionId: d.positionId,
      score: m.score,
      from: m.from,
      to: m.to,
      explanation: renderLevelTrace(traces.get(m.resultId)!, locale),
    };
  });
}

