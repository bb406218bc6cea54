// A department reviewer's decision on a flagged registration: accept or reject it with a written justification,
// or correct it to the position the officer actually holds. Only while the department's list is open.
import type { Prisma, PrismaClient, Role } from '../prisma/db';
import { unitPath } from '../domain/unit-path';
import { writeAudit } from './audit';

/** What a registration is shown with. */
export const registrationInclude = { officer: true, position: true, heldPosition: true, unit: true } as const;
export type RegistrationRow = Prisma.RegistrationGetPayload<{ include: typeof registrationInclude }>;

export type ReviewDecision = 'ACCEPT' | 'REJECT' | 'CORRECT';

export type DecisionOutcome =
  | { kind: 'decided'; registration: RegistrationRow }
  /** The same decision with the same justification was recorded before: a retried request. */
  | { kind: 'repeated'; registration: RegistrationRow }
  | { kind: 'listNotOpen'; status: string }
  | { kind: 'deadlinePassed' }
  | { kind: 'notActive'; status: string }
  | { kind: 'notFlagged' }
  | { kind: 'alreadyActual' };

export async function decideRegistration(
  prisma: PrismaClient,
  r: RegistrationRow,
  input: { decision: ReviewDecision; justification: string },
  actor: { id: string; role: Role },
): Promise<DecisionOutcome> {
  const list = await prisma.unitList.findUnique({ where: { cycleId_unitId: { cycleId: r.cycleId, unitId: unitPath.department(r.unit.path) } } });
  if (!list || !['DRAFT', 'RETURNED'].includes(list.status)) return { kind: 'listNotOpen', status: list?.status ?? 'VERIFYING' };
  if (list.escalatedAt && list.missingDecision === 'EXCLUDE_CANDIDATES') return { kind: 'deadlinePassed' };
  if (r.status !== 'ACTIVE') return { kind: 'notActive', status: r.status };
  if (input.decision !== 'CORRECT' && !['FLAGGED', 'BLOCKED'].includes(r.verificationOutcome ?? '')) return { kind: 'notFlagged' };
  if (input.decision === 'CORRECT' && r.positionId === r.heldPositionId) return { kind: 'alreadyActual' };
  const decision = ({ ACCEPT: 'ACCEPTED', REJECT: 'REJECTED', CORRECT: 'CORRECTED' } as const)[input.decision];
  if (r.reviewDecision === decision && r.reviewJustification === input.justification) return { kind: 'repeated', registration: r };
  const saved = await prisma.$transaction(async (tx) => {
    const updated = await tx.registration.update({
      where: { id: r.id },
      data: {
        reviewDecision: decision,
        reviewJustification: input.justification,
        reviewedById: actor.id,
        reviewedAt: new Date(),
        ...(decision === 'CORRECTED' ? { positionId: r.heldPositionId, correctedFromPositionId: r.positionId } : {}),
      },
      include: registrationInclude,
    });
    await writeAudit(tx, {
      action: `registration.${decision.toLowerCase()}`, entityType: 'Registration', entityId: r.id, cycleId: r.cycleId, unitId: r.unitId,
      actorUserId: actor.id, actorRole: actor.role, reason: input.justification,
      details: { previousDecision: r.reviewDecision, positionId: updated.positionId, ...(decision === 'CORRECTED' ? { correctedFrom: r.positionId } : {}) },
    });
    return updated;
  });
  return { kind: 'decided', registration: saved };
}
