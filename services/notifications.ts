// The notification outbox: one row per recipient and reason, keyed so that a retry never sends twice.
// A mail sender (outside the product) drains rows whose sentAt is null.
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
