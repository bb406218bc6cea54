// The HTTP API: one Express app with structured request logs, authentication, the routers, the OpenAPI
// document and its browsable docs page, and one error handler.
import express, { Router } from 'express';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/db';
import type { Logger } from '../runtime/logger';
import { TokenService, authenticate } from './auth';
import { errorHandler, routeNotFound } from './errors';
import { ApiRoutes } from './route';
import type { ApiContext } from './context';
import { authRoutes } from './routes/auth';
import { cycleRoutes } from './routes/cycles';
import { masterDataRoutes } from './routes/master-data';
import { registrationRoutes } from './routes/registrations';
import { unitListRoutes } from './routes/unit-lists';
import { questionBankRoutes } from './routes/question-bank';
import { feedbackRoutes } from './routes/feedback';
import { examRoutes } from './routes/exams';
import { ruleSetRoutes } from './routes/rule-sets';
import { followUpRoutes } from './routes/follow-ups';
import { reportRoutes } from './routes/reports';

export interface AppDependencies {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  authSecret: string;
  tokenTtl?: string;
  taskQueue: string;
  /** Fail a response that drifts from its documented schema (tests); otherwise it is logged. */
  strictResponses?: boolean;
}

export function createApp(deps: AppDependencies) {
  const app = express();
  app.disable('x-powered-by');
  app.use(pinoHttp({ logger: deps.logger, genReqId: (req) => (req.headers['x-request-id'] as string) || crypto.randomUUID() }));
  app.use(express.json({ limit: '2mb' }));

  const router = Router();
  const tokens = new TokenService(deps.authSecret, deps.tokenTtl ?? '8h');
  const routes = new ApiRoutes(router, authenticate(tokens), deps.strictResponses);
  const ctx: ApiContext = { prisma: deps.prisma, temporal: deps.temporal, config: { TEMPORAL_TASK_QUEUE: deps.taskQueue }, tokens, routes };
  authRoutes(ctx);
  cycleRoutes(ctx);
  masterDataRoutes(ctx);
  registrationRoutes(ctx);
  unitListRoutes(ctx);
  questionBankRoutes(ctx);
  feedbackRoutes(ctx);
  examRoutes(ctx);
  ruleSetRoutes(ctx);
  followUpRoutes(ctx);
  reportRoutes(ctx);

  const openApi = new OpenApiGeneratorV31(routes.registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Customs competency assessment API',
      version: '0.1.0',
      description: 'Back office for assessing the competency of customs officers. Messages come in Vietnamese by default; send `Accept-Language: en` or `?lang=en` for English.',
    },
  });

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  app.use('/docs', swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: 'Customs assessment API' }));
  app.use('/api', router);
  app.use(routeNotFound);
  app.use(errorHandler);
  return { app, tokens, openApi };
}
