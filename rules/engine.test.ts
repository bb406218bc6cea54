import { describe, expect, it } from 'vitest';
import { builtInRuleSet } from './builtin';
import { runRules } from './engine';
import { parseRuleSet, ruleSetChecksum, RuleSetError, type RuleSetDocument, type RuleSetIssue } from './rule-set-schema';
import { deriveFacts, verifyRegistration, type VerificationFacts } from './verification';

const v1 = builtInRuleSet('VERIFICATION', 1) as RuleSetDocument;

const clean: VerificationFacts = {
  chosenPositionId: 'p1', heldPositionId: 'p1', chosenFieldId: 'f1', heldFieldId: 'f1',
  chosenIsLeadership: false, heldIsLeadership: false, monthsInCurrentAssignment: 24, chosenIsPreviousPosition: false,
  recentAssignmentMonths: 6, unitInScope: true, fieldInScope: true, leadershipGroupInScope: true, otherActiveRegistrations: 0,
};
const facts = (overrides: Partial<VerificationFacts> = {}) => deriveFacts({ ...clean, ...overrides }) as unknown as Record<string, unknown>;

/** A small VERIFICATION document; rules given as [name, priority, conditions, type, code]. */
function doc(rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'test', kind: 'VERIFICATION', version: 1, nameVi: 'Thử', nameEn: 'Test', rules, ...extra };
}
const leaf = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });
const flagRule = (name: string, conditions: unknown, params: Record<string, unknown> = { code: 'POSITION_DIFFERS' }) => ({
  name, conditions, event: { type: 'flag', params },
});

function issuesOf(json: unknown): RuleSetIssue[] {
  try {
    parseRuleSet(json);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleSetError);
    return (e as RuleSetError).issues;
  }
  throw new Error('expected a RuleSetError');
}

