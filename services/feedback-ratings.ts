// A business rates a declaration: the ratings are saved all or nothing (one request, several subjects), a case is
// opened for every unsatisfied rating, and every case they open (or an earlier attempt left waiting while
// Temporal was down) is taken on by its workflow.
import { Prisma, type FeedbackCaseOutcome, type FeedbackCaseStatus, type PrismaClient } from '../prisma/db';
import type { FeedbackPolicy } from '../domain/feedback-policy';
import {
  checkRatings,
  isUnsatisfied,
  normaliseComment,
  ratingChange,
  type RatingChange,
  type RatingProblem,
  type RatingRequest,
  type SatisfactionLevelName,
} from '../domain/feedback-rating';
import { declarationSubjects, type SubjectKind } from '../domain/feedback-subject';
import { startCaseWorkflows, type CaseTracking } from './feedback-cases';
import type { WorkflowGateway } from './workflow-gateway';

export interface SubmitRatingsInput {
  businessId: string;
  declarationId: string;
  ratings: RatingRequest[];
  actorUserId: string;
  policy: FeedbackPolicy;
  now?: Date;
}

type Named = { id: string; nameVi: string; nameEn: string };

/** A stored rating with what a response shows of it (the shape the API presents). */
export interface SavedRating {
  subject: string;
  change: RatingChange;
  /** A case was opened for this rating by this request. */
  caseOpened: boolean;
  feedback: {
    id: string;
    declaration: { id: string; number: string };
    subjectKind: SubjectKind;
    subjectKey: string;
    subjectUnit: Named | null;
    subjectStage: Named | null;
    subjectOfficer: { id: string; fullName: string; employeeCode: string } | null;
    level: SatisfactionLevelName;
    reasonCodes: string[];
    comment: string | null;
    submittedAt: Date;
    amendedAt: Date | null;
    /** The case this rating has (opened now or earlier), if any. */
    case: { id: string; status: FeedbackCaseStatus; handledAt: Date | null; outcome: FeedbackCaseOutcome | null } | null;
  };
}

export type SubmitRatingsResult =
  | { kind: 'notFound' }
  | { kind: 'invalid'; declarationNumber: string; problems: RatingProblem[] }
  | { kind: 'windowClosed'; subject: string; submittedAt: Date }
  | { kind: 'saved'; declarationId: string; declarationNumber: string; ratings: SavedRating[] };

class WindowClosed extends Error {
  constructor(readonly subject: string, readonly submittedAt: Date) {
    super('amendment window closed');
  }
}

interface DeclarationForRating {
  id: string;
  number: string;
  businessId: string;
  branchUnitId: string;
  branch: Named;
  handlings: { stageId: string; teamUnitId: string; officerId: string; stage: Named; team: Named; officer: { id: string; fullName: string; employeeCode: string } }[];
  reasons: string[] | null;
}

/** The declaration, who handled it (with names) and the reasons in force, in one round trip: rating is a hot path. */
async function declarationForRating(prisma: PrismaClient, declarationId: string): Promise<DeclarationForRating | null> {
  const [row] = await prisma.$queryRaw<DeclarationForRating[]>`
    SELECT d.id, d.number, d."businessId", d."branchUnitId",
      json_build_object('id', b.id, 'nameVi', b."nameVi", 'nameEn', b."nameEn") AS branch,
      coalesce((
        SELECT json_agg(json_build_object(
          'stageId', h."stageId", 'teamUnitId', h."teamUnitId", 'officerId', h."officerId",
          'stage', json_build_object('id', s.id, 'nameVi', s."nameVi", 'nameEn', s."nameEn"),
          'team', json_build_object('id', t.id, 'nameVi', t."nameVi", 'nameEn', t."nameEn"),
          'officer', json_build_object('id', o.id, 'fullName', o."fullName", 'employeeCode', o."employeeCode")
        ) ORDER BY h."stageId", h.id)
        FROM "DeclarationHandling" h
        JOIN "ProfessionalStage" s ON s.id = h."stageId" JOIN "Unit" t ON t.id = h."teamUnitId" JOIN "Officer" o ON o.id = h."officerId"
        WHERE h."declarationId" = d.id), '[]'::json) AS handlings,
      (SELECT array_agg(code) FROM "FeedbackReason" WHERE active) AS reasons
    FROM "Declaration" d JOIN "Unit" b ON b.id = d."branchUnitId"
    WHERE d.id = ${declarationId}`;
  if (!row) return null;
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return { ...row, branch: parse(row.branch), handlings: parse(row.handlings) };
}

