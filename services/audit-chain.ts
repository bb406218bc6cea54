// Checks the audit log's hash chain (migration 20261202010000_audit_chain): every entry's hash against the
// database's own audit_entry_digest (the one definition of the canonical text), every link to the entry
// before, and that positions run 1, 2, 3... without a gap. Walks in batches: a million entries never sit in
// memory at once. Entries are sealed (given their chain columns) when their transaction commits, so every
// committed entry the walk can see is sealed: one whose chain columns are NULL got past the triggers.
import type { PrismaClient } from '../prisma/db';

/** What a broken link says about the log. */
export type ChainBreakKind =
  /** The entry's fields no longer give its hash: it was altered after it was written. */
  | 'altered'
  /** One or more positions are missing: entries were removed. */
  | 'gap'
  /** The entry does not point at the one before it: an entry was removed or slipped in and the chain rewritten. */
  | 'prev_hash_mismatch'
  /** An entry outside the chain (never sealed: no position, or one below 1): inserted past the chain triggers. */
  | 'unchained'
  /** The chain ends before the head recorded earlier: entries were removed from its end. */
  | 'tail_removed'
  /** The entry at the recorded head's position is not the one recorded: the chain was rewritten up to there. */
  | 'head_mismatch';

export interface ChainHead {
  chainSeq: bigint;
  hash: string;
}

export interface ChainBreak {
  kind: ChainBreakKind;
  /** The position where the chain breaks (for a gap, the first missing one); an unchained entry's own (or null). */
  chainSeq: bigint | null;
  /** The entry found there (for a gap, the first entry after it); null when there is none. */
  id: bigint | null;
  message: string;
}

export interface ChainReport {
  ok: boolean;
  /** Entries walked, up to the break if there is one. */
  checked: number;
  /** The last intact entry walked (the head of the log when ok); null for an empty log. */
  head: ChainHead | null;
  break?: ChainBreak;
}

export interface VerifyOptions {
  /** A head recorded earlier (e.g. from a previous run's last line): detects removal of the chain's end. */
  expectHead?: ChainHead;
  batchSize?: number;
}

const DEFAULT_BATCH = 10_000;

interface Link {
  id: bigint;
  chainSeq: bigint;
  prevHash: string | null;
  hash: string | null;
  intact: boolean;
}

/** `<seq>:<hash>`, as the verifier prints the head, into a ChainHead. */
export function parseChainHead(text: string): ChainHead {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (!match) throw new Error(`expected <chainSeq>:<64 hex digits>, got "${text}"`);
  return { chainSeq: BigInt(match[1]), hash: match[2] };
}

export const formatChainHead = (head: ChainHead) => `${head.chainSeq}:${head.hash}`;

export async function verifyAuditChain(prisma: PrismaClient, options: VerifyOptions = {}): Promise<ChainReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const expectHead = options.expectHead;
  // Entries committed while the walk runs lie beyond this bound: the walk checks the log as it was when it began.
  const [{ last }] = await prisma.$queryRaw<{ last: bigint | null }[]>`SELECT max("chainSeq") AS last FROM "AuditLog"`;
  let head: ChainHead | null = null;
  let checked = 0;
  const broken = (kind: ChainBreakKind, chainSeq: bigint | null, id: bigint | null, message: string): ChainReport => ({
    ok: false,
    checked,
    head,
    break: { kind, chainSeq, id, message },
  });

  // Batches by position range, not LIMIT: the plan stays an index range scan of at most batchSize entries
  // whatever the table's statistics say (a LIMIT under stale statistics sorted the whole rest of the log).
  for (let after = 0n; last !== null && after < last; after += BigInt(batchSize)) {
    const upTo = after + BigInt(batchSize) < last ? after + BigInt(batchSize) : last;
    const batch = await prisma.$queryRaw<Link[]>`
      SELECT id, "chainSeq", "prevHash", hash, audit_entry_digest(a) IS NOT DISTINCT FROM a.hash AS intact
      FROM "AuditLog" a
      WHERE "chainSeq" > ${after} AND "chainSeq" <= ${upTo}
      ORDER BY "chainSeq"`;
    if (batch.length === 0) {
      // A whole range missing: name the first entry after it (one exists, as the range ends before the last).
      const [next] = await prisma.$queryRaw<{ id: bigint; chainSeq: bigint }[]>`
        SELECT id, "chainSeq" FROM "AuditLog" WHERE "chainSeq" > ${upTo} ORDER BY "chainSeq" LIMIT 1`;
      const expectedSeq: bigint = (head?.chainSeq ?? 0n) + 1n;
      return broken('gap', expectedSeq, next.id, `entries removed: chainSeq ${expectedSeq}..${next.chainSeq - 1n} missing before entry id ${next.id} (chainSeq ${next.chainSeq})`);
    }
    for (const link of batch) {
      const expectedSeq: bigint = (head?.chainSeq ?? 0n) + 1n;
      if (link.chainSeq !== expectedSeq) {
        const missing = link.chainSeq - 1n === expectedSeq ? `${expectedSeq}` : `${expectedSeq}..${link.chainSeq - 1n}`;
        return broken('gap', expectedSeq, link.id, `entries removed: chainSeq ${missing} missing before entry id ${link.id} (chainSeq ${link.chainSeq})`);
      }
      if (!link.intact) {
        return broken('altered', link.chainSeq, link.id, `entry altered: the hash of chainSeq ${link.chainSeq} (id ${link.id}) does not match its fields`);
      }
      if (link.prevHash !== (head?.hash ?? null)) {
        return broken(
          'prev_hash_mismatch',
          link.chainSeq,
          link.id,
          `entry removed or inserted: chainSeq ${link.chainSeq} (id ${link.id}) does not point at the hash of chainSeq ${expectedSeq - 1n}`,
        );
      }
      if (expectHead && link.chainSeq === expectHead.chainSeq && link.hash !== expectHead.hash) {
        return broken('head_mismatch', link.chainSeq, link.id, `chainSeq ${link.chainSeq} (id ${link.id}) is not the recorded head ${formatChainHead(expectHead)}: the chain was rewritten`);
      }
      head = { chainSeq: link.chainSeq, hash: link.hash! };
      checked++;
    }
  }

  // The walk starts at 1: entries with no position (never sealed) or one before it are outside the chain.
  const unchained = await prisma.$queryRaw<{ id: bigint; chainSeq: bigint | null }[]>`
    SELECT id, "chainSeq" FROM "AuditLog" WHERE "chainSeq" IS NULL OR "chainSeq" < 1 ORDER BY id LIMIT 1`;
  if (unchained.length > 0) {
    const { id, chainSeq } = unchained[0];
    return broken('unchained', chainSeq, id, `entry inserted outside the chain: id ${id} has chainSeq ${chainSeq ?? 'NULL (never sealed)'}`);
  }
  if (expectHead && (head?.chainSeq ?? 0n) < expectHead.chainSeq) {
    const end = head?.chainSeq ?? 0n;
    return broken('tail_removed', end + 1n, null, `entries removed from the end: the chain ends at chainSeq ${end}, the recorded head is ${formatChainHead(expectHead)}`);
  }
  return { ok: true, checked, head };
}
