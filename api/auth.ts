// Authentication: signed access tokens (HS256 JWT via jose) for API clients, and server-side sessions in an
// httpOnly cookie for browsers (sessions.ts). The demo users sign in with a password; a real deployment can
// issue the same tokens from its identity provider with the shared secret.
import type { RequestHandler } from 'express';
import { SignJWT, jwtVerify } from 'jose';
import type { Role, User } from '../prisma/db';
import { HttpError } from './errors';
import type { ActiveSession, SessionRefusal, WebSessions } from './sessions';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Unit the user acts for, and its materialised path (the scope). Null for businesses. */
  unitId: string | null;
  unitPath: string | null;
  officerId: string | null;
  businessId: string | null;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
    /** Set when the request was authenticated by the session cookie rather than a bearer token. */
    webSession?: ActiveSession;
  }
}

type UserWithUnit = Pick<User, 'id' | 'username' | 'displayName' | 'role' | 'unitId' | 'officerId' | 'businessId'> & { unit: { path: string } | null };

/** The user as every route sees them, from their row and their unit's path. */
export function authUserOf(user: UserWithUnit): AuthUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    unitId: user.unitId,
    unitPath: user.unit?.path ?? null,
    officerId: user.officerId,
    businessId: user.businessId,
  };
}

const ISSUER = 'customs-assessment';
const AUDIENCE = 'customs-assessment-api';

export class TokenService {
  private readonly key: Uint8Array;
  constructor(secret: string, private readonly ttl: string) {
    this.key = new TextEncoder().encode(secret);
  }

  issue(user: AuthUser): Promise<string> {
    const { id, ...claims } = user;
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(id)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(this.ttl)
      .sign(this.key);
  }

  async verify(token: string): Promise<AuthUser> {
    const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    return {
      id: String(payload.sub),
      username: String(payload.username),
      displayName: String(payload.displayName),
      role: payload.role as Role,
      unitId: (payload.unitId as string | null) ?? null,
      unitPath: (payload.unitPath as string | null) ?? null,
      officerId: (payload.officerId as string | null) ?? null,
      businessId: (payload.businessId as string | null) ?? null,
    };
  }
}

/** Methods that change nothing, so they need no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sessionRefused = (reason: SessionRefusal) =>
  new HttpError(401, 'SESSION_EXPIRED', reason === 'role_or_unit_changed' ? 'auth.sessionChanged' : 'auth.sessionExpired');

/**
 * A bearer token (API clients) or else the session cookie (browsers). A browser's writes must also repeat the
 * session's CSRF token in a header, which another site cannot read; a bearer token is never sent by a browser
 * on its own, so it needs none.
 */
export function authenticate(tokens: TokenService, sessions: WebSessions): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      try {
        req.user = await tokens.verify(header.slice('Bearer '.length).trim());
        return next();
      } catch {
        return next(new HttpError(401, 'INVALID_TOKEN', 'auth.invalidToken'));
      }
    }
    const token = sessions.tokenOf(req);
    if (!token) return next(new HttpError(401, 'UNAUTHENTICATED', 'auth.missingToken'));
    try {
      const session = await sessions.resolve(token);
      if ('refused' in session) return next(sessionRefused(session.refused));
      if (!SAFE_METHODS.has(req.method) && !sessions.csrfValid(session, req)) return next(new HttpError(403, 'CSRF_TOKEN_INVALID', 'auth.csrf'));
      const { locale: _locale, ...user } = session.user;
      req.user = user;
      req.webSession = session;
      next();
    } catch (err) {
      next(err);
    }
  };
}
