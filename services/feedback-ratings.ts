// A business rates a declaration: the ratings are saved all or nothing (one request, several subjects), a case is
// opened for every unsatisfied rating, and every case they open (or an earlier attempt left waiting while
// Temporal was down) is handed to the case dispatcher, which starts its workflow after the request.
import { randomUUID } from 'node:crypto';
import { sqlPool, type FeedbackCaseOutcome, type FeedbackCaseStatus, type Prisma, type PrismaClient } from '../prisma/db';
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
import type { CaseDispatcher } from './feedback-dispatch';

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

type StoredCase = { id: string; status: FeedbackCaseStatus; handledAt: Date | null; outcome: FeedbackCaseOutcome | null };

interface ExistingRating {
  id: string;
  subjectKey: string;
  level: SatisfactionLevelName;
  reasonCodes: string[];
  comment: string | null;
  submittedAt: Date;
  amendedAt: Date | null;
  case: StoredCase | null;
}

interface DeclarationForRating {
  id: string;
  number: string;
  businessId: string;
  branchUnitId: string;
  branch: Named;
  handlings: { stageId: string; teamUnitId: string; officerId: string; stage: Named; team: Named; officer: { id: string; fullName: string; employeeCode: string } }[];
  reasons: string[] | null;
  /** The ratings already given to the requested subjects, with their cases. */
  existing: ExistingRating[];
}

// json_build_object renders a "timestamp without time zone" (which holds UTC) without its zone: say it.
const UTC_JSON = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The declaration, who handled it (with names), the reasons in force and the ratings already given to the
 * requested subjects (with their cases), in one round trip: rating is a hot path.
 */
async function declarationForRating(prisma: PrismaClient, declarationId: string, subjectKeys: string[]): Promise<DeclarationForRating | null> {
  const { rows: [row] } = await sqlPool(prisma).query<Omit<DeclarationForRating, 'existing'> & { existing: (Omit<ExistingRating, 'submittedAt' | 'amendedAt' | 'case'> & { submittedAt: string; amendedAt: string | null; case: (Omit<StoredCase, 'handledAt'> & { handledAt: string | null }) | null })[] }>(
    `SELECT d.id, d.number, d."businessId", d."branchUnitId",
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
      (SELECT array_agg(code) FROM "FeedbackReason" WHERE active) AS reasons,
      coalesce((
        SELECT json_agg(json_build_object(
          'id', f.id, 'subjectKey', f."subjectKey", 'level', f.level, 'reasonCodes', f."reasonCodes", 'comment', f.comment,
          'submittedAt', ${UTC_JSON('f."submittedAt"')}, 'amendedAt', ${UTC_JSON('f."amendedAt"')},
          'case', CASE WHEN c.id IS NOT NULL THEN json_build_object('id', c.id, 'status', c.status, 'handledAt', ${UTC_JSON('c."handledAt"')}, 'outcome', c.outcome) END))
        FROM "Feedback" f LEFT JOIN "FeedbackCase" c ON c."feedbackId" = f.id
        WHERE f."declarationId" = d.id AND f."subjectKey" = ANY($2::text[])), '[]'::json) AS existing
    FROM "Declaration" d JOIN "Unit" b ON b.id = d."branchUnitId"
    WHERE d.id = $1`,
    [declarationId, subjectKeys],
  );
  if (!row) return null;
  const date = (v: string | null) => (v === null ? null : new Date(v));
  return {
    ...row,
    existing: row.existing.map((f) => ({
      ...f,
      submittedAt: new Date(f.submittedAt),
      amendedAt: date(f.amendedAt),
      case: f.case ? { ...f.case, handledAt: date(f.case.handledAt) } : null,
    })),
  };
}

/** What one request writes, in one statement (so one transaction): the rows and their audit entries. */
interface RatingWrites {
  declarationId: string;
  businessId: string;
  now: Date;
  actorUserId: string;
  created: { id: string; subjectKind: SubjectKind; subjectKey: string; subjectUnitId: string; subjectStageId: string | null; subjectOfficerId: string | null; level: string; reasonCodes: string[]; comment: string | null }[];
  amended: { id: string; level: string; reasonCodes: string[]; comment: string | null }[];
  /** Each case and, in the same statement, its row in the dispatch outbox. */
  cases: { id: string; feedbackId: string; responsibleUnitId: string }[];
  audit: { action: string; entityType: string; entityId: string; unitId: string; details: Prisma.InputJsonValue }[];
}

/**
 * Writes the ratings, amendments, cases, their dispatch rows and the audit entries of one or more requests in ONE
 * statement: data-modifying CTEs run as one transaction (all or nothing), and the audit entries are chained at
 * its commit like any other. A request that lost a race (the same rating or case written first by another)
 * makes it fail on a unique index (23505).
 */
