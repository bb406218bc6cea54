// Authentication: signed access tokens (HS256 JWT via jose). The demo users sign in with a password; a real
// deployment can issue the same tokens from its identity provider with the shared secret.
import type { RequestHandler } from 'express';
import { SignJWT, jwtVerify } from 'jose';
import type { Role } from '../prisma/db';
import { HttpError } from './errors';

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
  }
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

export function authenticate(tokens: TokenService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header?.startsWith('Bearer ')) return next(new HttpError(401, 'UNAUTHENTICATED', 'auth.missingToken'));
    try {
      req.user = await tokens.verify(header.slice('Bearer '.length).trim());
      next();
    } catch {
      next(new HttpError(401, 'INVALID_TOKEN', 'auth.invalidToken'));
    }
  };
}
