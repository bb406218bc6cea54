// Grading, out of the candidate's request: a submission closes the attempt and queues it (GradingQueue) in one
// statement; graders take queued attempts in batches and grade each batch set-based (a handful of statements
// for hundreds of attempts), writing the results, their sub-scores and the submissions' audit entries in the
// transaction that takes them off the queue. An attempt is graded once: its queue row is taken under
// FOR UPDATE SKIP LOCKED (several API processes and the session's sweeper may grade side by side), the result
// is unique per attempt, and a grader that dies mid-batch leaves its rows queued for the next one.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { sqlPool, type Prisma, type PrismaClient } from '../prisma/db';
import { gradeAttempt } from '../domain/grading';
/** What the grader logs through (pino's shape). */
type Log = { warn: (o: object, m: string) => void; error: (o: object, m: string) => void };

/** One statement against the database, in whatever transaction the caller holds. */
export type Sql = <T>(text: string, params: unknown[]) => Promise<T[]>;

export const pgSql = (client: pg.PoolClient | pg.Pool): Sql => async <T>(text: string, params: unknown[]) => (await client.query(text, params)).rows as T[];
export const prismaSql = (tx: Prisma.TransactionClient): Sql => <T>(text: string, params: unknown[]) => tx.$queryRawUnsafe<T[]>(text, ...params);

