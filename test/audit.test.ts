// The audit log is evidence (issue 14): the app's connection cannot update, delete or truncate it, every
// writer's entries land in one hash chain in commit order (sealed at commit, so writers neither queue nor
// deadlock on the chain before then), and whoever gets past the triggers (a superuser with
// session_replication_role = replica) leaves a broken link that the verifier finds at the right place.
// A database of its own: these tests tamper with the log on purpose.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../prisma/db';
import { writeAudit } from '../services/audit';
import { verifyAuditChain, type ChainHead } from '../services/audit-chain';
import { runAuditVerify } from '../scripts/audit-verify';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';

let database: ScratchDatabase;
let prisma: PrismaClient;
/** The superuser who bypasses the triggers: a connection of its own with session_replication_role = replica. */
let tamperer: pg.Client;

// Small batches, so every walk crosses batch boundaries.
const verify = (expectHead?: ChainHead) => verifyAuditChain(prisma, { batchSize: 7, expectHead });
const count = () => prisma.auditLog.count();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const idAt = async (chainSeq: bigint | number): Promise<bigint> =>
  BigInt((await tamperer.query('SELECT id FROM "AuditLog" WHERE "chainSeq" = $1', [chainSeq])).rows[0].id);
/** Keeps the entries a test is about to tamper with, in the tamperer's session, to put them back afterwards. */
async function stash(where: string, ...params: unknown[]) {
  await tamperer.query('CREATE TEMP TABLE stash (LIKE "AuditLog")');
  await tamperer.query(`INSERT INTO stash SELECT * FROM "AuditLog" WHERE ${where}`, params);
}
async function restoreStash() {
  await tamperer.query('DELETE FROM "AuditLog" WHERE id IN (SELECT id FROM stash)');
  await tamperer.query('INSERT INTO "AuditLog" SELECT * FROM stash');
  await tamperer.query('DROP TABLE stash');
}

beforeAll(async () => {
  database = await createScratchDatabase('assess_audit');
  prisma = createPrisma(database.url, { max: 10 });
  tamperer = new pg.Client({ connectionString: database.url });
  await tamperer.connect();
  await tamperer.query('SET session_replication_role = replica');
});

afterAll(async () => {
  await tamperer?.end();
  await prisma?.$disconnect();
  await database?.drop();
});

describe('the app cannot rewrite the audit log', () => {
  beforeAll(async () => {
    await writeAudit(prisma, { action: 'test.written', entityType: 'Test', entityId: 'first', reason: 'kept' });
    await prisma.auditLog.createMany({ data: [{ action: 'test.written', entityType: 'Test', entityId: 'second', details: { ý: 'Việt', n: 1 } }] });
  });

  it('refuses UPDATE', async () => {
    const before = await count();
    await expect(prisma.auditLog.updateMany({ where: { entityId: 'first' }, data: { reason: 'rewritten' } })).rejects.toThrow(/append-only: UPDATE refused/);
    expect(await count()).toBe(before);
    expect((await prisma.auditLog.findFirstOrThrow({ where: { entityId: 'first' } })).reason).toBe('kept');
  });

  it('refuses DELETE', async () => {
    const before = await count();
    await expect(prisma.auditLog.deleteMany({ where: { entityId: 'first' } })).rejects.toThrow(/append-only: DELETE refused/);
    expect(await count()).toBe(before);
  });

  it('refuses TRUNCATE', async () => {
    const before = await count();
    expect(before).toBeGreaterThan(0);
    await expect(prisma.$executeRawUnsafe('TRUNCATE TABLE "AuditLog"')).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await count()).toBe(before);
  });

  it('fills the chain columns itself, whatever the writer passes', async () => {
    await prisma.auditLog.create({ data: { action: 'test.forged', entityType: 'Test', entityId: 'forged', chainSeq: 1000n, prevHash: 'x', hash: 'y' } });
    const forged = await prisma.auditLog.findFirstOrThrow({ where: { entityId: 'forged' } });
    expect(forged.chainSeq).toBe(BigInt(await count()));
    expect(forged.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await verify()).ok).toBe(true);
  });
});

