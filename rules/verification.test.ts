import { describe, expect, it } from 'vitest';
import { BUILT_IN_RULE_SETS, builtInRuleSet } from './builtin';
import type { RuleTraceEntry } from './engine';
import { renderReason, renderTrace } from './reason-messages';
import { parseRuleSet, ruleSetChecksum, type RuleSetDocument } from './rule-set-schema';
import { deriveFacts, verifyRegistration, type VerificationFacts } from './verification';
import v1Json from './verification/v1.json' with { type: 'json' };

const v1 = builtInRuleSet('VERIFICATION', 1) as RuleSetDocument;

/** An officer registering for exactly the position they hold, in scope, with no other registration. */
const clean: VerificationFacts = {
  chosenPositionId: 'pos-audit-officer',
  heldPositionId: 'pos-audit-officer',
  chosenFieldId: 'field-post-clearance-audit',
  heldFieldId: 'field-post-clearance-audit',
  chosenIsLeadership: false,
  heldIsLeadership: false,
  monthsInCurrentAssignment: 40,
  chosenIsPreviousPosition: false,
  recentAssignmentMonths: 6,
  unitInScope: true,
  fieldInScope: true,
  leadershipGroupInScope: true,
  otherActiveRegistrations: 0,
};
const otherPositionSameField = { chosenPositionId: 'pos-audit-planner' };
const otherField = { chosenPositionId: 'pos-tariff-classifier', chosenFieldId: 'field-import-export-duty' };

const verify = (overrides: Partial<VerificationFacts>) => verifyRegistration(v1, { ...clean, ...overrides });
const codes = (d: { reasons: { code: string; severity: string }[] }) => d.reasons.map((r) => `${r.severity}:${r.code}`);
const fired = (trace: RuleTraceEntry[]) => trace.filter((t) => t.fired).map((t) => t.rule);
const rule = (trace: RuleTraceEntry[], name: string) => trace.find((t) => t.rule === name) as RuleTraceEntry;

