// Exam delivery: start (or resume), autosave, submit. The server is the authority on time: the deadline is
// start + duration x the candidate's multiplier, fixed when the attempt starts; an answer after it is refused;
// an attempt past its deadline is submitted with what was saved (by the session's sweeper, or by the next
// request that finds it). Starting costs one insert: the form was drawn before the session.
// The candidate's side speaks only in the attempt's opaque handles (services/exam-handles.ts): the paper and
// the saved answers go out by handle, changes come in by handle; storage keeps item version ids and keys.
import { randomUUID } from 'node:crypto';
import { sqlPool, type Prisma, type PrismaClient } from '../prisma/db';
import { gradeQueued } from './grading';
import type { AttemptHandles, ExamHandles, HandledChange } from './exam-handles';

type Tx = Prisma.TransactionClient;

/** How long after a session's start a candidate may still begin, unless the session says otherwise. */
export const LATE_START_MINUTES = 30;

export type DeliveryProblem =
  | 'NOT_YOUR_EXAM' | 'NOT_SEATED' | 'NOT_PUBLISHED' | 'TOO_EARLY' | 'TOO_LATE' | 'NO_FORM' | 'NOT_STARTED' | 'TIME_UP' | 'ALREADY_SUBMITTED' | 'UNKNOWN_ITEM' | 'UNKNOWN_OPTION';

export class DeliveryError extends Error {
  constructor(readonly problem: DeliveryProblem, readonly params: Record<string, string | number> = {}) {
    super(problem);
  }
}

interface FormItem {
  itemVersionId: string;
  competencyId: string;
  optionOrder: string[];
}

interface ItemContent {
  stem: string;
  options: Map<string, string>;
  competencyId: string;
  correctKey: string;
}

/** Item versions are immutable, so their content is cached for the life of the process. */
const itemCache = new Map<string, ItemContent>();

async function itemContents(db: PrismaClient | Tx, ids: string[]): Promise<Map<string, ItemContent>> {
  const missing = ids.filter((id) => !itemCache.has(id));
  if (missing.length) {
    const rows = await db.questionItemVersion.findMany({ where: { id: { in: missing } }, select: { id: true, stem: true, options: true, competencyId: true, correctKey: true } });
    for (const r of rows) {
      itemCache.set(r.id, {
        stem: r.stem,
        options: new Map((r.options as { key: string; text: string }[]).map((o) => [o.key, o.text])),
        competencyId: r.competencyId,
        correctKey: r.correctKey,
      });
    }
  }
  return new Map(ids.map((id) => [id, itemCache.get(id)!]));
}

/** What the candidate sees: stems and options in their shuffled order, by handle; never an id, a key or the answer. */
async function paperOf(db: PrismaClient | Tx, items: FormItem[], handles: AttemptHandles) {
  const contents = await itemContents(db, items.map((i) => i.itemVersionId));
  return items.map((item, index) => {
    const content = contents.get(item.itemVersionId)!;
    return {
      number: index + 1,
      itemHandle: handles.item(item.itemVersionId),
      stem: content.stem,
      options: item.optionOrder.map((key) => ({ optionHandle: handles.option(item.itemVersionId, key), text: content.options.get(key) ?? '' })),
    };
  });
}

/** Everything a start needs, in one round trip: the hot path when thousands start in the same minute. */
interface SeatRow {
  officerId: string;
  multiplier: string;
  sessionStatus: string | null;
  sessionStartsAt: Date | null;
  lateStartMinutes: number | null;
  formId: string | null;
  items: FormItem[] | null;
  durationMinutes: number | null;
  attemptId: string | null;
  attemptStatus: string | null;
  startedAt: Date | null;
  deadlineAt: Date | null;
  submittedAt: Date | null;
}

async function loadSeat(prisma: PrismaClient, registrationId: string, officerId: string): Promise<SeatRow> {
  const { rows: [row] } = await sqlPool(prisma).query<SeatRow>(
    `SELECT r."officerId", o."extraTimeMultiplier"::text AS multiplier,
            s.status::text AS "sessionStatus", s."startsAt" AT TIME ZONE 'UTC' AS "sessionStartsAt", s."lateStartMinutes",
            f.id AS "formId", f.items, b."durationMinutes",
            t.id AS "attemptId", t.status::text AS "attemptStatus", t."startedAt" AT TIME ZONE 'UTC' AS "startedAt",
            t."deadlineAt" AT TIME ZONE 'UTC' AS "deadlineAt", t."submittedAt" AT TIME ZONE 'UTC' AS "submittedAt"
     FROM "Registration" r
     JOIN "Officer" o ON o.id = r."officerId"
     LEFT JOIN "ExamSeat" seat ON seat."registrationId" = r.id
     LEFT JOIN "ExamSession" s ON s.id = seat."sessionId"
     LEFT JOIN LATERAL (SELECT * FROM "ExamForm" ff WHERE ff."registrationId" = r.id ORDER BY ff."generatedAt" LIMIT 1) f ON true
     LEFT JOIN "TestBlueprint" b ON b.id = f."blueprintId"
     LEFT JOIN "Attempt" t ON t."registrationId" = r.id
     WHERE r.id = $1`,
    [registrationId],
  );
  if (!row || row.officerId !== officerId) throw new DeliveryError('NOT_YOUR_EXAM');
  return row;
}

