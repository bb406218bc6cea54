// Browser sessions: a random token in an httpOnly cookie and only its SHA-256 in WebSession, so a copy of the
// table signs nobody in. A session ends after an idle time, after its absolute lifetime, at sign-out, and as
// soon as its user is deactivated or no longer has the role and unit it was opened with (its scope is stale).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request } from 'express';
import { sqlPool, type PrismaClient, type Role } from '../prisma/db';
import { writeAudit } from '../services/audit';
import { authUserOf, type AuthUser } from './auth';
import { LOCALES, type Locale } from './i18n';

export const SESSION_COOKIE = 'cas_session';
export const CSRF_HEADER = 'X-CSRF-Token';
/** lastSeenAt is written at most this often: one write a minute per active browser, not one per request. */
const TOUCH_INTERVAL_MS = 60_000;
/** How long past an exam's deadline a session it kept alive still lasts: enough to read the result. */
const EXAM_GRACE_MS = 30 * 60_000;

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
}

/** Why a session ended (WebSession.revokedReason). */
export type SessionEnd = 'signed_out' | 'replaced' | 'idle_timeout' | 'expired' | 'role_or_unit_changed' | 'deactivated';
/** Why a cookie signs nobody in. */
export type SessionRefusal = SessionEnd | 'unknown' | 'revoked';

export interface SessionUser extends AuthUser {
  /** The language the user chose last (User.locale). */
  locale: Locale;
}

export interface ActiveSession {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  user: SessionUser;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

interface SessionRow {
  id: string;
  userId: string;
  csrfToken: string;
  role: Role;
  unitId: string | null;
  revokedAt: Date | null;
  lastSeenAt: Date;
  expiresAt: Date;
  username: string;
  displayName: string;
  userRole: Role;
  userUnitId: string | null;
  officerId: string | null;
  businessId: string | null;
  locale: string;
  active: boolean;
  unitPath: string | null;
}

/** User.locale as stored, or Vietnamese when it holds something else. */
export const storedLocale = (locale: string): Locale => ((LOCALES as readonly string[]).includes(locale) ? (locale as Locale) : 'vi');

export class WebSessions {
  constructor(
    private readonly prisma: PrismaClient,
    readonly policy: SessionPolicy,
  ) {}

  get idleTimeoutSeconds(): number {
    return this.policy.idleMinutes * 60;
  }

  /** Secure only over HTTPS, so that the plain-HTTP demo on a laptop still signs in. */
  cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', path: '/', secure: req.secure };
  }

  tokenOf(req: Request): string | undefined {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    return typeof token === 'string' && token.length > 0 ? token : undefined;
  }

  /** The double-submit check for writes: the header must repeat the session's CSRF token (constant time). */
  csrfValid(session: ActiveSession, req: Request): boolean {
    const sent = req.get(CSRF_HEADER);
    return sent !== undefined && timingSafeEqual(sha256(sent), sha256(session.csrfToken));
  }

