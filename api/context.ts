import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../prisma/db';
import type { Config } from '../runtime/config';
import type { TokenService } from './auth';
import type { ApiRoutes } from './route';
import type { WebSessions } from './sessions';
import type { PasswordSignIn } from './sign-in';

/** What every router needs: the database, the Temporal client and the configuration. */
export interface ApiContext {
  prisma: PrismaClient;
  temporal: Client;
  config: Pick<Config, 'TEMPORAL_TASK_QUEUE'>;
  tokens: TokenService;
  /** Browsers' cookie sessions, and the throttled password check both kinds of sign-in share. */
  sessions: WebSessions;
  signIn: PasswordSignIn;
  routes: ApiRoutes;
}
