import type { PrismaClient } from '../prisma/db';
import type { WorkflowGateway } from '../services/workflow-gateway';
import type { Grader } from '../services/grading';
import type { TokenService } from './auth';
import type { ApiRoutes } from './route';
import type { WebSessions } from './sessions';
import type { PasswordSignIn } from './sign-in';

/** What every router needs: the database, the workflow gateway, authentication and the route registry. */
export interface ApiContext {
  prisma: PrismaClient;
  /** Starting workflows, their Updates, Queries and Signals: the only way the routes reach Temporal. */
  workflows: WorkflowGateway;
  tokens: TokenService;
  /** Browsers' cookie sessions, and the throttled password check both kinds of sign-in share. */
  sessions: WebSessions;
  signIn: PasswordSignIn;
  routes: ApiRoutes;
  /** Grades submitted attempts out of the request (kicked by each submission). */
  grader: Grader;
}
