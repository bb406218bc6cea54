// Notifications that reach people: the signed-in user's notification centre over the API (their language, a link,
// unread count, mark read), and e-mail delivery of the outbox against a real SMTP server started here (the
// smtp-server package on a local port: no internet): delivered in the user's language, retried after the server
// was down, never sent twice, and the sender goes on when the server is away.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { createMailSender } from '../services/mail-sender';
import { renderNotification } from '../domain/notification-text';
import { testPrisma, testTemporalClient } from './support';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1, no TLS, no auth, that keeps what it receives: the
 * envelope (addresses in angle brackets, as they came on MAIL FROM / RCPT TO) and the raw message as sent.
 */
function smtpSink() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    banner: 'sink.test',
    // Stopping the sink drops whatever connection is left at once (the test takes the server away on purpose).
    closeTimeout: 50,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        received.push({
          from: mailFrom ? `<${mailFrom.address}>` : '',
          to: session.envelope.rcptTo.map((r) => `<${r.address}>`),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  server.on('error', () => {}); // a client going away mid-session is not the test's concern
  return {
    received,
    listen: (port = 0) =>
      new Promise<number>((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.server.off('error', reject);
          resolve((server.server.address() as AddressInfo).port);
        });
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const decode = (data: string) => {
  // Subjects with Vietnamese come MIME-encoded; bodies quoted-printable: enough decoding to read them.
  const unfolded = data.replace(/\r\n[ \t]/g, ' ');
  const subject = unfolded.match(/^Subject: (.*)$/im)?.[1] ?? '';
  const parts: Buffer[] = [];
  const plain = subject.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_, enc: string, text: string) => {
    parts.push(enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
    return '\u0000';
  });
  const words = plain.includes('\u0000') ? Buffer.concat(parts).toString('utf8') : plain;
  return { subject: words, messageId: unfolded.match(/^Message-ID: (.*)$/im)?.[1] ?? '' };
};

let prisma: PrismaClient;
let temporal: Client;
let app: ReturnType<typeof createApp>['app'];
const SUFFIX = Math.random().toString(36).slice(2, 8);
const USER_VI = `notif.vi.${SUFFIX}`;
const USER_EN = `notif.en.${SUFFIX}`;
const USER_NOMAIL = `notif.nomail.${SUFFIX}`;

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  ({ app } = createApp({ prisma, temporal, logger, authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: 'notifications-test', strictResponses: true }));
  const template = await prisma.user.findUniqueOrThrow({ where: { username: 'officer.d01' } });
  const officers = await prisma.officer.findMany({ where: { email: { not: null }, user: null }, take: 2, orderBy: { id: 'desc' } });
  await prisma.user.createMany({
    data: [
      { id: USER_VI, username: USER_VI, passwordHash: template.passwordHash, displayName: 'Người nhận', role: 'OFFICER', unitId: officers[0].unitId, officerId: officers[0].id, locale: 'vi' },
      { id: USER_EN, username: USER_EN, passwordHash: template.passwordHash, displayName: 'Recipient', role: 'OFFICER', unitId: officers[1].unitId, officerId: officers[1].id, locale: 'en' },
      // A leader of a department no other test notifies (leaders of D01 are counted by the case workflow's tests).
      { id: USER_NOMAIL, username: USER_NOMAIL, passwordHash: template.passwordHash, displayName: 'No mail', role: 'LEADER', unitId: 'D17', locale: 'vi' },
    ],
  });
});

afterAll(async () => {
  await prisma?.$disconnect();
});

async function notify(userId: string, key: string, templateKey: string, params: Record<string, string | number>) {
  return prisma.notification.create({ data: { dedupeKey: `${key}:${userId}`, userId, templateKey, params } });
}

async function token(username: string) {
  const res = await request(app).post('/api/auth/token').send({ username, password: 'demo-officer' });
  return `Bearer ${res.body.token as string}`;
}

