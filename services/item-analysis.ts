// Item analysis of a session or a whole cycle, computed after the fact from stored answers (never inside a
// candidate's request) and stored for the bank's editors. Rerunning replaces the previous figures.
import type { Prisma, PrismaClient } from '../prisma/db';
import { analyseResponses, type ResponseMatrix } from '../domain/item-statistics';

interface FormItem {
  itemVersionId: string;
}

export async function analyseItems(prisma: PrismaClient, scope: { cycleId: string; sessionId: string | null }) {
  const attempts = await prisma.attempt.findMany({
    where: {
      status: { in: ['SUBMITTED', 'AUTO_SUBMITTED'] },
      registration: { cycleId: scope.cycleId, ...(scope.sessionId ? { seat: { sessionId: scope.sessionId } } : {}) },
    },
    select: { id: true, answers: { select: { itemVersionId: true, chosenKey: true } }, form: { select: { items: true } }, registration: { select: { positionId: true } } },
  });
  const voided = new Set((await prisma.itemVoid.findMany({ where: { cycleId: scope.cycleId }, select: { itemVersionId: true } })).map((v) => v.itemVersionId));
  const itemIds = [...new Set(attempts.flatMap((a) => (a.form.items as unknown as FormItem[]).map((i) => i.itemVersionId)))].filter((id) => !voided.has(id));
  const versions = await prisma.questionItemVersion.findMany({ where: { id: { in: itemIds } }, select: { id: true, options: true, correctKey: true } });
  const items = versions.map((v) => ({ itemVersionId: v.id, optionKeys: (v.options as { key: string }[]).map((o) => o.key), correctKey: v.correctKey }));
  const keyOf = new Map(items.map((i) => [i.itemVersionId, i.correctKey]));

  const toMatrix = (subset: typeof attempts): ResponseMatrix => ({
    items,
    attempts: subset.map((a) => {
      const chosen = new Map(a.answers.map((x) => [x.itemVersionId, x.chosenKey]));
      return {
        attemptId: a.id,
        responses: (a.form.items as unknown as FormItem[])
          .filter((i) => keyOf.has(i.itemVersionId))
          .map((i) => {
            const key = chosen.get(i.itemVersionId) ?? null;
            return { itemVersionId: i.itemVersionId, chosenKey: key, score: key !== null && key === keyOf.get(i.itemVersionId) ? 1 : 0 };
          }),
      };
    }),
  });

  const overall = analyseResponses(toMatrix(attempts));
  const byPosition = new Map<string, typeof attempts>();
  for (const a of attempts) {
    const group = byPosition.get(a.registration.positionId);
    if (group) group.push(a);
    else byPosition.set(a.registration.positionId, [a]);
  }

  await prisma.$transaction(async (tx) => {
    // One analysis of a scope at a time: a retry overlapping its first attempt must not double the rows.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`analysis:${scope.cycleId}:${scope.sessionId ?? ''}`}))`;
    const where = { cycleId: scope.cycleId, sessionId: scope.sessionId };
    await tx.itemAnalysis.deleteMany({ where });
    await tx.testAnalysis.deleteMany({ where });
    await tx.itemAnalysis.createMany({
      data: overall.items.map((s) => ({
        ...where,
        itemVersionId: s.itemVersionId,
        responses: s.responses,
        facilityIndex: s.facilityIndex,
        standardDeviation: s.standardDeviation ?? 0,
        discriminationIndex: s.discriminationIndex,
        discriminativeEfficiency: s.discriminativeEfficiency,
        optionCounts: s.optionCounts as Prisma.InputJsonObject,
        flags: s.flags,
      })),
    });
    const tests = [...byPosition.entries()].map(([positionId, subset]) => ({ positionId, test: analyseResponses(toMatrix(subset)).test }));
    await tx.testAnalysis.createMany({
      data: tests.filter((t) => t.test.attempts > 0).map(({ positionId, test }) => ({
        ...where,
        positionId,
        attempts: test.attempts,
        mean: test.mean ?? 0,
        standardDeviation: test.standardDeviation ?? 0,
        internalConsistency: test.internalConsistency,
        errorRatio: test.errorRatio,
        standardError: test.standardError,
      })),
    });
  });
  return { attempts: attempts.length, items: overall.items.length };
}

/** The cycle-wide item analysis when grading starts: how many items and attempts it covered. */
export async function analyseCycleItems(prisma: PrismaClient, cycleId: string) {
  const analysis = await analyseItems(prisma, { cycleId, sessionId: null });
  return { items: analysis.items, attempts: analysis.attempts };
}

// ───────────────────────────── reading a cycle's analysis ─────────────────────────────

export const ITEM_ANALYSIS_SORTS = ['flags', 'facility', 'discrimination', 'responses', 'code'] as const;
export type ItemAnalysisSort = (typeof ITEM_ANALYSIS_SORTS)[number];
export const ITEM_FLAGS = ['NEGATIVE_DISCRIMINATION', 'TOO_HARD', 'LOW_DISCRIMINATION', 'TOO_EASY'] as const;

