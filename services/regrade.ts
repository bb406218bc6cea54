// Voiding a faulty item for a cycle and regrading, in one transaction, every attempt whose form used it.
import type { PrismaClient } from '../prisma/db';
import { writeAudit } from './audit';
import { gradeInto } from './exam-delivery';
import { levelResult } from './levels';

export async function voidItemAndRegrade(
  prisma: PrismaClient,
  input: { cycleId: string; itemVersionId: string; reason: string; actorUserId: string },
): Promise<{ alreadyVoided: boolean; affectedForms: number; regraded: number; relevelled: number }> {
  const outcome = await prisma.$transaction(async (tx) => {
    const forms = await tx.examForm.findMany({
      where: { registration: { cycleId: input.cycleId }, items: { array_contains: [{ itemVersionId: input.itemVersionId }] } },
      select: { id: true, attempt: { select: { id: true, status: true } } },
    });
    const existing = await tx.itemVoid.findUnique({ where: { cycleId_itemVersionId: { cycleId: input.cycleId, itemVersionId: input.itemVersionId } } });
    if (existing) return { alreadyVoided: true, affectedForms: forms.length, regraded: 0, attemptIds: [] as string[] };
    if (forms.length === 0) return { alreadyVoided: false, affectedForms: 0, regraded: 0, attemptIds: [] as string[] };
    await tx.itemVoid.create({ data: { cycleId: input.cycleId, itemVersionId: input.itemVersionId, reason: input.reason, voidedById: input.actorUserId } });
    const graded = forms.map((f) => f.attempt).filter((a) => a && (a.status === 'SUBMITTED' || a.status === 'AUTO_SUBMITTED'));
    for (const attempt of graded) await gradeInto(tx, attempt!.id);
    await writeAudit(tx, {
      action: 'exam.item_voided', entityType: 'QuestionItemVersion', entityId: input.itemVersionId, cycleId: input.cycleId,
      actorUserId: input.actorUserId, reason: input.reason, details: { affectedForms: forms.length, regraded: graded.length },
    });
    return { alreadyVoided: false, affectedForms: forms.length, regraded: graded.length, attemptIds: graded.map((a) => a!.id) };
  }, { timeout: 300_000 });
  // A regraded result that had a level gets it again from the same frozen rules: the score it rests on changed.
  const levelled = await prisma.result.findMany({ where: { attemptId: { in: outcome.attemptIds ?? [] }, level: { not: null } }, select: { id: true } });
  for (const r of levelled) await levelResult(prisma, r.id);
  return { alreadyVoided: outcome.alreadyVoided, affectedForms: outcome.affectedForms, regraded: outcome.regraded, relevelled: levelled.length };
}