async function savedAnswers(prisma: PrismaClient, handles: AttemptHandles) {
  const { rows } = await sqlPool(prisma).query<{ itemVersionId: string; chosenKey: string | null; flagged: boolean; seq: string }>(
    'SELECT "itemVersionId", "chosenKey", flagged, seq::text FROM "AttemptAnswer" WHERE "attemptId" = $1',
    [handles.attemptId],
  );
  return handles.present(rows.map((a) => ({ ...a, seq: Number(a.seq) })));
}

/** Starts the candidate's one attempt, or resumes it with the time that remains. */
export async function startAttempt(prisma: PrismaClient, examHandles: ExamHandles, input: { registrationId: string; officerId: string; now?: Date }): Promise<StartedAttempt> {
  const now = input.now ?? new Date();
  const seat = await loadSeat(prisma, input.registrationId, input.officerId);
  let attempt = seat.attemptId
    ? { id: seat.attemptId, status: seat.attemptStatus!, startedAt: seat.startedAt!, deadlineAt: seat.deadlineAt!, submittedAt: seat.submittedAt }
    : null;
  if (!attempt) {
    if (!seat.sessionStatus || !seat.sessionStartsAt) throw new DeliveryError('NOT_SEATED');
    if (seat.sessionStatus === 'PLANNED') throw new DeliveryError('NOT_PUBLISHED');
    if (now < seat.sessionStartsAt) throw new DeliveryError('TOO_EARLY', { startsAt: seat.sessionStartsAt.toISOString() });
    const lateStart = seat.lateStartMinutes ?? LATE_START_MINUTES;
    if (now.getTime() > seat.sessionStartsAt.getTime() + lateStart * 60_000) throw new DeliveryError('TOO_LATE', { minutes: lateStart });
    if (!seat.formId || !seat.durationMinutes) throw new DeliveryError('NO_FORM');
    const deadlineAt = new Date(now.getTime() + seat.durationMinutes * Number(seat.multiplier) * 60_000);
    // Two tabs starting at once get one attempt: the second insert does nothing and reads the first.
    const { rows: [created] } = await sqlPool(prisma).query<{ id: string; startedAt: Date; deadlineAt: Date }>(
      `INSERT INTO "Attempt" (id, "registrationId", "formId", status, "startedAt", "deadlineAt")
       VALUES ($1, $2, $3, 'IN_PROGRESS', $4, $5)
       ON CONFLICT ("registrationId") DO NOTHING
       RETURNING id, "startedAt" AT TIME ZONE 'UTC' AS "startedAt", "deadlineAt" AT TIME ZONE 'UTC' AS "deadlineAt"`,
      [randomUUID(), input.registrationId, seat.formId, now.toISOString(), deadlineAt.toISOString()],
    );
    if (!created) return startAttempt(prisma, examHandles, input);
    attempt = { ...created, status: 'IN_PROGRESS', submittedAt: null };
  }
  if (attempt.status === 'IN_PROGRESS' && attempt.deadlineAt <= now) {
    await finishAttempt(prisma, attempt.id, 'AUTO_SUBMITTED', attempt.deadlineAt);
    return startAttempt(prisma, examHandles, input);
  }
  const handles = examHandles.forAttempt(attempt.id, seat.items ?? []);
  const saved = seat.attemptId ? await savedAnswers(prisma, handles) : { answers: {}, flagged: [], seqs: {} };
  return {
    attemptId: attempt.id,
    status: attempt.status,
    startedAt: attempt.startedAt,
    deadlineAt: attempt.deadlineAt,
    submittedAt: attempt.submittedAt,
    serverTime: now,
    remainingSeconds: Math.max(0, Math.floor((attempt.deadlineAt.getTime() - now.getTime()) / 1000)),
    ...saved,
    durationMinutes: seat.durationMinutes ?? 0,
    extraTimeMultiplier: Number(seat.multiplier),
    questions: attempt.status === 'IN_PROGRESS' ? await paperOf(prisma, seat.items ?? [], handles) : [],
  };
}

