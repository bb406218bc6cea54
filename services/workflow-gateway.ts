// The one way the services talk to Temporal: start an entity's workflow once, send it an Update and get back
// its answer or a typed refusal, ask it a Query, send it a Signal. The API's routes and the activities (which
// start follow-up tasks' workflows) go through it, so "already started" and "refused" mean the same everywhere.
import {
  isGrpcServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition, type SignalDefinition, type UpdateDefinition } from '@temporalio/common';
import {
  WORKFLOWS,
  WORKFLOW_IDS,
  type RefusalCodeOf,
  type StartableKind,
  type WorkflowInputs,
  type WorkflowKind,
} from '../workflows/contracts';

export type { RefusalCode, RefusalCodeOf, WorkflowKind } from '../workflows/contracts';

/** A running (or finished) workflow of a kind, by its workflow id. */
export interface WorkflowRef<K extends WorkflowKind = WorkflowKind> {
  kind: K;
  workflowId: string;
}

/**
 * Why an Update was not applied: one of the workflow's own refusal codes; NotRunning when no run of the
 * workflow exists (it finished, or never started); NotStarted when a service found it never started and has just
 * started it (try again); Refused for a refusal with a code this workflow does not declare.
 */
export type GatewayRefusalCode = 'NotRunning' | 'NotStarted' | 'Refused';

export interface Refusal<K extends WorkflowKind = WorkflowKind> {
  kind: K;
  code: RefusalCodeOf<K> | GatewayRefusalCode;
  /** The refusal's own words (English, for logs and the API's "detail"). */
  message: string;
  /** What the refusal carries besides its code, e.g. `{ pending }` or `{ code }`. */
  details: unknown[];
}

export type UpdateOutcome<K extends WorkflowKind, R> = { ok: true; value: R } | { ok: false; refusal: Refusal<K> };

export type StartOutcome = 'started' | 'alreadyStarted';

/**
 * One policy for every workflow started for an entity: its id comes from the entity's id, and a run that is
 * going or has completed is never started again ("already started"). Only a run that failed, timed out, was
 * cancelled or terminated may be started again: it resumes from the database.
 */
const REUSE_POLICY = WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY;

function isAlreadyStarted(err: unknown): boolean {
  // Over the worker's NativeConnection (an activity's client) the error mapping is experimental: check the gRPC code too.
  return err instanceof WorkflowExecutionAlreadyStartedError || (err as { code?: unknown })?.code === 6 || /already (started|exists)/i.test(String((err as Error)?.message));
}

/** The refusal inside a failed Update: thrown by its validator, or by an activity its handler ran; null for anything else. */
function refusalIn(err: unknown): ApplicationFailure | null {
  let cause: unknown = err instanceof WorkflowUpdateFailedError ? err.cause : undefined;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure)) cause = cause.cause;
  return cause instanceof ApplicationFailure ? cause : null;
}

/**
 * How long a call may wait for Temporal. A Query or Signal is answered by the server or a worker within a second
 * when all is well; an Update runs its handler's activity, so it gets longer. Past it the caller is told (503)
 * instead of waiting on a server or a worker that is not there.
 */
const DEADLINE_MS = { start: 5_000, query: 5_000, signal: 5_000, update: 15_000 } as const;

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

/**
 * Why a call to Temporal failed, when it is Temporal's absence: 'unreachable' (the server is down: the action was
 * not applied) or 'noAnswer' (no answer within the deadline: an Update may still be applied when a worker takes
 * it, so the person should look before trying again); null for any other error.
 */
export function temporalOutage(err: unknown): 'unreachable' | 'noAnswer' | null {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'noAnswer';
    if (isGrpcServiceError(e)) {
      if (e.code === GRPC_UNAVAILABLE) return 'unreachable';
      if (e.code === GRPC_DEADLINE_EXCEEDED) return 'noAnswer';
    }
  }
  return null;
}

