// The HTTP API: one Express app with structured request logs, security headers, authentication, the routers,
// the OpenAPI document and its browsable docs page, and one error handler.
import express, { Router, type RequestHandler } from 'express';
import helmet from 'helmet';
import cookieParser from 'cookie-parser';
import { pinoHttp } from 'pino-http';
import swaggerUi from 'swagger-ui-express';
import { OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/db';
import type { Logger } from '../runtime/logger';
import type { TrustProxy } from '../runtime/config';
import type { FeedbackPolicy } from '../domain/feedback-policy';
import { TokenService, authenticate } from './auth';
import { WebSessions } from './sessions';
import { PasswordSignIn, SignInThrottle } from './sign-in';
import { errorHandler, routeNotFound } from './errors';
import { webApp } from './web-app';
import { ApiRoutes } from './route';
import type { ApiContext } from './context';
import { WorkflowGateway } from '../services/workflow-gateway';
import { ExamHandles } from '../services/exam-handles';
import { Grader } from '../services/grading';
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
import { inboxRoutes } from './routes/inbox';
import { reportRoutes } from './routes/reports';
import { meRoutes } from './routes/me';
import { notificationRoutes } from './routes/notifications';

export interface AppDependencies {
  prisma: PrismaClient;
  temporal: Client;
  logger: Logger;
  authSecret: string;
  tokenTtl?: string;
  /** Browser sessions end after this many minutes without a request (120 by default)... */
  sessionIdleMinutes?: number;
  /** ...and this many hours after sign-in whatever the activity (12 by default). */
  sessionMaxHours?: number;
  /** Express's "trust proxy" (X-Forwarded-For/-Proto); unset: they are ignored. */
  trustProxy?: TrustProxy;
  taskQueue: string;
  /** Fail a response that drifts from its documented schema (tests); otherwise it is logged. */
  strictResponses?: boolean;
  /** The built web app (web/dist) to serve at /; none in API-only tests. */
  webDist?: string;
  /** The business feedback policy in force (the configuration's FEEDBACK_POLICY); the defaults otherwise. */
  feedbackPolicy?: FeedbackPolicy;
}

/**
 * The web app (Vite build, React, Ant Design) runs under a strict policy: its own scripts only; inline styles
 * because Ant Design's CSS-in-JS injects <style> tags; no framing. Swagger UI at /docs needs inline script and
 * style, so it gets its own relaxed policy and no other page does.
 */
const appPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};
const docsPolicy = { ...appPolicy, scriptSrc: ["'self'", "'unsafe-inline'"] };

function securityHeaders(): RequestHandler {
  // No upgrade-insecure-requests: the demo and the tests are served over plain HTTP.
  const headers = (directives: typeof appPolicy) =>
    helmet({ contentSecurityPolicy: { useDefaults: false, directives }, frameguard: { action: 'deny' } });
  const forApp = headers(appPolicy);
  const forDocs = headers(docsPolicy);
  return (req, res, next) => (req.path === '/docs' || req.path.startsWith('/docs/') ? forDocs : forApp)(req, res, next);
}

export function createApp(deps: AppDependencies) {
  const app = express();
  app.disable('x-powered-by');
  // Only behind a known proxy may X-Forwarded-For/-Proto decide req.ip (the sign-in throttle) and req.secure.
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(pinoHttp({ logger: deps.logger, genReqId: (req) => (req.headers['x-request-id'] as string) || crypto.randomUUID() }));
  app.use(securityHeaders());
  app.use(cookieParser());
  app.use(express.json({ limit: '2mb' }));

  const router = Router();
  const tokens = new TokenService(deps.authSecret, deps.tokenTtl ?? '8h');
  const sessions = new WebSessions(deps.prisma, { idleMinutes: deps.sessionIdleMinutes ?? 120, maxHours: deps.sessionMaxHours ?? 12 });
  const signIn = new PasswordSignIn(deps.prisma, new SignInThrottle(deps.prisma));
  const routes = new ApiRoutes(router, authenticate(tokens, sessions), deps.strictResponses);
  const workflows = new WorkflowGateway(deps.temporal, deps.taskQueue);
  const grader = new Grader(deps.prisma, deps.logger);
  const ctx: ApiContext = { prisma: deps.prisma, workflows, tokens, sessions, signIn, routes, grader };
  authRoutes(ctx);
  cycleRoutes(ctx);
  masterDataRoutes(ctx);
  registrationRoutes(ctx);
  unitListRoutes(ctx);
  questionBankRoutes(ctx);
  feedbackRoutes(ctx, deps.feedbackPolicy);
  examRoutes(ctx, ExamHandles.fromSecret(deps.authSecret));
  ruleSetRoutes(ctx);
  followUpRoutes(ctx);
  inboxRoutes(ctx);
  reportRoutes(ctx);
  meRoutes(ctx);
  notificationRoutes(ctx);

  const openApi = new OpenApiGeneratorV31(routes.registry.definitions).generateDocument({
    openapi: '3.1.0',
    // The paths below are under /api (the docs page's "Try it out" and any generated client need to know).
    servers: [{ url: '/api' }],
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
  if (deps.webDist) app.use(webApp(deps.webDist));
  app.use(routeNotFound);
  app.use(errorHandler);
  return { app, tokens, sessions, grader, openApi };
}
