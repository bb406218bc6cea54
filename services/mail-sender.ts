// E-mail delivery of the notification outbox over SMTP (nodemailer). The sender drains rows not sent yet, oldest
// first, in the recipient's language; a failed delivery is retried with exponential backoff up to a limit; a mail
// server that is down only delays mail (the loop keeps polling, the API and workflows never wait on it).
//
// One message per outbox row: a row is claimed by a conditional update (its attempt count must still be the one
// read), so two senders never take the same row; a sent row is marked and never picked again. Should the process
// die between the SMTP server's "250 OK" and the mark, the claim's lease expires and the row goes again with the
// same Message-ID (derived from the row), which lets the receiving side recognise the repeat.
import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import type { PrismaClient } from '../prisma/db';
import { notificationLocale, renderNotification } from '../domain/notification-text';

export interface MailSenderOptions {
  /** smtp://user:pass@host:port or smtps://… */
  smtpUrl: string;
  from: string;
  /** The web app's public address, so a mail's link opens the thing (e.g. https://assess.customs.gov.vn). */
  appUrl?: string;
  batchSize?: number;
  maxAttempts?: number;
  /** Rows older than this are not mailed (a week-old reminder helps nobody); the in-app centre still shows them. */
  maxAgeHours?: number;
  pollMs?: number;
  /** Delay before attempt n+1 after n failed ones. */
  backoffMs?: (attempts: number) => number;
  /** How long a claimed row is left alone before it may be taken again (a sender that died mid-send). */
  leaseMs?: number;
  log?: { info: (o: object, m: string) => void; warn: (o: object, m: string) => void };
  transporter?: Transporter;
  /** Only these recipients' rows (tests share one database). */
  userIds?: string[];
}

export interface DrainOutcome {
  sent: number;
  failed: number;
  skipped: number;
}

export const defaultBackoffMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempts - 1));

/** Connection-level failures: the server is not there, so the rest of the batch would fail the same way. */
const SERVER_DOWN = new Set(['ECONNREFUSED', 'ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'EHOSTUNREACH', 'ECONNRESET', 'EGREETING']);

export function createMailSender(prisma: PrismaClient, options: MailSenderOptions) {
  const batchSize = options.batchSize ?? 50;
  const maxAttempts = options.maxAttempts ?? 8;
  const maxAgeMs = (options.maxAgeHours ?? 72) * 3_600_000;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const transporter =
    options.transporter ??
    nodemailer.createTransport({ url: options.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as TransportOptions);
  const host = (() => {
    try {
      return new URL(options.appUrl ?? 'http://assessment.local').hostname;
    } catch {
      return 'assessment.local';
    }
  })();

  /** One pass over what is due now. */
  async function drainOnce(now = new Date()): Promise<DrainOutcome> {
    const outcome: DrainOutcome = { sent: 0, failed: 0, skipped: 0 };
    const rows = await prisma.notification.findMany({
      where: {
        sentAt: null,
        userId: options.userIds ? { in: options.userIds } : { not: null },
        mailAttempts: { lt: maxAttempts },
        createdAt: { gte: new Date(now.getTime() - maxAgeMs) },
        OR: [{ mailNextAttemptAt: null }, { mailNextAttemptAt: { lte: now } }],
      },
      include: { user: { select: { locale: true, active: true, officer: { select: { email: true } }, business: { select: { email: true } } } } },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: batchSize,
    });
    for (const row of rows) {
      const attempts = row.mailAttempts + 1;
      const claimed = await prisma.notification.updateMany({
        where: { id: row.id, sentAt: null, mailAttempts: row.mailAttempts },
        data: { mailAttempts: attempts, mailNextAttemptAt: new Date(now.getTime() + leaseMs) },
      });
      if (claimed.count === 0) continue; // another sender has it
      const to = row.user?.active ? (row.user.officer?.email ?? row.user.business?.email ?? null) : null;
      if (!to) {
        await prisma.notification.update({ where: { id: row.id }, data: { mailAttempts: maxAttempts, mailNextAttemptAt: null, mailError: 'NO_ADDRESS' } });
        outcome.skipped++;
        continue;
      }
      const text = renderNotification(row.templateKey, row.params, notificationLocale(row.user?.locale));
      const link = text.link && options.appUrl ? new URL(text.link, options.appUrl).toString() : null;
      try {
        await transporter.sendMail({
          from: options.from,
          to,
          subject: text.title,
          text: [text.body, link].filter(Boolean).join('\n\n'),
          messageId: `<notification-${row.id}@${host}>`,
          headers: { 'X-Notification-Id': row.id },
        });
        await prisma.notification.update({ where: { id: row.id }, data: { sentAt: new Date(), mailNextAttemptAt: null, mailError: null } });
        outcome.sent++;
      } catch (err) {
        const e = err as { code?: string; message?: string };
        const serverDown = !!e.code && SERVER_DOWN.has(e.code);
        // A mail server that is not there is no fault of this message: the try does not count, so an outage of any
        // length (within maxAgeHours) gives nothing up. What the server refuses counts towards maxAttempts.
        const counted = serverDown ? row.mailAttempts : attempts;
        const last = counted >= maxAttempts;
        await prisma.notification.update({
          where: { id: row.id },
          data: {
            mailAttempts: counted,
            mailNextAttemptAt: last ? null : new Date(now.getTime() + backoff(attempts)),
            mailError: `${last ? 'GAVE_UP: ' : ''}${e.code ?? ''} ${e.message ?? String(err)}`.trim().slice(0, 500),
          },
        });
        outcome.failed++;
        options.log?.warn({ notificationId: row.id, attempts, code: e.code, err: e.message }, 'mail not delivered');
        if (serverDown) break; // the rest waits for the next pass
      }
    }
    return outcome;
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = true;

  /** Polls every pollMs until stopped; a failing pass (database or mail server down) is logged and the loop goes on. */
  function start() {
    stopped = false;
    const tick = () => {
      running = drainOnce()
        .then((o) => {
          if (o.sent || o.failed) options.log?.info(o, 'mail outbox drained');
        })
        .catch((err: unknown) => options.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'mail outbox pass failed'))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, options.pollMs ?? 15_000);
        });
    };
    tick();
  }

  async function stop() {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
    transporter.close();
  }

  return { drainOnce, start, stop };
}

/** The sender the worker runs when SMTP_URL is set (runtime/config.ts); null otherwise. */
export function mailSenderFromConfig(
  prisma: PrismaClient,
  config: { SMTP_URL?: string; MAIL_FROM: string; MAIL_APP_URL?: string; MAIL_POLL_SECONDS: number; MAIL_MAX_ATTEMPTS: number },
  log: MailSenderOptions['log'],
) {
  if (!config.SMTP_URL) return null;
  const sender = createMailSender(prisma, { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM, appUrl: config.MAIL_APP_URL, pollMs: config.MAIL_POLL_SECONDS * 1000, maxAttempts: config.MAIL_MAX_ATTEMPTS, log });
  sender.start();
  return sender;
}
