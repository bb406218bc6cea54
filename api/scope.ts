// Role and unit scope: the one place that decides whether a user may see or act on a unit.
// A coordinator (headquarters) sees every unit; reviewers and leaders their unit and its sub-units;
// an officer their own record; a business no unit at all.
import type { AuthUser } from './auth';
import { forbidden } from './errors';
import { NO_MATCH, orNoMatch, unitPath } from '../domain/unit-path';

/** The materialised-path prefix of every unit the user may see; null when they may see none. */
export function scopePath(user: AuthUser): string | null {
  if (user.role === 'COORDINATOR') return '/';
  if (user.role === 'BUSINESS') return null;
  return user.unitPath;
}

export function unitInScope(user: AuthUser, unitPath: string): boolean {
  const scope = scopePath(user);
  return scope !== null && unitPath.startsWith(scope);
}

export function assertUnitInScope(user: AuthUser, unit: { id: string; path: string }): void {
  if (!unitInScope(user, unit.path)) throw forbidden('auth.outOfScope', { unit: unit.id });
}

/** An officer's record: the officer themself, or staff whose unit scope holds the officer's unit. */
export function assertOfficerVisible(user: AuthUser, officer: { id: string; unit: { id: string; path: string } }): void {
  if (user.role === 'OFFICER') {
    if (user.officerId !== officer.id) throw forbidden('auth.notYourOfficer');
  } else {
    assertUnitInScope(user, officer.unit);
  }
}

/** Prisma filter on a Unit relation: units inside the user's scope. */
export function unitScopeWhere(user: AuthUser): { path: { startsWith: string } } {
  // A user without scope matches nothing.
  return { path: { startsWith: orNoMatch(scopePath(user)) } };
}

/** The ids of the user's unit and every unit above it (from its path). */
export function unitAndAncestorIds(user: AuthUser): string[] {
  return unitPath.ids(user.unitPath ?? '');
}

/** Cycles are headquarters-wide: a coordinator sees all; others those whose scope covers their unit. */
export function cycleVisibleTo(user: AuthUser, cycle: { scopeUnitIds: string[] }): boolean {
  if (user.role === 'COORDINATOR') return true;
  if (user.role === 'BUSINESS') return false;
  if (cycle.scopeUnitIds.length === 0) return true;
  const mine = unitAndAncestorIds(user);
  return cycle.scopeUnitIds.some((id) => mine.includes(id));
}

/** The Prisma filter matching cycleVisibleTo. */
export function cycleScopeWhere(user: AuthUser) {
  if (user.role === 'COORDINATOR') return {};
  if (user.role === 'BUSINESS') return { id: NO_MATCH };
  return { OR: [{ scopeUnitIds: { isEmpty: true } }, { scopeUnitIds: { hasSome: unitAndAncestorIds(user) } }] };
}

export function assertCycleVisible(user: AuthUser, cycle: { id: string; scopeUnitIds: string[] }): void {
  if (!cycleVisibleTo(user, cycle)) throw forbidden('auth.outOfScope', { unit: user.unitId ?? user.username });
}

/** A business sees only its own declarations, ratings and cases: Prisma filter on a businessId column (nothing for others). */
export function businessScopeWhere(user: AuthUser): { businessId: string } {
  return { businessId: user.role === 'BUSINESS' && user.businessId ? user.businessId : NO_MATCH };
}

export const STAFF_ROLES = ['COORDINATOR', 'REVIEWER', 'LEADER', 'OFFICER'] as const;
export const MANAGING_ROLES = ['COORDINATOR', 'REVIEWER', 'LEADER'] as const;
