// Response shapes of the routes the leaders' screens and the business portal read (documented in the OpenAPI
// document, and so typed in the web app). Checked against every response when strictResponses is on.
import { z } from 'zod';
import { declarationView, followUpTaskView, isoTime, named, paged } from './response-shapes';

const satisfaction = z.enum(['VERY_SATISFIED', 'SATISFIED', 'NORMAL', 'UNSATISFIED', 'VERY_UNSATISFIED']);
const subjectKind = z.enum(['BRANCH', 'TEAM', 'STAGE', 'OFFICER']);
const caseStatus = z.enum(['OPEN', 'VERIFYING', 'HANDLING', 'ANSWERED', 'CLOSED']);
const caseStep = z.enum(['VERIFY', 'HANDLE', 'ANSWER', 'BUSINESS_RESPONSE']).nullable();
const caseOutcome = z.enum(['SUBSTANTIATED', 'NOT_SUBSTANTIATED']).nullable();

// ───────────────────────────── Follow-up tasks ─────────────────────────────

const auditEntry = z.looseObject({
  id: z.string(),
  at: isoTime,
  action: z.string(),
  actorUserId: z.string().nullable(),
  actorRole: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.unknown(),
});

/** One task: why it exists, its history, its re-examination and the live workflow view (more fields may follow). */
export const followUpDetailShape = followUpTaskView.extend({
  explanation: z.array(z.string()).describe('Why the task exists: one line per rule that fired'),
  outcome: z.unknown(),
  decidedAt: isoTime.nullable(),
  decisionReason: z.string().nullable(),
  officer: z.looseObject({ id: z.string(), employeeCode: z.string(), fullName: z.string(), unitId: z.string(), positionId: z.string(), unit: named }),
  history: z.array(auditEntry),
  reexamination: z
    .looseObject({
      registrationId: z.string(),
      round: z.number().int(),
      status: z.string(),
      session: z.looseObject({ id: z.string(), code: z.string(), startsAt: isoTime, room: z.string().nullable(), seatNumber: z.number().int() }).nullable(),
      attempt: z.looseObject({ status: z.string(), startedAt: isoTime, submittedAt: isoTime.nullable() }).nullable(),
      result: z.looseObject({ id: z.string(), score: z.number(), level: z.string().nullable() }).nullable(),
    })
    .nullable(),
  live: z.unknown().describe("The task workflow's own view, when it answers"),
});

export const reexamSessionsShape = z.object({
  items: z.array(z.looseObject({ id: z.string(), code: z.string(), startsAt: isoTime, endsAt: isoTime, room: z.string().nullable(), capacity: z.number().int(), seated: z.number().int(), free: z.number().int() })),
});

export const reexamSeatedShape = z.looseObject({ seat: z.looseObject({ sessionId: z.string(), startsAt: isoTime }) });

/** A job position as listed. */
export const positionShape = z.looseObject({ id: z.string(), code: z.string(), nameVi: z.string(), nameEn: z.string(), fieldId: z.string(), isLeadership: z.boolean(), active: z.boolean() });

// ───────────────────────────── Feedback cases (staff) ─────────────────────────────

const subject = z.looseObject({ key: z.string(), kind: subjectKind, id: z.string(), nameVi: z.string(), nameEn: z.string(), employeeCode: z.string().nullable().optional() });
const noteAt = z.object({ note: z.string().nullable(), at: isoTime }).nullable();
const answer = z.object({ outcome: caseOutcome, reason: z.string().nullable(), at: isoTime }).nullable();
const businessResponse = z.object({ accepted: z.boolean().nullable(), at: isoTime }).nullable();

export const caseShape = z.looseObject({
  id: z.string(),
  status: caseStatus,
  step: caseStep,
  stepDueAt: isoTime.nullable(),
  overdue: z.boolean(),
  escalationLevel: z.number().int(),
  escalatedTo: z.string().nullable(),
  responsibleUnit: named.extend({ departmentId: z.string().nullable() }),
  feedback: z.looseObject({ id: z.string(), subject, level: satisfaction, score: z.number().int(), reasonCodes: z.array(z.string()), comment: z.string().nullable(), submittedAt: isoTime, amendedAt: isoTime.nullable() }),
  declaration: z.looseObject({ id: z.string(), number: z.string(), registeredAt: isoTime }),
  business: z.looseObject({ id: z.string(), name: z.string(), taxCode: z.string() }),
  verification: noteAt,
  handling: noteAt,
  answer,
  businessResponse,
  createdAt: isoTime,
  closedAt: isoTime.nullable(),
});

/** A contest of the business: the answer it contested and its comment; reopened: the case was reconsidered (a new answer followed or is due). */
const contest = z.object({
  round: z.number().int().describe('The round whose answer was contested: 0 the first answer'),
  at: isoTime,
  comment: z.string().nullable(),
  contestedAnswer: z.object({ outcome: caseOutcome, reason: z.string().nullable(), at: isoTime.nullable() }),
  reopened: z.boolean().describe('true: reconsidered at the department; false: no reconsideration was left and the case closed'),
});

