// Feedback cases' use cases: take the cases opened by unsatisfied ratings on (each its own FeedbackCaseWorkflow,
// started once), carry a case through its steps by the workflow's Updates, and read the workflow's live view.
import type { UpdateDefinition } from '@temporalio/common';
import type { PrismaClient } from '../prisma/db';
import type { FeedbackCasePolicy } from '../domain/feedback-case';
import {
  businessResponseUpdate,
  feedbackCaseQuery,
  feedbackCaseWorkflowId,
  recordHandlingUpdate,
  recordOutcomeUpdate,
  verifyCaseUpdate,
  type BusinessResponseRequest,
  type CaseOutcomeRequest,
  type CaseStepRequest,
  type FeedbackCaseView,
} from '../workflows/feedback-case/contract';
import type { UpdateOutcome, WorkflowGateway } from './workflow-gateway';

export type { FeedbackCaseView } from '../workflows/feedback-case/contract';

type Log = { warn: (o: object, m: string) => void };

export type CaseTracking = 'started' | 'running' | 'pending';

/** Starts the workflows of cases not taken on yet; a case whose workflow exists already is left alone. */
export async function startCaseWorkflows(workflows: WorkflowGateway, caseIds: string[], policy: FeedbackCasePolicy, log?: Log): Promise<Record<string, CaseTracking>> {
  const out: Record<string, CaseTracking> = {};
  await Promise.all(
    caseIds.map(async (caseId) => {
      try {
        out[caseId] = (await workflows.startOnce('feedbackCase', caseId, { caseId, policy })) === 'started' ? 'started' : 'running';
      } catch (err) {
        // The case is stored (status OPEN); a retried request or POST /feedback/cases/dispatch starts it.
        log?.warn({ err, caseId }, 'feedback case workflow not started');
        out[caseId] = 'pending';
      }
    }),
  );
  return out;
}

/** The workflows of cases opened more than half a minute ago while Temporal was unreachable; safe to repeat. */
export async function dispatchWaitingCases(prisma: PrismaClient, workflows: WorkflowGateway, policy: FeedbackCasePolicy, log?: Log, now = new Date()) {
  const waiting = await prisma.feedbackCase.findMany({
    where: { status: 'OPEN', createdAt: { lt: new Date(now.getTime() - 30_000) } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: 500,
  });
  const outcome = await startCaseWorkflows(workflows, waiting.map((c) => c.id), policy, log);
  const counts = { started: 0, running: 0, pending: 0 };
  for (const v of Object.values(outcome)) counts[v]++;
  return { examined: waiting.length, ...counts };
}

export type CaseAction = 'verify' | 'handling' | 'outcome' | 'response';

export interface CaseRequests {
  verify: CaseStepRequest;
  handling: CaseStepRequest;
  outcome: CaseOutcomeRequest;
  response: BusinessResponseRequest;
}

const UPDATES = { verify: verifyCaseUpdate, handling: recordHandlingUpdate, outcome: recordOutcomeUpdate, response: businessResponseUpdate } as const;

/**
 * One transition through the case's workflow. A case whose workflow never started (Temporal was down when it
 * opened) gets it started now and the refusal NotStarted: the caller retries.
 */
export async function actOnCase<A extends CaseAction>(
  workflows: WorkflowGateway,
  policy: FeedbackCasePolicy,
  c: { id: string; status: string },
  action: A,
  request: CaseRequests[A],
): Promise<UpdateOutcome<'feedbackCase', FeedbackCaseView>> {
  // No fixed update id: a refused attempt must not answer the next one. A retry of an attempt that succeeded is
  // answered from the stored case before it gets here.
  const update = UPDATES[action] as UpdateDefinition<FeedbackCaseView, [CaseRequests[A]]>;
  const outcome = await workflows.update(workflows.handle('feedbackCase', feedbackCaseWorkflowId(c.id)), update, request);
  if (!outcome.ok && outcome.refusal.code === 'NotRunning' && c.status === 'OPEN') {
    await startCaseWorkflows(workflows, [c.id], policy);
    return { ok: false, refusal: { ...outcome.refusal, code: 'NotStarted' } };
  }
  return outcome;
}

/** The workflow's live view of the case; null once it is closed (or Temporal is unreachable): the stored case stands. */
export function liveCase(workflows: WorkflowGateway, caseId: string): Promise<FeedbackCaseView | null> {
  return workflows.query(workflows.handle('feedbackCase', feedbackCaseWorkflowId(caseId)), feedbackCaseQuery);
}
