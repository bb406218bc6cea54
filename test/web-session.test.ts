// Browser sign-in end to end on the real database: the session cookie and its lifetime, CSRF on writes,
// revocation when the user changes, the sign-in throttle, the audit trail and the security headers.
// Throttle keys are per account and per address: every failure here comes from an address of this file's own
// (X-Forwarded-For, trusted from loopback) and, where an account must be blocked, from a user of its own, so
// that nothing blocks the demo users other test files sign in with.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { testPrisma, testTemporalClient } from './support';
import { createTestCycle } from './support-data';
import { createOfficer } from './support-follow-ups';
import { ADDRESS_THROTTLE_POLICY } from '../api/sign-in';

let prisma: PrismaClient;
let temporal: Client;
/** Trusts X-Forwarded-* from loopback, as behind a reverse proxy. */
let app: ReturnType<typeof createApp>['app'];
/** Trusts no proxy (the default). */
let plainApp: ReturnType<typeof createApp>['app'];

const SECRET = 'test-secret-test-secret-test-secret-00';
const CANDIDATE = 'websession.candidate';
const OWN_USERS = ['websession.changes', 'websession.throttle1', 'websession.throttle2', 'websession.timing'];
const OWN_PASSWORD = 'demo-officer'; // the users below share officer.d01's password hash

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** HH:MM:SS in Vietnam (UTC+7 all year), computed without Intl to check the API's own formatting. */
const vietnamClock = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(11, 19);

function sessionCookie(res: request.Response): string | undefined {
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  return cookies.find((c) => c.startsWith('cas_session='));
}
const cookieValue = (setCookie: string) => decodeURIComponent(setCookie.split(';')[0].slice('cas_session='.length));

/** An agent (cookie jar) from its own address, signed in with a session. */
async function browser(username: string, password: string, address: string) {
  const agent = request.agent(app).set('X-Forwarded-For', address);
  const res = await agent.post('/api/auth/session').send({ username, password });
  expect(res.status, `${username} signs in`).toBe(200);
  const token = cookieValue(sessionCookie(res)!);
  const session = await prisma.webSession.findUniqueOrThrow({ where: { tokenHash: sha256(token) } });
  return { agent, res, token, session, csrf: res.body.csrfToken as string };
}

const attempt = (path: 'token' | 'session', username: string, password: string, address: string, lang = 'vi') =>
  request(app).post(`/api/auth/${path}`).set('X-Forwarded-For', address).set('Accept-Language', lang).send({ username, password });

const auditOf = (action: string, entityId: string) => prisma.auditLog.findMany({ where: { action, entityId }, orderBy: { id: 'asc' } });

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  const deps = { prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: SECRET, taskQueue: 'web-session-unused', strictResponses: true };
  ({ app } = createApp({ ...deps, trustProxy: 'loopback' }));
  ({ app: plainApp } = createApp(deps));
  // Officers without an officer record: no workflow or notification of another test file looks for them.
  const template = await prisma.user.findUniqueOrThrow({ where: { username: 'officer.d01' } });
  await prisma.user.createMany({
    data: OWN_USERS.map((username) => ({ id: `U-${username}`, username, passwordHash: template.passwordHash, displayName: 'Người dùng kiểm thử phiên', role: 'OFFICER' as const, unitId: 'D01', locale: 'vi', active: true })),
  });
});

