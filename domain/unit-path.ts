// Units sit on a materialised path ("/HQ/D01/D01-B01/"): the ids from headquarters down, each followed by "/".
// What the code asks of a path, answered once.

export const unitPath = {
  /** The ids on the path, headquarters first: "/HQ/D01/D01-B01/" → ["HQ", "D01", "D01-B01"]. */
  ids(path: string): string[] {
    return path.split('/').filter(Boolean);
  },

  /**
   * The department (depth-1 unit: a provincial department or a headquarters unit) a unit belongs to:
   * "/HQ/D01/D01-B01/" → "D01", "/HQ/HQ-RMB/HQ-RMB-T01/" → "HQ-RMB". The root itself ("/HQ/") is its own
   * department ("HQ"). Same as SQL `coalesce(nullif(split_part(path, '/', 3), ''), split_part(path, '/', 2))`.
   */
  department(path: string): string {
    const parts = path.split('/');
    return parts[2] || parts[1] || '';
  },

  /** The unit above, null at headquarters: "/HQ/D01/D01-B01/" → "D01". */
  parent(path: string): string | null {
    const ids = unitPath.ids(path);
    return ids.length > 1 ? ids[ids.length - 2] : null;
  },
};

/**
 * A value no unit path and no id ever is (paths start with "/", ids are never this): a filter on it matches
 * nothing. The scope of a user who may see no unit, no officer or no business.
 */
export const NO_MATCH = '\u0000';

/** The value, or NO_MATCH when there is none: `{ officerId: orNoMatch(user.officerId) }` finds nobody's rows for nobody. */
export const orNoMatch = (value: string | null | undefined): string => value ?? NO_MATCH;
