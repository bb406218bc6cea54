// Business feedback: saving ratings (one request, several subjects, all or nothing) with a case opened for
// every unsatisfied rating, and the activities of FeedbackCaseWorkflow that carry a case through its steps.
// Every activity is idempotent: a retry finds its work done and answers with the stored state.
import { Context } from '@temporalio/activity';
import { Prisma, type FeedbackCase, type FeedbackCaseOutcome, type FeedbackCaseStatus, type PrismaClient } from '../prisma/db';
import {
  escalationTarget,
  feedbackCaseWorkflowId,
  graceDeadlineMs,
  stepDeadlineMs,
  stepOf,
  type CaseOutcomeName,
  type CaseStep,
  type FeedbackCasePolicy,
} from '../domain/feedback-case';
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
import { unitPath } from '../domain/unit-path';
import { refuse } from '../workflows/contracts';
import type { FeedbackCaseState } from '../workflows/feedback-case/contract';
import { writeAudit } from './audit';
import { notifyUsers } from './notifications';

/** The server's time for this activity (the time-skipping server's skipped time under test). */
const serverNow = () => new Date(Context.current().info.scheduledTimestampMs);

// ───────────────────────────── Ratings ─────────────────────────────

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

// ───────────────────────────── Who is told ─────────────────────────────

type Recipients = { userIds: string[]; unitId: string };

/** Active users of `role` in exactly one of `unitIds`, the deepest unit that has any. */
async function deepestWithRole(prisma: PrismaClient, role: 'LEADER' | 'REVIEWER', unitIds: string[]): Promise<Recipients | null> {
  const users = await prisma.user.findMany({ where: { role, active: true, unitId: { in: unitIds } }, select: { id: true, unitId: true } });
  for (const unitId of [...unitIds].reverse()) {
    const here = users.filter((u) => u.unitId === unitId).map((u) => u.id);
    if (here.length) return { userIds: here, unitId };
  }
  return null;
}

async function coordinators(prisma: PrismaClient): Promise<Recipients> {
  const users = await prisma.user.findMany({ where: { role: 'COORDINATOR', active: true }, select: { id: true } });
  return { userIds: users.map((u) => u.id), unitId: 'HQ' };
}

/** The leaders of the responsible unit: the nearest unit on its path that has leaders (headquarters if none). */
async function responsibleLeaders(prisma: PrismaClient, path: string): Promise<Recipients> {
  return (await deepestWithRole(prisma, 'LEADER', unitPath.ids(path))) ?? coordinators(prisma);
}

/** Who an escalation to `level` goes to: the department's leaders (else its reviewers), or headquarters. */
async function escalationRecipients(prisma: PrismaClient, path: string, level: number): Promise<Recipients> {
  if (escalationTarget(level) === 'DEPARTMENT') {
    const department = unitPath.department(path);
    return (
      (await deepestWithRole(prisma, 'LEADER', [department])) ??
      (await deepestWithRole(prisma, 'REVIEWER', [department])) ??
      coordinators(prisma)
    );
  }
  return coordinators(prisma);
}

async function businessUsers(prisma: PrismaClient, businessId: string): Promise<string[]> {
  const users = await prisma.user.findMany({ where: { businessId, active: true }, select: { id: true } });
  return users.map((u) => u.id);
}

// ───────────────────────────── The case workflow's activities ─────────────────────────────

const caseInclude = { responsibleUnit: true, feedback: { include: { declaration: { select: { id: true, number: true } } } } } as const;

function stateOf(c: FeedbackCase, at: Date): FeedbackCaseState {
  return {
    at: at.toISOString(),
    status: c.status,
    step: stepOf(c),
    stepDueAt: c.stepDueAt?.toISOString() ?? null,
    escalationLevel: c.escalationLevel,
    outcome: c.outcome,
    businessAccepted: c.businessAccepted,
  };
}

