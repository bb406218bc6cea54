// Writes the demo data: batched createMany inside one transaction, so a failed seed leaves nothing behind.
import { hashPassword } from '../../services/passwords';
import type { Prisma, PrismaClient } from '../db';
import { buildDemoData, DEFAULT_OFFICERS, DEFAULT_SEED, type DemoData } from './build';

// Up to 5,000 rows per statement, fewer for wide rows: PostgreSQL allows 65,535 bind parameters per statement.
const BATCH_ROWS = 5_000;
const MAX_PARAMETERS = 60_000;

export interface SeedOptions {
  officers?: number;
  seed?: string;
  /** See BuildOptions.departmentOfficers. */
  departmentOfficers?: Readonly<Record<string, number>>;
  log?: (line: string) => void;
}

export interface SeedSummary {
  /** False when the database already held demo data: nothing was written. */
  seeded: boolean;
  /** Rows written per table (empty when not seeded). */
  counts: Record<string, number>;
  timingsMs: { build: number; hash: number; write: number; total: number };
}

type Tx = Prisma.TransactionClient;

async function insertAll<T extends object>(
  rows: readonly T[],
  insert: (batch: T[]) => Promise<unknown>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Math.max(...rows.slice(0, 50).map((r) => Object.keys(r).length));
  const size = Math.min(BATCH_ROWS, Math.floor(MAX_PARAMETERS / columns));
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
  return rows.length;
}

/** Writes rows that are already built; returns rows written per table. */
export async function writeDemoData(tx: Tx, data: DemoData, passwordHashes: Map<string, string>, log: (line: string) => void = () => {}) {
  const counts: Record<string, number> = {};
  const step = async <T extends object>(table: string, rows: readonly T[], insert: (batch: T[]) => Promise<unknown>) => {
    const started = performance.now();
    counts[table] = await insertAll(rows, insert);
    log(`  ${table.padEnd(22)} ${String(rows.length).padStart(7)} rows  ${Math.round(performance.now() - started)} ms`);
  };
  await step('units', data.units, (data) => tx.unit.createMany({ data }));
  await step('fields', data.fields, (data) => tx.professionalField.createMany({ data }));
  await step('competencies', data.competencies, (data) => tx.competency.createMany({ data }));
  await step('positions', data.positions, (data) => tx.jobPosition.createMany({ data }));
  await step('positionCompetencies', data.positionCompetencies, (data) => tx.positionCompetency.createMany({ data }));
  await step('blueprints', data.blueprints, (data) => tx.testBlueprint.createMany({ data }));
  await step('blueprintSections', data.blueprintSections, (data) => tx.blueprintSection.createMany({ data }));
  await step('questionItems', data.questionItems, (data) => tx.questionItem.createMany({ data }));
  await step('questionItemVersions', data.questionItemVersions, (data) => tx.questionItemVersion.createMany({ data }));
  await step('officers', data.officers, (data) => tx.officer.createMany({ data }));
  await step('assignments', data.assignments, (data) => tx.assignment.createMany({ data }));
  await step('businesses', data.businesses, (data) => tx.business.createMany({ data }));
  const users = data.users.map(({ password: _plain, ...user }) => ({ ...user, passwordHash: passwordHashes.get(user.username)! }));
  await step('users', users, (data) => tx.user.createMany({ data }));
  await step('stages', data.stages, (data) => tx.professionalStage.createMany({ data }));
  await step('feedbackReasons', data.feedbackReasons, (data) => tx.feedbackReason.createMany({ data }));
  await step('declarations', data.declarations, (data) => tx.declaration.createMany({ data }));
  await step('declarationHandlings', data.declarationHandlings, (data) => tx.declarationHandling.createMany({ data }));
  await step('legalNotices', data.legalNotices, (data) => tx.legalNotice.createMany({ data }));
  return counts;
}

async function isSeeded(db: Tx): Promise<boolean> {
  return (await db.unit.findUnique({ where: { id: 'HQ' }, select: { id: true } })) !== null;
}

/**
 * Builds and writes the demo data in one transaction. Refuses (seeded: false, nothing written) when
 * Unit "HQ" already exists (prisma/seed.ts --reset recreates the database first).
 */
export async function seedDemoData(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const notSeeded: SeedSummary = { seeded: false, counts: {}, timingsMs: { build: 0, hash: 0, write: 0, total: 0 } };
  // Cheap check first, so a refused seed does not build 100,000 officers; checked again inside the transaction.
  if (await isSeeded(prisma)) return notSeeded;

  const data = buildDemoData({ officers: options.officers ?? DEFAULT_OFFICERS, seed: options.seed ?? DEFAULT_SEED, departmentOfficers: options.departmentOfficers });
  const t1 = performance.now();
  log(`built ${data.officers.length} officers, ${data.assignments.length} assignments, ${data.questionItems.length} items in ${Math.round(t1 - t0)} ms`);

  // Salts are random, so hashes differ between runs; everything else is deterministic.
  const passwordHashes = new Map(
    await Promise.all(data.users.map(async (u) => [u.username, await hashPassword(u.password)] as const)),
  );
  const t2 = performance.now();

  const counts = await prisma.$transaction(
    async (tx) => {
      if (await isSeeded(tx)) return null;
      return writeDemoData(tx, data, passwordHashes, log);
    },
    { maxWait: 60_000, timeout: 30 * 60_000 },
  );
  const t3 = performance.now();
  return {
    seeded: counts !== null,
    counts: counts ?? {},
    timingsMs: { build: Math.round(t1 - t0), hash: Math.round(t2 - t1), write: Math.round(t3 - t2), total: Math.round(t3 - t0) },
  };
}
