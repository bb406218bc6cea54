// The property-based run over the served OpenAPI document: schemathesis generates requests for every operation
// (valid ones, and ones that break the schema: wrong types, out-of-range numbers, odd strings), each sent as a
// role the operation allows (test/fuzz/hooks.py), and checks that none gets a server error and that every
// response matches its documented schema. Its own database, so the generated writes touch no other test.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { createPrisma, type PrismaClient } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { projectRoot, schemathesisPath } from '../scripts/toolchain';
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { startTestWorker, testTemporalClient, type RunningWorker } from './support';
import { buildScopeWorld } from './unit-scope-fixture';

const USERS: Record<string, [string, string]> = {
  COORDINATOR: ['coordinator', 'demo-coordinator'],
  REVIEWER: ['reviewer.d01', 'demo-reviewer'],
  LEADER: ['leader.d01', 'demo-leader'],
  OFFICER: ['officer.d01', 'demo-officer'],
  BUSINESS: ['business.demo', 'demo-business'],
};
/** Generated cases per operation and phase; FUZZ_EXAMPLES=200 for a longer hunt. */
const EXAMPLES = Number(process.env.FUZZ_EXAMPLES ?? 12);

let database: ScratchDatabase;
let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let server: Server;
let origin: string;
const serverErrors: string[] = [];

beforeAll(async () => {
  database = await createScratchDatabase('openapi_fuzz');
  prisma = createPrisma(database.url, { max: 6 });
  await seedDemoData(prisma, { officers: 120, seed: 'fuzz' });
  await publishBuiltInRuleSets(prisma);
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  // What the server logs as an error is what the assertion shows beside a 500.
  const errorLog = new Writable({
    write(chunk, _enc, done) {
      const line = JSON.parse(String(chunk)) as { req?: { method: string; url: string }; err?: { stack?: string }; msg?: string };
      serverErrors.push(`${line.req?.method} ${line.req?.url}: ${line.err?.stack?.split('\n').slice(0, 4).join(' | ') ?? line.msg}`);
      done();
    },
  });
  const { app } = createApp({ prisma, temporal, logger: pino({ level: 'error' }, errorLog), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  server?.close();
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
  await database?.drop();
});

function run(command: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, cwd: projectRoot });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

it('answers every generated request to every operation without a server error, as documented', async () => {
  const tokens: Record<string, string> = {};
  for (const [role, [username, password]] of Object.entries(USERS)) {
    const res = await request(server).post('/api/auth/token').send({ username, password });
    expect(res.status, `${username} signs in`).toBe(200);
    tokens[role] = res.body.token;
  }
  // Real objects of every kind (test/unit-scope-fixture.ts), so generated requests reach past "not found".
  const world = await buildScopeWorld(prisma);
  const [item, ruleSet] = await Promise.all([prisma.questionItem.findFirstOrThrow({ select: { id: true } }), prisma.ruleSet.findFirstOrThrow({ select: { id: true } })]);
  const ids = {
    '*': { unitId: 'D01' },
    '/cycles': { id: world.cycles.exam.id, registrationId: world.registrations.seatedD01.id, sessionId: world.sessions.d01.id },
    '/items': { id: item.id },
    '/rule-sets': { id: ruleSet.id },
    '/officers': { id: world.myOfficer.id },
    '/units': { id: 'D01' },
    '/follow-ups': { id: world.tasks.d01.nomination.id },
    '/exams': { registrationId: world.registrations.myExam.id },
    '/feedback/cases': { id: world.feedback.casesD01.detail.feedbackCase.id },
    '/feedback/my/cases': { id: world.feedback.demoCase.feedbackCase.id },
    '/feedback/my/declarations': { id: world.feedback.demoDeclaration.id },
  };
  const { code, output } = await run(
    schemathesisPath(),
    [
      'run',
      `${origin}/openapi.json`,
      '--url',
      `${origin}/api`,
      '--checks',
      'not_a_server_error,response_schema_conformance,content_type_conformance',
      '--phases',
      'examples,coverage,fuzzing',
      '--max-examples',
      String(EXAMPLES),
      '--seed',
      process.env.FUZZ_SEED ?? '20261202',
      // One worker: Python 3.11's parser is not thread-safe under Hypothesis ("AST constructor recursion depth
      // mismatch" with two).
      '--workers',
      '1',
      '--request-timeout',
      '20',
      '--suppress-health-check',
      'all',
      '--generation-database',
      'none',
      '--no-color',
      '--output-truncate',
      'true',
    ],
    { FUZZ_TOKENS: JSON.stringify(tokens), FUZZ_IDS: JSON.stringify(ids), PYTHONPATH: join(projectRoot, 'test', 'fuzz'), SCHEMATHESIS_HOOKS: 'hooks' },
  );
  mkdirSync(join(projectRoot, 'test-results'), { recursive: true });
  writeFileSync(join(projectRoot, 'test-results', 'openapi-fuzz.log'), `${output}\n\nserver errors:\n${serverErrors.join('\n')}\n`);
  const summary = output.split('\n').filter((l) => /operations|test cases|passed|failed|errors?\b|seconds|=====/i.test(l)).slice(-12).join('\n');
  console.log(`openapi fuzz (${EXAMPLES} examples per operation):\n${summary}`);
  expect(code, `schemathesis found problems (all of it in test-results/openapi-fuzz.log):\n${output.slice(-12_000)}\nserver errors:\n${serverErrors.slice(0, 20).join('\n')}`).toBe(0);
  expect(serverErrors).toEqual([]);
}, 900_000);
