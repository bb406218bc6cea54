// Pointing at a problem in the JSON being edited: the line of an API path, and where a syntax error is.
import { describe, expect, it } from 'vitest';
import { lineOfPath, lineRange, linesByPath, parseJson } from './json-lines';

const text = JSON.stringify({ id: 'level', rules: [{ name: 'a', conditions: { all: [{ fact: 'totalScore', operator: 'x', value: 85 }] } }] }, null, 2);

describe('json lines', () => {
  it('finds the line of an API path, or of the closest thing that encloses it', () => {
    const lines = linesByPath(text);
    const at = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(lineOfPath(lines, 'body.rules[0].conditions.all[0].operator')).toBe(at('"operator"'));
    expect(lineOfPath(lines, 'body.rules[0].conditions.all[0].path')).toBe(at('"all"') + 1);
    expect(lineOfPath(lines, 'body.rules[0].event.type')).toBe(at('"name"') - 1);
    expect(lineOfPath(lines, 'body')).toBeNull();
  });

  it('says where a syntax error is, and keeps the paths before it', () => {
    const broken = text.replace('"x",', '"x"');
    const parsed = parseJson(broken);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.line).toBe(broken.split('\n').findIndex((l) => l.includes('"value"')) + 1);
    expect(linesByPath(broken).get('rules[0].conditions.all[0].operator')).toBeGreaterThan(0);
    expect(lineRange('a\nbc\nd', 2)).toEqual([2, 4]);
  });
});
