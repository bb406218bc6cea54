// What a signed-in user's account records: each sign-in (in the audit log) and the language they chose last.
import type { PrismaClient, Role } from '../prisma/db';
import type { Locale } from '../domain/locale';
import { writeAudit } from './audit';

export async function recordSignIn(
  prisma: PrismaClient,
  user: { id: string; role: Role; unitId: string | null },
  details: { via: 'token' | 'session'; sessionId?: string; address: string | null },
): Promise<void> {
  await writeAudit(prisma, {
    action: 'auth.signed_in',
    entityType: details.sessionId ? 'WebSession' : 'User',
    entityId: details.sessionId ?? user.id,
    actorUserId: user.id,
    actorRole: user.role,
    unitId: user.unitId,
    details,
  });
}

export async function rememberLocale(prisma: PrismaClient, userId: string, locale: Locale): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { locale } });
}