describe('the notification centre', () => {
  it('lists my notifications newest first in my language, with a link and the unread count, and marks them read', async () => {
    await notify(USER_NOMAIL, `centre-1-${SUFFIX}`, 'followUp.assigned', { taskId: 'T-1', type: 'RETRAINING', dueAt: '2026-12-10T01:00:00.000Z' });
    await new Promise((r) => setTimeout(r, 5));
    const second = await notify(USER_NOMAIL, `centre-2-${SUFFIX}`, 'feedbackCase.assigned', { caseId: 'C-9', declarationNumber: '300000000123', dueAt: '2026-12-03T10:30:00.000Z' });
    const auth = await token(USER_NOMAIL);

    const vi = await request(app).get('/api/me/notifications').set('Authorization', auth);
    expect(vi.status).toBe(200);
    expect(vi.body).toMatchObject({ total: 2, unread: 2 });
    expect(vi.body.items[0]).toMatchObject({ id: second.id, title: 'Phản ánh mới (tờ khai 300000000123)', link: '/cases/C-9', readAt: null });
    expect(vi.body.items[0].body).toContain('17:30, 03/12/2026'); // Vietnam time
    expect(vi.body.items[1]).toMatchObject({ title: 'Nhiệm vụ mới: bồi dưỡng lại', link: '/follow-ups/T-1' });

    const en = await request(app).get('/api/me/notifications').set('Authorization', auth).set('Accept-Language', 'en');
    expect(en.body.items[1].title).toBe('New task: retraining');

    const read = await request(app).post(`/api/me/notifications/${second.id}/read`).set('Authorization', auth);
    expect(read.status).toBe(200);
    const unread = await request(app).get('/api/me/notifications').query({ unread: 'true' }).set('Authorization', auth);
    expect(unread.body).toMatchObject({ total: 1, unread: 1 });

    // Someone else's notification is not mine to read.
    const other = await notify(USER_VI, `centre-3-${SUFFIX}`, 'exam.sessionPublished', { sessionId: 'S', code: 'CA-1', startsAt: '2026-12-05T01:00:00.000Z', room: 'P1' });
    expect((await request(app).post(`/api/me/notifications/${other.id}/read`).set('Authorization', auth)).status).toBe(404);

    const all = await request(app).post('/api/me/notifications/read-all').set('Authorization', auth);
    expect(all.body).toEqual({ marked: 1 });
    expect((await request(app).get('/api/me/notifications').set('Authorization', auth)).body.unread).toBe(0);
    await prisma.notification.deleteMany({ where: { id: other.id } });
  });

  it('renders every template the workflows use in both languages, without leftover placeholders', () => {
    const keys = ['followUp.assigned', 'followUp.reminder', 'followUp.overdue', 'followUp.escalated', 'followUp.officer.RETRAINING', 'followUp.closed', 'followUp.reexamScheduled',
      'feedbackCase.assigned', 'feedbackCase.received', 'feedbackCase.answered', 'feedbackCase.reopened', 'feedbackCase.contestedFinal', 'feedbackCase.reminder', 'feedbackCase.escalated',
      'unitList.submit', 'unitList.approve', 'unitList.return', 'unitList.reminder', 'unitList.escalated', 'exam.sessionPublished', 'something.new'];
    for (const key of keys) {
      for (const locale of ['vi', 'en'] as const) {
        const text = renderNotification(key, { taskId: 't', caseId: 'c', cycleId: 'y', unitId: 'u', type: 'REEXAMINATION', dueAt: '2026-12-01T00:00:00Z' }, locale);
        expect(`${text.title} ${text.body}`).not.toMatch(/[{}]/);
      }
    }
  });
});

