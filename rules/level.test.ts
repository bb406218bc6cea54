import { describe, expect, it } from 'vitest';
import { builtInRuleSet } from './builtin';
import {
  decideLevel,
  deriveLevelFacts,
  levelRuleIssues,
  parseRuleSetWithLevelChecks,
  type CompetencySubScore,
  type LevelInput,
} from './level';
import { renderLevelTrace } from './level-messages';
import { parseRuleSet, ruleSetChecksum, RuleSetError, type RuleSetDocument, type RuleSetIssue } from './rule-set-schema';
import levelV1Json from './level/v1.json' with { type: 'json' };

const v1 = builtInRuleSet('LEVEL', 1) as RuleSetDocument;

const sub = (code: string, score: number, requiredLevel: number): CompetencySubScore => ({ competencyId: code, code, score, requiredLevel });

/** A tax officer's framework: one competency required at each level, all comfortably above every threshold. */
const strong: LevelInput = {
  totalScore: 92,
  passed: true,
  isLeadership: false,
  competencies: [sub('C-F2-1', 90, 1), sub('C-F2-2', 88, 2), sub('C-COM-LAW', 95, 3)],
};
/** The input with one competency's score replaced, and the total. */
function withScores(totalScore: number, scores: Partial<Record<string, number>> = {}): LevelInput {
  return { ...strong, totalScore, competencies: strong.competencies.map((c) => ({ ...c, score: scores[c.code] ?? c.score })) };
}
const level = async (input: LevelInput) => (await decideLevel(v1, input)).level;
const firedRules = async (input: LevelInput) => (await decideLevel(v1, input)).trace.rules.filter((r) => r.fired).map((r) => r.rule);

describe('level v1: each rule at its boundaries', () => {
  it('level 3 at total 85 with every competency at 70; not below either', async () => {
    expect(await level(withScores(85, { 'C-F2-1': 70, 'C-F2-2': 70, 'C-COM-LAW': 70 }))).toBe('LEVEL_3');
    expect(await level(withScores(84.99, { 'C-F2-1': 70, 'C-F2-2': 70, 'C-COM-LAW': 70 }))).toBe('LEVEL_2');
    expect(await level(withScores(85, { 'C-F2-1': 69.99 }))).toBe('LEVEL_2');
    // Every rule up to level 3 holds; the highest level wins.
    expect(await firedRules(strong)).toEqual(['level-3', 'level-2', 'level-1']);
  });

  it('level 2 at total 70 with each competency exactly at its required level\'s threshold (1: 50, 2: 60, 3: 70)', async () => {
    const atThresholds = { 'C-F2-1': 50, 'C-F2-2': 60, 'C-COM-LAW': 70 };
    expect(await level(withScores(70, atThresholds))).toBe('LEVEL_2');
    expect(await level(withScores(69.99, atThresholds))).toBe('LEVEL_1');
    expect(await firedRules(withScores(70, atThresholds))).toEqual(['level-2', 'level-1']);
  });

  it.each([
    ['required level 1 below 50', { 'C-F2-1': 49.99 }],
    ['required level 2 below 60', { 'C-F2-2': 59.99 }],
    ['required level 3 below 70', { 'C-COM-LAW': 69.99 }],
  ])('level 1, not 2, with a competency %s', async (_what, scores) => {
    expect(await level(withScores(80, scores))).toBe('LEVEL_1');
  });

  it('level 1 at total 50 with the weakest competency at 30', async () => {
    expect(await level(withScores(50, { 'C-F2-1': 30 }))).toBe('LEVEL_1');
    expect(await firedRules(withScores(50, { 'C-F2-1': 30 }))).toEqual(['level-1']);
  });

  it('not achieved below total 50, or with any competency below 30 whatever the total', async () => {
    expect(await level(withScores(49.99))).toBe('NOT_ACHIEVED');
    expect(await level(withScores(95, { 'C-F2-2': 29.99 }))).toBe('NOT_ACHIEVED');
    expect(await firedRules(withScores(95, { 'C-F2-2': 29.99 }))).toEqual(['not-achieved']);
    expect(await level(withScores(0, { 'C-F2-1': 0, 'C-F2-2': 0, 'C-COM-LAW': 0 }))).toBe('NOT_ACHIEVED');
  });

  it('a required level with no competency is met; a competency outside the framework counts as required at level 1', async () => {
    const noLevel3: LevelInput = { ...strong, totalScore: 75, competencies: [sub('C-F2-1', 55, 1), sub('C-F2-2', 61, 2)] };
    expect(deriveLevelFacts(noLevel3)).toMatchObject({ competenciesAtRequiredLevel3: 0, weakestScoreAtRequiredLevel3: 100, highestRequiredLevel: 2 });
    expect(await level(noLevel3)).toBe('LEVEL_2');
    const outside = { ...noLevel3, competencies: [...noLevel3.competencies, sub('C-COM-IT', 45, 0)] };
    expect(deriveLevelFacts(outside)).toMatchObject({ competenciesAtRequiredLevel1: 2, weakestScoreAtRequiredLevel1: 45, competencyCount: 3 });
    expect(await level(outside)).toBe('LEVEL_1');
  });

  it('derives the facts purely', () => {
    const copy = structuredClone(strong);
    expect(deriveLevelFacts(strong)).toEqual({
      totalScore: 92, passed: true, isLeadership: false, competencyCount: 3, weakestCompetencyScore: 88, highestRequiredLevel: 3,
      competenciesAtRequiredLevel1: 1, competenciesAtRequiredLevel2: 1, competenciesAtRequiredLevel3: 1,
      weakestScoreAtRequiredLevel1: 90, weakestScoreAtRequiredLevel2: 88, weakestScoreAtRequiredLevel3: 95,
    });
    expect(strong).toEqual(copy);
  });
});