describe('concurrent writers', () => {
  it('make one unbroken chain in commit order, rolled-back entries leaving no gap', async () => {
    const before = await count();
    const WRITERS = 20;
    const results = await Promise.allSettled(
      Array.from({ length: WRITERS }, (_, writer) =>
        prisma.$transaction(
          async (tx) => {
            const details = { writer };
            await writeAudit(tx, { action: 'test.concurrent', entityType: 'Writer', entityId: String(writer), details });
            await sleep((writer * 7) % 20); // the others write and commit meanwhile: entries are sealed at commit
            await tx.auditLog.createMany({ data: [1, 2, 3].map((n) => ({ action: 'test.concurrent', entityType: 'Writer', entityId: `${writer}.${n}`, details })) });
            await writeAudit(tx, { action: 'test.concurrent', entityType: 'Writer', entityId: `${writer}.end`, details });
            if (writer % 5 === 4) throw new Error('rolled back on purpose');
          },
          { maxWait: 20_000, timeout: 30_000 },
        ),
      ),
    );
    const rolledBack = results.filter((r) => r.status === 'rejected');
    expect(rolledBack.map((r) => (r as PromiseRejectedResult).reason.message)).toEqual(Array(WRITERS / 5).fill('rolled back on purpose'));
    const committed = WRITERS - rolledBack.length;

    const report = await verify();
    expect(report.break).toBeUndefined();
    expect(report.checked).toBe(before + committed * 5);
    expect(report.head?.chainSeq).toBe(BigInt(report.checked));

    // Each transaction's five entries sit together in the chain: positions are handed out in commit order.
    const entries = await prisma.auditLog.findMany({ where: { action: 'test.concurrent' }, orderBy: { chainSeq: 'asc' }, select: { details: true } });
    const writers = entries.map((e) => (e.details as { writer: number }).writer);
    const runs = writers.filter((w, i) => i === 0 || w !== writers[i - 1]);
    expect(runs).toHaveLength(committed);
    expect(new Set(runs).size).toBe(committed);
    expect(runs.every((w) => w % 5 !== 4)).toBe(true);
  });
});

