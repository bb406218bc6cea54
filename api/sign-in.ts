// Password sign-in, shared by the bearer-token and the browser-session routes. Failed attempts are counted per
// account and per address; past a few, a growing delay refuses every attempt, right password or not. From
// outside, a wrong username and a wrong password look the same: same answer, same work (a dummy hash is
// checked when there is no such user), and the throttle counts unknown names like real ones.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { PrismaClient } from '../prisma/db';
import { hashPassword, verifyPassword } from '../services/passwords';
import { writeAudit } from '../services/audit';
import { HttpError } from './errors';
import { LOCALES, translate, type Locale } from './i18n';

export interface ThrottlePolicy {
  /** Failures allowed before the first delay... */
  freeFailures: number;
  /** ...within this quiet time: a key with no failure (and no block) for this long starts again from zero. */
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const THROTTLE_POLICY: ThrottlePolicy = { freeFailures: 5, windowMs: 15 * 60_000, firstDelayMs: 30_000, maxDelayMs: 15 * 60_000 };
/**
 * An address is often shared: an exam hall or a department's offices behind one NAT. It gets more failures
 * before a delay, so that a few people's typos do not lock out a whole room; guessing one account's password
 * is still held back by the account's own counter.
 */
export const ADDRESS_THROTTLE_POLICY: ThrottlePolicy = { ...THROTTLE_POLICY, freeFailures: 20 };

/** 0 for the first failures; then 30 s after the 5th, doubling with each further one, at most 15 minutes. */
export function delayAfter(failures: number, policy: ThrottlePolicy = THROTTLE_POLICY): number {
  if (failures < policy.freeFailures) return 0;
  return Math.min(policy.firstDelayMs * 2 ** (failures - policy.freeFailures), policy.maxDelayMs);
}

export type FailureCount = { counted: true; failures: number; blockedUntil: Date | null } | { counted: false; blockedUntil: Date };

/** Failure counters in SignInThrottle, one row per key ("user:<name>", "ip:<address>"). */
export class SignInThrottle {
  constructor(
    private readonly prisma: PrismaClient,
    readonly policy: ThrottlePolicy = THROTTLE_POLICY,
    readonly addressPolicy: ThrottlePolicy = ADDRESS_THROTTLE_POLICY,
  ) {}

  /** The latest moment until which one of the keys is blocked; null when none is. */
  async blockedUntil(keys: string[], now: Date): Promise<Date | null> {
    const rows = await this.prisma.signInThrottle.findMany({ where: { key: { in: keys }, blockedUntil: { gt: now } }, select: { blockedUntil: true } });
    const times = rows.map((r) => r.blockedUntil!.getTime());
    return times.length ? new Date(Math.max(...times)) : null;
  }

  /**
   * Counts one failure under the key, unless the key is blocked (then nothing is counted). The row is locked
   * for these few statements, so concurrent failures are all counted and the longest delay wins.
   */
  async countFailure(key: string, now: Date): Promise<FailureCount> {
    return this.prisma.$transaction(async (tx) => {
      await tx.signInThrottle.createMany({ data: [{ key, failures: 0, lastFailureAt: now }], skipDuplicates: true });
      await tx.$executeRaw`SELECT 1 FROM "SignInThrottle" WHERE "key" = ${key} FOR UPDATE`;
      const row = await tx.signInThrottle.findUniqueOrThrow({ where: { key } });
      if (row.blockedUntil && row.blockedUntil > now) return { counted: false, blockedUntil: row.blockedUntil };
      const quietSince = Math.max(row.lastFailureAt.getTime(), row.blockedUntil?.getTime() ?? 0);
      const policy = key.startsWith('ip:') ? this.addressPolicy : this.policy;
      const failures = (now.getTime() - quietSince > policy.windowMs ? 0 : row.failures) + 1;
      const delay = delayAfter(failures, policy);
      const blockedUntil = delay ? new Date(now.getTime() + delay) : null;
      await tx.signInThrottle.update({ where: { key }, data: { failures, lastFailureAt: now, blockedUntil } });
      return { counted: true, failures, blockedUntil };
    });
  }

