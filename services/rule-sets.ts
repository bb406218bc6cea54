// Rule sets in the database: the shipped ones are published once (a version is immutable once stored), and a
// cycle's frozen version is loaded by id, validated, and cached: it never changes under a running cycle.
import type { PrismaClient, Prisma, RuleSetKind } from '../prisma/db';
import { BUILT_IN_RULE_SETS } from '../rules/builtin';
import { parseRuleSet, ruleSetChecksum, type RuleSetDocument } from '../rules/rule-set-schema';

/** Stores every shipped rule set that is not stored yet, as ACTIVE. Idempotent. */
export async function publishBuiltInRuleSets(prisma: PrismaClient): Promise<number> {
  let published = 0;
  for (const doc of BUILT_IN_RULE_SETS) {
    const kind = doc.kind as RuleSetKind;
    const checksum = ruleSetChecksum(doc);
    const existing = await prisma.ruleSet.findUnique({ where: { kind_version: { kind, version: doc.version } } });
    if (existing) {
      if (existing.checksum !== checksum) {
        throw new Error(`Rule set ${kind} v${doc.version} is already stored with different content: ship changes as a new version`);
      }
      continue;
    }
    await prisma.ruleSet.create({
      data: { kind, version: doc.version, status: 'ACTIVE', nameVi: doc.nameVi, nameEn: doc.nameEn, definition: doc as unknown as Prisma.InputJsonValue, checksum },
    });
    published++;
  }
  return published;
}

const cache = new Map<string, RuleSetDocument>();

export async function loadRuleSet(prisma: PrismaClient, id: string): Promise<RuleSetDocument> {
  const cached = cache.get(id);
  if (cached) return cached;
  const row = await prisma.ruleSet.findUniqueOrThrow({ where: { id } });
  const doc = parseRuleSet(row.definition);
  if (ruleSetChecksum(doc) !== row.checksum) throw new Error(`Rule set ${row.kind} v${row.version} does not match its checksum`);
  cache.set(id, doc);
  return doc;
}
