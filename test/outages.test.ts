// When Temporal, its workers or the database are away, the API says so within seconds (503, Retry-After, whether
// the action was applied) instead of a 500 or a 20-second wait; reads that the database can answer still answer.
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createApp } from '../api/app';
import { createPrisma, type PrismaClient } from '../prisma/db';
import { logger } from '../runtime/logger';
import { connectClient } from '../runtime/temporal';
import type { Config } from '../runtime/config';
import { temporalCliPath } from '../scripts/toolchain';
import { WORKFLOWS } from '../workflows/contracts';
import { createTestCycle, testPrisma, timelineFrom } from './support';

const SECRET = 'test-secret-test-secret-test-secret-00';
const quiet = logger.child({}, { level: 'silent' });

let prisma: PrismaClient;
let env: TestWorkflowEnvironment;
let client: Client;
let app: ReturnType<typeof createApp>['app'];
let token: string;
let cycleId: string;
let serverStopped = false;

async function timed(call: () => Promise<request.Response>): Promise<{ res: request.Response; ms: number }> {
  const started = Date.now();
  const res = await call();
  return { res, ms: Date.now() - started };
}

beforeAll(async () => {
  prisma = testPrisma();
  // A Temporal server of this file's own (it is stopped below), reached the way the API reaches its server.
  env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' } });
  client = await connectClient({ TEMPORAL_ADDRESS: env.address, TEMPORAL_NAMESPACE: 'default' } as Config);
  ({ app } = createApp({ prisma, temporal: client, logger: quiet, authSecret: SECRET, taskQueue: 'nobody-polls-this' }));
  token = (await request(app).post('/api/auth/token').send({ username: 'coordinator', password: 'demo-coordinator' })).body.token;
  // A running cycle whose workflow exists but that no worker serves: its Queries and Updates get no answer.
  const cycle = await createTestCycle(prisma, timelineFrom(new Date(), 1), { scopeUnitIds: ['D01'] });
  const workflowId = `outage-cycle-${randomUUID()}`;
  await client.workflow.start(WORKFLOWS.assessmentCycle.type, { workflowId, taskQueue: `nobody-${randomUUID()}`, args: [{ cycleId: cycle.id }] });
  await prisma.assessmentCycle.update({ where: { id: cycle.id }, data: { status: 'RUNNING', phase: 'REGISTRATION_OPEN', workflowId } });
  cycleId = cycle.id;
}, 120_000);

afterAll(async () => {
  await client?.connection.close();
  if (!serverStopped) await env?.teardown();
  await prisma?.$disconnect();
});

const as = () => ({ Authorization: `Bearer ${token}` });
const cancel = () => request(app).post(`/api/cycles/${cycleId}/cancel`).set(as()).send({ reason: 'Kiểm tra khi hệ thống quy trình vắng mặt' });

describe('Temporal up, no worker answering', () => {
  it('reads the phase from the database within seconds instead of waiting on the workflow', async () => {
    const { res, ms } = await timed(() => request(app).get(`/api/cycles/${cycleId}/phase`).set(as()));
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('database');
    expect(ms).toBeLessThan(8_000);
  });

  it('answers an Update nobody takes with 503 and Retry-After, saying it may not be applied, and records nothing', async () => {
    const { res, ms } = await timed(cancel);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.body.error.code).toBe('TEMPORAL_NO_ANSWER');
    expect(res.body.error.message).toMatch(/có thể chưa được thực hiện/);
    expect(ms).toBeLessThan(25_000);
    expect((await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycleId } })).status).toBe('RUNNING');
  }, 40_000);
});

describe('Temporal down', () => {
  beforeAll(async () => {
    await env.teardown();
    serverStopped = true;
  }, 60_000);

  it('refuses an action within seconds with 503 and Retry-After, saying nothing was changed', async () => {
    const audit = await prisma.auditLog.count({ where: { cycleId } });
    const { res, ms } = await timed(cancel);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    expect(res.body.error.message).toMatch(/chưa có thay đổi nào được ghi/);
    expect(ms).toBeLessThan(8_000);
    expect((await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycleId } })).status).toBe('RUNNING');
    expect(await prisma.auditLog.count({ where: { cycleId } })).toBe(audit);
  }, 30_000);

  it('still answers reads from the database, within seconds', async () => {
    const { res, ms } = await timed(() => request(app).get(`/api/cycles/${cycleId}/phase`).set(as()));
    expect(res.status).toBe(200);
    expect(res.body.source).toBe('database');
    expect(ms).toBeLessThan(8_000);
    expect((await request(app).get(`/api/cycles/${cycleId}`).set(as())).status).toBe(200);
  }, 30_000);
});

describe('database down', () => {
  it('answers 503 with Retry-After in the reader\'s language, not a 500', async () => {
    const gone = createPrisma('postgresql://postgres@127.0.0.1:1/nowhere', { max: 1 });
    const { app: cut } = createApp({ prisma: gone, temporal: client, logger: quiet, authSecret: SECRET, taskQueue: 'nobody-polls-this' });
    try {
      const { res, ms } = await timed(() => request(cut).get('/api/cycles').set(as()).set('Accept-Language', 'en'));
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.error.code).toBe('DATABASE_UNAVAILABLE');
      expect(res.body.error.message).toBe('The database cannot be reached for the moment; nothing was changed. Please try again in a few seconds.');
      expect(ms).toBeLessThan(8_000);
      const signIn = await request(cut).post('/api/auth/token').send({ username: 'coordinator', password: 'demo-coordinator' });
      expect(signIn.status).toBe(503);
      expect(signIn.body.error.message).toMatch(/Cơ sở dữ liệu đang tạm thời không truy cập được/);
    } finally {
      await gone.$disconnect();
    }
  }, 30_000);
});