describe('tampering past the triggers', () => {
  beforeAll(async () => {
    await prisma.auditLog.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ action: 'test.filler', entityType: 'Filler', entityId: String(i), reason: `filler ${i}` })),
    });
    expect((await verify()).ok).toBe(true);
  });

  it('a deleted middle entry breaks the chain at its position', async () => {
    const head = (await verify()).head!;
    const target = head.chainSeq - 10n;
    const next = await idAt(target + 1n);
    await stash('"chainSeq" = $1', target);
    await tamperer.query('DELETE FROM "AuditLog" WHERE "chainSeq" = $1', [target]);

    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.break).toMatchObject({ kind: 'gap', chainSeq: target, id: next });
    expect(BigInt(report.checked)).toBe(target - 1n);

    await restoreStash();
    expect((await verify()).ok).toBe(true);
  });

  it('a removed run of entries longer than a batch is a gap at its first position', async () => {
    // Batches cover chainSeq 1-7, 8-14, 15-21...: the one for 15-21 comes back empty.
    const next = await idAt(22);
    await stash('"chainSeq" BETWEEN 15 AND 21');
    await tamperer.query('DELETE FROM "AuditLog" WHERE "chainSeq" BETWEEN 15 AND 21');

    const report = await verify();
    expect(report.break).toMatchObject({ kind: 'gap', chainSeq: 15n, id: next });
    expect(report.break?.message).toContain('15..21 missing');

    await restoreStash();
    expect((await verify()).ok).toBe(true);
  });

  it('an altered entry is reported as altered', async () => {
    const target = 9n;
    await stash('"chainSeq" = $1', target);
    await tamperer.query('UPDATE "AuditLog" SET reason = $2 WHERE "chainSeq" = $1', [target, 'nothing happened here']);

    const report = await verify();
    expect(report.break).toMatchObject({ kind: 'altered', chainSeq: target, id: await idAt(target) });

    await restoreStash();
    expect((await verify()).ok).toBe(true);
  });

  it('an altered entry whose hash was recomputed breaks the link to the next one', async () => {
    const target = 12n;
    await stash('"chainSeq" = $1', target);
    await tamperer.query('UPDATE "AuditLog" SET reason = $2 WHERE "chainSeq" = $1', [target, 'nothing happened here']);
    await tamperer.query('UPDATE "AuditLog" a SET hash = audit_entry_digest(a) WHERE "chainSeq" = $1', [target]);

    const report = await verify();
    expect(report.break).toMatchObject({ kind: 'prev_hash_mismatch', chainSeq: target + 1n, id: await idAt(target + 1n) });

    await restoreStash();
    expect((await verify()).ok).toBe(true);
  });

  it('an entry slipped in outside the chain is reported', async () => {
    const { rows } = await tamperer.query(`INSERT INTO "AuditLog" (action, "entityType", "entityId") VALUES ('test.slipped', 'Test', 'slipped') RETURNING id`);

    const report = await verify();
    expect(report.break).toMatchObject({ kind: 'unchained', chainSeq: null, id: BigInt(rows[0].id) });

    await tamperer.query('DELETE FROM "AuditLog" WHERE id = $1', [rows[0].id]);
    expect((await verify()).ok).toBe(true);

    const before = await tamperer.query(`INSERT INTO "AuditLog" (action, "entityType", "entityId", "chainSeq") VALUES ('test.slipped', 'Test', 'before', 0) RETURNING id`);
    expect((await verify()).break).toMatchObject({ kind: 'unchained', chainSeq: 0n, id: BigInt(before.rows[0].id) });
    await tamperer.query('DELETE FROM "AuditLog" WHERE id = $1', [before.rows[0].id]);
    expect((await verify()).ok).toBe(true);
  });

  it('a removed tail passes without a recorded head and is caught with --expect-head', async () => {
    const recorded = (await verify()).head!;
    await stash('"chainSeq" >= $1', recorded.chainSeq - 1n);
    await tamperer.query('DELETE FROM "AuditLog" WHERE "chainSeq" >= $1', [recorded.chainSeq - 1n]);

    // What the chain alone cannot tell: its shorter self is still a valid chain.
    const alone = await verify();
    expect(alone.ok).toBe(true);
    expect(alone.head?.chainSeq).toBe(recorded.chainSeq - 2n);
    const report = await verify(recorded);
    expect(report.break).toMatchObject({ kind: 'tail_removed', chainSeq: recorded.chainSeq - 1n, id: null });

    const lines: string[] = [];
    const code = await runAuditVerify(prisma, ['--expect-head', `${recorded.chainSeq}:${recorded.hash}`], { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe(`kind=tail_removed chainSeq=${recorded.chainSeq - 1n} id=`);

    await restoreStash();
    expect((await verify(recorded)).ok).toBe(true);
  });

  it('a chain rewritten from an altered entry to its end is caught by the recorded head', async () => {
    const recorded = (await verify()).head!;
    const from = recorded.chainSeq - 3n;
    await stash('"chainSeq" >= $1', from);
    await tamperer.query('UPDATE "AuditLog" SET reason = $2 WHERE "chainSeq" = $1', [from, 'nothing happened here']);
    for (let seq = from; seq <= recorded.chainSeq; seq++) {
      await tamperer.query('UPDATE "AuditLog" SET "prevHash" = (SELECT hash FROM "AuditLog" WHERE "chainSeq" = $1::bigint - 1) WHERE "chainSeq" = $1::bigint', [seq]);
      await tamperer.query('UPDATE "AuditLog" a SET hash = audit_entry_digest(a) WHERE "chainSeq" = $1', [seq]);
    }

    expect((await verify()).ok).toBe(true);
    const report = await verify(recorded);
    expect(report.break).toMatchObject({ kind: 'head_mismatch', chainSeq: recorded.chainSeq, id: await idAt(recorded.chainSeq) });

    await restoreStash();
    expect((await verify(recorded)).ok).toBe(true);
  });
});