  async reset(key: string): Promise<void> {
    await this.prisma.signInThrottle.deleteMany({ where: { key } });
  }
}

/** "30 giây", "2 phút 30 giây" / "30 s", "2 min 30 s". */
export function formatWait(locale: Locale, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m === 0) return translate(locale, 'time.seconds', { n: s });
  if (s === 0) return translate(locale, 'time.minutes', { n: m });
  return translate(locale, 'time.minutesSeconds', { m, s });
}

const vietnamClock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** 429 with Retry-After, saying in words how long to wait and at what time (Vietnam) to try again. */
export function tooManyAttempts(res: Response, retryAt: Date, now: Date): HttpError {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  res.setHeader('Retry-After', String(seconds));
  const params = (locale: Locale) => ({ wait: formatWait(locale, seconds), time: vietnamClock.format(retryAt) });
  const text = Object.fromEntries(LOCALES.map((l) => [l, translate(l, 'auth.tooManyAttempts', params(l))])) as Record<Locale, string>;
  return new HttpError(429, 'TOO_MANY_ATTEMPTS', 'auth.tooManyAttempts', params('vi'), [], text);
}

export type SignInVia = 'token' | 'session';

type FailureReason = 'unknown_user' | 'wrong_password' | 'inactive';

export class PasswordSignIn {
  /** Checked when the user does not exist, so that an unknown name costs the same scrypt as a wrong password. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly prisma: PrismaClient,
    readonly throttle: SignInThrottle,
  ) {
    this.dummyHash = hashPassword(randomBytes(16).toString('hex'));
  }

  /**
   * The active user with this username and password, with their unit's path; otherwise 401 (whatever was
   * wrong, said only in the audit) or 429 while the account or the address is blocked.
   */
  async verify(credentials: { username: string; password: string }, req: Request, res: Response, via: SignInVia) {
    const now = new Date();
    const account = `user:${credentials.username.toLowerCase()}`;
    const address = `ip:${req.ip ?? 'unknown'}`;
    const audit = { via, username: credentials.username, address: req.ip ?? null };

    const blocked = await this.throttle.blockedUntil([account, address], now);
    if (blocked) return this.refuse(req, res, blocked, now, audit);
    // The account's failure is counted before the password is checked (and forgotten if it is right), so a
    // burst of parallel guesses cannot all pass the check above before the first of them is counted.
    const reserved = await this.throttle.countFailure(account, now);
    if (!reserved.counted) return this.refuse(req, res, reserved.blockedUntil, now, audit);

    const user = await this.prisma.user.findUnique({ where: { username: credentials.username }, include: { unit: { select: { path: true } } } });
    const passwordRight = await verifyPassword(credentials.password, user?.passwordHash ?? (await this.dummyHash));
    const failure: FailureReason | null = !user ? 'unknown_user' : !passwordRight ? 'wrong_password' : !user.active ? 'inactive' : null;
    if (failure) {
      const byAddress = await this.throttle.countFailure(address, now);
      await writeAudit(this.prisma, {
        action: 'auth.sign_in_failed',
        entityType: 'User',
        entityId: user?.id ?? account,
        reason: failure,
        details: { ...audit, accountFailures: reserved.failures, addressFailures: byAddress.counted ? byAddress.failures : null },
        at: now,
      });
      const blocks = [
        { key: account, count: reserved },
        { key: address, count: byAddress },
      ].filter((b) => b.count.counted && b.count.blockedUntil);
      for (const { key, count } of blocks) {
        await writeAudit(this.prisma, {
          action: 'auth.sign_in_blocked',
          entityType: 'User',
          entityId: user?.id ?? account,
          reason: key,
          details: { ...audit, key, failures: count.counted ? count.failures : null, blockedUntil: count.blockedUntil!.toISOString() },
          at: now,
        });
      }
      throw new HttpError(401, 'BAD_CREDENTIALS', 'auth.badCredentials');
    }
    await this.throttle.reset(account);
    return user!;
  }

  /** Attempts refused while blocked are logged, not audited: an attacker could otherwise fill the audit log. */
  private refuse(req: Request, res: Response, retryAt: Date, now: Date, audit: object): never {
    req.log?.warn({ ...audit, retryAt }, 'sign-in refused while throttled');
    throw tooManyAttempts(res, retryAt, now);
  }
}