describe('level v1: the stored trace', () => {
  it('records every rule in document order with its level, each condition with its threshold and the value seen', async () => {
    const d = await decideLevel(v1, withScores(76, { 'C-F2-2': 65 }));
    expect(d.level).toBe('LEVEL_2');
    expect(d.trace).toMatchObject({ level: 'LEVEL_2', rule: 'level-2', ruleSet: { id: 'level', version: 1 } });
    expect(d.trace.rules.map((r) => [r.rule, r.level, r.fired])).toEqual([
      ['level-3', 'LEVEL_3', false], ['level-2', 'LEVEL_2', true], ['level-1', 'LEVEL_1', true], ['not-achieved', 'NOT_ACHIEVED', false],
    ]);
    expect(d.trace.rules[0].conditions).toEqual([
      { at: 'all[0]', fact: 'totalScore', operator: 'greaterThanInclusive', value: 85, factValue: 76, result: false },
      { at: 'all[1]', fact: 'weakestCompetencyScore', operator: 'greaterThanInclusive', value: 70, factValue: 65, result: false },
    ]);
    expect(d.trace.rules[1].conditions.map((c) => [c.fact, c.value, c.factValue, c.result])).toEqual([
      ['totalScore', 70, 76, true],
      ['weakestScoreAtRequiredLevel1', 50, 90, true],
      ['weakestScoreAtRequiredLevel2', 60, 65, true],
      ['weakestScoreAtRequiredLevel3', 70, 95, true],
    ]);
    expect(d.trace.rules[1].event).toEqual({ type: 'level', params: { code: 'LEVEL_2', nameVi: 'Mức 2', nameEn: 'Level 2' } });
    expect(d.trace.competencies).toEqual([
      { code: 'C-COM-LAW', score: 95, requiredLevel: 3 }, { code: 'C-F2-1', score: 90, requiredLevel: 1 }, { code: 'C-F2-2', score: 65, requiredLevel: 2 },
    ]);
    // Storable in a Json column as it is, and readable from what was stored.
    const stored = JSON.parse(JSON.stringify(d.trace));
    expect(stored).toEqual(d.trace);
    expect(renderLevelTrace(stored, 'vi')).toBe(renderLevelTrace(d.trace, 'vi'));
  });
});

