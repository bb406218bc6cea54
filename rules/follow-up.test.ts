import { describe, expect, it } from 'vitest';
import { builtInRuleSet } from './builtin';
import {
  followUpDedupeKey,
  followUpRuleSetIssues,
  proposeFollowUps,
  renderFollowUpTrace,
  type FollowUpProposal,
  type ResultFollowUpInput,
} from './follow-up';
import { parseRuleSet, RuleSetError, type RuleSetDocument } from './rule-set-schema';
import v1Json from './follow-up/v1.json' with { type: 'json' };

const v1 = builtInRuleSet('FOLLOW_UP', 1) as RuleSetDocument;

/** A level-2 result for the position held, every competency at or above its threshold, no earlier failure. */
const sound: ResultFollowUpInput = {
  level: 'LEVEL_2',
  totalScore: 76,
  isReexamination: false,
  registeredPositionId: 'POS-AUDIT',
  heldPositionId: 'POS-AUDIT',
  previousFailures: 0,
  competencies: [
    { competencyId: 'C-LAW', score: 50, requiredLevel: 1 },
    { competencyId: 'C-AUDIT', score: 60, requiredLevel: 2 },
    { competencyId: 'C-RISK', score: 70, requiredLevel: 3 },
  ],
};
const propose = (overrides: Partial<ResultFollowUpInput>) => proposeFollowUps(v1, { ...sound, ...overrides });
const kinds = (ps: FollowUpProposal[]) => ps.map((p) => (p.competencyId ? `${p.type}:${p.competencyId}` : p.type));
const firedRules = (p: FollowUpProposal) => p.trace.rules.filter((r) => r.fired).map((r) => r.rule);

