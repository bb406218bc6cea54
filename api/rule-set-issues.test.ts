// Every problem the rule-set validator can name reads in Vietnamese: broken documents of each kind are parsed and
// no message is left in English.
import { describe, expect, it } from 'vitest';
import levelV1 from '../rules/level/v1.json' with { type: 'json' };
import followUpV1 from '../rules/follow-up/v1.json' with { type: 'json' };
import { parseRuleSetWithLevelChecks } from '../rules/level';
import { followUpRuleSetIssues } from '../rules/follow-up';
import { parseRuleSet, RuleSetError, type RuleSetDocument } from '../rules/rule-set-schema';

const parseFollowUpRuleSet = (doc: unknown) => {
  const found = followUpRuleSetIssues(doc as RuleSetDocument);
  if (found.length) throw new RuleSetError(found);
};
import { ruleSetIssueInVietnamese } from './rule-set-issues';

const copy = <T>(x: T): T => JSON.parse(JSON.stringify(x));
function issues(parse: (doc: unknown) => unknown, doc: unknown) {
  try {
    parse(doc);
    return [];
  } catch (err) {
    if (!(err instanceof RuleSetError)) throw err;
    return err.issues.map((i) => i.message);
  }
}

describe('rule-set problems in Vietnamese', () => {
  it('has a Vietnamese wording for every message of the validator', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const level = copy(levelV1) as Record<string, any>;
    level.colour = 'red';
    level.id = 'Level 1';
    level.version = 0;
    level.nameEn = '';
    level.rules[0].conditions.all[0].fact = 'totalScor';
    level.rules[0].conditions.all[1].value = '70';
    level.rules[1].conditions.all[0].operator = 'atLeast';
    level.rules[1].conditions.all[1] = { fact: 'passed', operator: 'equal', value: 'true' };
    level.rules[1].conditions.all[2] = { fact: 'totalScore', operator: 'in', value: 3 };
    level.rules[1].conditions.all[3] = { fact: 'totalScore', operator: 'contains', value: 3, path: '$.x', extra: 1 };
    level.rules[2].conditions = { fact: 'totalScore', operator: 'equal', value: 1 };
    level.rules[3].name = 'level-3';
    level.rules[3].priority = 5;
    level.rules.push(
      { name: 'a', priority: 1, conditions: { all: [], any: [] }, event: { type: 'grade', params: { code: 'LEVEL_9', x: { fact: 'totalScore', y: 1 }, z: [1] } } },
      { name: 'b', priority: 1, conditions: { all: [{ not: [] }, { any: 'x' }, { any: [] }, 'x', { condition: 'c' }, { fact: 'passed' }, { fact: 'isLeadership', operator: 'in', value: [1] }, { fact: 'totalScore', operator: 'lessThan', value: { fact: 'passed' } }, { fact: 'passed', operator: 'greaterThan', value: 1 }] }, event: { type: 'level' } },
      { name: 'c', conditions: { all: [{ fact: 'totalScore', operator: 'equal', value: 1, priority: 0, name: 3 }] }, event: { type: 'level', params: { code: 'LEVEL_1' } } },
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const followUp = copy(followUpV1) as Record<string, any>;
    followUp.rules[0].conditions = { any: [{ fact: 'subject', operator: 'equal', value: 'COMPETENCY' }] };
    followUp.rules[1].event.params.dueDays = 0;
    followUp.rules[1].event.params.proposedPositionId = 'x';
    const messages = [
      ...issues(parseRuleSetWithLevelChecks, level),
      ...issues(parseFollowUpRuleSet, followUp),
      ...issues(parseRuleSetWithLevelChecks, { ...copy(followUpV1), kind: 'FOLLOW_UP' }),
      ...issues(parseFollowUpRuleSet, copy(levelV1)),
      ...issues(parseRuleSet, { kind: 'GRADES', rules: [] }),
      ...issues(parseRuleSet, {}),
    ];
    expect(messages.length).toBeGreaterThan(30);
    const untranslated = [...new Set(messages)].filter((m) => ruleSetIssueInVietnamese(m) === m);
    expect(untranslated).toEqual([]);
    expect(ruleSetIssueInVietnamese("'greaterThanInclusive' needs a number value, got '76'")).toBe("'greaterThanInclusive' cần giá trị là số (không đặt trong dấu nháy), nhưng nhận được '76'");
  });
});