describe('renderLevelTrace', () => {
  const render = async (input: LevelInput) => {
    const { trace } = await decideLevel(v1, input);
    return [renderLevelTrace(trace, 'vi'), renderLevelTrace(trace, 'en')];
  };

  it('level 2, and what kept it from level 3', async () => {
    const input: LevelInput = {
      totalScore: 76, passed: true, isLeadership: false,
      competencies: [sub('C-F1-1', 80, 1), sub('C-F1-2', 65, 2), sub('C-COM-LAW', 72, 2)],
    };
    expect(await render(input)).toEqual([
      'Mức 2 vì tổng điểm 76 ≥ 70 và mọi năng lực đạt ngưỡng yêu cầu; chưa đạt mức 3 vì tổng điểm 76 < 85 và năng lực C-F1-2 = 65 < 70',
      'Level 2 because total score 76 ≥ 70 and every competency reaches the threshold of its required level; not level 3 because total score 76 < 85 and competency C-F1-2 = 65 < 70',
    ]);
    expect((await render({ ...input, totalScore: 88 }))[0]).toBe(
      'Mức 2 vì tổng điểm 88 ≥ 70 và mọi năng lực đạt ngưỡng yêu cầu; chưa đạt mức 3 vì năng lực C-F1-2 = 65 < 70',
    );
  });

  it('level 3, with nothing above it', async () => {
    expect(await render(strong)).toEqual([
      'Mức 3 vì tổng điểm 92 ≥ 85 và mọi năng lực ≥ 70',
      'Level 3 because total score 92 ≥ 85 and every competency ≥ 70',
    ]);
  });

  it('level 1, naming each competency below its required level\'s threshold, with decimals in each language', async () => {
    expect(await render(withScores(72.5, { 'C-F2-1': 45, 'C-F2-2': 55.25 }))).toEqual([
      'Mức 1 vì tổng điểm 72,5 ≥ 50 và mọi năng lực ≥ 30; chưa đạt mức 2 vì năng lực C-F2-1 (yêu cầu mức 1) = 45 < 50 và năng lực C-F2-2 (yêu cầu mức 2) = 55,25 < 60',
      'Level 1 because total score 72.5 ≥ 50 and every competency ≥ 30; not level 2 because competency C-F2-1 (required level 1) = 45 < 50 and competency C-F2-2 (required level 2) = 55.25 < 60',
    ]);
  });

  it('not achieved, with every reason that applies and no "not level 1" repeating them', async () => {
    expect(await render(withScores(45, { 'C-F2-1': 25, 'C-F2-2': 20 }))).toEqual([
      'Chưa đạt vì tổng điểm 45 < 50 và năng lực C-F2-1 = 25 < 30, C-F2-2 = 20 < 30',
      'Not achieved because total score 45 < 50 and competencies C-F2-1 = 25 < 30, C-F2-2 = 20 < 30',
    ]);
    expect((await render(withScores(88, { 'C-COM-LAW': 12 })))[1]).toBe('Not achieved because competency C-COM-LAW = 12 < 30');
  });

  it('words any fact of the vocabulary, and conditions under "not"', async () => {
    const json = JSON.parse(JSON.stringify(levelV1Json));
    json.rules[0].conditions.all.push(
      { fact: 'passed', operator: 'equal', value: true },
      { not: { fact: 'competenciesAtRequiredLevel3', operator: 'equal', value: 0 } },
      { fact: 'competencyCount', operator: 'greaterThanInclusive', value: 3 },
    );
    const strict = parseRuleSet(json);
    const noLevel3: LevelInput = { ...strong, competencies: [sub('C-F2-1', 90, 1), sub('C-F2-2', 88, 2)] };
    const { level: got, trace } = await decideLevel(strict, noLevel3);
    expect(got).toBe('LEVEL_2');
    expect(renderLevelTrace(trace, 'en')).toBe(
      'Level 2 because total score 92 ≥ 70 and every competency reaches the threshold of its required level; ' +
        'not level 3 because competencies required at level 3 = 0 and number of competencies = 2 < 3',
    );
    expect(renderLevelTrace(trace, 'vi')).toBe(
      'Mức 2 vì tổng điểm 92 ≥ 70 và mọi năng lực đạt ngưỡng yêu cầu; chưa đạt mức 3 vì số năng lực yêu cầu mức 3 = 0 và số năng lực = 2 < 3',
    );
    const passedOnly = await decideLevel(strict, { ...strong, passed: false });
    expect(renderLevelTrace(passedOnly.trace, 'en')).toMatch(/; not level 3 because did not pass the test's pass mark$/);
  });

  it('says so when a draft leaves a gap, and which level came closest', async () => {
    const gap = parseRuleSet({ ...levelV1Json, rules: levelV1Json.rules.filter((r) => r.name !== 'not-achieved') });
    const { level: none, trace } = await decideLevel(gap, withScores(40));
    expect(none).toBeNull();
    expect(renderLevelTrace(trace, 'vi')).toBe('Chưa xếp được mức: không quy tắc nào thỏa; gần nhất là mức 1: tổng điểm 40 < 50');
    expect(renderLevelTrace(trace, 'en')).toBe('No level: no rule holds; the closest is level 1: total score 40 < 50');
  });
});

describe('decideLevel refuses what it cannot judge', () => {
  it('facts of the wrong shape', async () => {
    await expect(decideLevel(v1, withScores(101))).rejects.toThrow(/totalScore/);
    await expect(decideLevel(v1, { ...strong, competencies: [sub('C-F2-1', 80, 4)] })).rejects.toThrow(/requiredLevel/);
    const { passed: _dropped, ...missing } = strong;
    await expect(decideLevel(v1, missing as LevelInput)).rejects.toThrow(/passed/);
  });

  it('a rule set of another kind', async () => {
    await expect(decideLevel(builtInRuleSet('VERIFICATION', 1) as RuleSetDocument, strong)).rejects.toThrow(/not LEVEL/);
  });
});

describe('LEVEL documents', () => {
  const issuesOf = (json: unknown): RuleSetIssue[] => {
    try {
      parseRuleSetWithLevelChecks(json);
    } catch (e) {
      expect(e).toBeInstanceOf(RuleSetError);
      return (e as RuleSetError).issues;
    }
    throw new Error('expected a RuleSetError');
  };
  const copy = () => JSON.parse(JSON.stringify(levelV1Json));

  it('ships level v1, validated, frozen, with its thresholds as data', () => {
    expect(Object.isFrozen(v1) && Object.isFrozen(v1.rules[1].conditions)).toBe(true);
    expect(ruleSetChecksum(v1)).toBe(ruleSetChecksum(parseRuleSetWithLevelChecks(levelV1Json)));
    expect(levelRuleIssues(levelV1Json)).toEqual([]);
    const thresholds = v1.rules.map((r) => [r.name, r.priority, ...('all' in r.conditions ? r.conditions.all : 'any' in r.conditions ? r.conditions.any : []).map((c) => 'value' in c ? c.value : null)]);
    expect(thresholds).toEqual([
      ['level-3', 4, 85, 70], ['level-2', 3, 70, 50, 60, 70], ['level-1', 2, 50, 30], ['not-achieved', 1, 50, 30],
    ]);
  });

  it('needs a priority on every rule, higher for higher levels', () => {
    const json = copy();
    delete json.rules[3].priority;
    json.rules[0].priority = 2; // level 3 no higher than level 1
    expect(issuesOf(json)).toEqual([
      { path: 'rules[3].priority', message: expect.stringMatching(/^is required for LEVEL rules: the highest level wins/) },
      { path: 'rules[0].priority', message: "must be higher than 3 ('level-2' at rules[1] gives LEVEL_2, a lower level than LEVEL_3)" },
    ]);
  });

  it('reports vocabulary problems and level problems together', () => {
    const json = copy();
    json.rules[1].conditions.all[0].fact = 'total';
    json.rules[1].event.params.code = 'LEVEL_4';
    json.rules[2].priority = 9;
    expect(issuesOf(json).map((i) => `${i.path}: ${i.message.split(' (')[0]}`)).toEqual([
      "rules[1].conditions.all[0].fact: unknown fact 'total'",
      "rules[1].event.params.code: unknown code 'LEVEL_4'",
      'rules[0].priority: must be higher than 9',
    ]);
  });

  it('a new version changes nothing for a cycle that keeps the old one', async () => {
    const json = copy();
    json.version = 2;
    json.rules[1].conditions.all[0].value = 65;
    const v2 = parseRuleSetWithLevelChecks(json);
    const input = withScores(66);
    expect(await level(input)).toBe('LEVEL_1');
    expect((await decideLevel(v2, input)).level).toBe('LEVEL_2');
    expect(await level(input)).toBe('LEVEL_1');
  });
});
