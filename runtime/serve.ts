// Starting the worker and the API against a database and a Temporal server: shared by `npm start` (all in one
// process) and by `npm run worker` / `npm run api` (one each, as a deployment runs them).
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createApp } from '../api/app';
import { createPrisma, type PrismaClient } from '../prisma/db';
import type { Config } from './config';
import { logger } from './logger';
import { connectClient, connectWorkerConnection } from './temporal';
import { createWorker } from './worker';
import { mailSenderFromConfig } from '../services/mail-sender';
import { createCaseDispatcher } from '../services/feedback-dispatch';
import { WorkflowGateway } from '../services/workflow-gateway';
import type { Grader } from '../services/grading';
import { WEB_DIST } from '../scripts/web-build';

export async function startWorker(config: Config, prisma: PrismaClient): Promise<{ worker: Worker; done: Promise<void> }> {
  const connection = await connectWorkerConnection(config);
  const worker = await createWorker({ prisma, connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE });
  const mail = mailSenderFromConfig(prisma, config, logger); // the outbox's e-mail, when SMTP_URL is set
  // The feedback cases' workflows the API could not start at once (Temporal down, an API process gone): every 250 ms.
  const client = await connectClient(config);
  const cases = createCaseDispatcher(prisma, new WorkflowGateway(client, config.TEMPORAL_TASK_QUEUE), config.feedbackPolicy.case, { pollMs: 250, log: logger });
  cases.start();
  const done = worker.run().finally(async () => {
    await mail?.stop();
    await cases.stop();
    await client.connection.close();
    await connection.close();
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker running');
  return { worker, done };
}

export async function startApi(config: Config, prisma: PrismaClient): Promise<{ server: Server; temporal: Client; grader: Grader }> {
  const temporal = await connectClient(config);
  const { app, grader } = createApp({
    prisma,
    temporal,
    logger,
    authSecret: config.authSecret,
    tokenTtl: config.AUTH_TOKEN_TTL,
    sessionIdleMinutes: config.SESSION_IDLE_MINUTES,
    sessionMaxHours: config.SESSION_MAX_HOURS,
    trustProxy: config.trustProxy,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    feedbackPolicy: config.feedbackPolicy,
    webDist: WEB_DIST,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(config.PORT, () => resolve(s));
  });
  grader.start(); // and what a stopped process left queued
  logger.info({ port: config.PORT }, 'API listening');
  return { server, temporal, grader };
}

export function prismaFor(config: Config): PrismaClient {
  return createPrisma(config.databaseUrl, { defaultMax: config.DB_POOL_MAX });
}

/** Runs `stop` once on SIGINT or SIGTERM. */
export function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = async () => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down');
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
