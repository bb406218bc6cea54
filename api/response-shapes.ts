// Shapes of responses shared by several routes, documented in the OpenAPI document (and so typed in the web app).
import { z } from 'zod';

export const named = z.object({ id: z.string(), nameVi: z.string(), nameEn: z.string() });
export const isoTime = z.string().describe('ISO 8601 time (UTC)');

export const registrationView = z.object({
  id: z.string(),
  cycleId: z.string(),
  officer: z.object({ id: z.string(), employeeCode: z.string(), fullName: z.string() }),
  unit: named,
  position: named,
  heldPosition: named,
  source: z.string(),
  status: z.enum(['ACTIVE', 'WITHDRAWN', 'EXCLUDED']),
  verification: z
    .object({
      outcome: z.enum(['CLEAR', 'FLAGGED', 'BLOCKED']),
      verifiedAt: isoTime.nullable(),
      reasons: z.array(z.object({ code: z.string(), severity: z.string(), message: z.string() })),
    })
    .nullable(),
  review: z.object({
    decision: z.enum(['PENDING', 'ACCEPTED', 'REJECTED', 'CORRECTED']),
    justification: z.string().nullable(),
    reviewedById: z.string().nullable(),
    reviewedAt: isoTime.nullable(),
    correctedFromPositionId: z.string().nullable(),
  }),
  createdAt: isoTime,
});


const coded = named.extend({ code: z.string() });
const level = z.enum(['LEVEL_3', 'LEVEL_2', 'LEVEL_1', 'NOT_ACHIEVED']);

/** An officer's capacity profile (services/capacity-profile.ts). */
export const capacityProfileView = z.object({
  asOf: isoTime,
  officer: z.object({
    id: z.string(),
    employeeCode: z.string(),
    fullName: z.string(),
    gender: z.string().nullable(),
    birthDate: z.string().nullable(),
    email: z.string().nullable(),
    active: z.boolean(),
    unit: coded,
    position: coded.extend({ isLeadership: z.boolean() }),
    field: coded,
  }),
  assignments: z.array(
    z.object({
      id: z.string(),
      startDate: z.string(),
      endDate: z.string().nullable(),
      current: z.boolean(),
      decisionRef: z.string().nullable(),
      position: coded.extend({ isLeadership: z.boolean() }),
      unit: coded,
    }),
  ),
  cycles: z.array(
    z.object({
      cycle: z.object({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string(), status: z.string(), phase: z.string(), examStartsAt: isoTime }),
      registration: z.object({
        id: z.string(),
        round: z.number().int(),
        status: z.string(),
        source: z.string(),
        unit: coded,
        chosenPosition: coded,
        heldPosition: coded,
        positionDiffers: z.boolean(),
        verification: z.object({ outcome: z.string().nullable(), reasons: z.array(z.object({ code: z.string(), severity: z.string().nullable(), text: z.string() })) }),
        review: z.object({ decision: z.string(), justification: z.string().nullable(), reviewedAt: isoTime.nullable() }),
      }),
      attempt: z.object({ status: z.string(), startedAt: isoTime, submittedAt: isoTime.nullable() }).nullable(),
      result: z
        .object({
          id: z.string(),
          score: z.number(),
          correctCount: z.number().int(),
          itemCount: z.number().int(),
          passed: z.boolean(),
          level: level.nullable(),
          levelReason: z.array(z.string()).nullable().describe('Why this level, one line per rule that fired'),
          levelTrace: z.unknown(),
          gradedAt: isoTime,
          regradedAt: isoTime.nullable(),
          competencies: z.array(
            z.object({ competency: coded, score: z.number(), correctCount: z.number().int(), itemCount: z.number().int(), requiredLevel: z.number().int() }),
          ),
        })
        .nullable(),
    }),
  ),
  followUps: z.array(
    z.object({
      id: z.string(),
      type: z.string(),
      status: z.string(),
      dueAt: isoTime,
      overdue: z.boolean(),
      escalationLevel: z.number().int(),
      createdAt: isoTime,
      cycle: z.object({ id: z.string(), code: z.string() }).nullable(),
      resultId: z.string().nullable(),
      competency: coded.nullable(),
      proposedPosition: coded.nullable(),
      unit: coded,
      outcome: z.unknown(),
      decidedAt: isoTime.nullable(),
      decisionReason: z.string().nullable(),
    }),
  ),
  feedback: z.unknown().describe('Ratings by level and cases by outcome, when businesses rated this officer'),
});

/** A page of a list: the items, and where they sit in the whole. */
export const paged = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), page: z.number().int(), pageSize: z.number().int(), total: z.number().int() });

/** An assessment cycle with its timeline (more fields may follow: the schema names what clients rely on). */
export const cycleView = z.looseObject({
  id: z.string(),
  code: z.string(),
  nameVi: z.string(),
  nameEn: z.string(),
  status: z.enum(['DRAFT', 'RUNNING', 'CLOSED', 'CANCELLED']),
  phase: z.string(),
  scopeUnitIds: z.array(z.string()),
  scopeFieldIds: z.array(z.string()),
  includeNonLeadership: z.boolean(),
  includeTeamLeaders: z.boolean(),
  workflowId: z.string().nullable(),
  launchedAt: isoTime.nullable(),
  timeline: z.object({
    registrationOpensAt: isoTime,
    registrationClosesAt: isoTime,
    listsDueAt: isoTime,
    examStartsAt: isoTime,
    examEndsAt: isoTime,
    closesAt: isoTime,
  }),
});

/** A follow-up task as listed (more fields may follow). */
export const followUpTaskView = z.looseObject({
  id: z.string(),
  type: z.enum(['RETRAINING', 'REEXAMINATION', 'REASSIGNMENT', 'EXPERT_NOMINATION']),
  status: z.enum(['OPEN', 'DONE', 'DECLINED', 'CANCELLED']),
  dueAt: isoTime,
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  officer: z.looseObject({ id: z.string(), employeeCode: z.string(), fullName: z.string() }),
  unit: z.looseObject({ id: z.string(), nameVi: z.string(), nameEn: z.string() }),
  competency: coded.nullable(),
  proposedPosition: coded.nullable(),
  cycle: z.looseObject({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string() }).nullable(),
  result: z.looseObject({ id: z.string(), score: z.number(), level: level.nullable() }).nullable(),
});

/** A business's declaration with the subjects it may rate (more fields may follow). */
export const declarationView = z.looseObject({
  id: z.string(),
  number: z.string(),
  registeredAt: isoTime,
  clearedAt: isoTime.nullable(),
  branch: z.looseObject({ id: z.string(), nameVi: z.string(), nameEn: z.string() }),
  subjects: z.array(
    z.looseObject({
      key: z.string(),
      kind: z.enum(['BRANCH', 'TEAM', 'STAGE', 'OFFICER']),
      id: z.string(),
      nameVi: z.string().optional(),
      nameEn: z.string().optional(),
      rating: z.looseObject({ level: z.string() }).nullable(),
    }),
  ),
});