export interface StartedAttempt {
  attemptId: string;
  status: string;
  startedAt: Date;
  deadlineAt: Date;
  submittedAt: Date | null;
  serverTime: Date;
  remainingSeconds: number;
  /** The chosen option's handle by question handle. */
  answers: Record<string, string | null>;
  /** Questions (handles) the candidate marked to come back to. */
  flagged: string[];
  /** The order number of each saved answer's last change, by question handle, so a browser knows what the server holds. */
  seqs: Record<string, number>;
  durationMinutes: number;
  extraTimeMultiplier: number;
  questions: Awaited<ReturnType<typeof paperOf>>;
}

/** An attempt's fixed facts (owner, deadline, form, handles), cached: they never change once it has started. */
const attemptFacts = new Map<string, { attemptId: string; officerId: string; deadlineAt: Date; items: FormItem[]; handles: AttemptHandles }>();

async function factsOf(prisma: PrismaClient, examHandles: ExamHandles, registrationId: string) {
  const cached = attemptFacts.get(registrationId);
  if (cached && cached.handles.signer === examHandles) return cached;
  const { rows: [row] } = await sqlPool(prisma).query<{ attemptId: string; officerId: string; deadlineAt: Date; items: FormItem[] }>(
    `SELECT t.id AS "attemptId", r."officerId", t."deadlineAt" AT TIME ZONE 'UTC' AS "deadlineAt", f.items
     FROM "Attempt" t JOIN "Registration" r ON r.id = t."registrationId" JOIN "ExamForm" f ON f.id = t."formId"
     WHERE t."registrationId" = $1`,
    [registrationId],
  );
  if (!row) return null;
  const facts = { ...row, handles: examHandles.forAttempt(row.attemptId, row.items) };
  if (attemptFacts.size > 50_000) attemptFacts.clear(); // bounded: a cycle's candidates, not forever
  attemptFacts.set(registrationId, facts);
  return facts;
}

/** A candidate's change, by the attempt's handles; `seq` is its order in the browser (without one, the server's clock orders it). */
export type AnswerChange = HandledChange;

/**
 * Autosave: upserts the given answers, if before the deadline. One statement in the usual case. Saves are
 * ordered by `seq`: a change older than the one stored is acknowledged and ignored, so a save that arrives late
 * (a retry after a dropped connection) never overwrites a newer answer.
 */
export async function saveAnswers(
  prisma: PrismaClient,
  examHandles: ExamHandles,
  input: { registrationId: string; officerId: string; answers: AnswerChange[]; now?: Date },
) {
  const now = input.now ?? new Date();
  const facts = await factsOf(prisma, examHandles, input.registrationId);
  if (!facts) throw new DeliveryError('NOT_STARTED');
  if (facts.officerId !== input.officerId) throw new DeliveryError('NOT_YOUR_EXAM');
  if (now >= facts.deadlineAt) throw new DeliveryError('TIME_UP', { deadlineAt: facts.deadlineAt.toISOString() });
  // Every change is translated before anything is written: one unknown handle and nothing is saved.
  const changes = input.answers.map((a) => {
    const stored = facts.handles.read(a);
    if ('problem' in stored) throw new DeliveryError(stored.problem, stored.problem === 'UNKNOWN_OPTION' ? { number: stored.number } : {});
    return { ...stored, flagged: a.flagged ?? false, seq: a.seq ?? now.getTime() };
  });
  // Status and deadline are checked again inside the statement: a save racing a submit or the deadline cannot land.
  const { rows: [outcome] } = await sqlPool(prisma).query<{ open: boolean }>(
    `WITH open AS (SELECT 1 FROM "Attempt" t WHERE t.id = $1 AND t.status = 'IN_PROGRESS' AND t."deadlineAt" > $2),
     saved AS (
       INSERT INTO "AttemptAnswer" ("attemptId", "itemVersionId", "chosenKey", flagged, seq, "savedAt")
       SELECT $1, a."itemVersionId", a."chosenKey", a.flagged, a.seq, $2
       FROM jsonb_to_recordset($3::jsonb) AS a("itemVersionId" text, "chosenKey" text, flagged boolean, seq bigint)
       WHERE EXISTS (SELECT 1 FROM open)
       ON CONFLICT ("attemptId", "itemVersionId") DO UPDATE
         SET "chosenKey" = EXCLUDED."chosenKey", flagged = EXCLUDED.flagged, seq = EXCLUDED.seq, "savedAt" = EXCLUDED."savedAt"
         WHERE "AttemptAnswer".seq <= EXCLUDED.seq
       RETURNING 1)
     -- A data-modifying WITH runs whether or not the main query reads it.
     SELECT EXISTS (SELECT 1 FROM open) AS open`,
    [facts.attemptId, now.toISOString(), JSON.stringify(changes)],
  );
  if (!outcome.open && changes.length) {
    const current = await prisma.attempt.findUniqueOrThrow({ where: { id: facts.attemptId }, select: { status: true } });
    throw new DeliveryError(current.status === 'IN_PROGRESS' ? 'TIME_UP' : 'ALREADY_SUBMITTED', { deadlineAt: facts.deadlineAt.toISOString() });
  }
  return {
    saved: input.answers.length,
    serverTime: now,
    remainingSeconds: Math.max(0, Math.floor((facts.deadlineAt.getTime() - now.getTime()) / 1000)),
  };
}

