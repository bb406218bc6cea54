// The one way to write the append-only audit log: who, what, when, why. Used inside the caller's transaction.
// The database chains each entry to the one before (chainSeq, prevHash, hash: services/audit-chain.ts checks them).
import type { Prisma } from '../prisma/db';
import type { Role } from '../prisma/db';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  actorUserId?: string | null;
  actorRole?: Role | null;
  cycleId?: string | null;
  unitId?: string | null;
  reason?: string | null;
  details?: Prisma.InputJsonValue;
  at?: Date;
}

/** What a reader of the log is shown: the entry, not its place in the hash chain (bigint, for the verifier). */
export const AUDIT_ENTRY_FIELDS = {
  id: true,
  at: true,
  actorUserId: true,
  actorRole: true,
  action: true,
  entityType: true,
  entityId: true,
  cycleId: true,
  unitId: true,
  reason: true,
  details: true,
} as const;

type AuditWriter = { auditLog: { create: (args: { data: Prisma.AuditLogUncheckedCreateInput }) => Promise<unknown> } };

export async function writeAudit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: entry });
}
