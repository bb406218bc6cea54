// Assigning levels on a real database: batches, the stored trace, idempotency, and computing without writing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../prisma/db';
import { renderLevelTrace } from '../rules/level-messages';
import type { LevelTrace } from '../rules/level';
import { builtInRuleSet } from '../rules/builtin';
import type { RuleSetDocument } from '../rules/rule-set-schema';
import { testPrisma } from '../test/support';
import { levelFixture, type ResultSpec } from '../test/level-fixture';
import { createLevelActivities } from '../activities/levels';
import { computeLevels } from './levels';

let prisma: PrismaClient;
let activities: ReturnType<typeof createLevelActivities>;

beforeAll(() => {
  prisma = testPrisma();
  activities = createLevelActivities(prisma);
});
afterAll(async () => {
  await prisma?.$disconnect();
});

const SPECS: ResultSpec[] = [
  { name: 'Nguyễn Văn An', score: 92, subs: { 'C-F1-1': [90, 1], 'C-F1-2': [88, 2], 'C-COM-LAW': [95, 3] } },
  { name: 'Trần Thị Bình', score: 76, subs: { 'C-F1-1': [80, 1], 'C-F1-2': [65, 2], 'C-COM-LAW': [72, 2] } },
  { name: 'Lê Văn Cường', score: 72.5, subs: { 'C-F1-1': [45, 1], 'C-F1-2': [55, 2] } },
  { name: 'Phạm Thị Dung', score: 45, subs: { 'C-F1-1': [25, 1], 'C-F1-2': [55, 2] } },
  { name: 'Hoàng Văn Em', score: 86, subs: { 'C-F1-1': [72, 3], 'C-COM-LAW': [71, 3] }, leadership: true },
];
const EXPECTED = ['LEVEL_3', 'LEVEL_2', 'LEVEL_1', 'NOT_ACHIEVED', 'LEVEL_3'];

async function assignAll(cycleId: string, limit: number, onlyUnassigned = false) {
  const batches = [];
  let after: string | null = null;
  for (;;) {
    const batch = await activities.assignLevelsBatch({ cycleId, after, limit, onlyUnassigned });
    batches.push(batch);
    if (batch.lastId === null) return batches;
    after = batch.lastId;
  }
}

describe('assignLevelsBatch', () => {
  it("assigns every result its level by the cycle's frozen rules, a batch at a time, with a trace a person can read", async () => {
    const { cycle, results, levelRuleSetId } = await levelFixture(prisma, SPECS);
    const batches = await assignAll(cycle.id, 2);
    expect(batches.map((b) => b.assigned)).toEqual([2, 2, 1, 0]);
    const total = batches.reduce((sum, b) => sum + b.assigned, 0);
    expect(total).toBe(5);
    const byLevel = batches.reduce<Record<string, number>>((acc, b) => {
      for (const [k, v] of Object.entries(b.byLevel)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
    expect(byLevel).toEqual({ LEVEL_3: 2, LEVEL_2: 1, LEVEL_1: 1, NOT_ACHIEVED: 1 });

    const stored = await prisma.result.findMany({ where: { cycleId: cycle.id } });
    const byId = new Map(stored.map((r) => [r.id, r]));
    expect(results.map((r) => byId.get(r.id)!.level)).toEqual(EXPECTED);
    expect(stored.every((r) => r.levelRuleSetId === levelRuleSetId)).toBe(true);

    const bình = byId.get(results[1].id)!.levelTrace as unknown as LevelTrace;
    expect(bình).toMatchObject({ level: 'LEVEL_2', rule: 'level-2', ruleSet: { id: 'level', version: 1 } });
    expect(bình.facts).toMatchObject({ totalScore: 76, weakestCompetencyScore: 65, isLeadership: false, competencyCount: 3 });
    expect(renderLevelTrace(bình, 'vi')).toBe(
      'Mức 2 vì tổng điểm 76 ≥ 70 và mọi năng lực đạt ngưỡng yêu cầu; chưa đạt mức 3 vì tổng điểm 76 < 85 và năng lực C-F1-2 = 65 < 70',
    );
    const em = byId.get(results[4].id)!.levelTrace as unknown as LevelTrace;
    expect(em.facts).toMatchObject({ isLeadership: true, highestRequiredLevel: 3, competenciesAtRequiredLevel3: 2 });
  });

  it('is idempotent, and can limit itself to results without a level', async () => {
    const { cycle, results } = await levelFixture(prisma, SPECS.slice(0, 3));
    await assignAll(cycle.id, 10);
    const first = await prisma.result.findMany({ where: { cycleId: cycle.id }, orderBy: { id: 'asc' }, select: { id: true, level: true, levelTrace: true } });
    await assignAll(cycle.id, 10);
    expect(await prisma.result.findMany({ where: { cycleId: cycle.id }, orderBy: { id: 'asc' }, select: { id: true, level: true, levelTrace: true } })).toEqual(first);

    expect((await assignAll(cycle.id, 10, true)).reduce((n, b) => n + b.assigned, 0)).toBe(0);
    await prisma.result.update({ where: { id: results[1].id }, data: { level: null, levelTrace: undefined } });
    const only = await assignAll(cycle.id, 10, true);
    expect(only[0]).toMatchObject({ assigned: 1, lastId: results[1].id, byLevel: { LEVEL_2: 1, LEVEL_3: 0, LEVEL_1: 0, NOT_ACHIEVED: 0 } });
    expect((await prisma.result.findUniqueOrThrow({ where: { id: results[1].id } })).level).toBe('LEVEL_2');
  });

  it('refuses, without retrying, a cycle that froze no level rule set', async () => {
    const { cycle } = await levelFixture(prisma, SPECS.slice(0, 1), { levelRuleSetId: null });
    const failure = await activities.assignLevelsBatch({ cycleId: cycle.id, after: null, limit: 10 }).catch((e) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'NoRuleSet', nonRetryable: true });
  });
});

describe('computeLevels', () => {
  it('gives the levels another rule set would give, writing nothing', async () => {
    const { cycle, results } = await levelFixture(prisma, SPECS.slice(0, 3));
    const json = JSON.parse(JSON.stringify(builtInRuleSet('LEVEL', 1))) as { version: number; rules: { conditions: { all: { value: number }[] } }[] };
    json.version = 99;
    json.rules[1].conditions.all[2].value = 55; // required level 2: 55 instead of 60
    const lenient = json as unknown as RuleSetDocument;
    const computed = await computeLevels(prisma, lenient, { cycleId: cycle.id, after: null, limit: 10 });
    const byId = new Map(computed.map((c) => [c.resultId, c]));
    expect(results.map((r) => byId.get(r.id)!.decision.level)).toEqual(['LEVEL_3', 'LEVEL_2', 'LEVEL_1']);
    expect(results.map((r) => byId.get(r.id)!.stored)).toEqual([null, null, null]);
    const some = await computeLevels(prisma, lenient, { resultIds: [results[2].id] });
    expect(some.map((c) => c.decision.level)).toEqual(['LEVEL_1']);
    expect(await prisma.result.count({ where: { cycleId: cycle.id, level: { not: null } } })).toBe(0);
  });
});
