// The embedded database under concurrent load: many connections from several pools, each query answered with
// its own result, failures and abandoned transactions leaving the session clean for everyone else.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../runtime/embedded-postgres';

const port = 15000 + (process.pid % 2000);
let dir: string;
let db: EmbeddedPostgres;
let pools: pg.Pool[];

function pool(max: number): pg.Pool {
  const p = new pg.Pool({ connectionString: db.url.replace(/\?.*$/, ''), max });
  p.on('error', () => {});
  pools.push(p);
  return p;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pglite-'));
  db = await startEmbeddedPostgres(dir, port);
  pools = [];
  await pool(1).query('CREATE TABLE t (id serial PRIMARY KEY, who text NOT NULL, n int NOT NULL)');
}, 60_000);

afterAll(async () => {
  await Promise.all(pools.map((p) => p.end()));
  await db?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the embedded database shared by many connections', () => {
  it('answers each of many concurrent statements of different shapes with its own result', async () => {
    const a = pool(4);
    const b = pool(4);
    // A large parameter reaches the server in several network reads: the moment another connection's
    // statement could slip in between this one's Parse and its Bind.
    const large = 'Hải quan '.repeat(40_000);
    const runs = Array.from({ length: 300 }, (_, i) => {
      const p = i % 2 ? a : b;
      switch (i % 4) {
        case 3:
          return p.query<{ v: number }>('SELECT length($1::text) + $2::int AS v', [large, i]).then((r) => expect(r.rows[0].v).toBe(large.length + i));
        case 0:
          return p.query<{ v: number }>('SELECT $1::int + $2::int AS v', [i, 1]).then((r) => expect(r.rows[0].v).toBe(i + 1));
        case 1:
          return p.query<{ v: string }>('SELECT $1::text AS v', [`Nguyễn ${i}`]).then((r) => expect(r.rows[0].v).toBe(`Nguyễn ${i}`));
        default:
          return p.query<{ v: number }>('SELECT $1::int * $2::int * $3::int AS v', [i, 2, 3]).then((r) => expect(r.rows[0].v).toBe(i * 6));
      }
    });
    const outcomes = await Promise.allSettled(runs);
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
  }, 60_000);

  it('keeps failing statements to themselves: the others still get their own results', async () => {
    const p = pool(6);
    // Each statement's problem, or '' when it got exactly what it should: its own error or its own row.
    const check = (i: number): Promise<string> => {
      const refused = (sql: string, params: unknown[], expected: RegExp) =>
        p.query(sql, params).then(
          () => `#${i}: no error`,
          (e: Error) => (expected.test(e.message) ? '' : `#${i}: ${e.message}`),
        );
      if (i % 4 === 0) return refused('SELECT 1 / $1::int AS v', [0], /division by zero/);
      if (i % 4 === 1) return refused('SELECT $1::text AS v', ['a\u0000b'], /0x00/);
      return p.query<{ v: number }>('SELECT $1::int AS v', [i]).then((r) => (r.rows[0].v === i ? '' : `#${i}: got ${r.rows[0].v}`));
    };
    const problems = await Promise.all(Array.from({ length: 200 }, (_, i) => check(i)));
    expect(problems.filter(Boolean)).toEqual([]);
  }, 60_000);

  it('runs concurrent transactions from different connections one whole transaction at a time', async () => {
    const p = pool(8);
    const transactions = Array.from({ length: 40 }, async (_, i) => {
      const client = await p.connect();
      try {
        await client.query('BEGIN');
        for (let k = 0; k < 3; k++) await client.query('INSERT INTO t (who, n) VALUES ($1, $2)', [`tx${i}`, k]);
        await client.query(i % 5 === 0 ? 'ROLLBACK' : 'COMMIT');
      } finally {
        client.release();
      }
    });
    await Promise.all(transactions);
    const { rows } = await p.query<{ who: string; rows: number }>("SELECT who, count(*)::int AS rows FROM t WHERE who LIKE 'tx%' GROUP BY who");
    expect(rows).toHaveLength(32);
    expect(rows.every((r) => r.rows === 3)).toBe(true);
  }, 60_000);

  it('rolls back the transaction of a connection that goes away in the middle of it, and serves the others', async () => {
    const lost = new pg.Client({ connectionString: db.url.replace(/\?.*$/, '') });
    lost.on('error', () => {});
    await lost.connect();
    await lost.query('BEGIN');
    await lost.query("INSERT INTO t (who, n) VALUES ('lost', 1)");
    (lost as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const p = pool(2);
    const { rows } = await p.query<{ n: number }>("SELECT count(*)::int AS n FROM t WHERE who = 'lost'");
    expect(rows[0].n).toBe(0);
    const { rows: after } = await p.query<{ v: string }>('SELECT $1::text AS v', ['còn chạy']);
    expect(after[0].v).toBe('còn chạy');
  }, 60_000);
});