  async open(user: SessionUser, req: Request, now = new Date()): Promise<{ token: string; session: ActiveSession }> {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + this.policy.maxHours * 3_600_000);
    const created = await this.prisma.webSession.create({
      data: {
        tokenHash: sha256(token).toString('hex'),
        userId: user.id,
        csrfToken,
        role: user.role,
        unitId: user.unitId,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
        address: req.ip ?? null,
      },
      select: { id: true },
    });
    return { token, session: { id: created.id, csrfToken, expiresAt, user } };
  }

  /**
   * One query for the session, its user and the user's unit; ends the session here if it no longer holds. Plain
   * SQL: every request a browser makes (an autosave every few seconds per candidate) comes through here.
   */
  async resolve(token: string, now = new Date()): Promise<ActiveSession | { refused: SessionRefusal }> {
    const { rows: [found] } = await sqlPool(this.prisma).query<SessionRow>(
      `SELECT s.id, s."userId", s."csrfToken", s.role, s."unitId", s."revokedAt" AT TIME ZONE 'UTC' AS "revokedAt",
              s."lastSeenAt" AT TIME ZONE 'UTC' AS "lastSeenAt", s."expiresAt" AT TIME ZONE 'UTC' AS "expiresAt",
              u.username, u."displayName", u.role AS "userRole", u."unitId" AS "userUnitId", u."officerId", u."businessId", u.locale, u.active, un.path AS "unitPath"
       FROM "WebSession" s JOIN "User" u ON u.id = s."userId" LEFT JOIN "Unit" un ON un.id = u."unitId"
       WHERE s."tokenHash" = $1`,
      [sha256(token).toString('hex')],
    );
    const row = found && {
      ...found,
      user: { id: found.userId, username: found.username, displayName: found.displayName, role: found.userRole, unitId: found.userUnitId, officerId: found.officerId, businessId: found.businessId, locale: found.locale, active: found.active, unit: found.unitPath === null ? null : { path: found.unitPath } },
    };
    if (!row) return { refused: 'unknown' };
    if (row.revokedAt) return { refused: 'revoked' };
    const lapsed: SessionEnd | null =
      now >= row.expiresAt ? 'expired' : now.getTime() - row.lastSeenAt.getTime() > this.idleTimeoutSeconds * 1000 ? 'idle_timeout' : null;
    const end: SessionEnd | null = !row.user.active
      ? 'deactivated'
      : row.user.role !== row.role || row.user.unitId !== row.unitId
        ? 'role_or_unit_changed'
        : lapsed && (await this.keptByExam(row, now))
          ? null
          : lapsed;
    if (end) {
      await this.end(row, end, now);
      return { refused: end };
    }
    // Activity keeps the session alive (a candidate answering for an hour is never signed out mid-exam).
    if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      await sqlPool(this.prisma).query('UPDATE "WebSession" SET "lastSeenAt" = $2 WHERE id = $1 AND "revokedAt" IS NULL', [row.id, now.toISOString()]);
    }
    return { id: row.id, csrfToken: row.csrfToken, expiresAt: row.expiresAt, user: { ...authUserOf(row.user), locale: storedLocale(row.user.locale) } };
  }

  /**
   * A candidate is never signed out in the middle of an exam: a session that would lapse (idle, or past its
   * lifetime) while its officer has an attempt under way lives on, to that attempt's deadline at least. Asked
   * only when a session lapses, so it costs nothing on the ordinary request.
   */
  private async keptByExam(row: { id: string; expiresAt: Date; user: { officerId: string | null } }, now: Date): Promise<boolean> {
    if (!row.user.officerId) return false;
    const { rows: [attempt] } = await sqlPool(this.prisma).query<{ deadlineAt: Date }>(
      `SELECT max(a."deadlineAt") AT TIME ZONE 'UTC' AS "deadlineAt" FROM "Attempt" a JOIN "Registration" r ON r.id = a."registrationId"
       WHERE r."officerId" = $1 AND a.status = 'IN_PROGRESS' AND a."deadlineAt" > $2`,
      [row.user.officerId, now.toISOString()],
    );
    if (!attempt?.deadlineAt) return false;
    // Past its lifetime: extended to the deadline (and the results page just after it), so the next request passes.
    const until = new Date(attempt.deadlineAt.getTime() + EXAM_GRACE_MS);
    if (until > row.expiresAt) {
      await sqlPool(this.prisma).query('UPDATE "WebSession" SET "expiresAt" = $2 WHERE id = $1 AND "revokedAt" IS NULL AND "expiresAt" < $2', [row.id, until.toISOString()]);
      row.expiresAt = until;
    }
    return true;
  }

  /** Ends the session once (a second call, or a concurrent request, changes and audits nothing). */
  async end(session: { id: string; userId: string; role: Role; unitId: string | null }, reason: SessionEnd, now = new Date()): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.webSession.updateMany({ where: { id: session.id, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
      if (count === 0) return false;
      // Ended by the user's own act (signing out or in again) or by a rule of the system.
      const byUser = reason === 'signed_out' || reason === 'replaced';
      await writeAudit(tx, {
        action: reason === 'signed_out' ? 'auth.signed_out' : 'auth.session_ended',
        entityType: 'WebSession',
        entityId: session.id,
        actorUserId: byUser ? session.userId : null,
        actorRole: byUser ? session.role : null,
        unitId: session.unitId,
        reason,
        details: { userId: session.userId },
        at: now,
      });
      return true;
    });
  }
}
