// Activities of FollowUpTaskWorkflow and the cycle's follow-up phase: thin calls into the follow-up service, dated
// by the server; the tasks they create are started with the worker's own client.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/db';
import { DEFAULT_FOLLOW_UP_POLICY, type FollowUpPolicy } from '../domain/follow-up-task';
import {
  beginFollowUpTask,
  checkReexamination,
  createFollowUpTasksBatch,
  escalateFollowUpTask,
  recordFollowUpDecision,
  remindFollowUpTask,
  startFollowUpWorkflows,
  type FollowUpBatchInput,
  type FollowUpDecision,
  type FollowUpRun,
} from '../services/follow-ups';
import { followUpWorkflowId } from '../workflows/follow-up-task/contract';
import { serverNow, workflowIdOr } from './context';

export interface FollowUpDependencies {
  /** Starts the tasks' workflows. Default: the worker's own client (`Context.current().client`). */
  temporal?: () => Client;
  /** The tasks' workflows' task queue. Default: the queue of the activity that starts them (the worker's). */
  taskQueue?: string;
  /** Frozen into each task's workflow when it starts. */
  policy?: FollowUpPolicy;
  /**
   * Gives a graded result its level when it has none yet (the level rules' activity). Without it, a
   * re-examination's task waits until something else levels its result.
   */
  levelResult?: (resultId: string) => Promise<unknown>;
}

export function createFollowUpActivities(prisma: PrismaClient, deps: FollowUpDependencies = {}) {
  const policy = deps.policy ?? DEFAULT_FOLLOW_UP_POLICY;
  const client = () => (deps.temporal ? deps.temporal() : Context.current().client);
  const taskQueue = () => deps.taskQueue ?? Context.current().info.taskQueue;
  const heartbeat = () => Context.current().heartbeat();
  const run = (): FollowUpRun => ({
    at: serverNow(),
    startWorkflows: (taskIds) => startFollowUpWorkflows(client(), taskQueue(), taskIds, policy, heartbeat),
    heartbeat,
    levelResult: deps.levelResult,
  });

  return {
    createFollowUpTasksBatch: async (input: FollowUpBatchInput) => createFollowUpTasksBatch(prisma, input, run()),
    beginFollowUpTask: async (input: { taskId: string; policy: FollowUpPolicy }) => beginFollowUpTask(prisma, input, serverNow(), workflowIdOr(followUpWorkflowId(input.taskId))),
    recordFollowUpDecision: async (input: { taskId: string; decision: FollowUpDecision }) => recordFollowUpDecision(prisma, input, serverNow()),
    remindFollowUpTask: async (input: { taskId: string; escalationLevel: number; daysBefore: number }) => remindFollowUpTask(prisma, input, serverNow()),
    escalateFollowUpTask: async (input: { taskId: string; level: number; policy: FollowUpPolicy }) => escalateFollowUpTask(prisma, input, serverNow()),
    checkReexamination: async (input: { taskId: string }) => checkReexamination(prisma, input, run()),
  };
}
