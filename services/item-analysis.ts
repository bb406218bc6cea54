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
