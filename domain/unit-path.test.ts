import { describe, expect, it } from 'vitest';
import { unitPath } from './unit-path';

describe('unitPath.department', () => {
  it('is the depth-1 unit of the path', () => {
    expect(unitPath.department('/HQ/D01/D01-B01/D01-B01-T01/')).toBe('D01');
    expect(unitPath.department('/HQ/D01/D01-B01/')).toBe('D01');
    expect(unitPath.department('/HQ/D35/')).toBe('D35');
    expect(unitPath.department('/HQ/HQ-RMB/HQ-RMB-T01/')).toBe('HQ-RMB');
  });

  it('makes the root its own department', () => {
    expect(unitPath.department('/HQ/')).toBe('HQ');
  });
});
