// A department's list of candidates for a cycle, as the cycle's policy treats it when it is missing at the
// deadline. One spelling for the workflow, the activities, the API's schemas and the reports.

/** What happens to a department whose list is not approved at the deadline. */
export const MISSING_LIST_POLICIES = ['EXCLUDE_CANDIDATES', 'WAIT'] as const;
export type MissingListPolicy = (typeof MISSING_LIST_POLICIES)[number];

/** The list's states: VERIFYING until its registrations are verified (the workflow's own state), then the stored ones. */
export type UnitListStatusName = 'VERIFYING' | 'DRAFT' | 'SUBMITTED' | 'RETURNED' | 'APPROVED';

/**
 * A department's deadline for its list: the cycle's, moved by however long its list took to open for review
 * after verification began. Verification is ours (seconds when all is well; minutes when a crashed worker's
 * attempts had to time out), so that time is given back to the reviewers rather than taken from them.
 */
export function listDeadlineMs(listsDueAtMs: number, verificationStartedMs: number, listOpenedMs: number): number {
  return listsDueAtMs + Math.max(0, listOpenedMs - verificationStartedMs);
}