describe('parseRuleSet', () => {
  it('names the path and the allowed operators for an unknown operator', () => {
    const json = doc([
      flagRule('a', { all: [leaf('positionDiffers', 'equal', true)] }),
      flagRule('b', { all: [leaf('fieldDiffers', 'equal', true)] }),
      flagRule('c', { all: [leaf('positionDiffers', 'equals', true)] }),
    ]);
    expect(issuesOf(json)).toEqual([
      {
        path: 'rules[2].conditions.all[0].operator',
        message: "unknown operator 'equals' (use one of equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn, contains, doesNotContain)",
      },
    ]);
  });

  it('refuses facts outside the kind\'s list, and values that could never match', () => {
    const issues = issuesOf(doc([
      flagRule('a', {
        any: [
          leaf('positionDifers', 'equal', true),
          leaf('positionDiffers', 'equal', 'true'),
          leaf('monthsInCurrentAssignment', 'lessThan', '6'),
          leaf('unitInScope', 'greaterThan', 1),
          leaf('chosenFieldId', 'in', 'f1'),
          leaf('heldFieldId', 'contains', 'f'),
        ],
      }),
    ]));
    expect(issues.map((i) => i.path)).toEqual([
      'rules[0].conditions.any[0].fact',
      'rules[0].conditions.any[1].value',
      'rules[0].conditions.any[2].value',
      'rules[0].conditions.any[3].fact',
      'rules[0].conditions.any[4].value',
      'rules[0].conditions.any[5].operator',
    ]);
    expect(issues[0].message).toMatch(/^unknown fact 'positionDifers' \(use one of chosenPositionId, .*positionDiffers/);
    expect(issues[1].message).toBe("fact 'positionDiffers' is a boolean, so 'true' can never match (write true or false without quotes)");
    expect(issues[2].message).toBe("'lessThan' needs a number value, got '6'");
  });

  it('checks the shape of condition trees', () => {
    const issues = issuesOf(doc([
      flagRule('top-leaf', leaf('positionDiffers', 'equal', true)),
      flagRule('empty', { all: [] }),
      flagRule('typo', { all: [{ fact: 'positionDiffers', operater: 'equal', value: true }] }),
      flagRule('not-list', { not: [leaf('positionDiffers', 'equal', true)] }),
      flagRule('reference', { all: [{ condition: 'shared' }] }),
      flagRule('two-ops', { all: [leaf('positionDiffers', 'equal', true)], any: [] }),
      flagRule('no-value', { all: [{ fact: 'positionDiffers', operator: 'equal' }] }),
    ]));
    expect(issues).toEqual([
      { path: 'rules[0].conditions', message: `the top level must be 'all', 'any' or 'not': wrap the condition as { "all": [ ... ] }` },
      { path: 'rules[1].conditions.all', message: "'all' must list at least one condition (an empty list is always true)" },
      { path: 'rules[2].conditions.all[0].operater', message: 'unknown key \'operater\' (allowed: fact, operator, value, path, params, priority, name)' },
      { path: 'rules[2].conditions.all[0].operator', message: expect.stringMatching(/^missing 'operator' \(use one of equal,/) },
      { path: 'rules[3].conditions.not', message: `'not' takes one condition, not a list: use { "not": { "any": [...] } }` },
      { path: 'rules[4].conditions.all[0].condition', message: 'named condition references are not supported: write the condition inline' },
      { path: 'rules[5].conditions', message: "use only one of 'all', 'any' per node: nest them instead" },
      { path: 'rules[6].conditions.all[0].value', message: "missing 'value'" },
    ]);
  });

  it('checks the envelope, names and events, and reports every problem at once', () => {
    const issues = issuesOf({
      id: 'Verification v2', kind: 'VERIFY', version: 0, nameEn: 'x', colour: 'red',
      rules: [
        flagRule('a', { all: [leaf('positionDiffers', 'equal', true)] }, { code: 'POSITION_DIFFER' }),
        { name: 'a', conditions: { all: [leaf('positionDiffers', 'equal', true)] }, event: { type: 'warn', params: { code: 'OTHER_FIELD', n: { fact: 'nope' } } } },
      ],
    });
    expect(issues).toEqual(expect.arrayContaining([
      { path: 'colour', message: "unknown key 'colour'" },
      { path: 'id', message: 'must be lower-case letters, digits and dashes, e.g. "verification"' },
      { path: 'kind', message: 'must be one of VERIFICATION, LEVEL, FOLLOW_UP' },
      { path: 'version', message: 'must be a positive whole number' },
      { path: 'nameVi', message: 'is required' },
      { path: 'rules[1].name', message: "duplicate rule name 'a' (also rules[0])" },
    ]));
    // With the kind unknown, facts and events cannot be checked yet; with the right kind they are.
    const second = issuesOf(doc([
      flagRule('a', { all: [leaf('positionDiffers', 'equal', true)] }, { code: 'POSITION_DIFFER' }),
      { name: 'b', conditions: { all: [leaf('positionDiffers', 'equal', true)] }, event: { type: 'warn', params: { code: 'OTHER_FIELD', n: { fact: 'nope' } } } },
    ]));
    expect(second.map((i) => `${i.path}: ${i.message.split(' (')[0]}`)).toEqual([
      "rules[0].event.params.code: unknown code 'POSITION_DIFFER'",
      "rules[1].event.type: unknown event type 'warn'",
      "rules[1].event.params.n.fact: unknown fact 'nope'",
    ]);
  });

  it("checks facts and events against the document's own kind", () => {
    const issues = issuesOf(doc([flagRule('a', { all: [leaf('score', 'greaterThan', 90)] })], { kind: 'LEVEL' }));
    expect(issues.map((i) => `${i.path}: ${i.message.split(' (')[0]}`)).toEqual([
      "rules[0].conditions.all[0].fact: unknown fact 'score'",
      "rules[0].event.type: unknown event type 'flag'",
      "rules[0].event.params.code: unknown code 'POSITION_DIFFERS'",
    ]);
  });

  it('gives a readable error message', () => {
    expect(() => parseRuleSet(doc([flagRule('a', { all: [leaf('positionDiffers', 'equals', true)] })]))).toThrow(
      /invalid rule set:\n {2}rules\[0\]\.conditions\.all\[0\]\.operator: unknown operator 'equals'/,
    );
  });

  it('returns a frozen copy that later edits of the input cannot reach', () => {
    const json = doc([flagRule('a', { all: [leaf('positionDiffers', 'equal', true)] })]);
    const parsed = parseRuleSet(json);
    ((json.rules as Record<string, unknown>[])[0].event as Record<string, unknown>).type = 'block';
    expect(parsed.rules[0].event.type).toBe('flag');
    expect(() => {
      (parsed.rules[0].event as { type: string }).type = 'block';
    }).toThrow(TypeError);
  });
});

describe('ruleSetChecksum', () => {
  const reorder = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(reorder)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reorder(v)]))
        : value;

  it('is a sha256 hex digest that ignores key order (as jsonb does) but not content', () => {
    const checksum = ruleSetChecksum(v1);
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    const reordered = reorder(JSON.parse(JSON.stringify(v1)));
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(v1));
    expect(ruleSetChecksum(parseRuleSet(reordered))).toBe(checksum);
    expect(ruleSetChecksum({ ...v1, version: 2 })).not.toBe(checksum);
  });
});

