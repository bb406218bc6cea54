// The notification outbox: one row per recipient and reason, keyed so that a retry never sends twice. The mail
// sender (services/mail-sender.ts) drains rows whose sentAt is null; the in-app centre reads them per user.
import type { Prisma, PrismaClient } from '../prisma/db';

export interface NotificationSpec {
  /** Identifies the reason; the recipient is appended to make the dedupe key. */
  key: string;
  templateKey: string;
  unitId?: string;
  params: Prisma.InputJsonObject;
}

export async function notifyUsers(prisma: PrismaClient, userIds: string[], spec: NotificationSpec): Promise<number> {
  if (userIds.length === 0) return 0;
  const { count } = await prisma.notification.createMany({
    data: userIds.map((userId) => ({ dedupeKey: `${spec.key}:${userId}`, userId, unitId: spec.unitId, templateKey: spec.templateKey, params: spec.params })),
    skipDuplicates: true,
  });
  return count;
}

export interface NotificationPage {
  skip: number;
  take: number;
  unreadOnly: boolean;
}

/** A user's notifications, newest first, with the total of the page's filter and the unread count in all. */
export async function listNotifications(prisma: PrismaClient, userId: string, { skip, take, unreadOnly }: NotificationPage) {
  const mine = { userId };
  const where = unreadOnly ? { ...mine, readAt: null } : mine;
  const [rows, total, unread] = await Promise.all([
    prisma.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip, take }),
    prisma.notification.count({ where }),
    prisma.notification.count({ where: { ...mine, readAt: null } }),
  ]);
  return { rows, total, unread };
}

/** Marks one of the user's notifications read; read already: unchanged. Undefined when it is not theirs. */
export async function markNotificationRead(prisma: PrismaClient, userId: string, id: string): Promise<{ id: string; readAt: Date } | undefined> {
  const n = await prisma.notification.findFirst({ where: { id, userId } });
  if (!n) return undefined;
  const readAt = n.readAt ?? (await prisma.notification.update({ where: { id: n.id }, data: { readAt: new Date() } })).readAt!;
  return { id: n.id, readAt };
}

export async function markAllNotificationsRead(prisma: PrismaClient, userId: string): Promise<number> {
  const { count } = await prisma.notification.updateMany({ where: { userId, readAt: null }, data: { readAt: new Date() } });
  return count;
}
