// The case dispatcher: starts the workflows of the cases unsatisfied ratings open, outside the business's request.
// The rating's transaction writes each case with a row of the outbox FeedbackCaseDispatch; the dispatcher claims
// due rows in batches, starts each case's workflow (its id comes from the case id, so a second start finds it
// "already started", which counts as done) and removes the rows of the cases started. A start that fails
// (Temporal down or slow) leaves its row for a later attempt, with backoff: Temporal being away only delays.
//
// A claim is one statement (FOR UPDATE SKIP LOCKED, pushing nextAttemptAt a lease ahead): two dispatchers never
// claim the same row at once, and a dispatcher that dies mid-batch leaves rows that another claims after the lease.
// The API process runs one that only takes the cases its own requests opened, at once (kick); the worker process
// runs one that polls for every due row (runtime/serve.ts).
import { sqlPool, type PrismaClient } from '../prisma/db';
import type { FeedbackCasePolicy } from '../domain/feedback-case';
import type { WorkflowGateway } from './workflow-gateway';

type Log = { info?: (o: object, m: string) => void; warn: (o: object, m: string) => void };

export interface CaseDispatcherOptions {
  /** How often to look for due rows; null: only the cases it is kicked with (the API's). */
  pollMs?: number | null;
  batchSize?: number;
  /** How long a claimed row is left to its claimer before another dispatcher may take it. */
  leaseMs?: number;
  /** Delay before attempt n+1 after n failed ones. */
  backoffMs?: (attempts: number) => number;
  log?: Log;
  /** Only the cases of these businesses' ratings (tests share one database). */
  businessIds?: string[];
}

export interface DispatchOutcome {
  /** Rows claimed in this pass. */
  claimed: number;
  /** Workflows this pass started, and ones found started already (by another dispatcher or a case action). */
  started: number;
  alreadyStarted: number;
  /** Cases found taken on already (no longer OPEN): their rows are removed without asking Temporal. */
  takenOn: number;
  /** Starts that failed: the row waits for its next attempt. */
  failed: number;
}

export const defaultDispatchBackoffMs = (attempts: number) => Math.min(60_000, 1_000 * 2 ** Math.max(0, attempts - 1));

const none = (): DispatchOutcome => ({ claimed: 0, started: 0, alreadyStarted: 0, takenOn: 0, failed: 0 });
const add = (a: DispatchOutcome, b: DispatchOutcome): DispatchOutcome => ({
  claimed: a.claimed + b.claimed, started: a.started + b.started, alreadyStarted: a.alreadyStarted + b.alreadyStarted, takenOn: a.takenOn + b.takenOn, failed: a.failed + b.failed,
});

