// Signing in: a bearer token for API clients, a server-side session in an httpOnly cookie for browsers
// (the web app), and the signed-in user's remembered language.
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Role, type PrismaClient, type User } from '../../prisma/db';
import { recordSignIn, rememberLocale } from '../../services/accounts';
import { authUserOf } from '../auth';
import { HttpError } from '../errors';
import { LOCALES } from '../i18n';
import { SESSION_COOKIE, storedLocale, type ActiveSession } from '../sessions';
import type { ApiContext } from '../context';

const ALL_ROLES = Object.values(Role);
const isoTime = z.string().describe('ISO 8601 time (UTC)');

const credentials = z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) });

const authUserResponse = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(Role),
  unitId: z.string().nullable().describe('The unit the user acts for (null for businesses)'),
  unitPath: z.string().nullable().describe("The unit's materialised path: the user's scope"),
  officerId: z.string().nullable(),
  businessId: z.string().nullable(),
});

const sessionResponse = z.object({
  user: authUserResponse.extend({ locale: z.enum(LOCALES).describe('The language the user chose last') }),
  csrfToken: z.string().describe('Send it back as header X-CSRF-Token on every request other than GET/HEAD/OPTIONS'),
  expiresAt: isoTime.describe('The absolute end of the session, whatever the activity'),
  idleTimeoutSeconds: z.number().int().describe('The session also ends after this long without a request'),
});

const sessionBody = (session: ActiveSession, idleTimeoutSeconds: number) => ({
  user: session.user,
  csrfToken: session.csrfToken,
  expiresAt: session.expiresAt.toISOString(),
  idleTimeoutSeconds,
});

const signedIn = (prisma: PrismaClient, user: Pick<User, 'id' | 'role' | 'unitId'>, req: Request, details: { via: 'token' | 'session'; sessionId?: string }) =>
  recordSignIn(prisma, user, { ...details, address: req.ip ?? null });

/** Nothing that carries a session's CSRF token is kept by a browser's or a proxy's cache. */
const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

export function authRoutes({ prisma, tokens, routes, sessions, signIn }: ApiContext) {
  routes.route({
    method: 'post',
    path: '/auth/token',
    tag: 'Authentication',
    summary: 'Sign in with a username and password; returns a signed access token',
    description: 'For API clients. Failed sign-ins are throttled per account and per address: after 5 failures within 15 minutes every attempt is refused (429, Retry-After) for a delay that doubles with each further failure.',
    roles: 'public',
    body: credentials,
    response: z.object({ token: z.string().describe('Send as "Authorization: Bearer <token>"'), user: authUserResponse }),
    async handle({ body, req, res }) {
      const user = await signIn.verify(body, req, res, 'token');
      const authUser = authUserOf(user);
      await signedIn(prisma, user, req, { via: 'token' });
      return { token: await tokens.issue(authUser), user: authUser };
    },
  });

  routes.route({
    method: 'get',
    path: '/auth/me',
    tag: 'Authentication',
    summary: 'Who the access token (or the session) belongs to',
    roles: ALL_ROLES,
    response: authUserResponse,
    async handle({ user }) {
      return user;
    },
  });

  routes.route({
    method: 'post',
    path: '/auth/session',
    tag: 'Authentication',
    summary: 'Sign in a browser: sets the httpOnly session cookie and returns the user and the CSRF token',
    description: `Sets cookie \`${SESSION_COOKIE}\` (HttpOnly, SameSite=Strict, Secure over HTTPS). Throttled like POST /auth/token.`,
    roles: 'public',
    body: credentials,
    response: sessionResponse,
    async handle({ body, req, res }) {
      const user = await signIn.verify(body, req, res, 'session');
      // A browser that signs in again leaves no second live session behind.
      const previous = sessions.tokenOf(req);
      if (previous) {
        const old = await sessions.resolve(previous);
        if (!('refused' in old)) await sessions.end({ id: old.id, userId: old.user.id, role: old.user.role, unitId: old.user.unitId }, 'replaced');
      }
      const { token, session } = await sessions.open({ ...authUserOf(user), locale: storedLocale(user.locale) }, req);
      await signedIn(prisma, user, req, { via: 'session', sessionId: session.id });
      res.cookie(SESSION_COOKIE, token, sessions.cookieOptions(req));
      noStore(res);
      return sessionBody(session, sessions.idleTimeoutSeconds);
    },
  });

  routes.route({
    method: 'get',
    path: '/auth/session',
    tag: 'Authentication',
    summary: "The browser's current session: who is signed in and the CSRF token (401 when there is none)",
    description: 'Reads the session cookie; counts as activity for the idle timeout.',
    roles: 'public',
    response: sessionResponse,
    async handle({ req, res }) {
      const token = sessions.tokenOf(req);
      const session = token ? await sessions.resolve(token) : undefined;
      if (!session || 'refused' in session) {
        if (token) res.clearCookie(SESSION_COOKIE, sessions.cookieOptions(req));
        throw new HttpError(401, 'NO_SESSION', 'auth.noSession');
      }
      noStore(res);
      return sessionBody(session, sessions.idleTimeoutSeconds);
    },
  });

  routes.route({
    method: 'delete',
    path: '/auth/session',
    tag: 'Authentication',
    summary: 'Sign the browser out: the session is revoked at once and the cookie cleared',
    description: 'Needs header X-CSRF-Token while the session is live. Without a live session it only clears the cookie (204 all the same).',
    roles: 'public',
    status: 204,
    async handle({ req, res }) {
      const token = sessions.tokenOf(req);
      const session = token ? await sessions.resolve(token) : undefined;
      if (session && !('refused' in session)) {
        if (!sessions.csrfValid(session, req)) throw new HttpError(403, 'CSRF_TOKEN_INVALID', 'auth.csrf');
        await sessions.end({ id: session.id, userId: session.user.id, role: session.user.role, unitId: session.user.unitId }, 'signed_out');
      }
      res.clearCookie(SESSION_COOKIE, sessions.cookieOptions(req));
      res.status(204).end();
    },
  });

  routes.route({
    method: 'put',
    path: '/me/locale',
    tag: 'Authentication',
    summary: 'Remember the language the signed-in user chose (vi or en)',
    roles: ALL_ROLES,
    body: z.object({ locale: z.enum(LOCALES) }),
    response: z.object({ locale: z.enum(LOCALES) }),
    async handle({ body, user }) {
      await rememberLocale(prisma, user.id, body.locale);
      return { locale: body.locale };
    },
  });
}