describe('follow-up rules v1', () => {
  it('proposes nothing for a sound result', async () => {
    const proposals = await propose({});
    expect(proposals).toEqual([]);
  });

  it('proposes retraining on each competency below the threshold of its required level (50 / 60 / 70), one task each', async () => {
    const proposals = await propose({
      competencies: [
        { competencyId: 'C-LAW', score: 49.99, requiredLevel: 1 },
        { competencyId: 'C-AUDIT', score: 59, requiredLevel: 2 },
        { competencyId: 'C-RISK', score: 70, requiredLevel: 3 },
        { competencyId: 'C-ETHICS', score: 69.5, requiredLevel: 3 },
        { competencyId: 'C-IT', score: 40, requiredLevel: 0 },
      ],
    });
    expect(kinds(proposals)).toEqual(['RETRAINING:C-LAW', 'RETRAINING:C-AUDIT', 'RETRAINING:C-ETHICS', 'RETRAINING:C-IT']);
    const audit = proposals[1];
    expect(audit).toMatchObject({ dueDays: 180, proposedPositionId: null });
    expect(audit.trace).toMatchObject({
      ruleSet: { id: 'follow-up', version: 1 },
      subject: 'COMPETENCY',
      facts: { subject: 'COMPETENCY', competencyId: 'C-AUDIT', competencyScore: 59, requiredLevel: 2, level: 'LEVEL_2' },
      reasons: [{ code: 'BELOW_REQUIRED_LEVEL', rule: 'retraining-below-required-level', params: { dueDays: 180, score: 59, requiredLevel: 2 } }],
    });
    // The trace says which threshold applied: the required-level-2 branch matched, the others did not.
    const rule = audit.trace.rules.find((r) => r.rule === 'retraining-below-required-level')!;
    expect(rule.fired).toBe(true);
    expect(rule.conditions.map((c) => [c.at, c.fact, c.value, c.factValue, c.result])).toEqual([
      ['all[0]', 'subject', 'COMPETENCY', 'COMPETENCY', true],
      ['all[1].any[0].all[0]', 'requiredLevel', 1, 2, false],
      ['all[1].any[0].all[1]', 'competencyScore', 50, 59, false],
      ['all[1].any[1].all[0]', 'requiredLevel', 2, 2, true],
      ['all[1].any[1].all[1]', 'competencyScore', 60, 59, true],
      ['all[1].any[2].all[0]', 'requiredLevel', 3, 2, false],
      ['all[1].any[2].all[1]', 'competencyScore', 70, 59, true],
    ]);
    expect(firedRules(audit)).toEqual(['retraining-below-required-level']);
    expect(JSON.parse(JSON.stringify(audit.trace))).toEqual(audit.trace); // stored as Json as it is
    expect(renderFollowUpTrace(audit.trace, 'en')).toEqual([
      'The competency scored 59, below the threshold of the level 2 the position requires: retraining needed (retraining-below-required-level)',
    ]);
    // A competency outside the framework (required level 0) is held to level 1's threshold, like the level rules do.
    expect(proposals[3].trace.reasons[0].params).toMatchObject({ requiredLevel: 0, score: 40 });
    expect(renderFollowUpTrace(proposals[3].trace, 'vi')[0]).toMatch(/^Năng lực đạt 40 điểm, dưới ngưỡng của mức 1/);
  });

  it('proposes a re-examination within 90 days for a first sitting not achieved, never for a re-examination', async () => {
    const proposals = await propose({ level: 'NOT_ACHIEVED', totalScore: 42.5 });
    expect(kinds(proposals)).toEqual(['REEXAMINATION']);
    expect(proposals[0]).toMatchObject({ dueDays: 90, competencyId: null });
    expect(proposals[0].trace).toMatchObject({ subject: 'RESULT', facts: { level: 'NOT_ACHIEVED', totalScore: 42.5, isReexamination: false } });
    expect(firedRules(proposals[0])).toEqual(['reexamination-not-achieved']);
    expect(renderFollowUpTrace(proposals[0].trace, 'vi')).toEqual(['Kết quả chưa đạt (42,5 điểm): phải kiểm tra lại (reexamination-not-achieved)']);

    const retaken = await propose({ level: 'NOT_ACHIEVED', totalScore: 42.5, isReexamination: true });
    expect(kinds(retaken)).toEqual([]);
  });

  it('proposes a reassignment when the officer fails again: an earlier cycle, or a failed re-examination', async () => {
    const again = await propose({ level: 'NOT_ACHIEVED', totalScore: 40, previousFailures: 1 });
    expect(kinds(again)).toEqual(['REEXAMINATION', 'REASSIGNMENT']);
    expect(again[1]).toMatchObject({ dueDays: 30, proposedPositionId: null });
    expect(again[1].trace.reasons).toEqual([{ code: 'REPEATED_FAILURE', rule: 'reassignment-repeated-failure', params: { dueDays: 30, previousFailures: 1 } }]);
    const condition = again[1].trace.rules.find((r) => r.rule === 'reassignment-repeated-failure')!.conditions[2];
    expect(condition).toMatchObject({ fact: 'previousFailures', operator: 'greaterThanInclusive', value: 1, factValue: 1, result: true });

    // The re-examination failed too: the round-1 failure is the earlier one, and only the reassignment follows.
    const failedRetake = await propose({ level: 'NOT_ACHIEVED', totalScore: 45, isReexamination: true, previousFailures: 1 });
    expect(kinds(failedRetake)).toEqual(['REASSIGNMENT']);
    expect(renderFollowUpTrace(failedRetake[0].trace, 'en')).toEqual([
      'Not achieved again, after 1 earlier failure: reassignment proposed (reassignment-repeated-failure)',
    ]);
  });

  it('proposes a reassignment to the registered position when the officer was assessed for a position not held', async () => {
    const mismatch = await propose({ registeredPositionId: 'POS-PLANNER' });
    expect(kinds(mismatch)).toEqual(['REASSIGNMENT']);
    expect(mismatch[0]).toMatchObject({ proposedPositionId: 'POS-PLANNER', dueDays: 30 });
    expect(mismatch[0].trace.facts).toMatchObject({ positionMismatch: true, registeredPositionId: 'POS-PLANNER', heldPositionId: 'POS-AUDIT' });
    expect(mismatch[0].trace.reasons[0]).toMatchObject({ code: 'POSITION_MISMATCH', params: { proposedPositionId: 'POS-PLANNER', heldPositionId: 'POS-AUDIT' } });
  });

  it('merges two reasons for a reassignment into one task with both in its trace', async () => {
    const both = await propose({ registeredPositionId: 'POS-PLANNER', level: 'NOT_ACHIEVED', totalScore: 30, previousFailures: 2 });
    expect(kinds(both)).toEqual(['REEXAMINATION', 'REASSIGNMENT']);
    const reassignment = both[1];
    expect(reassignment.trace.reasons.map((r) => r.code)).toEqual(['REPEATED_FAILURE', 'POSITION_MISMATCH']);
    expect(reassignment.proposedPositionId).toBe('POS-PLANNER');
    expect(firedRules(reassignment)).toEqual(['reexamination-not-achieved', 'reassignment-repeated-failure', 'reassignment-position-mismatch']);
  });

  it('nominates an excellent result (90 or more and level 3) for the expert group / leadership pipeline', async () => {
    const excellent = await propose({ level: 'LEVEL_3', totalScore: 90 });
    expect(kinds(excellent)).toEqual(['EXPERT_NOMINATION']);
    expect(excellent[0]).toMatchObject({ dueDays: 30 });
    expect(firedRules(excellent[0])).toEqual(['expert-nomination-excellent']);
    expect(renderFollowUpTrace(excellent[0].trace, 'vi')[0]).toBe(
      'Kết quả xuất sắc (90 điểm, mức 3): đề cử vào nhóm chuyên gia / nguồn cán bộ lãnh đạo (expert-nomination-excellent)',
    );
    expect(kinds(await propose({ level: 'LEVEL_3', totalScore: 89.99 }))).toEqual([]);
    expect(kinds(await propose({ level: 'LEVEL_2', totalScore: 95 }))).toEqual([]);
  });

  it('gives each task its own trace: the whole-result run for result tasks, the competency run for retraining', async () => {
    const mixed = await propose({ level: 'LEVEL_3', totalScore: 93, competencies: [{ competencyId: 'C-RISK', score: 65, requiredLevel: 3 }] });
    expect(kinds(mixed)).toEqual(['EXPERT_NOMINATION', 'RETRAINING:C-RISK']);
    expect(mixed[0].trace.subject).toBe('RESULT');
    expect(mixed[1].trace.subject).toBe('COMPETENCY');
    expect(mixed[0].trace.rules.map((r) => r.rule)).toEqual(v1.rules.map((r) => r.name));
  });

  it('refuses facts of the wrong shape rather than guessing', async () => {
    await expect(propose({ level: 'LEVEL_4' as never })).rejects.toThrow(/level/);
    await expect(propose({ previousFailures: -1 })).rejects.toThrow(/previousFailures/);
    const { heldPositionId: _dropped, ...missing } = sound;
    await expect(proposeFollowUps(v1, missing as ResultFollowUpInput)).rejects.toThrow(/heldPositionId/);
  });

  it('refuses a document whose rules do not say their subject or deadline', async () => {
    const broken = structuredClone(v1Json) as { rules: { conditions: { all: unknown[] }; event: { params: Record<string, unknown> } }[] };
    broken.rules[1].conditions.all.shift(); // the re-examination rule without its subject would fire per competency too
    delete broken.rules[4].event.params.dueDays;
    const doc = parseRuleSet(broken); // valid json-rules-engine data...
    expect(followUpRuleSetIssues(doc)).toEqual([
      { path: 'rules[1].conditions', message: 'a REEXAMINATION rule must be an "all" that includes { "fact": "subject", "operator": "equal", "value": "RESULT" }' },
      { path: 'rules[4].event.params.dueDays', message: 'must be a whole number of days from 1 to 3660' },
    ]);
    await expect(proposeFollowUps(doc, sound)).rejects.toBeInstanceOf(RuleSetError); // ...but not a usable follow-up rule set
    expect(followUpRuleSetIssues(v1)).toEqual([]);
  });

  it('refuses unknown facts and codes when the document is parsed', () => {
    const bad = structuredClone(v1Json) as { rules: { conditions: { all: { fact?: string }[] }; event: { params: Record<string, unknown> } }[] };
    bad.rules[2].conditions.all[2].fact = 'failures';
    bad.rules[3].event.params.code = 'MISMATCH';
    expect(() => parseRuleSet(bad)).toThrow(RuleSetError);
    try {
      parseRuleSet(bad);
    } catch (e) {
      expect((e as RuleSetError).issues.map((i) => i.path)).toEqual(['rules[2].conditions.all[2].fact', 'rules[3].event.params.code']);
    }
  });

  it('keys a task by its result and reason, so a retry never duplicates it', () => {
    expect(followUpDedupeKey('R1', 'RETRAINING', 'C-LAW')).toBe('result:R1:RETRAINING:C-LAW');
    expect(followUpDedupeKey('R1', 'REASSIGNMENT', null)).toBe('result:R1:REASSIGNMENT');
  });

  it('ships follow-up v1, validated and frozen', () => {
    expect(v1).toMatchObject({ id: 'follow-up', kind: 'FOLLOW_UP', version: 1 });
    expect(Object.isFrozen(v1.rules[0].conditions)).toBe(true);
    expect(builtInRuleSet('FOLLOW_UP')).toBe(v1);
  });
});
