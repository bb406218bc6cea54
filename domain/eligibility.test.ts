import { describe, expect, it } from 'vitest';
import { type CycleScope, eligibility, type OfficerPlacement } from './eligibility';

const everyone: CycleScope = { scopeUnitPaths: [], scopeFieldIds: [], includeNonLeadership: true, includeTeamLeaders: true };
const staff: OfficerPlacement = { active: true, unitPath: '/HQ/D01/D01-B01/D01-B01-T01/', fieldId: 'F2', isLeadership: false };
const leader: OfficerPlacement = { ...staff, isLeadership: true };

describe('eligibility', () => {
  it('takes every active officer when the scope names no unit and no field and includes both groups', () => {
    expect(eligibility(everyone, staff)).toEqual({ eligible: true, unitInScope: true, fieldInScope: true, leadershipGroupInScope: true });
    expect(eligibility(everyone, leader).eligible).toBe(true);
  });

  it('never takes an inactive officer, though every part of the scope matches', () => {
    expect(eligibility(everyone, { ...staff, active: false })).toEqual({
      eligible: false,
      unitInScope: true,
      fieldInScope: true,
      leadershipGroupInScope: true,
    });
  });

  it('takes a unit anywhere in the subtree of a scope unit, and nothing outside it', () => {
    const scope = { ...everyone, scopeUnitPaths: ['/HQ/D35/', '/HQ/D01/D01-B01/'] };
    expect(eligibility(scope, staff).unitInScope).toBe(true); // a team under a scoped branch
    expect(eligibility(scope, { ...staff, unitPath: '/HQ/D35/' }).unitInScope).toBe(true); // the scope unit itself
    expect(eligibility(scope, { ...staff, unitPath: '/HQ/D35/D35-B02/D35-B02-T01/' }).unitInScope).toBe(true);
    expect(eligibility(scope, { ...staff, unitPath: '/HQ/D01/D01-B02/D01-B02-T01/' })).toMatchObject({ eligible: false, unitInScope: false });
    expect(eligibility(scope, { ...staff, unitPath: '/HQ/' }).unitInScope).toBe(false); // the parent is not in its child's scope
  });

  it('matches paths by whole segments: D3 is not a prefix of D35', () => {
    // Paths end with "/", so "/HQ/D3/" can never be a prefix of "/HQ/D35/...".
    const scope = { ...everyone, scopeUnitPaths: ['/HQ/D3/'] };
    expect(eligibility(scope, { ...staff, unitPath: '/HQ/D35/D35-B01/' }).unitInScope).toBe(false);
  });

  it('filters on the current position’s field', () => {
    const scope = { ...everyone, scopeFieldIds: ['F4', 'F2'] };
    expect(eligibility(scope, staff).fieldInScope).toBe(true);
    expect(eligibility(scope, { ...staff, fieldId: 'F3' })).toMatchObject({ eligible: false, fieldInScope: false, unitInScope: true });
  });

  it('includes team leaders and other officers by the two switches', () => {
    const staffOnly = { ...everyone, includeTeamLeaders: false };
    const leadersOnly = { ...everyone, includeNonLeadership: false };
    const nobody = { ...everyone, includeNonLeadership: false, includeTeamLeaders: false };
    expect(eligibility(staffOnly, staff).eligible).toBe(true);
    expect(eligibility(staffOnly, leader)).toMatchObject({ eligible: false, leadershipGroupInScope: false });
    expect(eligibility(leadersOnly, leader).eligible).toBe(true);
    expect(eligibility(leadersOnly, staff)).toMatchObject({ eligible: false, leadershipGroupInScope: false });
    expect(eligibility(nobody, staff).eligible).toBe(false);
    expect(eligibility(nobody, leader).eligible).toBe(false);
  });

  it('needs every part at once and reports each part on its own', () => {
    const scope: CycleScope = { scopeUnitPaths: ['/HQ/D02/'], scopeFieldIds: ['F1'], includeNonLeadership: false, includeTeamLeaders: true };
    expect(eligibility(scope, staff)).toEqual({ eligible: false, unitInScope: false, fieldInScope: false, leadershipGroupInScope: false });
    expect(eligibility(scope, { ...leader, unitPath: '/HQ/D02/D02-B01/', fieldId: 'F1' })).toEqual({
      eligible: true,
      unitInScope: true,
      fieldInScope: true,
      leadershipGroupInScope: true,
    });
  });
});