describe('npm run audit:verify', () => {
  it('ends an intact walk with the head as key=value, accepted back as --expect-head', async () => {
    const lines: string[] = [];
    const out = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) };
    expect(await runAuditVerify(prisma, ['--batch', '5'], out)).toBe(0);
    const last = lines.at(-1)!;
    const head = (await verify()).head!;
    expect(last).toBe(`entries=${await count()} chainSeq=${head.chainSeq} hash=${head.hash}`);

    const fields = Object.fromEntries(last.split(' ').map((kv) => kv.split('=')));
    expect(await runAuditVerify(prisma, ['--expect-head', `${fields.chainSeq}:${fields.hash}`], out)).toBe(0);
    expect(await runAuditVerify(prisma, ['--expect-head', 'nonsense'], out)).toBe(2);
  });
});

describe('sealing at commit', () => {
  /** A connection of the app's own kind (triggers on), for interleavings Prisma's transactions cannot pin down. */
  async function connect(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    return client;
  }
  const insertEntry = (client: pg.Client, entityType: string, entityId: string) =>
    client.query(`INSERT INTO "AuditLog" (action, "entityType", "entityId") VALUES ('test.sealing', $1, $2)`, [entityType, entityId]);
  /** Until some backend of this database waits for a lock of this type ('transactionid': a row, 'advisory': the chain). */
  async function lockWaited(locktype: string) {
    for (let tries = 0; tries < 1000; tries++) {
      const { rows } = await tamperer.query(
        `SELECT 1 FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE NOT l.granted AND l.locktype = $1 AND a.datname = current_database()`,
        [locktype],
      );
      if (rows.length > 0) return;
      await sleep(10);
    }
    throw new Error(`nobody came to wait for a ${locktype} lock`);
  }
  const chainOf = (entityType: string) =>
    prisma.auditLog.findMany({ where: { entityType }, orderBy: { chainSeq: 'asc' }, select: { id: true, entityId: true, chainSeq: true, hash: true } });

  it('does not deadlock: T1 writes audit then waits on a row that T2 holds while T2 writes audit', async () => {
    await tamperer.query('CREATE TABLE audit_probe (id int PRIMARY KEY, n int NOT NULL)');
    await tamperer.query('INSERT INTO audit_probe VALUES (1, 0)');
    let rowTaken!: () => void;
    const t2HoldsRow = new Promise<void>((resolve) => (rowTaken = resolve));
    const t1 = prisma.$transaction(
      async (tx) => {
        await writeAudit(tx, { action: 'test.deadlock', entityType: 'Deadlock', entityId: 't1' });
        await t2HoldsRow;
        await tx.$executeRaw`UPDATE audit_probe SET n = n + 1 WHERE id = 1`;
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
    const t2 = prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`UPDATE audit_probe SET n = n + 1 WHERE id = 1`;
        rowTaken();
        await lockWaited('transactionid'); // T1, its audit entry written, queues behind this transaction's row
        await writeAudit(tx, { action: 'test.deadlock', entityType: 'Deadlock', entityId: 't2' });
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
    const results = await Promise.allSettled([t1, t2]);
    expect(results.map((r) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'committed'))).toEqual(['committed', 'committed']);
    expect((await tamperer.query('SELECT n FROM audit_probe WHERE id = 1')).rows[0].n).toBe(2);

    // Sealed in commit order: T2 committed first (T1 waited for its row), though T1 wrote its entry first.
    const entries = await chainOf('Deadlock');
    expect(entries.map((e) => e.entityId)).toEqual(['t2', 't1']);
    expect(entries[0].id).toBeGreaterThan(entries[1].id);
    expect(entries[1].chainSeq).toBe(entries[0].chainSeq! + 1n);
    expect((await verify()).break).toBeUndefined();
  });

  it('a writer that waited at commit for the chain reads the head committed meanwhile (READ COMMITTED)', async () => {
    const holder = await connect();
    const waiter = await connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(1096107081)'); // as a transaction sealing at commit holds it
      await insertEntry(holder, 'Snapshot', 'holder.1');
      await waiter.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      await insertEntry(waiter, 'Snapshot', 'waiter'); // no lock taken: the entry waits unsealed for the commit
      const committed = waiter.query('COMMIT');
      await lockWaited('advisory');
      // Committed after the waiter's COMMIT began: its seal must read this head, not the one of its snapshot.
      await insertEntry(holder, 'Snapshot', 'holder.2');
      await holder.query('COMMIT');
      await committed;
    } finally {
      await holder.end();
      await waiter.end();
    }
    const entries = await chainOf('Snapshot');
    expect(entries.map((e) => e.entityId)).toEqual(['holder.1', 'holder.2', 'waiter']);
    expect(entries.map((e) => e.chainSeq! - entries[0].chainSeq!)).toEqual([0n, 1n, 2n]);
    expect((await verify()).break).toBeUndefined();
  });

  it('at REPEATABLE READ a head moved since the snapshot fails the commit (serialization failure), it never forks the chain', async () => {
    const before = await verify();
    const stale = await connect();
    try {
      await stale.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await stale.query('SELECT count(*) FROM "AuditLog"'); // the snapshot
      await writeAudit(prisma, { action: 'test.sealing', entityType: 'Stale', entityId: 'moved' });
      await insertEntry(stale, 'Stale', 'stale');
      const error = await stale.query('COMMIT').then(
        () => null,
        (e: { code?: string; message: string }) => e,
      );
      expect(error).toMatchObject({ code: '40001' });
      expect(error?.message).toMatch(/audit chain/);
    } finally {
      await stale.end();
    }
    expect((await chainOf('Stale')).map((e) => e.entityId)).toEqual(['moved']);
    const after = await verify();
    expect(after.break).toBeUndefined();
    expect(after.checked).toBe(before.checked + 1);
  });

  it('seals after a rolled-back savepoint and under SET CONSTRAINTS ALL IMMEDIATE, leaving the queue empty', async () => {
    const client = await connect();
    try {
      await client.query('BEGIN');
      await client.query('SAVEPOINT s');
      await insertEntry(client, 'Queue', 'rolled back'); // queues the transaction, inside the savepoint
      await client.query('ROLLBACK TO s'); // the queue row goes with the entry
      await insertEntry(client, 'Queue', 'kept.1'); // queued again
      await client.query('SAVEPOINT t');
      await insertEntry(client, 'Queue', 'kept.2');
      await client.query('RELEASE t');
      await client.query('COMMIT');

      await client.query('BEGIN');
      await client.query('SET CONSTRAINTS ALL IMMEDIATE');
      await insertEntry(client, 'Queue', 'immediate.1');
      expect((await client.query(`SELECT "chainSeq" FROM "AuditLog" WHERE "entityId" = 'immediate.1'`)).rows[0].chainSeq).not.toBeNull();
      await insertEntry(client, 'Queue', 'immediate.2'); // queued again: the seal took the first queue row
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
    const entries = await chainOf('Queue');
    expect(entries.map((e) => e.entityId)).toEqual(['kept.1', 'kept.2', 'immediate.1', 'immediate.2']);
    expect(entries.map((e) => e.chainSeq! - entries[0].chainSeq!)).toEqual([0n, 1n, 2n, 3n]);
    expect((await tamperer.query('SELECT count(*)::int AS n FROM audit_chain.seal_pending')).rows[0].n).toBe(0);
    expect((await verify()).break).toBeUndefined();
  });

  it('lets through only its own sealing update', async () => {
    const sealed = await prisma.auditLog.findFirstOrThrow({ where: { entityId: 'first' } });
    const refused = /append-only: UPDATE refused/;
    // A sealed entry's chain columns alone: neither resealed nor unsealed.
    await expect(prisma.$executeRaw`UPDATE "AuditLog" SET hash = ${'0'.repeat(64)} WHERE id = ${sealed.id}`).rejects.toThrow(refused);
    await expect(prisma.$executeRaw`UPDATE "AuditLog" SET "chainSeq" = NULL, "prevHash" = NULL, hash = NULL WHERE id = ${sealed.id}`).rejects.toThrow(refused);
    await expect(prisma.$executeRaw`UPDATE "AuditLog" a SET hash = audit_entry_digest(a) WHERE id = ${sealed.id}`).rejects.toThrow(refused);

    // An entry not sealed yet (its own transaction still open).
    const inOpenTransaction = (update: (tx: Parameters<Parameters<PrismaClient['$transaction']>[0]>[0], id: bigint) => Promise<unknown>) =>
      prisma.$transaction(async (tx) => {
        const entry = await tx.auditLog.create({ data: { action: 'test.unsealed', entityType: 'Test', entityId: 'unsealed', reason: 'as written' } });
        expect(entry.hash).toBeNull();
        await update(tx, entry.id);
      });
    // ...a non-chain column changed, with or without sealing it in the same update
    await expect(inOpenTransaction((tx, id) => tx.$executeRaw`UPDATE "AuditLog" SET reason = 'rewritten' WHERE id = ${id}`)).rejects.toThrow(refused);
    await expect(
      inOpenTransaction((tx, id) => tx.$executeRaw`UPDATE "AuditLog" SET reason = 'rewritten', "chainSeq" = 999999, hash = ${'0'.repeat(64)} WHERE id = ${id}`),
    ).rejects.toThrow(refused);
    // ...sealed by the caller, fields unchanged: only the commit-time seal may
    await expect(
      inOpenTransaction((tx, id) => tx.$executeRaw`UPDATE "AuditLog" a SET "chainSeq" = 999999, hash = audit_entry_digest(a) WHERE id = ${id}`),
    ).rejects.toThrow(refused);

    expect(await prisma.auditLog.count({ where: { entityId: 'unsealed' } })).toBe(0);
    expect((await prisma.auditLog.findUniqueOrThrow({ where: { id: sealed.id } })).hash).toBe(sealed.hash);
    expect((await verify()).break).toBeUndefined();
  });

  it('seals a createMany of thousands of entries in one pass: one contiguous run of chainSeq, in id order', async () => {
    const N = 4000;
    const others = Array.from({ length: 6 }, (_, writer) =>
      prisma.$transaction(async (tx) => {
        await writeAudit(tx, { action: 'test.bulk.other', entityType: 'BulkOther', entityId: `${writer}.1` });
        await sleep(writer * 5);
        await writeAudit(tx, { action: 'test.bulk.other', entityType: 'BulkOther', entityId: `${writer}.2` });
      }),
    );
    const bulk = prisma.$transaction(
      async (tx) => {
        await tx.auditLog.createMany({ data: Array.from({ length: N }, (_, i) => ({ action: 'test.bulk', entityType: 'Bulk', entityId: String(i), details: { i } })) });
        await sleep(20); // the others commit meanwhile
      },
      { timeout: 30_000 },
    );
    await Promise.all([bulk, ...others]);

    const [run] = await prisma.$queryRaw<{ n: bigint; first: bigint; last: bigint; inIdOrder: boolean }[]>`
      SELECT count(*) AS n, min(seq) AS first, max(seq) AS last, bool_and(seq - first_seq = place - 1) AS "inIdOrder"
      FROM (SELECT "chainSeq" AS seq, first_value("chainSeq") OVER w AS first_seq, row_number() OVER w AS place
            FROM "AuditLog" WHERE "entityType" = 'Bulk' WINDOW w AS (ORDER BY id)) entries`;
    expect(run.n).toBe(BigInt(N));
    expect(run.last - run.first + 1n).toBe(BigInt(N));
    expect(run.inIdOrder).toBe(true);
    expect((await verify()).break).toBeUndefined();
  });
});
