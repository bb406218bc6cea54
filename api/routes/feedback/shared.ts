// What the feedback routes share: the request schemas of a time range, levels and look-up filters, and how a
// rating, a case and a subject are presented (to staff, and to the business that gave them).
import type { CaseDispatcher } from '../../../services/feedback-dispatch';
import type { CaseContest } from '../../../services/feedback-cases';
import { z } from 'zod';
import type { Prisma } from '../../../prisma/db';
import { escalationTarget, isOverdue, stepOf } from '../../../domain/feedback-case';
import { amendableUntil, type FeedbackPolicy } from '../../../domain/feedback-policy';
import { levelOf, SATISFACTION_LEVELS, scoreOf, type SatisfactionLevelName } from '../../../domain/feedback-rating';
import { SUBJECT_KINDS } from '../../../domain/feedback-subject';
import { NO_MATCH, unitPath } from '../../../domain/unit-path';
import type { AuthUser } from '../../auth';
import type { ApiContext } from '../../context';
import { forbidden } from '../../errors';
import { businessScopeWhere } from '../../scope';

/** The feedback routes' context: the API's, and the feedback policy in force. */
export interface FeedbackContext extends ApiContext {
  policy: FeedbackPolicy;
  /** Takes the cases a rating opened on after the request (services/feedback-dispatch.ts). */
  dispatcher: CaseDispatcher;
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const BUSINESS = ['BUSINESS'] as const;
/** Leaders act on their unit's cases; headquarters coordinators on any (escalated ones reach them). */
export const CASE_ACTORS = ['LEADER', 'COORDINATOR'] as const;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
export const DAY_MS = 86_400_000;

// ───────────────────────────── Request schemas ─────────────────────────────

const dateOrDateTime = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine((s) => Number(s.slice(0, 4)) >= 1900, { message: 'year before 1900', params: { key: 'validate.yearFrom', year: 1900 } });
export const rangeQuery = z.object({
  from: dateOrDateTime.optional().describe('From (inclusive): a date (Vietnam time) or a date-time'),
  to: dateOrDateTime.optional().describe('To: a date is inclusive (the whole day, Vietnam time); a date-time exclusive'),
});

/** A date alone is a day in Vietnam (UTC+7); "to" a date includes that whole day. */
export function rangeOf(q: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const at = (s: string, endOfDay: boolean) =>
    s.length === 10 ? new Date(Date.parse(`${s}T00:00:00Z`) - VIETNAM_OFFSET_MS + (endOfDay ? DAY_MS : 0)) : new Date(s);
  return { ...(q.from ? { from: at(q.from, false) } : {}), ...(q.to ? { to: at(q.to, true) } : {}) };
}

const LEVEL_TOKEN = `(${SATISFACTION_LEVELS.join('|')}|[1-5])`;
export const levelList = z
  .string()
  .regex(new RegExp(`^${LEVEL_TOKEN}(,${LEVEL_TOKEN})*$`))
  .describe('Levels VERY_SATISFIED…VERY_UNSATISFIED or 5…1, comma-separated');
export const parseLevels = (s?: string): SatisfactionLevelName[] | undefined =>
  s ? [...new Set(s.split(',').map((t) => levelOf(/^[1-5]$/.test(t) ? Number(t) : (t as SatisfactionLevelName))))] : undefined;

export const filterQuery = rangeQuery.extend({
  declarationNumber: z.string().trim().regex(/^\d{1,12}$/).optional(),
  businessId: z.string().min(1).max(40).optional(),
  business: z.string().trim().min(2).max(100).optional().describe('Tax code, or part of the business name (diacritics optional)'),
  unitId: z.string().min(1).max(40).optional().describe('Only ratings whose responsible unit is in this unit (and its sub-units)'),
  branchId: z.string().min(1).max(40).optional().describe('Ratings on declarations filed at this branch'),
  teamId: z.string().min(1).max(40).optional().describe('Ratings the team answers for: the team, its officers, the stages it handled'),
  stageId: z.string().min(1).max(40).optional(),
  officerId: z.string().min(1).max(40).optional(),
  level: levelList.optional(),
  subjectKind: z.enum(SUBJECT_KINDS).optional(),
});
export type FilterQuery = z.infer<typeof filterQuery>;

export const booleanFlag = z.enum(['true', 'false']).optional();

// ───────────────────────────── Presenting ─────────────────────────────

export function requireBusiness(user: AuthUser): string {
  const { businessId } = businessScopeWhere(user);
  if (businessId === NO_MATCH) throw forbidden('feedback.noBusiness');
  return businessId;
}

export const subjectInclude = {
  subjectUnit: { select: { id: true, nameVi: true, nameEn: true } },
  subjectStage: { select: { id: true, nameVi: true, nameEn: true } },
  subjectOfficer: { select: { id: true, fullName: true, employeeCode: true } },
} as const;

type FeedbackRow = Prisma.FeedbackGetPayload<{ include: typeof subjectInclude & { case: true; declaration: { select: { id: true; number: true } } } }>;

export function subjectOf(f: Pick<FeedbackRow, 'subjectKind' | 'subjectKey' | 'subjectUnit' | 'subjectStage' | 'subjectOfficer'>) {
  const id = f.subjectKey.slice(f.subjectKey.indexOf(':') + 1);
  const named =
    f.subjectKind === 'OFFICER'
      ? { nameVi: f.subjectOfficer?.fullName ?? id, nameEn: f.subjectOfficer?.fullName ?? id, employeeCode: f.subjectOfficer?.employeeCode ?? null }
      : f.subjectKind === 'STAGE'
        ? { nameVi: f.subjectStage?.nameVi ?? id, nameEn: f.subjectStage?.nameEn ?? id }
        : { nameVi: f.subjectUnit?.nameVi ?? id, nameEn: f.subjectUnit?.nameEn ?? id };
  return { key: f.subjectKey, kind: f.subjectKind, id, ...named };
}

/** What presenting a rating needs: a stored row with its subject's names (from Prisma, or as submitRatings returns it). */
type RatingView = Pick<FeedbackRow, 'id' | 'declaration' | 'subjectKind' | 'subjectKey' | 'subjectUnit' | 'subjectStage' | 'subjectOfficer' | 'level' | 'reasonCodes' | 'comment' | 'submittedAt' | 'amendedAt'> & {
  case: Pick<NonNullable<FeedbackRow['case']>, 'id' | 'status' | 'handledAt' | 'outcome'> | null;
};

export function presentRating(f: RatingView, policy: FeedbackPolicy, now: Date) {
  const until = amendableUntil(policy, f.submittedAt);
  return {
    id: f.id,
    declaration: f.declaration,
    subject: subjectOf(f),
    responsibleUnit: f.subjectUnit,
    level: f.level,
    score: scoreOf(f.level),
    reasonCodes: f.reasonCodes,
    comment: f.comment,
    submittedAt: f.submittedAt,
    amendedAt: f.amendedAt,
    amendableUntil: until,
    amendable: now <= until,
    case: f.case ? { id: f.case.id, status: f.case.status, step: stepOf(f.case), outcome: f.case.outcome } : null,
  };
}

export const caseInclude = {
  responsibleUnit: { select: { id: true, nameVi: true, nameEn: true, path: true } },
  feedback: {
    include: {
      ...subjectInclude,
      declaration: { select: { id: true, number: true, registeredAt: true, branchUnitId: true } },
      business: { select: { id: true, name: true, taxCode: true } },
    },
  },
} as const;
export type CaseRow = Prisma.FeedbackCaseGetPayload<{ include: typeof caseInclude }>;

/** A case as staff see it: every step's record. */
export function presentCase(c: CaseRow, now: Date) {
  const step = stepOf(c);
  const { path, ...unit } = c.responsibleUnit;
  return {
    id: c.id,
    status: c.status,
    step,
    stepDueAt: c.stepDueAt,
    overdue: isOverdue(c, now),
    escalationLevel: c.escalationLevel,
    escalatedTo: c.escalationLevel > 0 ? escalationTarget(c.escalationLevel) : null,
    responsibleUnit: { ...unit, departmentId: unitPath.department(path) },
    feedback: {
      id: c.feedback.id,
      subject: subjectOf(c.feedback),
      level: c.feedback.level,
      score: scoreOf(c.feedback.level),
      reasonCodes: c.feedback.reasonCodes,
      comment: c.feedback.comment,
      submittedAt: c.feedback.submittedAt,
      amendedAt: c.feedback.amendedAt,
    },
    declaration: c.feedback.declaration,
    business: c.feedback.business,
    verification: c.verifiedAt ? { note: c.verificationNote, at: c.verifiedAt } : null,
    handling: c.handledAt ? { note: c.handlingNote, at: c.handledAt } : null,
    answer: c.answeredAt ? { outcome: c.outcome, reason: c.outcomeReason, at: c.answeredAt } : null,
    businessResponse: c.businessRespondedAt ? { accepted: c.businessAccepted, at: c.businessRespondedAt } : null,
    workflowId: c.workflowId,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
  };
}

/** A case as its business sees it: the answer and what they may do, not the internal notes. */
export function presentCaseToBusiness(c: CaseRow, contests: CaseContest[]) {
  const step = stepOf(c);
  return {
    id: c.id,
    status: c.status,
    step,
    declaration: { id: c.feedback.declaration.id, number: c.feedback.declaration.number },
    feedback: { id: c.feedback.id, subject: subjectOf(c.feedback), level: c.feedback.level, score: scoreOf(c.feedback.level), reasonCodes: c.feedback.reasonCodes, comment: c.feedback.comment },
    answer: c.answeredAt ? { outcome: c.outcome, reason: c.outcomeReason, at: c.answeredAt } : null,
    /** While the business may respond: until when. */
    respondBy: step === 'BUSINESS_RESPONSE' ? c.stepDueAt : null,
    canRespond: step === 'BUSINESS_RESPONSE',
    businessResponse: c.businessRespondedAt ? { accepted: c.businessAccepted, at: c.businessRespondedAt } : null,
    /** Its contests, oldest first: the answer contested, the comment, whether it was reconsidered (then `answer` is the new one). */
    contests,
    createdAt: c.createdAt,
    closedAt: c.closedAt,
  };
}