describe('runRules', () => {
  it('traces every rule in document order, whatever the priorities, with skipped conditions as null', async () => {
    const set = parseRuleSet(doc([
      { ...flagRule('low', { all: [leaf('fieldDiffers', 'equal', true)] }), priority: 1 },
      {
        ...flagRule('high', {
          all: [
            { ...leaf('unitInScope', 'equal', false), priority: 2 },
            leaf('fieldInScope', 'equal', true),
          ],
        }),
        priority: 5,
      },
    ]));
    const run = await runRules(set, facts({ chosenFieldId: 'f2' }));
    expect(run.trace.map((t) => [t.rule, t.fired])).toEqual([['low', true], ['high', false]]);
    expect(run.events).toEqual([{ type: 'flag', params: { code: 'POSITION_DIFFERS' } }]);
    expect(run.trace[1].conditions).toEqual([
      { at: 'all[0]', fact: 'unitInScope', operator: 'equal', value: false, factValue: true, result: false },
      { at: 'all[1]', fact: 'fieldInScope', operator: 'equal', value: true, factValue: null, result: null },
    ]);
  });

  it('compares with another fact and shows its value', async () => {
    const set = parseRuleSet(doc([flagRule('recent', { all: [leaf('monthsInCurrentAssignment', 'lessThan', { fact: 'recentAssignmentMonths' })] })]));
    const run = await runRules(set, facts({ monthsInCurrentAssignment: 2 }));
    expect(run.trace[0]).toMatchObject({
      fired: true,
      conditions: [{ fact: 'monthsInCurrentAssignment', value: { fact: 'recentAssignmentMonths' }, factValue: 2, valueResult: 6, result: true }],
    });
  });

  it('rejects a run with a missing fact instead of treating it as false', async () => {
    const { unitInScope: _dropped, ...partial } = facts();
    await expect(runRules(v1, partial)).rejects.toThrow(/Undefined fact: unitInScope/);
    await expect(runRules(v1, { ...partial, unitInScope: undefined })).rejects.toThrow(/Undefined fact: unitInScope/);
  });

  it('resolves event params from each run\'s own facts, even when the evaluation is reused', async () => {
    const a = await runRules(v1, facts({ otherActiveRegistrations: 1, monthsInCurrentAssignment: 2, chosenPositionId: 'p9' }));
    const b = await runRules(v1, facts({ otherActiveRegistrations: 1, monthsInCurrentAssignment: 3, chosenPositionId: 'p9' }));
    expect(a.events.find((e) => e.params.code === 'RECENT_ASSIGNMENT_CHANGE')?.params.months).toBe(2);
    expect(b.events.find((e) => e.params.code === 'RECENT_ASSIGNMENT_CHANGE')?.params.months).toBe(3);
  });

  it('keeps overlapping runs apart (json-rules-engine shares run status across an Engine)', async () => {
    const set = parseRuleSet(doc([
      { ...flagRule('first', { all: [leaf('monthsInCurrentAssignment', 'greaterThanInclusive', 0)] }), priority: 3 },
      { ...flagRule('second', { all: [leaf('monthsInCurrentAssignment', 'greaterThanInclusive', 0)] }), priority: 2 },
      { ...flagRule('third', { all: [leaf('monthsInCurrentAssignment', 'greaterThanInclusive', 0)] }), priority: 1 },
    ]));
    // Starts staggered by a few microtasks, so that one run finishes while another is between priorities;
    // distinct months, so that no run is answered from a previous evaluation.
    const pending = [];
    for (let i = 0; i < 60; i++) {
      pending.push(runRules(set, facts({ monthsInCurrentAssignment: 1000 + i })));
      for (let k = 0; k < i % 12; k++) await null;
    }
    const runs = await Promise.all(pending);
    expect(runs.map((r) => r.events.length)).toEqual(runs.map(() => 3));
  });

  it('validates a document that did not come from parseRuleSet', async () => {
    const raw = doc([flagRule('a', { all: [leaf('positionDiffers', 'equals', true)] })]) as unknown as RuleSetDocument;
    await expect(runRules(raw, facts())).rejects.toBeInstanceOf(RuleSetError);
  });
});

describe('versions are frozen per cycle', () => {
  it('a new version changes nothing for a cycle that runs the old document', async () => {
    const v2json = JSON.parse(JSON.stringify(v1));
    v2json.version = 2;
    v2json.rules.find((r: { name: string }) => r.name === 'position-differs').event.type = 'block';
    const v2 = parseRuleSet(v2json);
    const registration = { ...clean, chosenPositionId: 'p2' };

    const before = await verifyRegistration(v1, registration);
    expect((await verifyRegistration(v2, registration)).outcome).toBe('BLOCKED');
    const after = await verifyRegistration(v1, registration);
    expect(before.outcome).toBe('FLAGGED');
    expect(after).toEqual(before);
    expect(ruleSetChecksum(v1)).not.toBe(ruleSetChecksum(v2));
  });

  it('an edited plain copy is a different rule set, not a change to the cached one', async () => {
    const copy = JSON.parse(JSON.stringify(v1));
    const registration = { ...clean, chosenPositionId: 'p2' };
    expect((await verifyRegistration(copy, registration)).outcome).toBe('FLAGGED');
    copy.rules.find((r: { name: string }) => r.name === 'position-differs').event.type = 'block';
    expect((await verifyRegistration(copy, registration)).outcome).toBe('BLOCKED');
    expect((await verifyRegistration(v1, registration)).outcome).toBe('FLAGGED');
  });
});