describe('e-mail delivery over SMTP', () => {
  it('delivers in the recipient language, retries after the server was down, and never sends a row twice', async () => {
    const sink = smtpSink();
    const port = await sink.listen();
    const rows = [
      await notify(USER_VI, `mail-1-${SUFFIX}`, 'feedbackCase.answered', { caseId: 'C-1', declarationNumber: '300000000777', outcome: 'SUBSTANTIATED', reason: 'Đã nhắc nhở công chức.', respondBy: '2026-12-08T03:00:00Z' }),
      await notify(USER_EN, `mail-2-${SUFFIX}`, 'followUp.officer.RETRAINING', { taskId: 'T-2', type: 'RETRAINING', dueAt: '2026-12-20T03:00:00Z' }),
      await notify(USER_NOMAIL, `mail-3-${SUFFIX}`, 'followUp.assigned', { taskId: 'T-3', type: 'REASSIGNMENT', dueAt: '2026-12-20T03:00:00Z' }),
    ];
    const userIds = [USER_VI, USER_EN, USER_NOMAIL];
    const sender = createMailSender(prisma, { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'no-reply@assessment.test', appUrl: 'https://assess.example', userIds, backoffMs: () => 1_000 });

    // The server goes away before anything is sent: the pass fails quietly, the rows wait with a later attempt.
    await sink.close();
    const down = await sender.drainOnce();
    expect(down.sent).toBe(0);
    expect(down.failed).toBeGreaterThanOrEqual(1);
    const waiting = await prisma.notification.findUniqueOrThrow({ where: { id: rows[0].id } });
    // The server's absence is no fault of the message: the try does not count towards the limit (8 by default).
    expect(waiting).toMatchObject({ sentAt: null, mailAttempts: 0 });
    expect(waiting.mailError).toMatch(/ECONN/);
    expect(waiting.mailNextAttemptAt!.getTime()).toBeGreaterThan(Date.now());
    // An outage of more passes than the limit gives nothing up.
    for (let pass = 1; pass <= 10; pass++) expect((await sender.drainOnce(new Date(Date.now() + pass * 2_000))).failed).toBe(1);
    const stillWaiting = await prisma.notification.findUniqueOrThrow({ where: { id: rows[0].id } });
    expect(stillWaiting).toMatchObject({ sentAt: null, mailAttempts: 0 });
    expect(stillWaiting.mailError).not.toMatch(/GAVE_UP/);

    // Back on the same port: the rows not tried yet go at once (one has no address: skipped, the centre has it);
    // the failed one waits for its backoff, then goes.
    const again = smtpSink();
    await again.listen(port);
    expect(await sender.drainOnce()).toEqual({ sent: 1, failed: 0, skipped: 1 });
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: rows[0].id } })).sentAt).toBeNull();
    const up = await sender.drainOnce(new Date(Date.now() + 30_000));
    expect(up).toEqual({ sent: 1, failed: 0, skipped: 0 });
    expect(again.received).toHaveLength(2);
    const [vi, en] = [again.received.find((m) => m.data.includes('notification-' + rows[0].id))!, again.received.find((m) => m.data.includes('notification-' + rows[1].id))!];
    const officers = await prisma.user.findMany({ where: { id: { in: [USER_VI, USER_EN] } }, include: { officer: true } });
    expect(vi.to).toEqual([`<${officers.find((u) => u.id === USER_VI)!.officer!.email}>`]);
    expect(decode(vi.data).subject).toBe('Đã có kết quả phản ánh (tờ khai 300000000777)');
    expect(decode(en.data).subject).toBe('You are to be retrained');
    expect(decode(en.data).messageId).toBe(`<notification-${rows[1].id}@assess.example>`);
    expect(en.data).toContain('https://assess.example/results');

    // Sent rows are marked; another pass (or a second sender) sends nothing again.
    const marked = await prisma.notification.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    expect(marked.filter((n) => n.sentAt).map((n) => n.id).sort()).toEqual([rows[0].id, rows[1].id].sort());
    expect(marked.find((n) => n.id === rows[2].id)).toMatchObject({ sentAt: null, mailError: 'NO_ADDRESS' });
    const second = createMailSender(prisma, { smtpUrl: `smtp://127.0.0.1:${port}`, from: 'no-reply@assessment.test', userIds });
    const both = await Promise.all([sender.drainOnce(new Date(Date.now() + 10_000)), second.drainOnce(new Date(Date.now() + 10_000))]);
    expect(both.map((o) => o.sent)).toEqual([0, 0]);
    expect(again.received).toHaveLength(2);

    // Two senders racing over fresh rows: each row is claimed by one of them only.
    for (let i = 0; i < 6; i++) await notify(USER_VI, `race-${i}-${SUFFIX}`, 'exam.sessionPublished', { sessionId: 'S', code: `CA-${i}`, startsAt: '2026-12-05T01:00:00Z', room: 'P1' });
    const raced = await Promise.all([sender.drainOnce(new Date(Date.now() + 10_000)), second.drainOnce(new Date(Date.now() + 10_000))]);
    expect(raced[0].sent + raced[1].sent).toBe(6);
    expect(again.received).toHaveLength(8);
    expect(new Set(again.received.map((m) => decode(m.data).messageId)).size).toBe(8);

    await sender.stop();
    await second.stop();
    await again.close();
  });
});