interface AnalysisRow {
  itemVersionId: string;
  code: string;
  version: number;
  stem: string;
  options: { key: string; text: string }[];
  correctKey: string;
  difficulty: string;
  competencyId: string;
  competencyNameVi: string;
  competencyNameEn: string;
  responses: number;
  facilityIndex: number;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
  optionCounts: Record<string, number>;
  flags: string[];
  computedAt: Date;
  voidReason: string | null;
  voidedAt: Date | null;
}

// Column expressions by sort key: fixed strings, never the caller's text.
const ORDER_BY: Record<Exclude<ItemAnalysisSort, 'flags'>, string> = {
  facility: 'a."facilityIndex"',
  discrimination: 'a."discriminationIndex"',
  responses: 'a.responses',
  code: 'q.code',
};

/**
 * A cycle's item analysis (over every session), a page at a time. By default ('flags') the items to act on come
 * first: flagged and not voided, the gravest flag first (negative discrimination, too hard, low discrimination,
 * too easy), then the weakest discrimination. Voided items stay listed with their reason.
 */
export async function readCycleItemAnalysis(
  prisma: PrismaClient,
  input: { cycleId: string; page: number; pageSize: number; sort: ItemAnalysisSort; order: 'asc' | 'desc'; flaggedOnly: boolean },
) {
  const dir = input.order === 'desc' ? 'DESC' : 'ASC';
  const flagged = `(cardinality(a.flags) > 0 AND v2.id IS NULL)`;
  const severity = `CASE WHEN 'NEGATIVE_DISCRIMINATION' = ANY(a.flags) THEN 0 WHEN 'TOO_HARD' = ANY(a.flags) THEN 1 WHEN 'LOW_DISCRIMINATION' = ANY(a.flags) THEN 2 WHEN 'TOO_EASY' = ANY(a.flags) THEN 3 ELSE 4 END`;
  const order =
    input.sort === 'flags'
      ? `${flagged} DESC, ${severity} ${dir}, a."discriminationIndex" ASC NULLS LAST, q.code ASC`
      : `${ORDER_BY[input.sort]} ${dir} NULLS LAST, q.code ASC`;
  const where = `a."cycleId" = $1 AND a."sessionId" IS NULL${input.flaggedOnly ? ` AND ${flagged}` : ''}`;
  const from = `
    FROM "ItemAnalysis" a
    JOIN "QuestionItemVersion" v ON v.id = a."itemVersionId"
    JOIN "QuestionItem" q ON q.id = v."itemId"
    JOIN "Competency" c ON c.id = v."competencyId"
    LEFT JOIN "ItemVoid" v2 ON v2."cycleId" = a."cycleId" AND v2."itemVersionId" = a."itemVersionId"`;
  const [rows, counts, tests] = await Promise.all([
    prisma.$queryRawUnsafe<AnalysisRow[]>(
      `SELECT a."itemVersionId", q.code, v.version, v.stem, v.options, v."correctKey", v.difficulty::text AS difficulty,
              c.id AS "competencyId", c."nameVi" AS "competencyNameVi", c."nameEn" AS "competencyNameEn",
              a.responses, a."facilityIndex", a."discriminationIndex", a."discriminativeEfficiency", a."optionCounts", a.flags, a."computedAt",
              v2.reason AS "voidReason", v2."voidedAt"
       ${from} WHERE ${where} ORDER BY ${order} LIMIT $2 OFFSET $3`,
      input.cycleId, input.pageSize, (input.page - 1) * input.pageSize,
    ),
    prisma.$queryRawUnsafe<{ total: number; flagged: number; voided: number; computedAt: Date | null }[]>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE ${flagged})::int AS flagged, count(v2.id)::int AS voided, max(a."computedAt") AS "computedAt"
       ${from} WHERE a."cycleId" = $1 AND a."sessionId" IS NULL`,
      input.cycleId,
    ),
    prisma.testAnalysis.aggregate({ where: { cycleId: input.cycleId, sessionId: null }, _sum: { attempts: true } }),
  ]);
  const [count] = counts;
  return {
    computedAt: count.computedAt?.toISOString() ?? null,
    attempts: tests._sum.attempts ?? 0,
    totals: { items: count.total, flagged: count.flagged, voided: count.voided },
    items: rows.map((r) => ({
      itemVersionId: r.itemVersionId,
      code: r.code,
      version: r.version,
      stem: r.stem,
      difficulty: r.difficulty as 'EASY' | 'MEDIUM' | 'HARD',
      competency: { id: r.competencyId, nameVi: r.competencyNameVi, nameEn: r.competencyNameEn },
      responses: r.responses,
      facilityIndex: r.facilityIndex,
      discriminationIndex: r.discriminationIndex,
      discriminativeEfficiency: r.discriminativeEfficiency,
      flags: ITEM_FLAGS.filter((f) => r.flags.includes(f)),
      options: r.options.map((o) => ({ key: o.key, text: o.text, count: r.optionCounts[o.key] ?? 0, correct: o.key === r.correctKey })),
      blank: r.optionCounts.blank ?? 0,
      voided: r.voidedAt ? { reason: r.voidReason ?? '', voidedAt: r.voidedAt.toISOString() } : null,
    })),
    page: input.page,
    pageSize: input.pageSize,
    total: input.flaggedOnly ? count.flagged : count.total,
  };
}
