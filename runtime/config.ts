// Configuration from the environment, validated once: the only module that reads process.env (the README lists
// every variable). Every process gets its settings from here.
import { z } from 'zod';
import type { FeedbackPolicy } from '../domain/feedback-policy';
import { DEFAULT_DATABASE_URL } from '../prisma/adapter';
import { feedbackPolicyFromEnv } from './feedback-policy';

const schema = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Database connections per process when DATABASE_URL names no connection_limit. */
  DB_POOL_MAX: z.coerce.number().int().min(1).default(10),
  PORT: z.coerce.number().int().positive().default(3000),
  /** `npm run api`: how many API processes share PORT (node:cluster), e.g. one per core. */
  API_PROCESSES: z.coerce.number().int().min(1).max(64).default(1),
  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('assessment'),
  /** Client certificate and key (PEM files) for mTLS to a real cluster; TLS is on when either is set or TEMPORAL_TLS=true. */
  TEMPORAL_TLS: z.enum(['true', 'false']).optional(),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_TLS_CA_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  /** HS256 secret that signs access tokens. Required outside the embedded demo. */
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional(),
  AUTH_TOKEN_TTL: z.string().default('8h'),
  /** A browser session ends after this long without a request, and after SESSION_MAX_HOURS whatever the activity. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  /**
   * Express's "trust proxy" behind a reverse proxy that terminates TLS: "true", a hop count, or addresses/subnets
   * ("loopback, 10.0.0.0/8"). Unset: X-Forwarded-* are ignored, so nobody can forge their address or HTTPS.
   */
  TRUST_PROXY: z.string().min(1).optional(),
  /** Mail of the notification outbox over SMTP (smtp://user:pass@host:587, smtps://…); unset: no mail, the in-app centre shows all. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('Đánh giá năng lực công chức hải quan <no-reply@assessment.local>'),
  /** The web app's public address, for the links in mail. */
  MAIL_APP_URL: z.string().url().optional(),
  MAIL_POLL_SECONDS: z.coerce.number().int().min(1).default(15),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The feedback policy as JSON merged over its defaults (runtime/feedback-policy.ts). */
  FEEDBACK_POLICY: z.string().optional(),
});

export type Config = z.infer<typeof schema> & { databaseUrl: string; authSecret: string; trustProxy?: TrustProxy; feedbackPolicy: FeedbackPolicy };

/** What Express's "trust proxy" setting takes. */
export type TrustProxy = boolean | number | string;

export function trustProxySetting(value: string | undefined): TrustProxy | undefined {
  if (value === undefined || value === 'false') return undefined;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Only for the embedded demo and tests; a real deployment sets AUTH_SECRET. */
export const DEMO_AUTH_SECRET = 'demo-only-secret-change-me-in-production-0000';

/** Servers `npm start` runs itself, standing in for DATABASE_URL and TEMPORAL_ADDRESS when those are unset. */
export interface EmbeddedServers {
  databaseUrl?: string;
  temporalAddress?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, embedded: EmbeddedServers = {}): Config {
  const parsed = schema.safeParse({ ...env, DATABASE_URL: env.DATABASE_URL ?? embedded.databaseUrl, TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS ?? embedded.temporalAddress });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  // The demo secret is in this repository: tokens signed with it can be forged by anyone who reads it.
  if (env.NODE_ENV === 'production' && (parsed.data.AUTH_SECRET ?? DEMO_AUTH_SECRET) === DEMO_AUTH_SECRET) {
    throw new Error('Invalid configuration: AUTH_SECRET must be set to a secret of your own in production (NODE_ENV=production); the demo secret is public.');
  }
  return {
    ...parsed.data,
    databaseUrl: parsed.data.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    authSecret: parsed.data.AUTH_SECRET ?? DEMO_AUTH_SECRET,
    trustProxy: trustProxySetting(parsed.data.TRUST_PROXY),
    feedbackPolicy: feedbackPolicyFromEnv(env),
  };
}

/** The log level alone: the logger exists before a process loads the rest of its configuration. */
export function logLevel(env: NodeJS.ProcessEnv = process.env): Config['LOG_LEVEL'] {
  return schema.shape.LOG_LEVEL.parse(env.LOG_LEVEL);
}

const startSchema = z.object({
  /** The embedded PGlite's port, when DATABASE_URL is unset. */
  PGLITE_PORT: z.coerce.number().int().positive().default(5433),
  /** How many officers the demo data has, when `npm start` loads it into an empty database. */
  DEMO_OFFICERS: z.coerce.number().int().positive().default(2000),
});

/** The environment a child process runs in: this one's, with `overrides`. */
export function childEnvironment(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** What `npm start` decides before anything runs: which servers to start itself, and the demo's size. */
export function startOptions(env: NodeJS.ProcessEnv = process.env) {
  return { ...startSchema.parse(env), databaseUrl: env.DATABASE_URL, temporalAddress: env.TEMPORAL_ADDRESS };
}