export function createCaseDispatcher(prisma: PrismaClient, workflows: WorkflowGateway, policy: FeedbackCasePolicy, options: CaseDispatcherOptions = {}) {
  const pool = () => sqlPool(prisma); // looked up when used: an app made for its OpenAPI document never dispatches
  const batchSize = options.batchSize ?? 200;
  const leaseMs = options.leaseMs ?? 30_000;
  const backoff = options.backoffMs ?? defaultDispatchBackoffMs;
  const pollMs = options.pollMs ?? null;

  /** Claims up to batchSize due rows (of `caseIds` only, when given), with their cases' status. */
  async function claim(now: Date, caseIds: string[] | null): Promise<{ caseId: string; open: boolean }[]> {
    const params: unknown[] = [now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), batchSize];
    const where = ['d."nextAttemptAt" <= $1::timestamp'];
    let join = '';
    if (caseIds) {
      params.push(caseIds);
      where.push(`d."caseId" = ANY($${params.length}::text[])`);
    }
    if (options.businessIds) {
      params.push(options.businessIds);
      join = 'JOIN "FeedbackCase" c ON c.id = d."caseId" JOIN "Feedback" f ON f.id = c."feedbackId"';
      where.push(`f."businessId" = ANY($${params.length}::text[])`);
    }
    const { rows } = await pool().query<{ caseId: string; open: boolean }>(
      `WITH claimed AS (
         UPDATE "FeedbackCaseDispatch" q SET "nextAttemptAt" = $2::timestamp
         WHERE q."caseId" IN (
           SELECT d."caseId" FROM "FeedbackCaseDispatch" d ${join}
           WHERE ${where.join(' AND ')}
           ORDER BY d."nextAttemptAt", d."caseId" LIMIT $3
           FOR UPDATE OF d SKIP LOCKED)
         RETURNING q."caseId"
       )
       SELECT claimed."caseId", c.status = 'OPEN' AS open FROM claimed JOIN "FeedbackCase" c ON c.id = claimed."caseId"`,
      params,
    );
    return rows;
  }

  /** Starts the claimed cases' workflows; removes the rows of those that run, reschedules the others. */
  async function settle(claimed: { caseId: string; open: boolean }[], now: Date): Promise<DispatchOutcome> {
    const outcome = { ...none(), claimed: claimed.length };
    // A case no longer OPEN has been taken on (by its workflow, or by the demo history's activities): nothing to start.
    const done = claimed.filter((c) => !c.open).map((c) => c.caseId);
    outcome.takenOn = done.length;
    const caseIds = claimed.filter((c) => c.open).map((c) => c.caseId);
    const failed: { caseId: string; error: string }[] = [];
    await Promise.all(
      caseIds.map(async (caseId) => {
        try {
          const started = await workflows.startOnce('feedbackCase', caseId, { caseId, policy });
          if (started === 'started') outcome.started++;
          else outcome.alreadyStarted++;
          done.push(caseId);
        } catch (err) {
          failed.push({ caseId, error: (err instanceof Error ? err.message : String(err)).slice(0, 500) });
        }
      }),
    );
    if (done.length) await pool().query(`DELETE FROM "FeedbackCaseDispatch" WHERE "caseId" = ANY($1::text[])`, [done]);
    if (failed.length) {
      outcome.failed = failed.length;
      const { rows } = await pool().query<{ attempts: number }>(
        `UPDATE "FeedbackCaseDispatch" q SET attempts = q.attempts + 1, "lastError" = x.error
         FROM unnest($1::text[], $2::text[]) AS x("caseId", error) WHERE q."caseId" = x."caseId"
         RETURNING q.attempts`,
        [failed.map((f) => f.caseId), failed.map((f) => f.error)],
      );
      // One delay for the batch (they failed together, most likely for the same reason), from the most tried row.
      const attempts = Math.max(1, ...rows.map((r) => r.attempts));
      await pool().query(`UPDATE "FeedbackCaseDispatch" SET "nextAttemptAt" = $2::timestamp WHERE "caseId" = ANY($1::text[])`, [
        failed.map((f) => f.caseId), new Date(now.getTime() + backoff(attempts)).toISOString(),
      ]);
      options.log?.warn({ cases: failed.length, attempts, err: failed[0].error }, 'feedback case workflows not started; will retry');
    }
    return outcome;
  }

  /** Every due row (of `caseIds` only, when given), batch after batch until none is left or a batch fails. */
  async function drain(caseIds: string[] | null = null, now = new Date()): Promise<DispatchOutcome> {
    let total = none();
    for (let offset = 0; ; ) {
      const ids = caseIds ? caseIds.slice(offset, offset + batchSize) : null;
      if (caseIds && ids!.length === 0) return total;
      const claimed = await claim(now, ids);
      const outcome = claimed.length ? await settle(claimed, now) : none();
      total = add(total, outcome);
      if (outcome.failed) return total; // the rest waits for the next pass
      if (caseIds) offset += batchSize;
      else if (claimed.length < batchSize) return total;
    }
  }

  // ── The loop: kicked with the cases a request opened, and (when polling) every pollMs for any due row. ──
  let wanted = new Set<string>();
  let sweep = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function schedule() {
    if (running || stopped) return;
    running = (async () => {
      while (!stopped && (wanted.size || sweep)) {
        const ids = [...wanted];
        wanted = new Set();
        const all = sweep;
        sweep = false;
        try {
          const outcome = all ? await drain(null) : await drain(ids);
          if (outcome.started && options.log?.info) options.log.info(outcome, 'feedback case workflows started');
        } catch (err) {
          // The database away: the rows stay, the next pass takes them.
          options.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'feedback case dispatch pass failed');
        }
      }
    })().finally(() => {
      running = null;
      if (wanted.size && !stopped) schedule();
    });
  }

  /** Starts the workflows of these (just committed) cases now, without waiting for them. */
  function kick(caseIds: string[]) {
    if (stopped || caseIds.length === 0) return;
    for (const id of caseIds) wanted.add(id);
    schedule();
  }

  function start() {
    stopped = false;
    if (pollMs === null) return;
    const tick = () => {
      sweep = true;
      schedule();
      timer = setTimeout(tick, pollMs);
      timer.unref();
    };
    tick();
  }

  async function stop() {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  }

  return { kick, drain, start, stop };
}

export type CaseDispatcher = ReturnType<typeof createCaseDispatcher>;
