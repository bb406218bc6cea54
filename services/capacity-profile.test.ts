// The profile shows a level's reason with the level rules' own wording when the trace came from them.
import { describe, expect, it } from 'vitest';
import { builtInRuleSet } from '../rules/builtin';
import { decideLevel } from '../rules/level';
import type { RuleSetDocument } from '../rules/rule-set-schema';
import { renderLevelTrace } from './capacity-profile';

describe('capacity profile level reason', () => {
  it('renders a trace written by the level rules in Vietnamese and English', async () => {
    const { trace } = await decideLevel(builtInRuleSet('LEVEL', 1) as RuleSetDocument, {
      totalScore: 76,
      passed: true,
      isLeadership: false,
      competencies: [
        { competencyId: 'C-F1-1', code: 'C-F1-1', score: 80, requiredLevel: 2 },
        { competencyId: 'C-F1-2', code: 'C-F1-2', score: 65, requiredLevel: 2 },
      ],
    });
    const stored = JSON.parse(JSON.stringify(trace)); // as it comes back from the Json column
    const [vi] = renderLevelTrace(stored, 'LEVEL_2', 'vi')!;
    const [en] = renderLevelTrace(stored, 'LEVEL_2', 'en')!;
    expect(vi).toMatch(/^Mức 2 vì tổng điểm 76/);
    expect(en).toMatch(/^Level 2 because total score 76/);
  });
});
