// Fault injection: the database drops every connection of the API while requests are under way, as a
// PostgreSQL restart does ("terminating connection due to administrator command"), several times. Every request
// gets its answer or a 503 saying nothing was changed (never a 500), the API serves again as soon as the
// database does, and every cycle it said it created is there exactly once.
import type { Server } from 'node:http';
import pg from 'pg';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createApp } from '../../api/app';
import { createPrisma, sqlPool, type PrismaClient } from '../../prisma/db';
import { seedDemoData } from '../../prisma/seed';
import { logger } from '../../runtime/logger';
import { createScratchDatabase, type ScratchDatabase } from '../scratch-database';
import { testTemporalClient, timelineFrom } from '../support';

let database: ScratchDatabase;
let prisma: PrismaClient;
let temporal: Client;
let admin: pg.Client;
let server: Server;

beforeAll(async () => {
  // A database of its own: its connections are the ones cut.
  database = await createScratchDatabase('db_restart');
  prisma = createPrisma(database.url, { max: 6 });
  await seedDemoData(prisma, { officers: 40, seed: 'db-restart' });
  temporal = await testTemporalClient();
  const { app } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: 'nobody' });
  server = app.listen(0, '127.0.0.1');
  admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
}, 120_000);

afterAll(async () => {
  server?.close();
  await admin?.end();
  await temporal?.connection.close();
  await prisma?.$disconnect();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('answers 503, never 500, while the database drops its connections, and loses or doubles nothing', async () => {
  const token = (await request(server).post('/api/auth/token').send({ username: 'coordinator', password: 'demo-coordinator' })).body.token as string;
  const name = new URL(database.url).pathname.slice(1);
  const statuses: number[] = [];
  const created = new Set<string>();
  const codes: string[] = [];
  let running = true;
  let n = 0;

  // Five clients reading and creating cycles for as long as the faults last.
  const client = async (c: number) => {
    while (running) {
      const i = n++;
      const res =
        i % 2
          ? await request(server).get('/api/cycles').set('Authorization', `Bearer ${token}`)
          : await (() => {
              const code = `DB-RESTART-${c}-${i}`;
              codes.push(code);
              return request(server)
                .post('/api/cycles')
                .set('Authorization', `Bearer ${token}`)
                .send({ code, nameVi: 'Kỳ thử khởi động lại', nameEn: 'Restart test', scopeUnitIds: ['D01'], timeline: timelineFrom(new Date(), 10) });
            })();
      statuses.push(res.status);
      if (res.status === 201) created.add(res.body.code);
      if (res.status === 503) {
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body.error.code).toBe('DATABASE_UNAVAILABLE');
      }
    }
  };
  const clients = Array.from({ length: 5 }, (_, c) => client(c));

  // Every 300 ms, for 5 rounds: every connection to the API's database terminated, as a restart does.
  let cut = 0;
  for (let round = 0; round < 5; round++) {
    await sleep(300);
    const { rows } = await admin.query<{ n: number }>('SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    cut += rows[0].n;
  }
  await sleep(500);
  running = false;
  await Promise.all(clients);

  // Served again at once, and every answer was an answer or a 503.
  const after = await request(server).get('/api/cycles').set('Authorization', `Bearer ${token}`);
  expect(after.status).toBe(200);
  // No connection kept by a transaction that died with it: with the traffic over, none is checked out.
  const pool = sqlPool(prisma);
  expect(pool.totalCount - pool.idleCount, 'connections still checked out').toBe(0);
  expect(statuses.filter((s) => s !== 200 && s !== 201 && s !== 503)).toEqual([]);
  expect(cut).toBeGreaterThan(0);
  expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);

  // Exactly once: each cycle the API said it created exists once; none exists twice.
  const rows = await prisma.assessmentCycle.findMany({ where: { code: { in: codes } }, select: { code: true } });
  expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
  for (const code of created) expect(rows.some((r) => r.code === code), code).toBe(true);
  console.log(`faults: database connections cut ${cut} times in 5 rounds; ${statuses.length} requests: ${statuses.filter((s) => s < 300).length} served, ${statuses.filter((s) => s === 503).length} answered 503, 0 server errors; cycles created ${created.size}, lost 0, duplicated 0`);
}, 120_000);
