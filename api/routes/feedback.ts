// Business feedback on service quality. Businesses see their own declarations with the subjects they may rate
// (branch, teams, stages, officers), rate one or more of them per request, amend within the policy's window,
// follow the cases their unsatisfied ratings opened and accept or contest the answers; they also read notices of
// newly issued legal documents. Staff handle the cases of their unit scope (verify, record the handling, record
// the outcome, which answers the business): every transition is a Temporal Update on the case's
// FeedbackCaseWorkflow, whose validator refuses an invalid one. Statistics, look-up and Excel export are SQL
// aggregates over the caller's scope; officers' and units' summaries feed capacity profiles and unit evaluation.
import { z } from 'zod';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { Prisma } from '../../prisma/db';
import { escalationTarget, isOverdue, stepOf } from '../../domain/feedback-case';
import { unitPath } from '../../domain/unit-path';
import { amendableUntil, feedbackPolicyFromEnv, type FeedbackPolicy } from '../../domain/feedback-policy';
import { levelOf, SATISFACTION_LEVELS, scoreOf, type RatingProblem, type SatisfactionLevelName } from '../../domain/feedback-rating';
import { declarationSubjects, SUBJECT_KEY_PATTERN, SUBJECT_KINDS } from '../../domain/feedback-subject';
import { LEVEL_VI, writeFeedbackWorkbook } from '../../domain/feedback-workbook';
import { toSearchName } from '../../domain/text';
import { submitRatings } from '../../activities/feedback';
import {
  analytics,
  countRatings,
  DIMENSIONS,
  feedbackOverview,
  lookupBatches,
  lookupRatings,
  officerFeedbackSummary,
  ratingDistribution,
  unitFeedbackSummary,
  type FeedbackFilter,
  type LookupRow,
} from '../../activities/feedback-stats';
import { writeAudit } from '../../activities/audit';
import {
  businessResponseUpdate,
  feedbackCaseQuery,
  feedbackCaseWorkflowId,
  recordHandlingUpdate,
  recordOutcomeUpdate,
  verifyCaseUpdate,
  type FeedbackCaseView,
} from '../../workflows/feedback-case/contract';
import { FeedbackCaseWorkflow } from '../../workflows/feedback-case/workflow';
import type { AuthUser } from '../auth';
import { badRequest, conflict, forbidden, HttpError, notFound, updateRefusal } from '../errors';
import { addMessages, translate, type Locale } from '../i18n';
import { idParam, page, pageQuery, skipTake } from '../route';
import { assertUnitInScope, businessScopeWhere, MANAGING_ROLES, scopePath, STAFF_ROLES, unitScopeWhere, assertOfficerVisible } from '../scope';
import type { ApiContext } from '../context';
import { declarationView, paged } from '../response-shapes';