async function writeStatement(prisma: PrismaClient, batch: RatingWrites[]): Promise<void> {
  const per = <T extends object>(pick: (w: RatingWrites) => T[]) =>
    JSON.stringify(batch.flatMap((w) => pick(w).map((row) => ({ ...row, declarationId: w.declarationId, businessId: w.businessId, at: w.now.toISOString(), actorUserId: w.actorUserId }))));
  await sqlPool(prisma).query(
    `WITH created AS (
       INSERT INTO "Feedback" (id, "declarationId", "businessId", "subjectKind", "subjectKey", "subjectUnitId", "subjectStageId", "subjectOfficerId",
                               level, "reasonCodes", comment, "submittedAt", "submittedById")
       SELECT x.id, x."declarationId", x."businessId", x."subjectKind"::"FeedbackSubjectKind", x."subjectKey", x."subjectUnitId", x."subjectStageId", x."subjectOfficerId",
              x.level::"SatisfactionLevel", x."reasonCodes", x.comment, x.at::timestamp, x."actorUserId"
       FROM jsonb_to_recordset($1::jsonb) AS x(id text, "declarationId" text, "businessId" text, "subjectKind" text, "subjectKey" text, "subjectUnitId" text,
                                              "subjectStageId" text, "subjectOfficerId" text, level text, "reasonCodes" text[], comment text, at text, "actorUserId" text)
       RETURNING id
     ), amended AS (
       UPDATE "Feedback" f SET level = x.level::"SatisfactionLevel", "reasonCodes" = x."reasonCodes", comment = x.comment, "amendedAt" = x.at::timestamp
       FROM jsonb_to_recordset($2::jsonb) AS x(id text, level text, "reasonCodes" text[], comment text, at text)
       WHERE f.id = x.id
       RETURNING f.id
     ), cases AS (
       INSERT INTO "FeedbackCase" (id, "feedbackId", "responsibleUnitId", "createdAt")
       SELECT x.id, x."feedbackId", x."responsibleUnitId", x.at::timestamp
       FROM jsonb_to_recordset($3::jsonb) AS x(id text, "feedbackId" text, "responsibleUnitId" text, at text)
       RETURNING id, "createdAt"
     ), dispatch AS (
       INSERT INTO "FeedbackCaseDispatch" ("caseId", "createdAt", "nextAttemptAt")
       SELECT id, "createdAt", "createdAt" FROM cases
       RETURNING "caseId"
     ), audit AS (
       INSERT INTO "AuditLog" (at, "actorUserId", "actorRole", action, "entityType", "entityId", "unitId", details)
       SELECT x.at::timestamp, x."actorUserId", 'BUSINESS'::"Role", x.action, x."entityType", x."entityId", x."unitId", x.details
       FROM ROWS FROM (jsonb_to_recordset($4::jsonb) AS (action text, "entityType" text, "entityId" text, "unitId" text, details jsonb, at text, "actorUserId" text))
            WITH ORDINALITY AS x(action, "entityType", "entityId", "unitId", details, at, "actorUserId", n)
       ORDER BY x.n
       RETURNING id
     )
     SELECT (SELECT count(*) FROM created) + (SELECT count(*) FROM amended) + (SELECT count(*) FROM cases)
          + (SELECT count(*) FROM dispatch) + (SELECT count(*) FROM audit) AS written`,
    [per((w) => w.created), per((w) => w.amended), per((w) => w.cases), per((w) => w.audit)],
  );
}

/**
 * Group commit for rating writes. Every transaction that writes audit entries is sealed into the hash chain at
 * its commit, one at a time (the chain's lock is held through the commit's flush): that, not the rows, is what
 * bounds the write rate. So requests arriving while a write is in flight go together in the next statement (one
 * commit, one seal, for all of them). Nothing waits for a batch to fill: a request alone is written at once.
 * A batch that fails is written again request by request, so each request gets its own outcome (a lost race
 * is one request's 23505, retried by submitRatings) and no request's rows depend on another's.
 */
class RatingWriter {
  private queue: { writes: RatingWrites; done: (err?: unknown) => void }[] = [];
  private busy = false;

  constructor(private readonly prisma: PrismaClient, private readonly maxBatch = 64) {}

  write(writes: RatingWrites): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ writes, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!this.busy) void this.flush();
    });
  }

  /** Rows two requests of one batch would both write (a subject, an amended rating, a case's rating): the later waits. */
  private static keys(w: RatingWrites): string[] {
    return [...w.created.map((r) => `s:${w.declarationId}:${r.subjectKey}`), ...w.amended.map((r) => `f:${r.id}`), ...w.cases.map((c) => `c:${c.feedbackId}`)];
  }

  private async flush(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length) {
        const taken = new Set<string>();
        const batch: typeof this.queue = [];
        const rest: typeof this.queue = [];
        for (const item of this.queue) {
          const keys = RatingWriter.keys(item.writes);
          if (batch.length < this.maxBatch && !keys.some((k) => taken.has(k))) {
            keys.forEach((k) => taken.add(k));
            batch.push(item);
          } else rest.push(item);
        }
        this.queue = rest;
        try {
          await writeStatement(this.prisma, batch.map((b) => b.writes));
          batch.forEach((b) => b.done());
        } catch (err) {
          if (batch.length === 1) {
            batch[0].done(err);
            continue;
          }
          await Promise.all(batch.map((b) => writeStatement(this.prisma, [b.writes]).then(() => b.done(), (e: unknown) => b.done(e))));
        }
      }
    } finally {
      this.busy = false;
    }
  }
}