const ACTIONS = {
  VERIFY: { step: 'VERIFY', audit: 'feedback_case.verified' },
  HANDLE: { step: 'HANDLE', audit: 'feedback_case.handled' },
  ANSWER: { step: 'ANSWER', audit: 'feedback_case.answered' },
} as const satisfies Record<string, { step: CaseStep; audit: string }>;

export interface AdvanceFeedbackCaseInput {
  caseId: string;
  action: keyof typeof ACTIONS;
  actorUserId: string;
  note: string;
  outcome?: CaseOutcomeName;
  /** The case's reconsideration round (notification keys differ per round). */
  round: number;
  policy: FeedbackCasePolicy;
}

export function createFeedbackActivities(prisma: PrismaClient) {
  const load = (tx: Prisma.TransactionClient, caseId: string) => tx.feedbackCase.findUniqueOrThrow({ where: { id: caseId }, include: caseInclude });

  return {
    /** The workflow takes the case on: the verification step starts and the responsible leaders are told. */
    async beginFeedbackCase({ caseId, policy }: { caseId: string; policy: FeedbackCasePolicy }): Promise<FeedbackCaseState> {
      const at = serverNow();
      const workflowId = Context.current().info.workflowExecution?.workflowId ?? feedbackCaseWorkflowId(caseId);
      const c = await prisma.$transaction(async (tx) => {
        const found = await load(tx, caseId);
        if (found.status !== 'OPEN') return found;
        const begun = await tx.feedbackCase.update({
          where: { id: caseId },
          data: { status: 'VERIFYING', stepDueAt: new Date(stepDeadlineMs(policy, 'VERIFY', at.getTime())), workflowId },
          include: caseInclude,
        });
        await writeAudit(tx, {
          action: 'feedback_case.assigned', entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId,
          details: { workflowId, step: 'VERIFY', stepDueAt: begun.stepDueAt!.toISOString(), policy: { ...policy } }, at,
        });
        return begun;
      });
      const leaders = await responsibleLeaders(prisma, c.responsibleUnit.path);
      await notifyUsers(prisma, leaders.userIds, {
        key: `feedback-case:${caseId}:assigned`,
        templateKey: 'feedbackCase.assigned',
        unitId: c.responsibleUnitId,
        params: { caseId, declarationNumber: c.feedback.declaration.number, subject: c.feedback.subjectKey, level: c.feedback.level, dueAt: c.stepDueAt?.toISOString() ?? '' },
      });
      // The business hears that its complaint is being handled, by whom, and when to expect the answer.
      const answerBy = new Date(at.getTime() + (policy.verifyHours + policy.handleHours + policy.answerHours) * 3_600_000);
      await notifyUsers(prisma, await businessUsers(prisma, c.feedback.businessId), {
        key: `feedback-case:${caseId}:received`,
        templateKey: 'feedbackCase.received',
        params: { caseId, declarationNumber: c.feedback.declaration.number, responsibleUnitId: c.responsibleUnitId, answerBy: answerBy.toISOString() },
      });
      return stateOf(c, at);
    },

    /** Verification, handling or the outcome, recorded by a leader; the outcome answers the business. */
    async advanceFeedbackCase(input: AdvanceFeedbackCaseInput): Promise<FeedbackCaseState> {
      const { caseId, action, policy } = input;
      const rule = ACTIONS[action];
      const at = serverNow();
      const c = await prisma.$transaction(async (tx) => {
        const found = await load(tx, caseId);
        const step = stepOf(found);
        if (step !== rule.step) {
          // The workflow's validator accepted this action at this step, so a different stored step means an
          // earlier attempt of this activity already recorded it.
          if (found.status !== 'OPEN') return found;
          refuse('CaseTransitionRefused', `Case ${caseId} is not started`);
        }
        const next = action === 'VERIFY' ? 'HANDLE' : action === 'HANDLE' ? 'ANSWER' : 'BUSINESS_RESPONSE';
        const stepDueAt = new Date(stepDeadlineMs(policy, next, at.getTime()));
        const data: Prisma.FeedbackCaseUpdateInput =
          action === 'VERIFY'
            ? { status: 'HANDLING', verificationNote: input.note, verifiedAt: at, stepDueAt }
            : action === 'HANDLE'
              ? { handlingNote: input.note, handledAt: at, stepDueAt }
              : { status: 'ANSWERED', outcome: input.outcome, outcomeReason: input.note, answeredAt: at, businessAccepted: null, businessRespondedAt: null, stepDueAt };
        const updated = await tx.feedbackCase.update({ where: { id: caseId }, data, include: caseInclude });
        await writeAudit(tx, {
          action: rule.audit, entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId, actorUserId: input.actorUserId,
          reason: input.note,
          details: {
            step: rule.step, round: input.round, late: found.stepDueAt ? found.stepDueAt < at : false, escalationLevel: found.escalationLevel,
            ...(input.outcome ? { outcome: input.outcome } : {}), nextStep: next, stepDueAt: stepDueAt.toISOString(),
          },
          at,
        });
        return updated;
      });
      if (action === 'ANSWER' && c.status === 'ANSWERED') {
        await notifyUsers(prisma, await businessUsers(prisma, c.feedback.businessId), {
          key: `feedback-case:${caseId}:answered:${input.round}`,
          templateKey: 'feedbackCase.answered',
          params: { caseId, declarationNumber: c.feedback.declaration.number, outcome: c.outcome ?? '', reason: c.outcomeReason ?? '', respondBy: c.stepDueAt?.toISOString() ?? '' },
        });
      }
      return stateOf(c, at);
    },

    /** The business accepts the answer (closed), or contests it: reopened at the department, or closed if no reconsideration is left. */
    async respondToFeedbackAnswer(input: {
      caseId: string; actorUserId: string; accept: boolean; comment: string | null; reopen: boolean; round: number; policy: FeedbackCasePolicy;
    }): Promise<FeedbackCaseState> {
      const { caseId, accept, reopen, policy } = input;
      const at = serverNow();
      const c = await prisma.$transaction(async (tx) => {
        const found = await load(tx, caseId);
        if (stepOf(found) !== 'BUSINESS_RESPONSE') return found; // recorded by an earlier attempt
        const answer = { outcome: found.outcome, reason: found.outcomeReason, answeredAt: found.answeredAt?.toISOString() ?? null };
        const data: Prisma.FeedbackCaseUpdateInput = accept || !reopen
          ? { status: 'CLOSED', businessAccepted: accept, businessRespondedAt: at, closedAt: at, stepDueAt: null }
          : {
              status: 'HANDLING', businessAccepted: false, businessRespondedAt: at,
              handledAt: null, outcome: null, outcomeReason: null, answeredAt: null,
              escalationLevel: Math.max(found.escalationLevel, 1),
              stepDueAt: new Date(stepDeadlineMs(policy, 'HANDLE', at.getTime())),
            };
        const updated = await tx.feedbackCase.update({ where: { id: caseId }, data, include: caseInclude });
        await writeAudit(tx, {
          action: accept ? 'feedback_case.accepted' : 'feedback_case.contested', entityType: 'FeedbackCase', entityId: caseId,
          unitId: found.responsibleUnitId, actorUserId: input.actorUserId, actorRole: 'BUSINESS', reason: input.comment,
          details: { round: input.round, answer, reopened: !accept && reopen }, at,
        });
        if (updated.status === 'CLOSED') {
          await writeAudit(tx, {
            action: 'feedback_case.closed', entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId,
            details: { outcome: updated.outcome, businessAccepted: accept, by: 'BUSINESS_RESPONSE' }, at,
          });
        }
        return updated;
      });
      if (!accept) {
        const to = await escalationRecipients(prisma, c.responsibleUnit.path, 1);
        await notifyUsers(prisma, to.userIds, {
          key: `feedback-case:${caseId}:contested:${input.round}`,
          templateKey: reopen ? 'feedbackCase.reopened' : 'feedbackCase.contestedFinal',
          unitId: to.unitId,
          params: { caseId, declarationNumber: c.feedback.declaration.number, comment: input.comment ?? '', dueAt: c.stepDueAt?.toISOString() ?? '' },
        });
      }
      return stateOf(c, at);
    },

    async remindFeedbackCase({ caseId, step, round, hoursBefore }: { caseId: string; step: CaseStep; round: number; hoursBefore: number }) {
      const at = serverNow();
      const c = await prisma.feedbackCase.findUniqueOrThrow({ where: { id: caseId }, include: caseInclude });
      if (stepOf(c) !== step) return { at: at.toISOString() }; // the step is done: nothing to remind of
      const leaders = await responsibleLeaders(prisma, c.responsibleUnit.path);
      const key = `feedback-case:${caseId}:reminder:${step}:${round}:${hoursBefore}`;
      const sent = await notifyUsers(prisma, leaders.userIds, {
        key,
        templateKey: 'feedbackCase.reminder',
        unitId: c.responsibleUnitId,
        params: { caseId, declarationNumber: c.feedback.declaration.number, step, hoursBefore, dueAt: c.stepDueAt?.toISOString() ?? '' },
      });
      if (sent > 0) {
        await writeAudit(prisma, {
          action: 'feedback_case.reminded', entityType: 'FeedbackCase', entityId: caseId, unitId: c.responsibleUnitId,
          details: { step, round, hoursBefore, recipients: leaders.userIds.length, to: leaders.unitId }, at,
        });
      }
      return { at: at.toISOString() };
    },

    /** An overdue step goes one level up (department, then headquarters) with a grace period; recipients are told. */
    async escalateFeedbackCase({ caseId, step, round, level, policy }: { caseId: string; step: CaseStep; round: number; level: number; policy: FeedbackCasePolicy }) {
      const at = serverNow();
      const c = await prisma.$transaction(async (tx) => {
        const found = await load(tx, caseId);
        if (stepOf(found) !== step || found.escalationLevel >= level) return found; // done, or escalated by an earlier attempt
        const updated = await tx.feedbackCase.update({
          where: { id: caseId },
          data: { escalationLevel: level, stepDueAt: new Date(graceDeadlineMs(policy, at.getTime())) },
          include: caseInclude,
        });
        await writeAudit(tx, {
          action: 'feedback_case.escalated', entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId,
          reason: `Step ${step} overdue since ${found.stepDueAt?.toISOString()}`,
          details: { step, round, level, target: escalationTarget(level), department: unitPath.department(found.responsibleUnit.path), overdueSince: found.stepDueAt?.toISOString() ?? null, stepDueAt: updated.stepDueAt!.toISOString() },
          at,
        });
        return updated;
      });
      const to = await escalationRecipients(prisma, c.responsibleUnit.path, level);
      await notifyUsers(prisma, to.userIds, {
        key: `feedback-case:${caseId}:escalation:${step}:${round}:${level}`,
        templateKey: 'feedbackCase.escalated',
        unitId: to.unitId,
        params: { caseId, declarationNumber: c.feedback.declaration.number, step, level, target: escalationTarget(level), responsibleUnitId: c.responsibleUnitId, dueAt: c.stepDueAt?.toISOString() ?? '' },
      });
      return stateOf(c, at);
    },

    /** The business did not respond within the window: the answer stands and the case closes. */
    async closeFeedbackCaseWithoutResponse({ caseId, round }: { caseId: string; round: number }) {
      const at = serverNow();
      const c = await prisma.$transaction(async (tx) => {
        const found = await load(tx, caseId);
        if (stepOf(found) !== 'BUSINESS_RESPONSE') return found;
        const updated = await tx.feedbackCase.update({ where: { id: caseId }, data: { status: 'CLOSED', closedAt: at, stepDueAt: null }, include: caseInclude });
        await writeAudit(tx, {
          action: 'feedback_case.closed', entityType: 'FeedbackCase', entityId: caseId, unitId: found.responsibleUnitId,
          details: { outcome: found.outcome, businessAccepted: null, by: 'NO_RESPONSE', round }, at,
        });
        return updated;
      });
      return stateOf(c, at);
    },
  };
}
