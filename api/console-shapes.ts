// Response shapes of the routes the coordinator's console and the reviewer's workspace read (documented in the
// OpenAPI document, and so typed in the web app). Checked against every response when strictResponses is on.
import { z } from 'zod';
import { MISSING_LIST_POLICIES } from '../domain/unit-list';
import { isoTime, named, registrationView } from './response-shapes';

const listStatus = z.enum(['DRAFT', 'SUBMITTED', 'RETURNED', 'APPROVED']);
const phaseName = z.string().describe('CyclePhase');

/** The live phase of a cycle (from its workflow, or the database when the workflow does not answer). */
export const cyclePhaseShape = z.object({
  cycleId: z.string(),
  phase: phaseName,
  enteredAt: isoTime.nullable(),
  next: z.object({ phase: phaseName, at: isoTime }).nullable(),
  cancelReason: z.string().nullable(),
  source: z.enum(['workflow', 'database']),
});

/** A department's stored list (more fields may follow). */
export const unitListShape = z.looseObject({
  id: z.string(),
  cycleId: z.string(),
  unitId: z.string(),
  status: listStatus,
  revision: z.number().int(),
  submittedAt: isoTime.nullable(),
  approvedAt: isoTime.nullable(),
  returnedAt: isoTime.nullable(),
  returnComment: z.string().nullable(),
  escalatedAt: isoTime.nullable(),
  missingDecision: z.enum(MISSING_LIST_POLICIES).nullable(),
  updatedAt: isoTime,
});

export const unitListsShape = z.object({ items: z.array(unitListShape.extend({ unit: named, late: z.boolean(), dueAt: isoTime })) });

const verificationTotals = z.object({ verified: z.number().int(), clear: z.number().int(), flagged: z.number().int(), blocked: z.number().int() });

/** The department review workflow's own view of a list. */
const liveListShape = z.looseObject({
  status: listStatus,
  revision: z.number().int(),
  deadlinePassed: z.boolean(),
  escalated: z.boolean(),
  excluded: z.boolean(),
  verification: verificationTotals.nullable(),
});

export const unitListDetailShape = unitListShape.extend({
  dueAt: isoTime,
  live: liveListShape.nullable(),
  /** The reminders sent to the department's reviewers before the deadline, oldest first. */
  reminders: z.array(z.object({ daysBefore: z.number().int(), sentAt: isoTime })),
  /** The cycle's reminder plan: days before the deadline a reminder goes out. */
  reminderDaysBefore: z.array(z.number().int()),
});

/** What a list transition answers: the workflow's view, or (a repeated request) the stored list. */
export const listTransitionShape = z.looseObject({ status: listStatus, revision: z.number().int(), repeated: z.boolean().optional() });

const registrationCounts = {
  inScope: z.number().int(),
  registered: z.number().int(),
  notRegistered: z.number().int(),
  excluded: z.number().int(),
  unverified: z.number().int(),
  clear: z.number().int(),
  flagged: z.number().int(),
  blocked: z.number().int(),
  flaggedByReason: z.record(z.string(), z.number().int()),
  accepted: z.number().int(),
  rejected: z.number().int(),
  corrected: z.number().int(),
  pendingDecisions: z.number().int(),
  mismatched: z.number().int(),
  mismatchRate: z.number(),
};

export const registrationReportShape = z.object({
  cycleId: z.string(),
  unitPathPrefix: z.string(),
  asOf: isoTime,
  listsDueAt: isoTime,
  departments: z.array(
    z.object({
      ...registrationCounts,
      unitId: z.string(),
      unitNameVi: z.string(),
      unitNameEn: z.string(),
      listStatus: listStatus.nullable(),
      submittedAt: isoTime.nullable(),
      approvedAt: isoTime.nullable(),
      escalated: z.boolean(),
      missingDecision: z.enum(MISSING_LIST_POLICIES).nullable(),
      lateDays: z.number().int().nullable(),
    }),
  ),
  totals: z.object(registrationCounts),
});

/** A refused launch (409): BANK_SHORTFALL names each blueprint cell the bank cannot fill, as data beside its sentence. */
export const launchRefusalShape = z.object({
  error: z.object({
    code: z.string().describe('BANK_SHORTFALL, CYCLE_ALREADY_LAUNCHED, TIMELINE_PASSED, NO_RULE_SET'),
    message: z.string(),
    details: z
      .array(
        z.object({
          path: z.string().describe('positionId/competencyId/difficulty'),
          message: z.string(),
          position: named,
          competency: named,
          difficulty: z.enum(['EASY', 'MEDIUM', 'HARD']),
          needed: z.number().int(),
          available: z.number().int(),
        }),
      )
      .optional(),
  }),
});

export const registrationDetailShape = registrationView.extend({ trace: z.unknown() });

export const importOutcomeShape = z.object({ rows: z.number().int(), created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

export const notRegisteredShape = z.object({
  officerId: z.string(),
  employeeCode: z.string(),
  fullName: z.string(),
  unitId: z.string(),
  unitNameVi: z.string(),
  unitNameEn: z.string(),
  positionId: z.string(),
  positionNameVi: z.string(),
  positionNameEn: z.string(),
  departmentId: z.string(),
});

/** A unit as listed (more fields may follow). */
export const unitShape = z.looseObject({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string(), kind: z.enum(['HEADQUARTERS', 'HQ_UNIT', 'DEPARTMENT', 'BRANCH', 'TEAM']), path: z.string() });

/** The professional fields (more fields may follow). */
export const fieldsShape = z.object({ items: z.array(z.looseObject({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string() })) });

const rateShape = z.object({ rate: z.number(), percent: z.string() });
const levelsOf = <T extends z.ZodType>(value: T) => z.object({ LEVEL_1: value, LEVEL_2: value, LEVEL_3: value, NOT_ACHIEVED: value });
const resultFigures = {
  inScope: z.number().int(),
  registered: z.number().int(),
  tested: z.number().int(),
  achieved: z.number().int(),
  scoredAtLeast90: z.number().int(),
  levels: levelsOf(z.number().int()),
  unlevelled: z.number().int(),
  mismatched: z.number().int(),
  followUps: z.object({ open: z.number().int(), done: z.number().int(), declined: z.number().int(), cancelled: z.number().int(), overdue: z.number().int() }),
  averageScore: z.number().nullable(),
  participation: rateShape,
  achievedRate: rateShape,
  scoredAtLeast90Rate: rateShape,
  levelShares: levelsOf(rateShape),
  mismatchRate: rateShape,
};

/** The results report of a cycle by department, position or field (format=json). */
export const resultReportShape = z.object({
  cycleId: z.string(),
  cycleCode: z.string(),
  cycleNameVi: z.string(),
  cycleNameEn: z.string(),
  by: z.enum(['department', 'position', 'field']),
  unitPathPrefix: z.string(),
  asOf: isoTime,
  rows: z.array(z.object({ ...resultFigures, key: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string(), fieldId: z.string().optional() })),
  totals: z.object(resultFigures),
});