export class WorkflowGateway {
  constructor(
    private readonly client: Client,
    /** Where the workflows it starts run: the worker's task queue. */
    private readonly taskQueue: string,
  ) {}

  handle<K extends WorkflowKind>(kind: K, workflowId: string): WorkflowRef<K> {
    return { kind, workflowId };
  }

  private within<T>(ms: number, call: () => Promise<T>): Promise<T> {
    // (An activity's client, over the worker's connection, may not offer deadlines: it then waits as before.)
    const connection = this.client.connection as Client['connection'] | undefined;
    return connection?.withDeadline ? connection.withDeadline(Date.now() + ms, call) : call();
  }

  /** Starts the workflow of entity `id` unless a run of it is going or has completed. */
  async startOnce<K extends StartableKind>(kind: K, id: string, input: WorkflowInputs[K], options: { memo?: Record<string, unknown> } = {}): Promise<StartOutcome> {
    try {
      await this.within(DEADLINE_MS.start, () =>
        this.client.workflow.start(WORKFLOWS[kind].type, {
          workflowId: WORKFLOW_IDS[kind](id),
          taskQueue: this.taskQueue,
          workflowIdReusePolicy: REUSE_POLICY,
          args: [input],
          ...(options.memo ? { memo: options.memo } : {}),
        }),
      );
      return 'started';
    } catch (err) {
      if (isAlreadyStarted(err)) return 'alreadyStarted';
      throw err;
    }
  }

  /** Sends an Update and waits for its answer; a refusal comes back as a value, anything else is thrown. */
  async update<K extends WorkflowKind, R, A>(
    ref: WorkflowRef<K>,
    update: UpdateDefinition<R, [A]>,
    arg: A,
    options: { updateId?: string } = {},
  ): Promise<UpdateOutcome<K, R>> {
    try {
      const handle = this.client.workflow.getHandle(ref.workflowId);
      const value = await this.within(DEADLINE_MS.update, () => handle.executeUpdate(update, { args: [arg], ...(options.updateId ? { updateId: options.updateId } : {}) }));
      return { ok: true, value };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { ok: false, refusal: { kind: ref.kind, code: 'NotRunning', message: err.message, details: [] } };
      const failure = refusalIn(err);
      if (!failure) throw err;
      const declared = (WORKFLOWS[ref.kind].refusals as readonly string[]).includes(failure.type ?? '');
      const code = (declared ? failure.type : 'Refused') as RefusalCodeOf<K>;
      return { ok: false, refusal: { kind: ref.kind, code, message: failure.message, details: failure.details ?? [] } };
    }
  }

  /**
   * update(), for an entity whose workflow may never have started (Temporal was unreachable when the entity was
   * created): when no run exists and `startMissing` is given, it starts the workflow and answers NotStarted, so
   * the caller can say "try again in a moment".
   */
  async updateStarting<K extends WorkflowKind, R, A>(
    ref: WorkflowRef<K>,
    update: UpdateDefinition<R, [A]>,
    arg: A,
    startMissing: (() => Promise<unknown>) | null,
  ): Promise<UpdateOutcome<K, R>> {
    const outcome = await this.update(ref, update, arg);
    if (outcome.ok || outcome.refusal.code !== 'NotRunning' || !startMissing) return outcome;
    await startMissing();
    return { ok: false, refusal: { ...outcome.refusal, code: 'NotStarted' } };
  }

  /** The workflow's answer to a Query; null when it is finished, or Temporal or its worker does not answer within seconds (the stored state stands). */
  async query<R>(ref: WorkflowRef, query: QueryDefinition<R>): Promise<R | null> {
    try {
      return await this.within(DEADLINE_MS.query, () => this.client.workflow.getHandle(ref.workflowId).query(query));
    } catch {
      return null;
    }
  }

  async signal<A>(ref: WorkflowRef, signal: SignalDefinition<[A]>, arg: A): Promise<void> {
    await this.within(DEADLINE_MS.signal, () => this.client.workflow.getHandle(ref.workflowId).signal(signal, arg));
  }
}
