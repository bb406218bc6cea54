// A department's list of candidates for a cycle, as the cycle's policy treats it when it is missing at the
// deadline. One spelling for the workflow, the activities, the API's schemas and the reports.

/** What happens to a department whose list is not approved at the deadline. */
export const MISSING_LIST_POLICIES = ['EXCLUDE_CANDIDATES', 'WAIT'] as const;
export type MissingListPolicy = (typeof MISSING_LIST_POLICIES)[number];

/** The list's states: VERIFYING until its registrations are verified (the workflow's own state), then the stored ones. */
export type UnitListStatusName = 'VERIFYING' | 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';
