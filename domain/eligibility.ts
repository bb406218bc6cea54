// Who is eligible for an assessment cycle. Pure: the API, the activities and the tests share it.
// services/eligibility-sql.ts states the same rule in SQL for reports and lists over every officer;
// services/registration-report.test.ts checks the two agree officer by officer.

/** A cycle's scope, with its scope units resolved to their materialised paths by the caller. */
export interface CycleScope {
  /** Paths ("/HQ/D01/") of the cycle's scopeUnitIds; a unit is in scope when its path starts with one. Empty = every unit. */
  scopeUnitPaths: string[];
  /** Professional field ids; empty = every field. */
  scopeFieldIds: string[];
  includeNonLeadership: boolean;
  includeTeamLeaders: boolean;
}

/** An officer's current placement: the unit and position they hold now. */
export interface OfficerPlacement {
  active: boolean;
  unitPath: string;
  /** The current position's professional field. */
  fieldId: string;
  /** Whether the current position is a leadership (team leader) position. */
  isLeadership: boolean;
}

export interface Eligibility {
  eligible: boolean;
  unitInScope: boolean;
  fieldInScope: boolean;
  leadershipGroupInScope: boolean;
}

/**
 * An officer is eligible when active, their current unit lies in one of the scope units' subtrees (or the scope
 * names no unit), their current position's field is in scope (or the scope names no field), and their group
 * (team leaders / everyone else) is included. The three partial answers say why someone is not eligible.
 */
export function eligibility(scope: CycleScope, officer: OfficerPlacement): Eligibility {
  const unitInScope =
    scope.scopeUnitPaths.length === 0 || scope.scopeUnitPaths.some((path) => officer.unitPath.startsWith(path));
  const fieldInScope = scope.scopeFieldIds.length === 0 || scope.scopeFieldIds.includes(officer.fieldId);
  const leadershipGroupInScope = officer.isLeadership ? scope.includeTeamLeaders : scope.includeNonLeadership;
  return {
    eligible: officer.active && unitInScope && fieldInScope && leadershipGroupInScope,
    unitInScope,
    fieldInScope,
    leadershipGroupInScope,
  };
}