describe('verification v1', () => {
  it('clears a registration for the position held, and traces every rule in document order', async () => {
    const d = await verify({});
    expect(d.outcome).toBe('CLEAR');
    expect(d.reasons).toEqual([]);
    expect(d.trace.map((t) => t.rule)).toEqual(v1.rules.map((r) => r.name));
    expect(fired(d.trace)).toEqual([]);
    expect(rule(d.trace, 'position-differs').conditions[0]).toEqual({
      at: 'all[0]', fact: 'positionDiffers', operator: 'equal', value: true, factValue: false, result: false,
    });
    expect(JSON.parse(JSON.stringify(d.trace))).toEqual(d.trace); // storable as Json as is
  });

  it('flags another position in the same field: POSITION_DIFFERS alone', async () => {
    const d = await verify(otherPositionSameField);
    expect(d.outcome).toBe('FLAGGED');
    expect(d.reasons).toEqual([{ code: 'POSITION_DIFFERS', severity: 'flag', params: {} }]);
    expect(fired(d.trace)).toEqual(['position-differs']);
    expect(rule(d.trace, 'position-differs')).toEqual({
      rule: 'position-differs',
      fired: true,
      event: { type: 'flag', params: { code: 'POSITION_DIFFERS' } },
      conditions: [
        { at: 'all[0]', fact: 'positionDiffers', operator: 'equal', value: true, factValue: true, result: true },
        { at: 'all[1].any[0]', fact: 'chosenIsPreviousPosition', operator: 'equal', value: false, factValue: false, result: true },
        { at: 'all[1].any[1]', fact: 'recentlyReassigned', operator: 'equal', value: false, factValue: false, result: true },
      ],
    });
  });

  it('flags a position in another professional field: OTHER_FIELD with POSITION_DIFFERS', async () => {
    const d = await verify(otherField);
    expect(d.outcome).toBe('FLAGGED');
    expect(codes(d)).toEqual(['flag:POSITION_DIFFERS', 'flag:OTHER_FIELD']);
    expect(rule(d.trace, 'other-field').conditions[0]).toMatchObject({ fact: 'fieldDiffers', factValue: true, result: true });
  });

  it('flags a team leader registering for a non-leadership position, with the direction in params', async () => {
    const d = await verify({ ...otherPositionSameField, heldIsLeadership: true, heldPositionId: 'pos-audit-team-leader' });
    expect(codes(d)).toEqual(['flag:POSITION_DIFFERS', 'flag:LEADERSHIP_MISMATCH']);
    expect(d.reasons[1].params).toEqual({ heldIsLeadership: true, chosenIsLeadership: false });
    expect(renderReason(d.reasons[1], 'en')).toBe('Holds a leadership post (team leader) but registered for a non-leadership position');
  });

  it('flags the reverse: a non-leader registering for a leadership position', async () => {
    const d = await verify({ chosenPositionId: 'pos-audit-team-leader', chosenIsLeadership: true });
    expect(d.reasons.find((r) => r.code === 'LEADERSHIP_MISMATCH')?.params).toEqual({ heldIsLeadership: false, chosenIsLeadership: true });
  });

  describe('a recent change of assignment', () => {
    const recent = { monthsInCurrentAssignment: 2, recentAssignmentMonths: 6 };

    it('makes the previous position a note (info), not a flag', async () => {
      const d = await verify({ ...otherPositionSameField, ...recent, chosenIsPreviousPosition: true });
      expect(d.outcome).toBe('CLEAR');
      expect(d.reasons).toEqual([
        { code: 'RECENT_ASSIGNMENT_CHANGE', severity: 'info', params: { previousPosition: true, months: 2, withinMonths: 6 } },
      ]);
      expect(fired(d.trace)).toEqual(['recent-change-previous-position']);
      // The trace shows why position-differs did not fire.
      expect(rule(d.trace, 'position-differs').conditions.map((c) => [c.fact, c.factValue, c.result])).toEqual([
        ['positionDiffers', true, true],
        ['chosenIsPreviousPosition', true, false],
        ['recentlyReassigned', true, false],
      ]);
      expect(renderReason(d.reasons[0], 'vi')).toBe(
        'Đăng ký vị trí đảm nhiệm trước đó: vị trí hiện tại mới được phân công 2 tháng (dưới 6 tháng), nên lựa chọn này có thể hợp lệ',
      );
    });

    it('also covers a previous position in another field or leadership group', async () => {
      const d = await verify({ ...otherField, ...recent, chosenIsPreviousPosition: true, chosenIsLeadership: true });
      expect(d.outcome).toBe('CLEAR');
      expect(codes(d)).toEqual(['info:RECENT_ASSIGNMENT_CHANGE']);
    });

    it('flags a position that is neither the current nor the previous one, saying the change was recent', async () => {
      const d = await verify({ ...otherPositionSameField, ...recent, monthsInCurrentAssignment: 4.5 });
      expect(d.outcome).toBe('FLAGGED');
      expect(codes(d)).toEqual(['flag:POSITION_DIFFERS', 'flag:RECENT_ASSIGNMENT_CHANGE']);
      expect(d.reasons[1].params).toEqual({ previousPosition: false, months: 4.5, withinMonths: 6 });
      expect(renderReason(d.reasons[1], 'vi')).toBe(
        'Vị trí hiện tại mới được phân công 4,5 tháng (dưới 6 tháng), nhưng vị trí đăng ký cũng không phải vị trí đảm nhiệm trước đó',
      );
    });

    it('says nothing when the officer registers for the current position', async () => {
      expect(await verify(recent)).toMatchObject({ outcome: 'CLEAR', reasons: [] });
    });

    it('does not excuse the previous position once recentAssignmentMonths have passed', async () => {
      const atLimit = await verify({ ...otherPositionSameField, chosenIsPreviousPosition: true, monthsInCurrentAssignment: 6 });
      expect(codes(atLimit)).toEqual(['flag:POSITION_DIFFERS']);
      const longAgo = await verify({ ...otherPositionSameField, chosenIsPreviousPosition: true, monthsInCurrentAssignment: 30 });
      expect(codes(longAgo)).toEqual(['flag:POSITION_DIFFERS']);
    });
  });

  it.each([
    ['unitInScope', 'unit-out-of-scope', 'unit'],
    ['fieldInScope', 'field-out-of-scope', 'field'],
    ['leadershipGroupInScope', 'leadership-group-out-of-scope', 'leadershipGroup'],
  ] as const)('blocks when %s is false (%s)', async (fact, ruleName, scope) => {
    const d = await verify({ [fact]: false });
    expect(d.outcome).toBe('BLOCKED');
    expect(d.reasons).toEqual([{ code: 'OUT_OF_SCOPE', severity: 'block', params: { scope } }]);
    expect(fired(d.trace)).toEqual([ruleName]);
  });

  it('blocks a second active registration in an overlapping cycle', async () => {
    const d = await verify({ otherActiveRegistrations: 2 });
    expect(d.outcome).toBe('BLOCKED');
    expect(d.reasons).toEqual([{ code: 'DUPLICATE_REGISTRATION', severity: 'block', params: { count: 2 } }]);
    expect(renderReason(d.reasons[0], 'en')).toBe('The officer already has 2 other active registrations in an overlapping running cycle');
  });

  it('lists every reason, blocks first, when everything is wrong', async () => {
    const d = await verify({
      ...otherField, chosenIsLeadership: true, unitInScope: false, otherActiveRegistrations: 1,
      monthsInCurrentAssignment: 1,
    });
    expect(d.outcome).toBe('BLOCKED');
    expect(codes(d)).toEqual([
      'block:OUT_OF_SCOPE', 'block:DUPLICATE_REGISTRATION',
      'flag:POSITION_DIFFERS', 'flag:OTHER_FIELD', 'flag:LEADERSHIP_MISMATCH', 'flag:RECENT_ASSIGNMENT_CHANGE',
    ]);
    expect(renderTrace(d.trace, 'en')).toEqual([
      "blocked: the officer's unit is outside this cycle's scope (unit-out-of-scope)",
      'blocked: the officer already has another active registration in an overlapping running cycle (duplicate-registration)',
      'flagged: registered position differs from the current assignment (position-differs)',
      'flagged: registered position belongs to another professional field than the current assignment (other-field)',
      'flagged: holds no leadership post but registered for a leadership position (leadership-mismatch)',
      'flagged: the current assignment began 1 month ago (less than 6 months), yet the registered position is not the previous one either (recent-change-other-position)',
    ]);
    expect(renderTrace(d.trace, 'vi')[2]).toBe('gắn cờ: vị trí đăng ký khác vị trí đang đảm nhiệm (position-differs)');
  });

  it('refuses facts of the wrong shape rather than guessing', async () => {
    const { otherActiveRegistrations: _dropped, ...missing } = clean;
    await expect(verifyRegistration(v1, missing as VerificationFacts)).rejects.toThrow(/otherActiveRegistrations/);
    await expect(verify({ unitInScope: 'yes' as unknown as boolean })).rejects.toThrow(/unitInScope/);
  });

  it('refuses a rule set of another kind', async () => {
    const level = { ...v1, kind: 'LEVEL' } as RuleSetDocument;
    await expect(verifyRegistration(level, clean)).rejects.toThrow(/not VERIFICATION/);
  });

  it('derives the prepared facts purely', () => {
    const input = { ...clean, ...otherField, monthsInCurrentAssignment: 3 };
    const copy = structuredClone(input);
    expect(deriveFacts(input)).toMatchObject({ positionDiffers: true, fieldDiffers: true, leadershipMismatch: false, recentlyReassigned: true });
    expect(input).toEqual(copy);
  });
});

describe('built-in rule sets', () => {
  it('ships verification v1, validated and frozen', () => {
    expect(BUILT_IN_RULE_SETS.map((d) => `${d.id}@${d.version}:${d.kind}`)).toContain('verification@1:VERIFICATION');
    expect(Object.isFrozen(v1) && Object.isFrozen(v1.rules[0].conditions)).toBe(true);
    expect(v1.nameVi).toMatch(/Kiểm tra/);
    expect(ruleSetChecksum(v1)).toBe(ruleSetChecksum(parseRuleSet(v1Json)));
  });

  it('finds the newest version when none is asked for', () => {
    expect(builtInRuleSet('VERIFICATION')).toBe(v1);
    expect(builtInRuleSet('VERIFICATION', 99)).toBeUndefined();
    expect(builtInRuleSet('LEVEL', 99)).toBeUndefined();
  });
});