/** What a submission answers: the attempt's state and its result, or that it is being graded (a few seconds). */
export interface Submission {
  status: string;
  submittedAt: Date | null;
  result: { id: string; score: number; correctCount: number; itemCount: number; passed: boolean } | null;
  /** Submitted and queued for grading: the result is not written yet. */
  grading: boolean;
}

/**
 * The candidate submits: one statement closes the attempt (past its deadline it counts as submitted by the
 * clock, at the deadline) and queues it for grading (services/grading.ts); `closed` tells the caller to kick a
 * grader. A second submission answers the state as it is, with the result once it is graded.
 */
export async function submitAttempt(prisma: PrismaClient, input: { registrationId: string; officerId: string; now?: Date }): Promise<Submission & { closed: boolean }> {
  const now = (input.now ?? new Date()).toISOString();
  const { rows: [closed] } = await sqlPool(prisma).query<{ status: string; submittedAt: Date }>(
    `WITH closed AS (
       UPDATE "Attempt" t SET
         status = (CASE WHEN t."deadlineAt" <= $3::timestamp THEN 'AUTO_SUBMITTED' ELSE 'SUBMITTED' END)::"AttemptStatus",
         "submittedAt" = LEAST(t."deadlineAt", $3::timestamp)
       FROM "Registration" r
       WHERE t."registrationId" = $1 AND r.id = t."registrationId" AND r."officerId" = $2 AND t.status = 'IN_PROGRESS'
       RETURNING t.id, t.status, t."submittedAt"),
     queued AS (INSERT INTO "GradingQueue" ("attemptId", "queuedAt") SELECT id, $3::timestamp FROM closed)
     SELECT status::text, "submittedAt" AT TIME ZONE 'UTC' AS "submittedAt" FROM closed`,
    [input.registrationId, input.officerId, now],
  );
  if (closed) return { ...closed, result: null, grading: true, closed: true };
  const { rows: [row] } = await sqlPool(prisma).query<{ officerId: string; status: string; submittedAt: Date | null; resultId: string | null; score: number; correctCount: number; itemCount: number; passed: boolean }>(
    `SELECT r."officerId", t.status::text, t."submittedAt" AT TIME ZONE 'UTC' AS "submittedAt",
            res.id AS "resultId", res.score::float8 AS score, res."correctCount", res."itemCount", res.passed
     FROM "Attempt" t JOIN "Registration" r ON r.id = t."registrationId" LEFT JOIN "Result" res ON res."attemptId" = t.id
     WHERE t."registrationId" = $1`,
    [input.registrationId],
  );
  if (!row) throw new DeliveryError('NOT_STARTED');
  if (row.officerId !== input.officerId) throw new DeliveryError('NOT_YOUR_EXAM');
  const result = row.resultId ? { id: row.resultId, score: row.score, correctCount: row.correctCount, itemCount: row.itemCount, passed: row.passed } : null;
  return { status: row.status, submittedAt: row.submittedAt, result, grading: row.status !== 'IN_PROGRESS' && row.status !== 'VOIDED' && !result, closed: false };
}

/** Closes an attempt, queues it and grades it now (the session's sweeper, a start that finds the time up). Idempotent. */
export async function finishAttempt(prisma: PrismaClient, attemptId: string, status: 'SUBMITTED' | 'AUTO_SUBMITTED', at: Date): Promise<boolean> {
  const { rows } = await sqlPool(prisma).query(
    `WITH closed AS (UPDATE "Attempt" SET status = $2::"AttemptStatus", "submittedAt" = $3 WHERE id = $1 AND status = 'IN_PROGRESS' RETURNING id)
     INSERT INTO "GradingQueue" ("attemptId", "queuedAt") SELECT id, $3 FROM closed RETURNING "attemptId"`,
    [attemptId, status, at.toISOString()],
  );
  if (!rows.length) return false;
  await gradeQueued(prisma, { attemptIds: [attemptId] });
  return true;
}