afterAll(async () => {
  if (prisma) {
    const ids = [...OWN_USERS, CANDIDATE].map((u) => `U-${u}`);
    await prisma.webSession.deleteMany({ where: { userId: { in: ids } } });
    await prisma.user.deleteMany({ where: { id: { in: ids } } });
    await prisma.signInThrottle.deleteMany({ where: { OR: [{ key: { startsWith: 'ip:10.77.' } }, { key: { startsWith: 'user:websession.' } }] } });
  }
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

describe('browser sessions', () => {
  it('signs in with an httpOnly SameSite=Strict cookie, Secure only over HTTPS, and GET /auth/session says who and gives the CSRF token', async () => {
    const before = Date.now();
    const { agent, res, token, session, csrf } = await browser('officer.d01', 'demo-officer', '10.77.1.1');
    const setCookie = sessionCookie(res)!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(res.headers['cache-control']).toBe('no-store');
    // Only the token's hash is stored.
    expect(await prisma.webSession.count({ where: { tokenHash: token } })).toBe(0);
    expect(session).toMatchObject({ userId: 'U-officer.d01', role: 'OFFICER', revokedAt: null, address: '10.77.1.1' });

    const bearer = await attempt('token', 'officer.d01', 'demo-officer', '10.77.1.1');
    expect(res.body.user).toEqual({ ...bearer.body.user, locale: 'vi' });
    expect(res.body.csrfToken).toBe(session.csrfToken);
    expect(res.body.idleTimeoutSeconds).toBe(120 * 60);
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt - before).toBeGreaterThanOrEqual(12 * 3_600_000 - 1000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(12 * 3_600_000);

    const current = await agent.get('/api/auth/session');
    expect(current.status).toBe(200);
    expect(current.body).toEqual({ user: res.body.user, csrfToken: csrf, expiresAt: res.body.expiresAt, idleTimeoutSeconds: 7200 });
    const me = await agent.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual(bearer.body.user);

    const none = await request(app).get('/api/auth/session');
    expect(none.status).toBe(401);
    expect(none.body.error).toEqual({ code: 'NO_SESSION', message: 'Chưa đăng nhập hoặc phiên đăng nhập đã kết thúc; vui lòng đăng nhập.' });

    // Behind a trusted proxy that says the browser used HTTPS the cookie is Secure; without trust, that header is ignored.
    const overHttps = await request(app).post('/api/auth/session').set('X-Forwarded-For', '10.77.1.1').set('X-Forwarded-Proto', 'https').send({ username: 'officer.d01', password: 'demo-officer' });
    expect(sessionCookie(overHttps)).toMatch(/; Secure/);
    const untrusted = await request(plainApp).post('/api/auth/session').set('X-Forwarded-Proto', 'https').send({ username: 'officer.d01', password: 'demo-officer' });
    expect(untrusted.status).toBe(200);
    expect(sessionCookie(untrusted)).not.toMatch(/Secure/);
  });

  it('refuses a cookie write without or with a wrong CSRF token, and accepts it with the right one', async () => {
    const { agent, csrf } = await browser('officer.d01', 'demo-officer', '10.77.2.1');
    try {
      const without = await agent.put('/api/me/locale').send({ locale: 'en' });
      expect(without.status).toBe(403);
      expect(without.body.error).toEqual({ code: 'CSRF_TOKEN_INVALID', message: 'Yêu cầu thiếu mã chống giả mạo (tiêu đề X-CSRF-Token) hoặc mã không đúng; vui lòng tải lại trang rồi thử lại.' });
      const wrong = await agent.put('/api/me/locale').set('X-CSRF-Token', `${csrf.slice(0, -1)}x`).set('Accept-Language', 'en').send({ locale: 'en' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.error.message).toBe('The request lacks the anti-forgery token (header X-CSRF-Token) or it is wrong; reload the page and try again.');
      expect((await prisma.user.findUniqueOrThrow({ where: { username: 'officer.d01' } })).locale).toBe('vi');

      const right = await agent.put('/api/me/locale').set('X-CSRF-Token', csrf).send({ locale: 'en' });
      expect(right.status).toBe(200);
      expect(right.body).toEqual({ locale: 'en' });
      expect((await prisma.user.findUniqueOrThrow({ where: { username: 'officer.d01' } })).locale).toBe('en');
      expect((await agent.get('/api/auth/session')).body.user.locale).toBe('en');
      const bad = await agent.put('/api/me/locale').set('X-CSRF-Token', csrf).send({ locale: 'fr' });
      expect(bad.status).toBe(400);
    } finally {
      await prisma.user.update({ where: { username: 'officer.d01' }, data: { locale: 'vi' } });
    }
  });

  it('signs out at once: the same cookie is refused right after, and sign-in and sign-out are audited', async () => {
    const { agent, token, session, csrf } = await browser('leader.d01', 'demo-leader', '10.77.3.1');
    const forged = await agent.delete('/api/auth/session');
    expect(forged.status).toBe(403);
    expect((await agent.get('/api/auth/me')).status).toBe(200);

    const out = await agent.delete('/api/auth/session').set('X-CSRF-Token', csrf);
    expect(out.status).toBe(204);
    expect(sessionCookie(out)).toMatch(/^cas_session=;.*Expires=Thu, 01 Jan 1970/);
    const row = await prisma.webSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.revokedReason).toBe('signed_out');
    expect(row.revokedAt).not.toBeNull();

    const replay = await request(app).get('/api/auth/me').set('Cookie', `cas_session=${token}`);
    expect(replay.status).toBe(401);
    expect(replay.body.error).toEqual({ code: 'SESSION_EXPIRED', message: 'Phiên đăng nhập đã hết hạn hoặc đã kết thúc; vui lòng đăng nhập lại.' });
    expect((await request(app).get('/api/auth/session').set('Cookie', `cas_session=${token}`)).status).toBe(401);
    // Signing out again, without a live session, only clears the cookie.
    expect((await request(app).delete('/api/auth/session').set('Cookie', `cas_session=${token}`)).status).toBe(204);

    expect(await auditOf('auth.signed_in', session.id)).toMatchObject([{ actorUserId: 'U-leader.d01', actorRole: 'LEADER', entityType: 'WebSession', details: { via: 'session', address: '10.77.3.1' } }]);
    expect(await auditOf('auth.signed_out', session.id)).toMatchObject([{ actorUserId: 'U-leader.d01', reason: 'signed_out', entityType: 'WebSession' }]);
  });

  it('ends a session idle longer than the idle timeout, keeps an active one alive, and ends any at its absolute lifetime', async () => {
    const idle = await browser('reviewer.d35', 'demo-reviewer', '10.77.4.1');
    // Active 119 minutes ago: still alive, and this request moves lastSeenAt to now.
    await prisma.webSession.update({ where: { id: idle.session.id }, data: { lastSeenAt: new Date(Date.now() - 119 * 60_000) } });
    expect((await idle.agent.get('/api/auth/me')).status).toBe(200);
    const touched = await prisma.webSession.findUniqueOrThrow({ where: { id: idle.session.id } });
    expect(Date.now() - touched.lastSeenAt.getTime()).toBeLessThan(10_000);
    // Within a minute of the last write, a request writes nothing.
    const recent = new Date(Date.now() - 30_000);
    await prisma.webSession.update({ where: { id: idle.session.id }, data: { lastSeenAt: recent } });
    expect((await idle.agent.get('/api/auth/me')).status).toBe(200);
    expect((await prisma.webSession.findUniqueOrThrow({ where: { id: idle.session.id } })).lastSeenAt).toEqual(recent);
    // Idle 121 minutes: over.
    await prisma.webSession.update({ where: { id: idle.session.id }, data: { lastSeenAt: new Date(Date.now() - 121 * 60_000) } });
    const late = await idle.agent.get('/api/auth/me');
    expect(late.status).toBe(401);
    expect(late.body.error.code).toBe('SESSION_EXPIRED');
    expect((await prisma.webSession.findUniqueOrThrow({ where: { id: idle.session.id } })).revokedReason).toBe('idle_timeout');
    expect(await auditOf('auth.session_ended', idle.session.id)).toMatchObject([{ reason: 'idle_timeout', actorUserId: null }]);

    const old = await browser('reviewer.d35', 'demo-reviewer', '10.77.4.1');
    await prisma.webSession.update({ where: { id: old.session.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await old.agent.get('/api/auth/session');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('NO_SESSION');
    expect(sessionCookie(expired)).toMatch(/^cas_session=;/);
    expect((await prisma.webSession.findUniqueOrThrow({ where: { id: old.session.id } })).revokedReason).toBe('expired');
  });

  it('never signs a candidate out in the middle of an exam: an attempt under way keeps a lapsing session alive to its deadline', async () => {
    const day = 86_400_000;
    const at = (days: number) => new Date(Date.now() + days * day).toISOString();
    const cycle = await createTestCycle(prisma, { registrationOpensAt: at(-60), registrationClosesAt: at(-40), listsDueAt: at(-31), examStartsAt: at(-1), examEndsAt: at(1), closesAt: at(90) });
    const officer = await createOfficer(prisma, 'D35', 'Lê Thị Hồng Nhung');
    const template = await prisma.user.findUniqueOrThrow({ where: { username: 'officer.d01' } });
    await prisma.user.create({ data: { id: `U-${CANDIDATE}`, username: CANDIDATE, passwordHash: template.passwordHash, displayName: officer.fullName, role: 'OFFICER', unitId: officer.unitId, officerId: officer.id, locale: 'vi', active: true } });
    const blueprint = await prisma.testBlueprint.findFirstOrThrow({ where: { positionId: officer.positionId, status: 'ACTIVE' } });
    const registration = await prisma.registration.create({ data: { cycleId: cycle.id, officerId: officer.id, positionId: officer.positionId, heldPositionId: officer.positionId, unitId: officer.unitId } });
    const form = await prisma.examForm.create({ data: { registrationId: registration.id, blueprintId: blueprint.id, seed: `test-${registration.id}`, items: [] } });
    const deadlineAt = new Date(Date.now() + 40 * 60_000);
    const attempt = await prisma.attempt.create({ data: { registrationId: registration.id, formId: form.id, startedAt: new Date(Date.now() - 150 * 60_000), deadlineAt } });

    const candidate = await browser(CANDIDATE, OWN_PASSWORD, '10.77.5.1');
    // Idle past the timeout (extra time makes an exam longer than it) and past the absolute lifetime: still in.
    await prisma.webSession.update({ where: { id: candidate.session.id }, data: { lastSeenAt: new Date(Date.now() - 121 * 60_000), expiresAt: new Date(Date.now() - 1000) } });
    expect((await candidate.agent.get('/api/auth/me')).status).toBe(200);
    const kept = await prisma.webSession.findUniqueOrThrow({ where: { id: candidate.session.id } });
    expect(kept.revokedAt).toBeNull();
    expect(kept.expiresAt.getTime()).toBeGreaterThanOrEqual(deadlineAt.getTime());
    expect(Date.now() - kept.lastSeenAt.getTime()).toBeLessThan(10_000);

    // Once the attempt is submitted, the ordinary rules apply again.
    await prisma.attempt.update({ where: { id: attempt.id }, data: { status: 'SUBMITTED', submittedAt: new Date() } });
    await prisma.webSession.update({ where: { id: candidate.session.id }, data: { lastSeenAt: new Date(Date.now() - 121 * 60_000) } });
    const late = await candidate.agent.get('/api/auth/me');
    expect(late.status).toBe(401);
    expect((await prisma.webSession.findUniqueOrThrow({ where: { id: candidate.session.id } })).revokedReason).toBe('idle_timeout');

    await prisma.attempt.delete({ where: { id: attempt.id } });
    await prisma.examForm.delete({ where: { id: form.id } });
    await prisma.registration.delete({ where: { id: registration.id } });
  });

  it("revokes the session as soon as the user's role or unit changes, or the user is deactivated", async () => {
    const who = { where: { username: 'websession.changes' } };
    try {
      const role = await browser('websession.changes', OWN_PASSWORD, '10.77.5.1');
      await prisma.user.update({ ...who, data: { role: 'BUSINESS' } });
      const afterRole = await role.agent.get('/api/auth/me');
      expect(afterRole.status).toBe(401);
      expect(afterRole.body.error).toEqual({ code: 'SESSION_EXPIRED', message: 'Vai trò hoặc đơn vị của tài khoản đã thay đổi nên phiên đăng nhập đã kết thúc; vui lòng đăng nhập lại.' });
      expect((await prisma.webSession.findUniqueOrThrow({ where: { id: role.session.id } })).revokedReason).toBe('role_or_unit_changed');
      await prisma.user.update({ ...who, data: { role: 'OFFICER' } });
      // Restoring the role does not bring the session back.
      expect((await role.agent.get('/api/auth/me')).status).toBe(401);

      const unit = await browser('websession.changes', OWN_PASSWORD, '10.77.5.1');
      await prisma.user.update({ ...who, data: { unitId: 'D35' } });
      expect((await unit.agent.put('/api/me/locale').set('X-CSRF-Token', unit.csrf).send({ locale: 'en' })).status).toBe(401);
      expect((await prisma.webSession.findUniqueOrThrow({ where: { id: unit.session.id } })).revokedReason).toBe('role_or_unit_changed');
      await prisma.user.update({ ...who, data: { unitId: 'D01' } });
      expect((await prisma.user.findUniqueOrThrow(who)).locale).toBe('vi');

      const active = await browser('websession.changes', OWN_PASSWORD, '10.77.5.1');
      await prisma.user.update({ ...who, data: { active: false } });
      expect((await active.agent.get('/api/auth/session')).status).toBe(401);
      expect((await prisma.webSession.findUniqueOrThrow({ where: { id: active.session.id } })).revokedReason).toBe('deactivated');
      // A deactivated user cannot sign in, and is told no more than for a wrong password.
      const refused = await attempt('session', 'websession.changes', OWN_PASSWORD, '10.77.5.2');
      expect(refused.status).toBe(401);
      expect(refused.body.error).toEqual({ code: 'BAD_CREDENTIALS', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
      expect((await auditOf('auth.sign_in_failed', 'U-websession.changes')).map((a) => a.reason)).toEqual(['inactive']);
      expect((await auditOf('auth.session_ended', active.session.id)).map((a) => a.reason)).toEqual(['deactivated']);
    } finally {
      await prisma.user.update({ ...who, data: { role: 'OFFICER', unitId: 'D01', active: true } });
    }
  });

  it('still takes bearer tokens with no CSRF header, even beside a session cookie', async () => {
    const token = (await attempt('token', 'coordinator', 'demo-coordinator', '10.77.6.1')).body.token as string;
    const put = await request(app).put('/api/me/locale').set('Authorization', `Bearer ${token}`).send({ locale: 'vi' });
    expect(put.status).toBe(200);
    const { agent } = await browser('reviewer.d01', 'demo-reviewer', '10.77.6.1');
    const both = await agent.put('/api/me/locale').set('Authorization', `Bearer ${token}`).send({ locale: 'vi' });
    expect(both.status).toBe(200);
    expect((await agent.get('/api/auth/me').set('Authorization', `Bearer ${token}`)).body.username).toBe('coordinator');
    expect((await request(app).get('/api/auth/me').set('Authorization', `Bearer ${token}x`)).body.error.code).toBe('INVALID_TOKEN');
  });

  it('sends security headers everywhere: a strict CSP for the web app, a relaxed one for /docs only', async () => {
    const health = await request(app).get('/health');
    expect(health.status).toBe(200);
    const csp = health.headers['content-security-policy'];
    for (const directive of ["default-src 'self'", "script-src 'self';", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'"]) {
      expect(csp).toContain(directive);
    }
    expect(health.headers['x-content-type-options']).toBe('nosniff');
    expect(health.headers['x-frame-options']).toBe('DENY');
    expect(health.headers['x-powered-by']).toBeUndefined();

    const api = await request(app).get('/api/auth/session');
    expect(api.headers['content-security-policy']).toBe(csp);
    const openApi = await request(app).get('/openapi.json');
    expect(openApi.status).toBe(200);
    expect(openApi.body.paths['/auth/session']).toHaveProperty('delete');
    const docs = await request(app).get('/docs/');
    expect(docs.status).toBe(200);
    expect(docs.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
  });

  it('is closed to other origins: no CORS headers, so a page elsewhere cannot read our answers', async () => {
    const preflight = await request(app).options('/api/cycles').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    const read = await request(app).get('/api/auth/session').set('Origin', 'https://evil.example');
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('sign-in throttling', () => {
  it('after 5 failures refuses every attempt, the right password too, saying when to try again; the delay then doubles', async () => {
    const user = 'websession.throttle1';
    // Each attempt from another address, so only the account counts; both sign-in routes count alike.
    for (let i = 1; i <= 5; i++) {
      const res = await attempt(i <= 3 ? 'token' : 'session', user, 'wrong-password', `10.77.7.${i}`);
      expect(res.status, `failure ${i}`).toBe(401);
    }
    const blocked = await attempt('token', user, OWN_PASSWORD, '10.77.7.6');
    expect(blocked.status).toBe(429);
    const row = await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `user:${user}` } });
    expect(row.failures).toBe(5);
    expect(row.blockedUntil!.getTime() - row.lastFailureAt.getTime()).toBe(30_000);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(blocked.body.error).toEqual({
      code: 'TOO_MANY_ATTEMPTS',
      message: `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${retryAfter} giây, lúc ${vietnamClock(row.blockedUntil!)}.`,
    });
    const inEnglish = await attempt('session', user, OWN_PASSWORD, '10.77.7.7', 'en');
    expect(inEnglish.status).toBe(429);
    expect(inEnglish.body.error.message).toMatch(new RegExp(`^Too many failed sign-in attempts\\. Please try again in \\d+ s, at ${vietnamClock(row.blockedUntil!)} \\(Vietnam time\\)\\.$`));
    expect(sessionCookie(inEnglish)).toBeUndefined();

    // Once the delay has passed (moved into the past here), the next failure blocks for twice as long.
    await prisma.signInThrottle.update({ where: { key: `user:${user}` }, data: { blockedUntil: new Date(Date.now() - 1000) } });
    expect((await attempt('token', user, 'wrong-again', '10.77.7.8')).status).toBe(401);
    const doubled = await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `user:${user}` } });
    expect(doubled.failures).toBe(6);
    expect(doubled.blockedUntil!.getTime() - doubled.lastFailureAt.getTime()).toBe(60_000);
    const again = await attempt('token', user, OWN_PASSWORD, '10.77.7.9');
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(30);
    expect(again.body.error.message).toMatch(/^Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau (1 phút|\d+ giây), lúc \d\d:\d\d:\d\d\.$/);

    const failures = await auditOf('auth.sign_in_failed', `U-${user}`);
    expect(failures.map((a) => a.reason)).toEqual(Array(6).fill('wrong_password'));
    expect(failures[0].details).toMatchObject({ via: 'token', username: user, address: '10.77.7.1', accountFailures: 1 });
    expect((await auditOf('auth.sign_in_blocked', `U-${user}`)).map((a) => [a.reason, (a.details as { failures: number }).failures])).toEqual([
      [`user:${user}`, 5],
      [`user:${user}`, 6],
    ]);
  });

  it('lets no more than 5 of a burst of parallel guesses at one account be tried', async () => {
    const user = 'websession.burst';
    const burst = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt(i % 2 ? 'token' : 'session', user, `guess-${i}`, `10.77.8.${i}`)));
    expect(burst.filter((r) => r.status === 401)).toHaveLength(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(7);
    expect((await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `user:${user}` } })).failures).toBe(5);
  });

  it('a success resets the account counter but not the address counter', async () => {
    const user = 'websession.throttle2';
    const address = '10.77.9.9';
    for (let i = 1; i <= 4; i++) expect((await attempt('session', user, 'wrong-password', address)).status).toBe(401);
    expect((await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `ip:${address}` } })).failures).toBe(4);
    const success = await attempt('session', user, OWN_PASSWORD, address);
    expect(success.status).toBe(200);
    expect(await prisma.signInThrottle.findUnique({ where: { key: `user:${user}` } })).toBeNull();
    expect((await prisma.signInThrottle.findUniqueOrThrow({ where: { key: `ip:${address}` } })).failures).toBe(4);

    // An address is allowed more failures than an account (many people may share it); the twentieth failure
    // from that address, under other names, blocks the address for everybody.
    for (let i = 5; i <= ADDRESS_THROTTLE_POLICY.freeFailures; i++) expect((await attempt('token', `websession.nobody${i}`, 'whatever', address)).status).toBe(401);
    const fromAddress = await attempt('session', user, OWN_PASSWORD, address);
    expect(fromAddress.status).toBe(429);
    expect(fromAddress.headers['retry-after']).toBeDefined();
    // The account itself is not blocked: from elsewhere the same user signs in.
    expect((await attempt('session', user, OWN_PASSWORD, '10.77.9.10')).status).toBe(200);
    expect((await prisma.auditLog.findMany({ where: { action: 'auth.sign_in_blocked', reason: `ip:${address}` } })).length).toBe(1);
  });

  it('an unknown user and a wrong password get the same answer in comparable time, and only the audit says which', async () => {
    const timed = async (username: string, address: string, path: 'token' | 'session') => {
      const started = performance.now();
      const res = await attempt(path, username, 'not-the-password', address);
      return { res, ms: performance.now() - started };
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (const [i, path] of (['token', 'session', 'token'] as const).entries()) {
      const a = await timed(`websession.nobody10-${i}`, `10.77.10.${i}`, path);
      const b = await timed('websession.timing', `10.77.11.${i}`, path);
      expect(a.res.status).toBe(401);
      expect(a.res.body).toEqual(b.res.body);
      expect(a.res.body).toEqual({ error: { code: 'BAD_CREDENTIALS', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' } });
      unknown.push(a.ms);
      wrong.push(b.ms);
    }
    // Both check a password hash (a dummy one for the unknown name): neither is markedly faster.
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1];
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.5);

    expect((await auditOf('auth.sign_in_failed', 'user:websession.nobody10-0')).map((a) => a.reason)).toEqual(['unknown_user']);
    expect((await auditOf('auth.sign_in_failed', 'U-websession.timing')).map((a) => a.reason)).toEqual(['wrong_password', 'wrong_password', 'wrong_password']);
  });
});