/** Runs `work` in a transaction on one of the pool's connections. */
export async function sqlTransaction<T>(prisma: PrismaClient, work: (sql: Sql) => Promise<T>): Promise<T> {
  const client = await sqlPool(prisma).connect();
  try {
    await client.query('BEGIN');
    const value = await work(pgSql(client));
    await client.query('COMMIT');
    return value;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

/** How many queued attempts one grading transaction takes. */
const BATCH = 500;
/** An attempt that cannot be graded (e.g. every item voided) is tried again this much later, not in a loop. */
const RETRY_AFTER_MS = 60_000;

interface FormItem {
  itemVersionId: string;
  competencyId: string;
}

/** Item versions are immutable: their keys are cached for the life of the process. */
const correctKeys = new Map<string, string>();

async function keysOf(sql: Sql, ids: string[]): Promise<Map<string, string>> {
  const missing = [...new Set(ids)].filter((id) => !correctKeys.has(id));
  if (missing.length) {
    const rows = await sql<{ id: string; correctKey: string }>('SELECT id, "correctKey" FROM "QuestionItemVersion" WHERE id = ANY($1::text[])', [missing]);
    for (const r of rows) correctKeys.set(r.id, r.correctKey);
  }
  return correctKeys;
}

/**
 * Grades the given closed attempts and writes (or, for a regrade, rewrites) their results and sub-scores.
 * Returns the attempts it could not grade, with why (the caller decides: a regrade fails, a grader retries later).
 */
export async function gradeAttempts(sql: Sql, attemptIds: string[], now: Date): Promise<{ attemptId: string; error: string }[]> {
  if (!attemptIds.length) return [];
  const attempts = await sql<{ attemptId: string; registrationId: string; cycleId: string; officerId: string; positionId: string; items: FormItem[]; passMark: number }>(
    `SELECT t.id AS "attemptId", r.id AS "registrationId", r."cycleId", r."officerId", r."positionId", f.items, b."passMark"
     FROM "Attempt" t JOIN "Registration" r ON r.id = t."registrationId" JOIN "ExamForm" f ON f.id = t."formId" JOIN "TestBlueprint" b ON b.id = f."blueprintId"
     WHERE t.id = ANY($1::text[]) AND t.status <> 'IN_PROGRESS'`,
    [attemptIds],
  );
  const ids = attempts.map((a) => a.attemptId);
  // One after another: the statements share the transaction's connection.
  const answers = await sql<{ attemptId: string; itemVersionId: string; chosenKey: string | null }>('SELECT "attemptId", "itemVersionId", "chosenKey" FROM "AttemptAnswer" WHERE "attemptId" = ANY($1::text[])', [ids]);
  const voids = await sql<{ cycleId: string; itemVersionId: string }>('SELECT "cycleId", "itemVersionId" FROM "ItemVoid" WHERE "cycleId" = ANY($1::text[])', [[...new Set(attempts.map((a) => a.cycleId))]]);
  const required = await sql<{ positionId: string; competencyId: string; requiredLevel: number }>(
    'SELECT "positionId", "competencyId", "requiredLevel" FROM "PositionCompetency" WHERE "positionId" = ANY($1::text[])',
    [[...new Set(attempts.map((a) => a.positionId))]],
  );
  const keys = await keysOf(sql, attempts.flatMap((a) => a.items.map((i) => i.itemVersionId)));

  const chosen = new Map<string, Record<string, string | null>>();
  for (const a of answers) (chosen.get(a.attemptId) ?? chosen.set(a.attemptId, {}).get(a.attemptId)!)[a.itemVersionId] = a.chosenKey;
  const voided = new Map<string, string[]>();
  for (const v of voids) (voided.get(v.cycleId) ?? voided.set(v.cycleId, []).get(v.cycleId)!).push(v.itemVersionId);
  const levels = new Map<string, Record<string, number>>();
  for (const p of required) (levels.get(p.positionId) ?? levels.set(p.positionId, {}).get(p.positionId)!)[p.competencyId] = p.requiredLevel;

  const failed: { attemptId: string; error: string }[] = attemptIds.filter((id) => !ids.includes(id)).map((attemptId) => ({ attemptId, error: 'not closed' }));
  const results = [];
  const scores = [];
  for (const a of attempts) {
    try {
      const grade = gradeAttempt({
        items: a.items.map((i) => ({ itemVersionId: i.itemVersionId, competencyId: i.competencyId, correctKey: keys.get(i.itemVersionId)! })),
        answers: chosen.get(a.attemptId) ?? {},
        voidedItemVersionIds: voided.get(a.cycleId) ?? [],
        requiredLevels: levels.get(a.positionId) ?? {},
      });
      results.push({ id: randomUUID(), attemptId: a.attemptId, registrationId: a.registrationId, cycleId: a.cycleId, officerId: a.officerId, positionId: a.positionId, score: grade.score, correctCount: grade.correctCount, itemCount: grade.itemCount, passed: grade.score >= a.passMark });
      for (const c of grade.competencies) scores.push({ attemptId: a.attemptId, competencyId: c.competencyId, score: c.score, correctCount: c.correctCount, itemCount: c.itemCount, requiredLevel: c.requiredLevel });
    } catch (err) {
      failed.push({ attemptId: a.attemptId, error: (err as Error).message });
    }
  }
  if (!results.length) return failed;
  // A regrade keeps the result's id and level (levels are decided again by their own rules), and says when.
  await sql(
    `INSERT INTO "Result" (id, "attemptId", "registrationId", "cycleId", "officerId", "positionId", score, "correctCount", "itemCount", passed, "gradedAt")
     SELECT r.id, r."attemptId", r."registrationId", r."cycleId", r."officerId", r."positionId", r.score, r."correctCount", r."itemCount", r.passed, $2
     FROM jsonb_to_recordset($1::jsonb) AS r(id text, "attemptId" text, "registrationId" text, "cycleId" text, "officerId" text, "positionId" text, score numeric, "correctCount" int, "itemCount" int, passed boolean)
     ON CONFLICT ("attemptId") DO UPDATE SET score = EXCLUDED.score, "correctCount" = EXCLUDED."correctCount", "itemCount" = EXCLUDED."itemCount", passed = EXCLUDED.passed, "regradedAt" = $2`,
    [JSON.stringify(results), now.toISOString()],
  );
  await sql(
    `WITH graded AS (SELECT id, "attemptId" FROM "Result" WHERE "attemptId" = ANY($1::text[])),
     cleared AS (DELETE FROM "ResultCompetencyScore" s USING graded g WHERE s."resultId" = g.id)
     INSERT INTO "ResultCompetencyScore" ("resultId", "competencyId", score, "correctCount", "itemCount", "requiredLevel")
     SELECT g.id, c."competencyId", c.score, c."correctCount", c."itemCount", c."requiredLevel"
     FROM jsonb_to_recordset($2::jsonb) AS c("attemptId" text, "competencyId" text, score numeric, "correctCount" int, "itemCount" int, "requiredLevel" int)
     JOIN graded g ON g."attemptId" = c."attemptId"
     ON CONFLICT ("resultId", "competencyId") DO UPDATE SET score = EXCLUDED.score, "correctCount" = EXCLUDED."correctCount", "itemCount" = EXCLUDED."itemCount", "requiredLevel" = EXCLUDED."requiredLevel"`,
    [results.map((r) => r.attemptId), JSON.stringify(scores)],
  );
  return failed;
}

/**
 * Takes up to `limit` queued attempts (only `attemptIds`, when given) off the queue and grades them, with each
 * submission's audit entry, in one transaction. Returns how many were graded.
 */
export async function gradeQueued(prisma: PrismaClient, options: { limit?: number; attemptIds?: string[]; now?: Date; log?: Log } = {}): Promise<number> {
  const now = options.now ?? new Date();
  return sqlTransaction(prisma, async (sql) => {
    const taken = await sql<{ attemptId: string; status: string; submittedAt: Date; cycleId: string; unitId: string }>(
      `WITH next AS (
         SELECT "attemptId" FROM "GradingQueue"
         WHERE ($2::text[] IS NULL OR "attemptId" = ANY($2::text[])) AND ("retryAt" IS NULL OR "retryAt" <= $3)
         ORDER BY "queuedAt" LIMIT $1 FOR UPDATE SKIP LOCKED),
       taken AS (DELETE FROM "GradingQueue" q USING next WHERE q."attemptId" = next."attemptId" RETURNING q."attemptId")
       SELECT t.id AS "attemptId", t.status::text, t."submittedAt" AT TIME ZONE 'UTC' AS "submittedAt", r."cycleId", r."unitId"
       FROM taken JOIN "Attempt" t ON t.id = taken."attemptId" JOIN "Registration" r ON r.id = t."registrationId"`,
      [options.limit ?? BATCH, options.attemptIds ?? null, now.toISOString()],
    );
    if (!taken.length) return 0;
    const failed = await gradeAttempts(sql, taken.map((t) => t.attemptId), now);
    if (failed.length) {
      options.log?.error({ failed }, 'attempts that could not be graded: queued again');
      await sql(
        `INSERT INTO "GradingQueue" ("attemptId", "queuedAt", "retryAt", "lastError") SELECT f."attemptId", $2, $3, f.error
         FROM jsonb_to_recordset($1::jsonb) AS f("attemptId" text, error text)`,
        [JSON.stringify(failed), now.toISOString(), new Date(now.getTime() + RETRY_AFTER_MS).toISOString()],
      );
    }
    const done = new Set(failed.map((f) => f.attemptId));
    const graded = taken.filter((t) => !done.has(t.attemptId));
    // The submission's entry, at the time it was submitted: one chain seal for the whole batch.
    await sql(
      `INSERT INTO "AuditLog" (at, action, "entityType", "entityId", "cycleId", "unitId")
       SELECT a.at, a.action, 'Attempt', a.id, a."cycleId", a."unitId" FROM jsonb_to_recordset($1::jsonb) AS a(at timestamp, action text, id text, "cycleId" text, "unitId" text)`,
      [JSON.stringify(graded.map((t) => ({ at: t.submittedAt.toISOString(), action: t.status === 'SUBMITTED' ? 'exam.submitted' : 'exam.auto_submitted', id: t.attemptId, cycleId: t.cycleId, unitId: t.unitId })))],
    );
    return graded.length;
  });
}

/**
 * An API process's grader: kicked by each submission, it drains the queue in batches until it is empty (a kick
 * during a batch runs another after it), and polls now and then for what another process left behind.
 */
export class Grader {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  graded = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: Log,
  ) {}

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again) this.kick();
    });
  }

  private async drain() {
    do {
      this.again = false;
      try {
        for (let n = await gradeQueued(this.prisma, { log: this.log }); n > 0; n = await gradeQueued(this.prisma, { log: this.log })) this.graded += n;
      } catch (err) {
        // The database may be restarting: the rows stay queued and the next kick or poll takes them.
        this.log.warn({ err }, 'grading stopped: what is queued is taken on later');
        return;
      }
    } while (this.again);
  }

  /** Polls every `everyMs` (what a crashed process or a failed batch left queued). */
  start(everyMs = 2_000): this {
    this.timer ??= setInterval(() => this.kick(), everyMs).unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
  }
}
