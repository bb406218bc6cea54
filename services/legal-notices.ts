// Notices of newly issued legal documents, published by headquarters for businesses to read.
import type { PrismaClient, Role } from '../prisma/db';
import { writeAudit } from './audit';

export interface NewLegalNotice {
  titleVi: string;
  titleEn: string;
  summaryVi?: string;
  summaryEn?: string;
  documentNo?: string;
  sourceUrl: string;
  /** The document's date (YYYY-MM-DD), a day in Vietnam. */
  issuedAt: string;
  fieldIds: string[];
}

export async function publishLegalNotice(prisma: PrismaClient, input: NewLegalNotice, actor: { id: string; role: Role }) {
  return prisma.$transaction(async (tx) => {
    const created = await tx.legalNotice.create({ data: { ...input, issuedAt: new Date(`${input.issuedAt}T00:00:00+07:00`) } });
    await writeAudit(tx, { action: 'legal_notice.published', entityType: 'LegalNotice', entityId: created.id, actorUserId: actor.id, actorRole: actor.role, details: { documentNo: created.documentNo, sourceUrl: created.sourceUrl } });
    return created;
  });
}