export const caseDetailShape = caseShape.extend({
  contests: z.array(contest).describe('Oldest first'),
  live: z.unknown(),
  timeline: z.array(z.looseObject({ at: isoTime, action: z.string(), actorUserId: z.string().nullable(), actorRole: z.string().nullable(), reason: z.string().nullable(), details: z.unknown() })),
});

export const caseActionShape = caseShape.extend({ live: z.unknown().optional(), repeated: z.boolean().optional() });

// ───────────────────────────── Business portal ─────────────────────────────

export const businessCaseShape = z.looseObject({
  id: z.string(),
  status: caseStatus,
  step: caseStep,
  declaration: z.object({ id: z.string(), number: z.string() }),
  feedback: z.looseObject({ id: z.string(), subject, level: satisfaction, score: z.number().int(), reasonCodes: z.array(z.string()), comment: z.string().nullable() }),
  answer,
  respondBy: isoTime.nullable(),
  canRespond: z.boolean(),
  businessResponse,
  contests: z.array(contest).describe('Oldest first; after a reconsideration `answer` is the new answer'),
  createdAt: isoTime,
  closedAt: isoTime.nullable(),
  repeated: z.boolean().optional(),
});

export const reasonsShape = z.object({
  items: z.array(z.looseObject({ code: z.string(), nameVi: z.string(), nameEn: z.string(), active: z.boolean() })),
  levels: z.array(z.object({ level: satisfaction, score: z.number().int(), nameVi: z.string() })),
});

const ratingShape = z.looseObject({
  id: z.string(),
  subject,
  level: satisfaction,
  score: z.number().int(),
  reasonCodes: z.array(z.string()),
  comment: z.string().nullable(),
  submittedAt: isoTime,
  amendedAt: isoTime.nullable(),
  amendableUntil: isoTime,
  amendable: z.boolean(),
  case: z.looseObject({ id: z.string(), status: caseStatus, step: caseStep, outcome: caseOutcome }).nullable(),
});

/** A declaration with its subjects, each with the rating given (if any). */
export const declarationDetailShape = declarationView.extend({
  subjects: z.array(
    z.looseObject({ key: z.string(), kind: subjectKind, id: z.string(), nameVi: z.string().optional(), nameEn: z.string().optional(), employeeCode: z.string().optional(), rating: ratingShape.nullable() }),
  ),
});

export const ratingsSubmittedShape = z.object({
  declaration: z.object({ id: z.string(), number: z.string() }),
  ratings: z.array(z.looseObject({ change: z.string(), caseOpened: z.boolean(), caseTracking: z.string().optional(), rating: ratingShape })),
});

export const legalNoticesShape = paged(
  z.looseObject({
    id: z.string(),
    titleVi: z.string(),
    titleEn: z.string(),
    summaryVi: z.string().nullable(),
    summaryEn: z.string().nullable(),
    documentNo: z.string().nullable(),
    issuedAt: isoTime,
    publishedAt: isoTime,
    isNew: z.boolean(),
    sourceLink: z.string(),
  }),
);

// ───────────────────────────── Statistics and look-up ─────────────────────────────

const levelCounts = z.object(Object.fromEntries(satisfaction.options.map((l) => [l, z.number().int()])) as Record<z.infer<typeof satisfaction>, z.ZodNumber>);
const figures = z.looseObject({ total: z.number().int(), byLevel: levelCounts, averageScore: z.number().nullable(), satisfiedShare: z.number(), unsatisfiedShare: z.number() });
const distributionRow = figures.extend({ id: z.string(), nameVi: z.string().nullable(), nameEn: z.string().nullable(), employeeCode: z.string().nullable().optional(), unitId: z.string().nullable().optional() });

const bySubject = z.object({ groups: z.number().int(), rows: z.array(distributionRow) });

export const statisticsShape = z.looseObject({
  asOf: isoTime,
  ratings: figures,
  bySubject: z.object({ branch: bySubject, team: bySubject, stage: bySubject, officer: bySubject }),
  cases: z.looseObject({ total: z.number().int(), open: z.number().int(), verifying: z.number().int(), handling: z.number().int(), answered: z.number().int(), closed: z.number().int(), overdue: z.number().int() }),
});

/** One dimension's whole distribution, paged (total = the number of groups). */
export const distributionShape = paged(distributionRow);

export const lookupShape = paged(
  z.looseObject({
    id: z.string(),
    submittedAt: isoTime,
    amendedAt: isoTime.nullable(),
    level: satisfaction,
    score: z.number().int(),
    subject: z.looseObject({ key: z.string(), kind: subjectKind, nameVi: z.string().nullable(), nameEn: z.string().nullable() }),
    responsibleUnit: named.nullable(),
    reasonCodes: z.array(z.string()),
    comment: z.string().nullable(),
    declaration: z.object({ id: z.string(), number: z.string(), registeredAt: isoTime }),
    business: z.object({ id: z.string(), name: z.string(), taxCode: z.string() }),
    branch: named,
    case: z.object({ id: z.string(), status: z.string().nullable(), outcome: z.string().nullable() }).nullable(),
  }),
);