const writers = new WeakMap<PrismaClient, RatingWriter>();
function writeRatings(prisma: PrismaClient, writes: RatingWrites): Promise<void> {
  let writer = writers.get(prisma);
  if (!writer) writers.set(prisma, (writer = new RatingWriter(prisma)));
  return writer.write(writes);
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

/**
 * Saves a business's ratings of one declaration. Nothing is written unless every rating passes: the declaration
 * is the business's, every subject is on it, the reasons exist, and an existing rating is still amendable.
 * Every unsatisfied rating gets a case (one per rating: FeedbackCase.feedbackId is unique) and a row in the
 * dispatch outbox, whose dispatcher starts the case's workflow after the commit. Two round trips whatever the
 * number of ratings: one read, one write.
 */
export async function submitRatings(prisma: PrismaClient, input: SubmitRatingsInput): Promise<SubmitRatingsResult> {
  // Two identical requests at once: the loser of the unique index reads again and finds the ratings there.
  for (let attempt = 1; ; attempt++) {
    const declaration = await declarationForRating(prisma, input.declarationId, input.ratings.map((r) => r.subject));
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
    const stored = new Map(declaration.existing.map((f) => [f.subjectKey, f]));
    const plans = [];
    for (const r of input.ratings) {
      const before = stored.get(r.subject) ?? null;
      const change = ratingChange(before, r, now, input.policy);
      if (change === 'WINDOW_CLOSED') return { kind: 'windowClosed', subject: r.subject, submittedAt: before!.submittedAt };
      const data = { level: r.level, reasonCodes: [...new Set(r.reasonCodes)], comment: normaliseComment(r.comment) };
      plans.push({ r, before, change, data, subject: bySubject.get(r.subject)!, id: before?.id ?? randomUUID() });
    }

    const writes: RatingWrites = { declarationId: declaration.id, businessId: declaration.businessId, now, actorUserId: input.actorUserId, created: [], amended: [], cases: [], audit: [] };
    for (const { change, data, subject, id, before } of plans) {
      if (change === 'created') {
        writes.created.push({ id, subjectKind: subject.kind, subjectKey: subject.key, subjectUnitId: subject.responsibleUnitId, subjectStageId: subject.stageId, subjectOfficerId: subject.officerId, ...data });
        writes.audit.push({ action: 'feedback.submitted', entityType: 'Feedback', entityId: id, unitId: subject.responsibleUnitId, details: { declarationId: declaration.id, subject: subject.key, ...data } });
      } else if (change === 'amended') {
        writes.amended.push({ id, ...data });
        writes.audit.push({
          action: 'feedback.amended', entityType: 'Feedback', entityId: id, unitId: subject.responsibleUnitId,
          details: { declarationId: declaration.id, subject: subject.key, before: { level: before!.level, reasonCodes: before!.reasonCodes, comment: before!.comment }, after: data },
        });
      }
    }
    const opened = new Map<string, StoredCase>();
    for (const p of plans) {
      if (p.before?.case || !isUnsatisfied(p.r.level)) continue;
      const caseId = randomUUID();
      opened.set(p.id, { id: caseId, status: 'OPEN', handledAt: null, outcome: null });
      writes.cases.push({ id: caseId, feedbackId: p.id, responsibleUnitId: p.subject.responsibleUnitId });
      writes.audit.push({ action: 'feedback_case.opened', entityType: 'FeedbackCase', entityId: caseId, unitId: p.subject.responsibleUnitId, details: { feedbackId: p.id, subject: p.subject.key, level: p.r.level } });
    }
    if (writes.audit.length) {
      try {
        await writeRatings(prisma, writes);
      } catch (err) {
        if (attempt < 3 && isUniqueViolation(err)) continue;
        throw err;
      }
    }

    const ratings = plans.map(({ r, before, change, data, subject, id }): SavedRating => {
      const newCase = opened.get(id);
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
    return { kind: 'saved', declarationId: declaration.id, declarationNumber: declaration.number, ratings };
  }
}

export type RateOutcome = Exclude<SubmitRatingsResult, { kind: 'saved' }> | (Extract<SubmitRatingsResult, { kind: 'saved' }> & { waiting: string[] });

/**
 * Rates, then hands the cases not taken on yet (opened now, or earlier while Temporal was down) to the dispatcher
 * without waiting: the business's answer never waits on Temporal.
 */
export async function rateDeclaration(prisma: PrismaClient, dispatcher: Pick<CaseDispatcher, 'kick'>, input: SubmitRatingsInput): Promise<RateOutcome> {
  const result = await submitRatings(prisma, input);
  if (result.kind !== 'saved') return result;
  const waiting = result.ratings.flatMap((r) => (r.feedback.case?.status === 'OPEN' ? [r.feedback.case.id] : []));
  dispatcher.kick(waiting);
  return { ...result, waiting };
}
