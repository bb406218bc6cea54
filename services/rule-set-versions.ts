// Writing rule sets: coordinators save drafts, edit them, activate one as the next version of its kind, and
// preview a LEVEL draft against a past cycle (the preview writes only its audit entry). A version once ACTIVE
// never changes. Documents are validated with the LEVEL checks; an invalid one throws RuleSetError, naming every
// problem, and nothing is stored.
import type { Prisma, PrismaClient, RuleSet, RuleSetKind, Role } from '../prisma/db';
import { parseRuleSetWithLevelChecks } from '../rules/level';
import { ruleSetChecksum } from '../rules/rule-set-schema';
import { writeAudit } from './audit';

type Tx = Prisma.TransactionClient;
interface Actor {
  id: string;
  role: Role;
}

/** How many cycles froze each version: shown with every rule set. */
export const withUse = { _count: { select: { verificationCycles: true, levelCycles: true, followUpCycles: true } } } as const;

// Drafts have no version yet: they are stored with a negative placeholder (minus their draft number) that keeps
// (kind, version) unique, and get the next positive number when activated.
export const isDraft = (row: Pick<RuleSet, 'status'>) => row.status === 'DRAFT';

/** Serializes numbering within a kind (draft placeholders and versions) for the rest of the transaction. */
async function lockKind(tx: Tx, kind: RuleSetKind) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`rule-set:${kind}`}))`;
}

async function nextVersion(tx: Tx, kind: RuleSetKind): Promise<number> {
  const { _max } = await tx.ruleSet.aggregate({ where: { kind, version: { gt: 0 } }, _max: { version: true } });
  return (_max.version ?? 0) + 1;
}

/** Stores a new draft of the document (already known to be an object); its version field becomes the next one. */
export async function createDraft(prisma: PrismaClient, json: Record<string, unknown>, actor: Actor, copiedFrom?: RuleSet) {
  const kind = (typeof json.kind === 'string' ? json.kind : '') as RuleSetKind;
  // Validated before the transaction: an invalid kind must be reported, not used for numbering.
  parseRuleSetWithLevelChecks({ ...json, version: 1 });
  return prisma.$transaction(async (tx) => {
    await lockKind(tx, kind);
    const doc = parseRuleSetWithLevelChecks({ ...json, version: await nextVersion(tx, kind) });
    // Rows are never deleted, so "one more than the rows of this kind" is never reused, even after activations.
    const draftNumber = (await tx.ruleSet.count({ where: { kind } })) + 1;
    const row = await tx.ruleSet.create({
      data: {
        kind, version: -draftNumber, status: 'DRAFT', nameVi: doc.nameVi, nameEn: doc.nameEn,
        definition: doc as unknown as Prisma.InputJsonValue, checksum: ruleSetChecksum(doc), createdById: actor.id,
      },
    });
    await writeAudit(tx, {
      action: 'rule_set.draft_created', entityType: 'RuleSet', entityId: row.id, actorUserId: actor.id, actorRole: actor.role,
      details: { kind, draftNumber: -row.version, checksum: row.checksum, ...(copiedFrom ? { copiedFrom: copiedFrom.id, copiedVersion: copiedFrom.version } : {}) },
    });
    return row;
  });
}

/** Replaces a draft's document; null when it is no longer a draft (an activation in between wins). */
export async function updateDraft(prisma: PrismaClient, row: RuleSet, json: Record<string, unknown>, actor: Actor) {
  return prisma.$transaction(async (tx) => {
    await lockKind(tx, row.kind);
    const doc = parseRuleSetWithLevelChecks({ ...json, kind: row.kind, version: await nextVersion(tx, row.kind) });
    const checksum = ruleSetChecksum(doc);
    const { count } = await tx.ruleSet.updateMany({
      where: { id: row.id, status: 'DRAFT' },
      data: { nameVi: doc.nameVi, nameEn: doc.nameEn, definition: doc as unknown as Prisma.InputJsonValue, checksum },
    });
    if (count === 0) return null;
    await writeAudit(tx, {
      action: 'rule_set.draft_updated', entityType: 'RuleSet', entityId: row.id, actorUserId: actor.id, actorRole: actor.role,
      details: { kind: row.kind, draftNumber: -row.version, previousChecksum: row.checksum, checksum },
    });
    return tx.ruleSet.findUniqueOrThrow({ where: { id: row.id }, include: withUse });
  });
}

export type ActivateOutcome =
  | { kind: 'activated'; row: Prisma.RuleSetGetPayload<{ include: typeof withUse }> }
  | { kind: 'notFound' }
  | { kind: 'notDraft'; row: RuleSet };

/** Activates a draft as the next version of its kind, validated again (the vocabulary may have changed since). */
export async function activateDraft(prisma: PrismaClient, id: string, actor: Actor): Promise<ActivateOutcome> {
  return prisma.$transaction(async (tx): Promise<ActivateOutcome> => {
    const found = await tx.ruleSet.findUnique({ where: { id } });
    if (!found) return { kind: 'notFound' };
    await lockKind(tx, found.kind);
    const row = await tx.ruleSet.findUniqueOrThrow({ where: { id } });
    if (!isDraft(row)) return { kind: 'notDraft', row };
    const version = await nextVersion(tx, row.kind);
    const doc = parseRuleSetWithLevelChecks({ ...(row.definition as Record<string, unknown>), version });
    const checksum = ruleSetChecksum(doc);
    await tx.ruleSet.update({
      where: { id: row.id },
      data: { status: 'ACTIVE', version, definition: doc as unknown as Prisma.InputJsonValue, checksum },
    });
    await writeAudit(tx, {
      action: 'rule_set.activated', entityType: 'RuleSet', entityId: row.id, actorUserId: actor.id, actorRole: actor.role,
      details: { kind: row.kind, draftNumber: -row.version, version, checksum },
    });
    return { kind: 'activated', row: await tx.ruleSet.findUniqueOrThrow({ where: { id: row.id }, include: withUse }) };
  });
}

/** The audit entry of a preview: who looked at what a rule set would change in which cycle. */
export async function recordPreview(prisma: PrismaClient, row: RuleSet, cycleId: string, figures: { results: number; moved: { total: number; up: number; down: number } }, actor: Actor) {
  await writeAudit(prisma, {
    action: 'rule_set.previewed', entityType: 'RuleSet', entityId: row.id, cycleId, actorUserId: actor.id, actorRole: actor.role,
    details: { kind: row.kind, status: row.status, version: row.version, checksum: row.checksum, results: figures.results, moved: figures.moved },
  });
}