addMessages({
  vi: {
    'feedback.noBusiness': 'Tài khoản doanh nghiệp này chưa được gắn với doanh nghiệp nào.',
    'feedback.rating.SUBJECT_NOT_ON_DECLARATION': 'Đối tượng "{subject}" không có trên tờ khai số {number}.',
    'feedback.rating.UNKNOWN_REASON': 'Không có lý do đánh giá với mã: {codes}.',
    'feedback.rating.REASON_REQUIRED': 'Đánh giá không hài lòng đối với "{subject}" cần chọn ít nhất một lý do hoặc ghi ý kiến.',
    'feedback.amendmentClosed': 'Đánh giá đối với "{subject}" chỉ được sửa đến {until}; chưa có thay đổi nào được ghi nhận.',
    'feedback.caseNotStarted': 'Vụ việc đang được khởi tạo; vui lòng thử lại sau giây lát.',
    'feedback.caseBusy': 'Một thao tác khác trên vụ việc đang được xử lý; vui lòng thử lại.',
    'feedback.caseClosed': 'Vụ việc đã đóng; không thể "{action}".',
    'feedback.wrongStep': 'Vụ việc đang ở bước "{step}", không thể "{action}".',
    'feedback.noteRequired': 'Phải ghi nội dung khi "{action}".',
    'feedback.reasonRequired': 'Phải nêu biện pháp đã xử lý (nếu phản ánh có cơ sở) hoặc lý do (nếu không có cơ sở).',
    'feedback.commentRequired': 'Không đồng ý với kết quả thì phải nêu lý do.',
    'feedback.refused': 'Không thể "{action}": {detail}',
    'feedback.exportTooLarge': 'Kết quả tra cứu có {count} đánh giá, vượt quá {max} dòng của một tệp Excel; hãy thu hẹp điều kiện tra cứu.',
    'feedback.unknownFields': 'Không có lĩnh vực chuyên môn với mã: {ids}.',
    'feedback.step.VERIFY': 'xác minh',
    'feedback.step.HANDLE': 'xử lý',
    'feedback.step.ANSWER': 'trả lời kết quả',
    'feedback.step.BUSINESS_RESPONSE': 'chờ doanh nghiệp phản hồi',
    'feedback.step.none': 'đã đóng',
    'feedback.action.verify': 'xác minh phản ánh',
    'feedback.action.handling': 'ghi nhận kết quả xử lý',
    'feedback.action.outcome': 'ghi nhận kết luận và trả lời doanh nghiệp',
    'feedback.action.response': 'phản hồi kết quả giải quyết',
    'entity.Declaration': 'tờ khai',
    'entity.FeedbackCase': 'vụ việc phản ánh',
    'entity.LegalNotice': 'văn bản pháp luật',
    'entity.ProfessionalStage': 'khâu nghiệp vụ',
    'entity.Business': 'doanh nghiệp',
  },
  en: {
    'feedback.noBusiness': 'This business account is not linked to any business.',
    'feedback.rating.SUBJECT_NOT_ON_DECLARATION': 'Subject "{subject}" is not on declaration {number}.',
    'feedback.rating.UNKNOWN_REASON': 'No feedback reason with code: {codes}.',
    'feedback.rating.REASON_REQUIRED': 'An unsatisfied rating of "{subject}" needs at least one reason or a comment.',
    'feedback.amendmentClosed': 'The rating of "{subject}" could be amended until {until}; nothing was changed.',
    'feedback.caseNotStarted': 'The case is being opened; please try again in a moment.',
    'feedback.caseBusy': 'Another action on this case is in progress; please try again.',
    'feedback.caseClosed': 'The case is closed; cannot "{action}".',
    'feedback.wrongStep': 'The case is at step "{step}"; cannot "{action}".',
    'feedback.noteRequired': 'A note is required to "{action}".',
    'feedback.reasonRequired': 'State the action taken (substantiated) or the reasons (not substantiated).',
    'feedback.commentRequired': 'Say why when you do not accept the answer.',
    'feedback.refused': 'Cannot "{action}": {detail}',
    'feedback.exportTooLarge': 'The look-up matches {count} ratings, more than the {max} rows of one Excel file; narrow the filters.',
    'feedback.unknownFields': 'No professional field with id: {ids}.',
    'feedback.step.VERIFY': 'verification',
    'feedback.step.HANDLE': 'handling',
    'feedback.step.ANSWER': 'answer',
    'feedback.step.BUSINESS_RESPONSE': "awaiting the business's response",
    'feedback.step.none': 'closed',
    'feedback.action.verify': 'verify the complaint',
    'feedback.action.handling': 'record the handling',
    'feedback.action.outcome': 'record the outcome and answer the business',
    'feedback.action.response': 'respond to the answer',
    'entity.Declaration': 'declaration',
    'entity.FeedbackCase': 'feedback case',
    'entity.LegalNotice': 'legal notice',
    'entity.ProfessionalStage': 'professional stage',
    'entity.Business': 'business',
  },
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BUSINESS = ['BUSINESS'] as const;
/** Leaders act on their unit's cases; headquarters coordinators on any (escalated ones reach them). */
const CASE_ACTORS = ['LEADER', 'COORDINATOR'] as const;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

// ───────────────────────────── Request schemas ─────────────────────────────

const dateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const rangeQuery = z.object({
  from: dateOrDateTime.optional().describe('From (inclusive): a date (Vietnam time) or a date-time'),
  to: dateOrDateTime.optional().describe('To: a date is inclusive (the whole day, Vietnam time); a date-time exclusive'),
});

/** A date alone is a day in Vietnam (UTC+7); "to" a date includes that whole day. */
function rangeOf(q: { from?: string; to?: string }): { from?: Date; to?: Date } {
  const at = (s: string, endOfDay: boolean) =>
    s.length === 10 ? new Date(Date.parse(`${s}T00:00:00Z`) - VIETNAM_OFFSET_MS + (endOfDay ? DAY_MS : 0)) : new Date(s);
  return { ...(q.from ? { from: at(q.from, false) } : {}), ...(q.to ? { to: at(q.to, true) } : {}) };
}

const LEVEL_TOKEN = `(${SATISFACTION_LEVELS.join('|')}|[1-5])`;
const levelList = z
  .string()
  .regex(new RegExp(`^${LEVEL_TOKEN}(,${LEVEL_TOKEN})*$`), 'Mức độ: VERY_SATISFIED…VERY_UNSATISFIED hoặc 5…1, cách nhau bởi dấu phẩy / Levels: VERY_SATISFIED…VERY_UNSATISFIED or 5…1, comma-separated');
const parseLevels = (s?: string): SatisfactionLevelName[] | undefined =>
  s ? [...new Set(s.split(',').map((t) => levelOf(/^[1-5]$/.test(t) ? Number(t) : (t as SatisfactionLevelName))))] : undefined;

const filterQuery = rangeQuery.extend({
  declarationNumber: z.string().trim().regex(/^\d{1,12}$/, 'Số tờ khai gồm tối đa 12 chữ số / A declaration number has up to 12 digits').optional(),
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
type FilterQuery = z.infer<typeof filterQuery>;

const levelInput = z
  .union([z.enum(SATISFACTION_LEVELS), z.number().int().min(1).max(5)])
  .describe('VERY_SATISFIED, SATISFIED, NORMAL, UNSATISFIED, VERY_UNSATISFIED, or a score 5 (very satisfied) … 1 (very unsatisfied)');

const ratingsBody = z.object({
  ratings: z
    .array(
      z.object({
        subject: z.string().regex(SUBJECT_KEY_PATTERN, 'Đối tượng có dạng BRANCH|TEAM|STAGE|OFFICER:<mã> / A subject looks like BRANCH|TEAM|STAGE|OFFICER:<id>'),
        level: levelInput,
        reasonCodes: z.array(z.string().trim().min(1).max(40)).max(10).default([]),
        comment: z.string().max(2000).nullish(),
      }),
    )
    .min(1)
    .max(50)
    .superRefine((ratings, ctx) => {
      const seen = new Set<string>();
      ratings.forEach((r, i) => {
        if (seen.has(r.subject)) {
          ctx.addIssue({ code: 'custom', path: [i, 'subject'], message: `Mỗi đối tượng chỉ đánh giá một lần trong một yêu cầu: "${r.subject}" lặp lại / Each subject once per request: "${r.subject}" repeats` });
        }
        seen.add(r.subject);
      });
    }),
});

const noteBody = z.object({ note: z.string().trim().min(10).max(4000) });
const outcomeBody = z.object({
  outcome: z.enum(['SUBSTANTIATED', 'NOT_SUBSTANTIATED']),
  reason: z.string().trim().min(10).max(4000).describe('The action taken (substantiated) or the reasons (not substantiated): the business reads it'),
});
const responseBody = z
  .object({ accept: z.boolean(), comment: z.string().trim().max(2000).optional() })
  .refine((b) => b.accept || (b.comment?.length ?? 0) >= 5, {
    path: ['comment'],
    message: 'Không đồng ý với kết quả thì phải nêu lý do (ít nhất 5 ký tự) / Say why you do not accept the answer (at least 5 characters)',
  });

const booleanFlag = z.enum(['true', 'false']).optional();

// ───────────────────────────── Helpers ─────────────────────────────

function requireBusiness(user: AuthUser): string {
  const { businessId } = businessScopeWhere(user);
  if (businessId === '\u0000') throw forbidden('feedback.noBusiness');
  return businessId;
}

const subjectInclude = {
  subjectUnit: { select: { id: true, nameVi: true, nameEn: true } },
  subjectStage: { select: { id: true, nameVi: true, nameEn: true } },
  subjectOfficer: { select: { id: true, fullName: true, employeeCode: true } },
} as const;

type FeedbackRow = Prisma.FeedbackGetPayload<{ include: typeof subjectInclude & { case: true; declaration: { select: { id: true; number: true } } } }>;

function subjectOf(f: Pick<FeedbackRow, 'subjectKind' | 'subjectKey' | 'subjectUnit' | 'subjectStage' | 'subjectOfficer'>) {
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

function presentRating(f: RatingView, policy: FeedbackPolicy, now: Date) {
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

const caseInclude = {
  responsibleUnit: { select: { id: true, nameVi: true, nameEn: true, path: true } },
  feedback: {
    include: {
      ...subjectInclude,
      declaration: { select: { id: true, number: true, registeredAt: true, branchUnitId: true } },
      business: { select: { id: true, name: true, taxCode: true } },
    },
  },
} as const;
type CaseRow = Prisma.FeedbackCaseGetPayload<{ include: typeof caseInclude }>;

/** A case as staff see it: every step's record. */
function presentCase(c: CaseRow, now: Date) {
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
function presentCaseToBusiness(c: CaseRow) {
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
    createdAt: c.createdAt,
    closedAt: c.closedAt,
  };
}

/** Validator refusals (by failure type) to message keys a person can act on. */
const REFUSALS: Record<string, string> = {
  CaseNotStarted: 'feedback.caseNotStarted',
  CaseBusy: 'feedback.caseBusy',
  CaseClosed: 'feedback.caseClosed',
  WrongStep: 'feedback.wrongStep',
  NoteRequired: 'feedback.noteRequired',
  ReasonRequired: 'feedback.reasonRequired',
  CommentRequired: 'feedback.commentRequired',
};


export function feedbackRoutes({ prisma, temporal, config, routes }: ApiContext, policy: FeedbackPolicy = feedbackPolicyFromEnv(process.env)) {
  /** Starts the workflows of cases not taken on yet; a case whose workflow exists already is left alone. */
  async function startCaseWorkflows(caseIds: string[], log?: { warn: (o: object, m: string) => void }): Promise<Record<string, 'started' | 'running' | 'pending'>> {
    const out: Record<string, 'started' | 'running' | 'pending'> = {};
    await Promise.all(
      caseIds.map(async (caseId) => {
        try {
          await temporal.workflow.start(FeedbackCaseWorkflow, {
            workflowId: feedbackCaseWorkflowId(caseId),
            taskQueue: config.TEMPORAL_TASK_QUEUE,
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            args: [{ caseId, policy: policy.case }],
          });
          out[caseId] = 'started';
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) {
            out[caseId] = 'running';
          } else {
            // The case is stored (status OPEN); a retried request or POST /feedback/cases/dispatch starts it.
            log?.warn({ err, caseId }, 'feedback case workflow not started');
            out[caseId] = 'pending';
          }
        }
      }),
    );
    return out;
  }

  /** The staff filter of a look-up: the caller's scope, narrowed to a chosen unit; every named unit must be in scope. */
  async function staffFilter(user: AuthUser, q: FilterQuery): Promise<FeedbackFilter> {
    let unitPathPrefix = scopePath(user) ?? '\u0000';
    for (const id of [q.unitId, q.branchId, q.teamId]) {
      if (!id) continue;
      const unit = await prisma.unit.findUnique({ where: { id } });
      if (!unit) throw notFound('Unit', id);
      assertUnitInScope(user, unit);
      if (id === q.unitId) unitPathPrefix = unit.path;
    }
    return {
      unitPathPrefix,
      ...rangeOf(q),
      declarationNumber: q.declarationNumber,
      businessId: q.businessId,
      businessSearch: q.business ? (/^\d{10}(-\d{3})?$/.test(q.business) ? q.business : toSearchName(q.business)) : undefined,
      branchId: q.branchId,
      teamId: q.teamId,
      stageId: q.stageId,
      officerId: q.officerId,
      levels: parseLevels(q.level),
      subjectKind: q.subjectKind,
    };
  }

  async function staffCase(user: AuthUser, id: string) {
    const c = await prisma.feedbackCase.findUnique({ where: { id }, include: caseInclude });
    if (!c) throw notFound('FeedbackCase', id);
    assertUnitInScope(user, c.responsibleUnit);
    return c;
  }

  async function businessCase(user: AuthUser, id: string) {
    const c = await prisma.feedbackCase.findFirst({ where: { id, feedback: { businessId: requireBusiness(user) } }, include: caseInclude });
    if (!c) throw notFound('FeedbackCase', id);
    return c;
  }

  async function liveView(caseId: string): Promise<FeedbackCaseView | null> {
    try {
      return await temporal.workflow.getHandle(feedbackCaseWorkflowId(caseId)).query(feedbackCaseQuery);
    } catch {
      return null; // finished or unreachable: the stored state stands
    }
  }

  /** One transition through the case's workflow; refusals become 409s (400 for missing text) in the caller's language. */
  async function act<Req>(
    c: CaseRow,
    action: 'verify' | 'handling' | 'outcome' | 'response',
    update: UpdateDefinition<FeedbackCaseView, [Req]>,
    request: Req,
    locale: Locale,
  ): Promise<FeedbackCaseView> {
    const actionName = translate(locale, `feedback.action.${action}`);
    try {
      // No fixed update id: a refused attempt must not answer the next one. A retry of an attempt that
      // succeeded is answered from the stored case before we get here.
      return await temporal.workflow.getHandle(feedbackCaseWorkflowId(c.id)).executeUpdate(update, { args: [request] });
    } catch (err) {
      const refusal = updateRefusal(err);
      if (refusal) {
        const key = REFUSALS[refusal.type ?? ''] ?? 'feedback.refused';
        const live = await liveView(c.id);
        const step = live?.step ?? stepOf(c);
        const params = { action: actionName, step: translate(locale, `feedback.step.${step ?? 'none'}`), detail: refusal.message };
        if (['NoteRequired', 'ReasonRequired', 'CommentRequired'].includes(refusal.type ?? '')) throw badRequest('CASE_INPUT_REQUIRED', key, params);
        throw conflict('CASE_TRANSITION_REFUSED', key, params);
      }
      if (err instanceof WorkflowNotFoundError) {
        if (c.status === 'OPEN') {
          await startCaseWorkflows([c.id]); // its workflow never started: start it now, the caller retries
          throw conflict('CASE_NOT_STARTED', 'feedback.caseNotStarted');
        }
        throw conflict('CASE_CLOSED', 'feedback.caseClosed', { action: actionName });
      }
      throw err;
    }
  }

  const reread = async (id: string) => prisma.feedbackCase.findUniqueOrThrow({ where: { id }, include: caseInclude });

  // ───────────────────────────── Businesses ─────────────────────────────

  routes.route({
    method: 'get',
    path: '/feedback/reasons',
    tag: 'Feedback',
    summary: 'The reasons a business may give with a rating (the configurable list)',
    roles: [...BUSINESS, ...STAFF_ROLES],
    query: z.object({ includeInactive: booleanFlag }),
    async handle({ query }) {
      const items = await prisma.feedbackReason.findMany({ where: query.includeInactive === 'true' ? {} : { active: true }, orderBy: { code: 'asc' } });
      return { items, levels: SATISFACTION_LEVELS.map((level) => ({ level, score: scoreOf(level), nameVi: LEVEL_VI[level] })) };
    },
  });

  const declarationInclude = {
    branchUnit: { select: { id: true, nameVi: true, nameEn: true } },
    handlings: {
      include: {
        stage: { select: { id: true, nameVi: true, nameEn: true } },
        teamUnit: { select: { id: true, nameVi: true, nameEn: true } },
        officer: { select: { id: true, fullName: true, employeeCode: true } },
      },
      orderBy: { stageId: 'asc' },
    },
    feedback: { include: { ...subjectInclude, case: true, declaration: { select: { id: true, number: true } } } },
  } as const;
  type DeclarationRow = Prisma.DeclarationGetPayload<{ include: typeof declarationInclude }>;

  /** A declaration with every subject the business may rate and the rating it gave each. */
  function presentDeclaration(d: DeclarationRow, now: Date) {
    const names = new Map<string, { nameVi: string; nameEn: string; employeeCode?: string }>();
    names.set(`BRANCH:${d.branchUnit.id}`, d.branchUnit);
    for (const h of d.handlings) {
      names.set(`TEAM:${h.teamUnit.id}`, h.teamUnit);
      names.set(`STAGE:${h.stage.id}`, h.stage);
      names.set(`OFFICER:${h.officer.id}`, { nameVi: h.officer.fullName, nameEn: h.officer.fullName, employeeCode: h.officer.employeeCode });
    }
    const ratings = new Map(d.feedback.map((f) => [f.subjectKey, f]));
    return {
      id: d.id,
      number: d.number,
      registeredAt: d.registeredAt,
      clearedAt: d.clearedAt,
      branch: d.branchUnit,
      subjects: declarationSubjects(d).map((s) => {
        const rating = ratings.get(s.key);
        return { key: s.key, kind: s.kind, id: s.id, ...names.get(s.key), rating: rating ? presentRating(rating, policy, now) : null };
      }),
    };
  }

  routes.route({
    method: 'get',
    path: '/feedback/my/declarations',
    tag: 'Feedback (business)',
    summary: "The business's own declarations, newest first, each with the subjects it may rate and its ratings",
    roles: BUSINESS,
    response: paged(declarationView),
    query: pageQuery.extend({
      ...rangeQuery.shape,
      number: z.string().trim().regex(/^\d{1,12}$/).optional().describe('Declaration number or its beginning'),
      unrated: booleanFlag.describe('true: only declarations with no rating yet'),
    }),
    async handle({ query, user }) {
      const range = rangeOf(query);
      const where: Prisma.DeclarationWhereInput = {
        businessId: requireBusiness(user),
        ...(query.number ? { number: { startsWith: query.number } } : {}),
        ...(range.from || range.to ? { registeredAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {}),
        ...(query.unrated === 'true' ? { feedback: { none: {} } } : {}),
      };
      const [items, total] = await Promise.all([
        prisma.declaration.findMany({ where, include: declarationInclude, orderBy: [{ registeredAt: 'desc' }, { id: 'asc' }], ...skipTake(query) }),
        prisma.declaration.count({ where }),
      ]);
      const now = new Date();
      return page(items.map((d) => presentDeclaration(d, now)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/my/declarations/:id',
    tag: 'Feedback (business)',
    summary: 'One of the business\'s declarations with its subjects and ratings (another business\'s is "not found")',
    roles: BUSINESS,
    params: idParam,
    async handle({ params, user }) {
      const d = await prisma.declaration.findFirst({ where: { id: params.id, businessId: requireBusiness(user) }, include: declarationInclude });
      if (!d) throw notFound('Declaration', params.id);
      return presentDeclaration(d, new Date());
    },
  });

  routes.route({
    method: 'post',
    path: '/feedback/my/declarations/:id/ratings',
    tag: 'Feedback (business)',
    summary: 'Rate one or more subjects of a declaration (all or nothing); giving a subject\'s rating again amends it within the window',
    description:
      'Each rating: `subject` (a key from the declaration\'s subjects, e.g. "OFFICER:O-00012"), `level` (name or 5…1), ' +
      '`reasonCodes` (from GET /feedback/reasons), `comment`. An unsatisfied or very unsatisfied rating opens a case. ' +
      '201 when a rating was created, 200 when only amended or unchanged (a retried request changes nothing).',
    roles: BUSINESS,
    params: idParam,
    body: ratingsBody,
    async handle({ params, body, user, req, res }) {
      const result = await submitRatings(prisma, {
        businessId: requireBusiness(user),
        declarationId: params.id,
        actorUserId: user.id,
        policy,
        ratings: body.ratings.map((r) => ({ subject: r.subject, level: levelOf(r.level), reasonCodes: [...new Set(r.reasonCodes)], comment: r.comment ?? null })),
      });
      if (result.kind === 'notFound') throw notFound('Declaration', params.id);
      if (result.kind === 'invalid') {
        const key = (p: RatingProblem) => `feedback.rating.${p.code}`;
        const [first] = result.problems;
        throw new HttpError(422, first.code, key(first), first.params, result.problems.map((p) => ({ path: `body.ratings.${p.index}.${p.field}`, messageKey: key(p), params: p.params })));
      }
      if (result.kind === 'windowClosed') {
        const until = amendableUntil(policy, result.submittedAt);
        throw conflict('AMENDMENT_WINDOW_CLOSED', 'feedback.amendmentClosed', { subject: result.subject, until: until.toISOString() });
      }
      // Cases of these ratings not taken on yet: opened now, or left by an earlier attempt when Temporal was down.
      const untracked = result.ratings.flatMap((r) => (r.feedback.case?.status === 'OPEN' ? [r.feedback.case.id] : []));
      const tracking = await startCaseWorkflows(untracked, req.log);
      const now = new Date();
      res.status(result.ratings.some((r) => r.change === 'created') ? 201 : 200);
      return {
        declaration: { id: result.declarationId, number: result.declarationNumber },
        ratings: result.ratings.map((r) => ({
          change: r.change,
          caseOpened: r.caseOpened,
          ...(r.feedback.case && tracking[r.feedback.case.id] === 'pending' ? { caseTracking: 'pending' } : {}),
          rating: presentRating(r.feedback, policy, now),
        })),
      };
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/my/ratings',
    tag: 'Feedback (business)',
    summary: "The business's own ratings, newest first, with their cases",
    roles: BUSINESS,
    query: pageQuery.extend({ ...rangeQuery.shape, level: levelList.optional(), declarationNumber: z.string().trim().regex(/^\d{1,12}$/).optional() }),
    async handle({ query, user }) {
      const range = rangeOf(query);
      const levels = parseLevels(query.level);
      const where: Prisma.FeedbackWhereInput = {
        businessId: requireBusiness(user),
        ...(levels ? { level: { in: levels } } : {}),
        ...(query.declarationNumber ? { declaration: { number: { startsWith: query.declarationNumber } } } : {}),
        ...(range.from || range.to ? { submittedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {}),
      };
      const [items, total] = await Promise.all([
        prisma.feedback.findMany({ where, include: { ...subjectInclude, case: true, declaration: { select: { id: true, number: true } } }, orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }], ...skipTake(query) }),
        prisma.feedback.count({ where }),
      ]);
      const now = new Date();
      return page(items.map((f) => presentRating(f, policy, now)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/my/cases',
    tag: 'Feedback (business)',
    summary: "Cases opened by the business's unsatisfied ratings, with the answers given",
    roles: BUSINESS,
    query: pageQuery.extend({ status: z.enum(['OPEN', 'VERIFYING', 'HANDLING', 'ANSWERED', 'CLOSED']).optional() }),
    async handle({ query, user }) {
      const where: Prisma.FeedbackCaseWhereInput = { feedback: { businessId: requireBusiness(user) }, ...(query.status ? { status: query.status } : {}) };
      const [items, total] = await Promise.all([
        prisma.feedbackCase.findMany({ where, include: caseInclude, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...skipTake(query) }),
        prisma.feedbackCase.count({ where }),
      ]);
      return page(items.map(presentCaseToBusiness), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/my/cases/:id',
    tag: 'Feedback (business)',
    summary: 'One of the business\'s cases',
    roles: BUSINESS,
    params: idParam,
    async handle({ params, user }) {
      return presentCaseToBusiness(await businessCase(user, params.id));
    },
  });

  routes.route({
    method: 'post',
    path: '/feedback/my/cases/:id/response',
    tag: 'Feedback (business)',
    summary: 'Accept the answer to a case, or contest it with a comment (a contest reopens the case at the department as the policy allows)',
    roles: BUSINESS,
    params: idParam,
    body: responseBody,
    async handle({ params, body, user, locale }) {
      const c = await businessCase(user, params.id);
      // A retried request whose response is already recorded gets the same answer.
      if (c.businessRespondedAt && c.businessAccepted === body.accept && stepOf(c) !== 'BUSINESS_RESPONSE') return { ...presentCaseToBusiness(c), repeated: true };
      await act(c, 'response', businessResponseUpdate, { actorUserId: user.id, accept: body.accept, comment: body.comment }, locale);
      return presentCaseToBusiness(await reread(c.id));
    },
  });

  // ───────────────────────────── Legal notices ─────────────────────────────

  const noticeLink = (id: string) => `/api/feedback/legal-notices/${encodeURIComponent(id)}/source`;

  routes.route({
    method: 'get',
    path: '/feedback/legal-notices',
    tag: 'Feedback (business)',
    summary: 'Notices of newly issued legal documents and guidance, newest first: for a business, those relevant to the fields its declarations went through (all=true for every notice)',
    roles: [...BUSINESS, ...STAFF_ROLES],
    query: pageQuery.extend({ all: booleanFlag, fieldId: z.string().min(1).max(10).optional(), ...rangeQuery.shape }),
    async handle({ query, user }) {
      let relevantFields: string[] | null = null;
      if (user.role === 'BUSINESS' && query.all !== 'true') {
        // The professional fields of the officers who handled the business's declarations.
        const positions = await prisma.jobPosition.findMany({
          where: { officers: { some: { handlings: { some: { declaration: { businessId: requireBusiness(user) } } } } } },
          select: { fieldId: true },
          distinct: ['fieldId'],
        });
        relevantFields = positions.map((p) => p.fieldId);
      }
      const range = rangeOf(query);
      const where: Prisma.LegalNoticeWhereInput = {
        AND: [
          relevantFields ? { OR: [{ fieldIds: { isEmpty: true } }, { fieldIds: { hasSome: relevantFields } }] } : {},
          query.fieldId ? { fieldIds: { has: query.fieldId } } : {},
          range.from || range.to ? { issuedAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {},
        ],
      };
      const [items, total] = await Promise.all([
        prisma.legalNotice.findMany({ where, orderBy: [{ issuedAt: 'desc' }, { id: 'asc' }], ...skipTake(query) }),
        prisma.legalNotice.count({ where }),
      ]);
      const newSince = Date.now() - policy.newNoticeDays * DAY_MS;
      return page(items.map((n) => ({ ...n, isNew: n.publishedAt.getTime() >= newSince, sourceLink: noticeLink(n.id) })), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/legal-notices/:id/source',
    tag: 'Feedback (business)',
    summary: "Open a notice's source document (a redirect to the official text)",
    roles: [...BUSINESS, ...STAFF_ROLES],
    params: idParam,
    status: 302,
    async handle({ params, res }) {
      const notice = await prisma.legalNotice.findUnique({ where: { id: params.id } });
      if (!notice) throw notFound('LegalNotice', params.id);
      const url = new URL(notice.sourceUrl); // stored URLs are http(s) only: checked when published
      res.redirect(302, url.toString());
    },
  });

  routes.route({
    method: 'post',
    path: '/feedback/legal-notices',
    tag: 'Feedback (business)',
    summary: 'Publish a notice of a newly issued legal document (headquarters)',
    roles: ['COORDINATOR'],
    body: z.object({
      titleVi: z.string().trim().min(5).max(500),
      titleEn: z.string().trim().min(5).max(500),
      summaryVi: z.string().trim().max(2000).optional(),
      summaryEn: z.string().trim().max(2000).optional(),
      documentNo: z.string().trim().max(60).optional(),
      sourceUrl: z.url({ protocol: /^https?$/ }).max(1000),
      issuedAt: z.iso.date(),
      fieldIds: z.array(z.string().min(1).max(10)).max(8).default([]),
    }),
    status: 201,
    async handle({ body, user }) {
      const fields = await prisma.professionalField.findMany({ where: { id: { in: body.fieldIds } }, select: { id: true } });
      const missing = body.fieldIds.filter((id) => !fields.some((f) => f.id === id));
      if (missing.length) throw badRequest('UNKNOWN_FIELD', 'feedback.unknownFields', { ids: missing.join(', ') });
      const notice = await prisma.$transaction(async (tx) => {
        const created = await tx.legalNotice.create({ data: { ...body, issuedAt: new Date(`${body.issuedAt}T00:00:00+07:00`) } });
        await writeAudit(tx, { action: 'legal_notice.published', entityType: 'LegalNotice', entityId: created.id, actorUserId: user.id, actorRole: user.role, details: { documentNo: created.documentNo, sourceUrl: created.sourceUrl } });
        return created;
      });
      return { ...notice, isNew: true, sourceLink: noticeLink(notice.id) };
    },
  });

  // ───────────────────────────── Staff: cases ─────────────────────────────

  routes.route({
    method: 'get',
    path: '/feedback/cases',
    tag: 'Feedback cases',
    summary: "Cases of the caller's unit scope (the responsible unit's leaders act on them), newest first",
    roles: MANAGING_ROLES,
    query: pageQuery.extend({
      ...rangeQuery.shape,
      status: z.enum(['OPEN', 'VERIFYING', 'HANDLING', 'ANSWERED', 'CLOSED']).optional(),
      open: booleanFlag.describe('true: not closed'),
      overdue: booleanFlag.describe('true: a step the organisation owns is past its deadline'),
      escalated: booleanFlag,
      unitId: z.string().min(1).max(40).optional(),
      officerId: z.string().min(1).max(40).optional(),
      businessId: z.string().min(1).max(40).optional(),
      declarationNumber: z.string().trim().regex(/^\d{1,12}$/).optional(),
    }),
    async handle({ query, user }) {
      const unit = query.unitId ? await prisma.unit.findUnique({ where: { id: query.unitId } }) : null;
      if (query.unitId && !unit) throw notFound('Unit', query.unitId);
      if (unit) assertUnitInScope(user, unit);
      const now = new Date();
      const range = rangeOf(query);
      const where: Prisma.FeedbackCaseWhereInput = {
        AND: [
          { responsibleUnit: unit ? { path: { startsWith: unit.path } } : unitScopeWhere(user) },
          query.status ? { status: query.status } : {},
          query.open === 'true' ? { status: { not: 'CLOSED' } } : query.open === 'false' ? { status: 'CLOSED' } : {},
          query.overdue === 'true' ? { status: { in: ['VERIFYING', 'HANDLING'] }, stepDueAt: { lt: now } } : {},
          query.escalated === 'true' ? { escalationLevel: { gte: 1 } } : query.escalated === 'false' ? { escalationLevel: 0 } : {},
          query.officerId ? { feedback: { subjectOfficerId: query.officerId } } : {},
          query.businessId ? { feedback: { businessId: query.businessId } } : {},
          query.declarationNumber ? { feedback: { declaration: { number: { startsWith: query.declarationNumber } } } } : {},
          range.from || range.to ? { createdAt: { ...(range.from ? { gte: range.from } : {}), ...(range.to ? { lt: range.to } : {}) } } : {},
        ],
      };
      const [items, total] = await Promise.all([
        prisma.feedbackCase.findMany({ where, include: caseInclude, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...skipTake(query) }),
        prisma.feedbackCase.count({ where }),
      ]);
      return page(items.map((c) => presentCase(c, now)), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/cases/:id',
    tag: 'Feedback cases',
    summary: "A case with every step's record, its audit trail and the workflow's live view",
    roles: MANAGING_ROLES,
    params: idParam,
    async handle({ params, user }) {
      const c = await staffCase(user, params.id);
      const [audit, live] = await Promise.all([
        prisma.auditLog.findMany({
          where: { OR: [{ entityType: 'FeedbackCase', entityId: c.id }, { entityType: 'Feedback', entityId: c.feedbackId }] },
          orderBy: { id: 'asc' },
        }),
        c.status === 'CLOSED' ? null : liveView(c.id),
      ]);
      return {
        ...presentCase(c, new Date()),
        live,
        timeline: audit.map((a) => ({ at: a.at, action: a.action, actorUserId: a.actorUserId, actorRole: a.actorRole, reason: a.reason, details: a.details })),
      };
    },
  });

  const staffAction = (
    action: 'verify' | 'handling' | 'outcome',
    summary: string,
    body: typeof noteBody | typeof outcomeBody,
    alreadyDone: (c: CaseRow, b: { note?: string; outcome?: string; reason?: string }) => boolean,
    call: (c: CaseRow, b: { note?: string; outcome?: 'SUBSTANTIATED' | 'NOT_SUBSTANTIATED'; reason?: string }, user: AuthUser, locale: Locale) => Promise<FeedbackCaseView>,
  ) =>
    routes.route({
      method: 'post',
      path: `/feedback/cases/:id/${action}`,
      tag: 'Feedback cases',
      summary,
      roles: CASE_ACTORS,
      params: idParam,
      body,
      async handle({ params, body, user, locale }) {
        const c = await staffCase(user, params.id);
        const b = body as { note?: string; outcome?: 'SUBSTANTIATED' | 'NOT_SUBSTANTIATED'; reason?: string };
        const now = new Date();
        if (alreadyDone(c, b)) return { ...presentCase(c, now), repeated: true }; // a retried request
        const live = await call(c, b, user, locale);
        return { ...presentCase(await reread(c.id), now), live };
      },
    });

  staffAction(
    'verify',
    'Verify the complaint (first step): what was checked and found',
    noteBody,
    (c, b) => c.verifiedAt !== null && c.verificationNote === b.note && stepOf(c) !== 'VERIFY',
    (c, b, user, locale) => act(c, 'verify', verifyCaseUpdate, { actorUserId: user.id, note: b.note! }, locale),
  );
  staffAction(
    'handling',
    'Record how the complaint was handled (second step)',
    noteBody,
    (c, b) => c.handledAt !== null && c.handlingNote === b.note && stepOf(c) !== 'HANDLE',
    (c, b, user, locale) => act(c, 'handling', recordHandlingUpdate, { actorUserId: user.id, note: b.note! }, locale),
  );
  staffAction(
    'outcome',
    'Record the outcome (substantiated with the action taken, or not substantiated with the reasons); the business is notified',
    outcomeBody,
    (c, b) => c.answeredAt !== null && c.outcome === b.outcome && c.outcomeReason === b.reason,
    (c, b, user, locale) => act(c, 'outcome', recordOutcomeUpdate, { actorUserId: user.id, outcome: b.outcome!, reason: b.reason! }, locale),
  );

  routes.route({
    method: 'post',
    path: '/feedback/cases/dispatch',
    tag: 'Feedback cases',
    summary: 'Start the workflows of cases opened while Temporal was unreachable (headquarters; safe to repeat)',
    roles: ['COORDINATOR'],
    async handle({ req }) {
      const waiting = await prisma.feedbackCase.findMany({
        where: { status: 'OPEN', createdAt: { lt: new Date(Date.now() - 30_000) } },
        select: { id: true },
        orderBy: { createdAt: 'asc' },
        take: 500,
      });
      const outcome = await startCaseWorkflows(waiting.map((c) => c.id), req.log);
      const counts = { started: 0, running: 0, pending: 0 };
      for (const v of Object.values(outcome)) counts[v]++;
      return { examined: waiting.length, ...counts };
    },
  });

  // ───────────────────────────── Staff: statistics, look-up, export ─────────────────────────────

  routes.route({
    method: 'get',
    path: '/feedback/statistics',
    tag: 'Feedback statistics',
    summary: "Totals and distribution by level, the most rated branches, teams, stages and officers, and case figures, over the caller's scope and the filters",
    roles: MANAGING_ROLES,
    query: filterQuery.extend({ top: z.coerce.number().int().min(1).max(100).default(10) }),
    async handle({ query, user }) {
      const filter = await staffFilter(user, query);
      const asOf = new Date();
      return { asOf, unitPathPrefix: filter.unitPathPrefix, ...(await analytics(prisma, (db) => feedbackOverview(db, filter, query.top, asOf))) };
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/statistics/:dimension',
    tag: 'Feedback statistics',
    summary: 'The whole distribution along one dimension, paged: branch, team, stage, officer (ratings of that kind of subject), unit or department (every rating by its responsible unit)',
    roles: MANAGING_ROLES,
    params: z.object({ dimension: z.enum(DIMENSIONS) }),
    query: filterQuery.extend(pageQuery.shape),
    async handle({ params, query, user }) {
      const filter = await staffFilter(user, query);
      const { rows, groups } = await analytics(prisma, (db) => ratingDistribution(db, filter, params.dimension, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }));
      return page(rows, groups, query);
    },
  });

  const presentLookupRow = (r: LookupRow) => ({
    id: r.id,
    submittedAt: r.submittedAt,
    amendedAt: r.amendedAt,
    level: r.level,
    score: scoreOf(r.level),
    subject: {
      key: r.subjectKey,
      kind: r.subjectKind,
      nameVi: r.subjectKind === 'OFFICER' ? r.officerName : r.subjectKind === 'STAGE' ? r.stageNameVi : r.unitNameVi,
      nameEn: r.subjectKind === 'OFFICER' ? r.officerName : r.subjectKind === 'STAGE' ? r.stageNameEn : r.unitNameEn,
      ...(r.subjectKind === 'OFFICER' ? { employeeCode: r.employeeCode } : {}),
    },
    responsibleUnit: r.unitId ? { id: r.unitId, nameVi: r.unitNameVi, nameEn: r.unitNameEn } : null,
    reasonCodes: r.reasonCodes,
    comment: r.comment,
    declaration: { id: r.declarationId, number: r.declarationNumber, registeredAt: r.registeredAt },
    business: { id: r.businessId, name: r.businessName, taxCode: r.taxCode },
    branch: { id: r.branchId, nameVi: r.branchNameVi, nameEn: r.branchNameEn },
    case: r.caseId ? { id: r.caseId, status: r.caseStatus, outcome: r.caseOutcome } : null,
  });

  routes.route({
    method: 'get',
    path: '/feedback/ratings',
    tag: 'Feedback statistics',
    summary: 'Look up ratings by declaration number, business, time, unit, branch, team, stage, officer and level, newest first',
    roles: MANAGING_ROLES,
    query: filterQuery.extend(pageQuery.shape),
    async handle({ query, user }) {
      const filter = await staffFilter(user, query);
      const { rows, total } = await analytics(prisma, (db) => lookupRatings(db, filter, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }));
      return page(rows.map(presentLookupRow), total, query);
    },
  });

  routes.route({
    method: 'get',
    path: '/feedback/ratings/export',
    tag: 'Feedback statistics',
    summary: 'The look-up as an Excel file (same filters as GET /feedback/ratings)',
    roles: MANAGING_ROLES,
    query: filterQuery,
    produces: XLSX,
    async handle({ query, user, res }) {
      const filter = await staffFilter(user, query);
      const count = await countRatings(prisma, filter);
      if (count > policy.maxExportRows) throw new HttpError(422, 'EXPORT_TOO_LARGE', 'feedback.exportTooLarge', { count, max: policy.maxExportRows });
      const reasons = new Map((await prisma.feedbackReason.findMany()).map((r) => [r.code, r.nameVi]));
      const described = Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => `${k}=${String(v)}`)
        .join('; ');
      const stamp = new Date();
      res.type(XLSX).attachment(`tra-cuu-danh-gia-${stamp.toISOString().slice(0, 10)}.xlsx`);
      async function* rows() {
        for await (const batch of lookupBatches(prisma, filter, 5000)) {
          yield batch.map((r) => {
            const p = presentLookupRow(r);
            return {
              submittedAt: new Date(r.submittedAt),
              amendedAt: r.amendedAt ? new Date(r.amendedAt) : null,
              declarationNumber: r.declarationNumber,
              businessName: r.businessName,
              taxCode: r.taxCode,
              branchName: r.branchNameVi,
              subjectKind: r.subjectKind,
              subjectName: `${p.subject.nameVi ?? r.subjectKey}${r.employeeCode && r.subjectKind === 'OFFICER' ? ` (${r.employeeCode})` : ''}`,
              unitName: r.unitNameVi,
              level: r.level,
              reasons: r.reasonCodes.map((c) => reasons.get(c) ?? c).join('; '),
              comment: r.comment,
              caseStatus: r.caseStatus,
              caseOutcome: r.caseOutcome,
            };
          });
        }
      }
      await writeFeedbackWorkbook(res, { filters: described || 'tất cả (trong phạm vi đơn vị)', generatedAt: stamp }, rows());
      res.end();
    },
  });

  // ───────────────────────────── Profiles and unit evaluation ─────────────────────────────

  routes.route({
    method: 'get',
    path: '/officers/:id/feedback-summary',
    tag: 'Feedback statistics',
    summary: "An officer's ratings and the outcomes of the cases they opened, for the capacity profile (officers may read their own)",
    roles: STAFF_ROLES,
    params: idParam,
    query: rangeQuery,
    async handle({ params, query, user }) {
      const officer = await prisma.officer.findUnique({ where: { id: params.id }, include: { unit: true } });
      if (!officer) throw notFound('Officer', params.id);
      assertOfficerVisible(user, officer);
      const summary = await analytics(prisma, (db) => officerFeedbackSummary(db, officer.id, rangeOf(query), new Date()));
      return { ...summary, officer: { id: officer.id, employeeCode: officer.employeeCode, fullName: officer.fullName, unitId: officer.unitId } };
    },
  });

  routes.route({
    method: 'get',
    path: '/units/:id/feedback-summary',
    tag: 'Feedback statistics',
    summary: "A unit's ratings and case figures (everything its subtree answers for), and the same per direct sub-unit, for unit evaluation",
    roles: MANAGING_ROLES,
    params: idParam,
    query: rangeQuery,
    async handle({ params, query, user }) {
      const unit = await prisma.unit.findUnique({ where: { id: params.id } });
      if (!unit) throw notFound('Unit', params.id);
      assertUnitInScope(user, unit);
      const summary = await analytics(prisma, (db) => unitFeedbackSummary(db, unit, rangeOf(query), new Date()));
      return { ...summary, unit: { id: unit.id, nameVi: unit.nameVi, nameEn: unit.nameEn, kind: unit.kind } };
    },
  });
}