/**
 * Saves a business's ratings of one declaration. Nothing is written unless every rating passes: the declaration
 * is the business's, every subject is on it, the reasons exist, and an existing rating is still amendable.
 * Every unsatisfied rating gets a case (one per rating: FeedbackCase.feedbackId is unique); the caller starts
 * the cases' workflows once this has committed. A handful of statements whatever the number of ratings.
 */
export async function submitRatings(prisma: PrismaClient, input: SubmitRatingsInput): Promise<SubmitRatingsResult> {
  const declaration = await declarationForRating(prisma, input.declarationId);
  // Another business's declaration is "not found": its existence is not theirs to learn.
  if (!declaration || declaration.businessId !== input.businessId) return { kind: 'notFound' };
  const subjects = declarationSubjects(declaration);
  const problems = checkRatings(input.ratings, subjects, new Set(declaration.reasons ?? []), input.policy, declaration.number);
  if (problems.length) return { kind: 'invalid', declarationNumber: declaration.number, problems };

  const bySubject = new Map(subjects.map((s) => [s.key, s]));
  const units = new Map<string, Named>([[declaration.branch.id, declaration.branch]]);
  const stages = new Map<string, Named>();
  const officers = new Map<string, { id: string; fullName: string; employeeCode: string }>();
  for (const h of declaration.handlings) {
    units.set(h.team.id, h.team);
    stages.set(h.stage.id, h.stage);
    officers.set(h.officer.id, h.officer);
  }
  const now = input.now ?? new Date();
  const audit = (entry: Omit<Prisma.AuditLogCreateManyInput, 'actorUserId' | 'actorRole' | 'at'>): Prisma.AuditLogCreateManyInput => ({
    ...entry, actorUserId: input.actorUserId, actorRole: 'BUSINESS', at: now,
  });

  // Two identical requests at once: the loser of the unique index retries and finds the rating there.
  for (let attempt = 1; ; attempt++) {
    try {
      const saved = await prisma.$transaction(async (tx) => {
        const existing = await tx.feedback.findMany({
          where: { declarationId: declaration.id, subjectKey: { in: input.ratings.map((r) => r.subject) } },
          include: { case: { select: { id: true, status: true, handledAt: true, outcome: true } } },
        });
        const stored = new Map(existing.map((f) => [f.subjectKey, f]));
        const plans = input.ratings.map((r) => {
          const before = stored.get(r.subject) ?? null;
          const change = ratingChange(before, r, now, input.policy);
          if (change === 'WINDOW_CLOSED') throw new WindowClosed(r.subject, before!.submittedAt);
          const data = { level: r.level, reasonCodes: [...new Set(r.reasonCodes)], comment: normaliseComment(r.comment) };
          return { r, before, change, data, subject: bySubject.get(r.subject)! };
        });
        const entries: Prisma.AuditLogCreateManyInput[] = [];

        const toCreate = plans.filter((p) => p.change === 'created');
        const created = toCreate.length
          ? await tx.feedback.createManyAndReturn({
              data: toCreate.map(({ data, subject }) => ({
                ...data,
                declarationId: declaration.id,
                businessId: declaration.businessId,
                subjectKind: subject.kind,
                subjectKey: subject.key,
                subjectUnitId: subject.responsibleUnitId,
                subjectStageId: subject.stageId,
                subjectOfficerId: subject.officerId,
                submittedAt: now,
                submittedById: input.actorUserId,
              })),
              select: { id: true, subjectKey: true },
            })
          : [];
        const ids = new Map<string, string>([...existing.map((f) => [f.subjectKey, f.id] as const), ...created.map((f) => [f.subjectKey, f.id] as const)]);
        for (const { data, subject } of toCreate) {
          entries.push(audit({ action: 'feedback.submitted', entityType: 'Feedback', entityId: ids.get(subject.key)!, unitId: subject.responsibleUnitId, details: { declarationId: declaration.id, subject: subject.key, ...data } }));
        }
        for (const { before, data, subject } of plans.filter((p) => p.change === 'amended')) {
          await tx.feedback.update({ where: { id: before!.id }, data: { ...data, amendedAt: now } });
          entries.push(audit({
            action: 'feedback.amended', entityType: 'Feedback', entityId: before!.id, unitId: subject.responsibleUnitId,
            details: { declarationId: declaration.id, subject: subject.key, before: { level: before!.level, reasonCodes: before!.reasonCodes, comment: before!.comment }, after: data },
          }));
        }

        const toOpen = plans.filter((p) => !p.before?.case && isUnsatisfied(p.r.level));
        const opened = toOpen.length
          ? await tx.feedbackCase.createManyAndReturn({
              data: toOpen.map((p) => ({ feedbackId: ids.get(p.subject.key)!, responsibleUnitId: p.subject.responsibleUnitId, createdAt: now })),
              select: { id: true, feedbackId: true, status: true, handledAt: true, outcome: true },
            })
          : [];
        const openedBy = new Map(opened.map((c) => [c.feedbackId, c]));
        for (const p of toOpen) {
          const c = openedBy.get(ids.get(p.subject.key)!)!;
          entries.push(audit({ action: 'feedback_case.opened', entityType: 'FeedbackCase', entityId: c.id, unitId: p.subject.responsibleUnitId, details: { feedbackId: c.feedbackId, subject: p.subject.key, level: p.r.level } }));
        }
        if (entries.length) await tx.auditLog.createMany({ data: entries });

        return plans.map(({ r, before, change, data, subject }): SavedRating => {
          const id = ids.get(subject.key)!;
          const newCase = openedBy.get(id);
          return {
            subject: r.subject,
            change,
            caseOpened: newCase !== undefined,
            feedback: {
              id,
              declaration: { id: declaration.id, number: declaration.number },
              subjectKind: subject.kind,
              subjectKey: subject.key,
              subjectUnit: units.get(subject.responsibleUnitId) ?? null,
              subjectStage: subject.stageId ? (stages.get(subject.stageId) ?? null) : null,
              subjectOfficer: subject.officerId ? (officers.get(subject.officerId) ?? null) : null,
              ...(change === 'unchanged' ? { level: before!.level, reasonCodes: before!.reasonCodes, comment: before!.comment } : data),
              submittedAt: before?.submittedAt ?? now,
              amendedAt: change === 'amended' ? now : (before?.amendedAt ?? null),
              case: newCase ?? before?.case ?? null,
            },
          };
        });
      });
      return { kind: 'saved', declarationId: declaration.id, declarationNumber: declaration.number, ratings: saved };
    } catch (err) {
      if (err instanceof WindowClosed) return { kind: 'windowClosed', subject: err.subject, submittedAt: err.submittedAt };
      if (attempt < 3 && err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') continue;
      throw err;
    }
  }
}

export type RateOutcome = Exclude<SubmitRatingsResult, { kind: 'saved' }> | (Extract<SubmitRatingsResult, { kind: 'saved' }> & { tracking: Record<string, CaseTracking> });

export async function rateDeclaration(
  prisma: PrismaClient,
  workflows: WorkflowGateway,
  input: Omit<SubmitRatingsInput, 'policy'> & { policy: FeedbackPolicy },
  log?: { warn: (o: object, m: string) => void },
): Promise<RateOutcome> {
  const result = await submitRatings(prisma, input);
  if (result.kind !== 'saved') return result;
  // Cases of these ratings not taken on yet: opened now, or left by an earlier attempt when Temporal was down.
  const untracked = result.ratings.flatMap((r) => (r.feedback.case?.status === 'OPEN' ? [r.feedback.case.id] : []));
  const tracking = await startCaseWorkflows(workflows, untracked, input.policy.case, log);
  return { ...result, tracking };
}
