// The HTTP API end to end: real PostgreSQL, the real Temporal dev server and a worker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import type { PrismaClient } from '../prisma/db';
import { startTestWorker, testPrisma, testTemporalClient, timelineFrom, type RunningWorker } from './support';

let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>['app'];
const tokens: Record<string, string> = {};

const DEMO_PASSWORDS: Record<string, string> = {
  coordinator: 'demo-coordinator',
  'reviewer.d01': 'demo-reviewer',
  'reviewer.d35': 'demo-reviewer',
  'leader.d01': 'demo-leader',
  'officer.d01': 'demo-officer',
  'business.demo': 'demo-business',
};

const as = (user: string) => ({ Authorization: `Bearer ${tokens[user]}` });

function validCycle(code: string, scopeUnitIds: string[] = ['D01']) {
  return {
    code,
    nameVi: 'Kỳ đánh giá năng lực công chức hải quan năm 2027',
    nameEn: 'Customs officer competency assessment 2027',
    scopeUnitIds,
    timeline: timelineFrom(new Date(), 10),
  };
}

beforeAll(async () => {
  prisma = testPrisma();
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  ({ app } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue }));
  for (const [username, password] of Object.entries(DEMO_PASSWORDS)) {
    const res = await request(app).post('/api/auth/token').send({ username, password });
    expect(res.status, `${username} signs in`).toBe(200);
    tokens[username] = res.body.token;
  }
});

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
});

describe('authentication', () => {
  it('refuses a wrong password, a missing token and a forged token', async () => {
    const wrong = await request(app).post('/api/auth/token').send({ username: 'coordinator', password: 'nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect((await request(app).get('/api/cycles')).status).toBe(401);
    const forged = await request(app).get('/api/cycles').set('Authorization', `Bearer ${tokens.coordinator}x`);
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('INVALID_TOKEN');
  });
});

describe('cycles', () => {
  it('refuses bad input with field-level messages in Vietnamese or English, and writes nothing', async () => {
    const before = await prisma.assessmentCycle.count();
    const missing = await request(app).post('/api/cycles').set(as('coordinator')).send({ code: 'x' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('VALIDATION_FAILED');
    expect(missing.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.code', 'body.nameVi', 'body.timeline']),
    );
    // Each problem names its field in words and says what is wanted: no schema library's wording, no field codes.
    expect(missing.body.error.details).toEqual(expect.arrayContaining([
      { path: 'body.nameVi', message: 'Chưa có "Tên tiếng Việt".' },
      { path: 'body.code', message: '"Mã" chỉ gồm chữ in hoa A–Z, chữ số và dấu "-", bắt đầu bằng chữ hoặc số.' },
    ]));

    const late = validCycle('LATE-LISTS');
    late.timeline.listsDueAt = new Date(Date.parse(late.timeline.examStartsAt) - 10 * 86_400_000).toISOString();
    const vi = await request(app).post('/api/cycles').set(as('coordinator')).send(late);
    expect(vi.status).toBe(400);
    expect(vi.body.error).toMatchObject({ code: 'INVALID_TIMELINE', message: 'Danh sách phải được duyệt xong ít nhất 30 ngày trước ngày thi (hiện chỉ còn 10 ngày).' });
    expect(vi.body.error.details[0].path).toBe('body.timeline.listsDueAt');
    const en = await request(app).post('/api/cycles').set(as('coordinator')).set('Accept-Language', 'en').send(late);
    expect(en.body.error.message).toBe('Lists must be approved at least 30 days before the exam (only 10 days given).');

    const unknownUnit = await request(app).post('/api/cycles').set(as('coordinator')).send(validCycle('BAD-UNIT', ['D99']));
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.error.code).toBe('UNKNOWN_UNIT');
    const branch = await request(app).post('/api/cycles').set(as('coordinator')).send(validCycle('BAD-KIND', ['D01-B01']));
    expect(branch.body.error.code).toBe('BAD_SCOPE_UNIT');

    const malformed = await request(app).post('/api/cycles').set(as('coordinator')).set('Content-Type', 'application/json').send('{"code":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');

    const asReviewer = await request(app).post('/api/cycles').set(as('reviewer.d01')).send(validCycle('BY-REVIEWER'));
    expect(asReviewer.status).toBe(403);
    expect(await prisma.assessmentCycle.count()).toBe(before);
  });

  it('creates, launches once, reports the live phase, and cancels with a reason', async () => {
    const created = await request(app).post('/api/cycles').set(as('coordinator')).send(validCycle('KY-2027-D01'));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'DRAFT', phase: 'NOT_STARTED', scopeUnitIds: ['D01'] });
    const duplicate = await request(app).post('/api/cycles').set(as('coordinator')).send(validCycle('KY-2027-D01'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.message).toBe('Dữ liệu bị trùng: Mã đã tồn tại.');

    // Scope: the D01 reviewer sees it, the D35 reviewer does not.
    expect((await request(app).get(`/api/cycles/${id}`).set(as('reviewer.d01'))).status).toBe(200);
    expect((await request(app).get(`/api/cycles/${id}`).set(as('reviewer.d35'))).status).toBe(403);
    const listD35 = await request(app).get('/api/cycles?pageSize=500').set(as('reviewer.d35'));
    expect(listD35.body.items.map((c: { id: string }) => c.id)).not.toContain(id);

    expect((await request(app).post(`/api/cycles/${id}/launch`).set(as('reviewer.d01'))).status).toBe(403);
    const launched = await request(app).post(`/api/cycles/${id}/launch`).set(as('coordinator'));
    expect(launched.status).toBe(200);
    expect(launched.body).toMatchObject({ status: 'RUNNING', workflowId: `assessment-cycle-${id}` });
    const again = await request(app).post(`/api/cycles/${id}/launch`).set(as('coordinator'));
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CYCLE_ALREADY_LAUNCHED');
    const description = await temporal.workflow.getHandle(`assessment-cycle-${id}`).describe();
    expect(description.status.name).toBe('RUNNING');

    const phase = await request(app).get(`/api/cycles/${id}/phase`).set(as('reviewer.d01'));
    expect(phase.status).toBe(200);
    expect(phase.body).toMatchObject({ source: 'workflow', phase: 'NOT_STARTED', next: { phase: 'REGISTRATION_OPEN' } });

    const noReason = await request(app).post(`/api/cycles/${id}/cancel`).set(as('coordinator')).send({ reason: ' ' });
    expect(noReason.status).toBe(400);
    const cancelled = await request(app).post(`/api/cycles/${id}/cancel`).set(as('coordinator')).send({ reason: 'Điều chỉnh kế hoạch đánh giá của Tổng cục' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', phase: 'CANCELLED', cancelReason: 'Điều chỉnh kế hoạch đánh giá của Tổng cục' });
    const twice = await request(app).post(`/api/cycles/${id}/cancel`).set(as('coordinator')).send({ reason: 'Lần thứ hai' });
    expect(twice.status).toBe(409);

    const history = await request(app).get(`/api/cycles/${id}/history`).set(as('coordinator'));
    expect(history.body.audit.map((a: { action: string }) => a.action)).toEqual(['cycle.created', 'cycle.launched', 'cycle.cancelled']);
  });

  it('is in its first phase right after a launch whose registration is already open', async () => {
    const body = { ...validCycle('KY-2027-OPEN'), timeline: timelineFrom(new Date(Date.now() - 60_000), 0) };
    const id = (await request(app).post('/api/cycles').set(as('coordinator')).send(body)).body.id as string;
    expect((await request(app).post(`/api/cycles/${id}/launch`).set(as('coordinator'))).status).toBe(200);
    const phase = await request(app).get(`/api/cycles/${id}/phase`).set(as('coordinator'));
    expect(phase.body).toMatchObject({ source: 'workflow', phase: 'REGISTRATION_OPEN', enteredAt: expect.any(String) });
    await request(app).post(`/api/cycles/${id}/cancel`).set(as('coordinator')).send({ reason: 'Kết thúc phép thử' }).expect(200);
  });
});

describe('master data and unit scope', () => {
  it('keeps a department reviewer inside their department', async () => {
    expect((await request(app).get('/api/units/D01').set(as('reviewer.d01'))).status).toBe(200);
    const other = await request(app).get('/api/units/D35').set(as('reviewer.d01'));
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe('Đơn vị "D35" nằm ngoài phạm vi đơn vị của bạn.');
    expect((await request(app).get('/api/officers?unitId=D35').set(as('reviewer.d01'))).status).toBe(403);

    const units = await request(app).get('/api/units?pageSize=500').set(as('reviewer.d01'));
    expect(units.body.items.length).toBeGreaterThan(1);
    expect(units.body.items.every((u: { path: string }) => u.path.startsWith('/HQ/D01/'))).toBe(true);

    const officers = await request(app).get('/api/officers?pageSize=500').set(as('reviewer.d01'));
    expect(officers.body.total).toBeGreaterThan(0);
    expect(officers.body.items.every((o: { unit: { path: string } }) => o.unit.path.startsWith('/HQ/D01/'))).toBe(true);
    const foreignOfficer = await prisma.officer.findFirstOrThrow({ where: { unit: { path: { startsWith: '/HQ/D35/' } } } });
    expect((await request(app).get(`/api/officers/${foreignOfficer.id}`).set(as('reviewer.d01'))).status).toBe(403);
    expect((await request(app).get(`/api/officers/${foreignOfficer.id}`).set(as('reviewer.d35'))).status).toBe(200);
  });

  it('finds Vietnamese names with or without diacritics, and returns them intact', async () => {
    const someone = await prisma.officer.findFirstOrThrow({ where: { fullName: { contains: 'ễ' } } });
    const family = someone.fullName.split(' ')[0];
    const plain = family.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    for (const q of [family, plain]) {
      const res = await request(app).get('/api/officers').query({ q: `${q} `, pageSize: 500 }).set(as('coordinator'));
      expect(res.status).toBe(200);
      expect(res.body.items.map((o: { fullName: string }) => o.fullName)).toContain(someone.fullName);
    }
  });

  it('lets officers read only their own record and businesses no staff data', async () => {
    const me = await request(app).get('/api/auth/me').set(as('officer.d01'));
    expect((await request(app).get(`/api/officers/${me.body.officerId}`).set(as('officer.d01'))).status).toBe(200);
    const other = await prisma.officer.findFirstOrThrow({ where: { id: { not: me.body.officerId } } });
    expect((await request(app).get(`/api/officers/${other.id}`).set(as('officer.d01'))).status).toBe(403);
    expect((await request(app).get('/api/units').set(as('business.demo'))).status).toBe(403);
    expect((await request(app).get('/api/officers').set(as('officer.d01'))).status).toBe(403);
  });

  it('answers every route with a 4xx, never a 500, for unknown ids, nonsense bodies and bad paging', async () => {
    type Operation = { parameters?: { in: string; name: string }[]; requestBody?: unknown };
    const doc = (await request(app).get('/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
    const cyclesBefore = await prisma.assessmentCycle.count();
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const params = operation.parameters ?? [];
        const takesPage = params.some((p) => p.in === 'query' && p.name === 'page');
        if (!path.includes('{') && !operation.requestBody && !takesPage) continue; // nothing to get wrong
        const url = `/api${path.replace(/\{\w+\}/g, 'does-not-exist')}${takesPage ? '?page=0&pageSize=many' : ''}`;
        const call = (request(app) as unknown as Record<string, (u: string) => request.Test>)[method](url).set(as('coordinator'));
        const res = operation.requestBody ? await call.send({ nonsense: [1, 2, 3], reason: 42 }) : await call;
        const label = `${method.toUpperCase()} ${url}`;
        expect(res.status, label).toBeGreaterThanOrEqual(400);
        expect(res.status, label).toBeLessThan(500);
        expect(res.body.error.message, label).toBeTruthy();
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
    expect(await prisma.assessmentCycle.count()).toBe(cyclesBefore);
  });

  it('answers odd input with a 4xx a person can act on, never a 500, and writes nothing', async () => {
    const cyclesBefore = await prisma.assessmentCycle.count();
    const odd: [string, () => request.Test, number][] = [
      ['a NUL in a path', () => request(app).get('/api/cycles/abc%00def/phase').set(as('coordinator')), 400],
      ['a NUL in a query', () => request(app).get('/api/officers?q=nguy%00en').set(as('coordinator')), 400],
      ['a NUL inside a JSON string', () => request(app).post('/api/cycles').set(as('coordinator')).send({ ...validCycle('NUL-CODE'), nameVi: 'Kỳ\u0000 đánh giá' }), 400],
      ['a malformed percent-encoding', () => request(app).get('/api/cycles/%E0%A4%A/phase').set(as('coordinator')), 400],
      ['a lone percent sign', () => request(app).post('/api/cycles/%/launch').set(as('coordinator')), 400],
      ['a body over 2 MB', () => request(app).post('/api/cycles').set(as('coordinator')).set('Content-Type', 'application/json').send(JSON.stringify({ nameVi: 'x'.repeat(3 * 1024 * 1024) })), 413],
      ['a page past any integer column', () => request(app).get('/api/officers?page=200979862852440').set(as('coordinator')), 400],
      ['a version of 13 digits', () => request(app).get('/api/rule-sets/LEVEL/1234567890123').set(as('coordinator')), 400],
      ['a date before year 1', () => request(app).get('/api/feedback/ratings?from=0001-01-01').set(as('coordinator')), 400],
    ];
    for (const [what, send, status] of odd) {
      const res = await send();
      expect(res.status, what).toBe(status);
      expect(res.body.error?.message, what).toMatch(/\p{L}/u);
    }
    expect(await prisma.assessmentCycle.count()).toBe(cyclesBefore);
  });

  it('refuses every operation to every role it does not allow, from the OpenAPI document\'s roles', async () => {
    type Operation = { 'x-roles'?: string[]; security?: unknown[]; requestBody?: unknown };
    const doc = (await request(app).get('/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
    const userOf: Record<string, string> = { COORDINATOR: 'coordinator', REVIEWER: 'reviewer.d01', LEADER: 'leader.d01', OFFICER: 'officer.d01', BUSINESS: 'business.demo' };
    let refused = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const label = `${method.toUpperCase()} ${path}`;
        // Every operation says who may call it: one added without its roles fails here.
        expect(Array.isArray(operation['x-roles']), label).toBe(true);
        const allowed = operation['x-roles']!;
        expect(allowed.length === 0, `${label} is public exactly when it names no role`).toBe((operation.security ?? []).length === 0);
        for (const role of Object.keys(userOf).filter((r) => allowed.length > 0 && !allowed.includes(r))) {
          const url = `/api${path.replace(/\{\w+\}/g, 'x')}`;
          const call = (request(app) as unknown as Record<string, (u: string) => request.Test>)[method](url).set(as(userOf[role]));
          const res = operation.requestBody ? await call.send({}) : await call;
          expect(res.status, `${label} as ${role}`).toBe(403);
          expect(res.body.error.code, `${label} as ${role}`).toBe('FORBIDDEN');
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(150);
  });

  it('serves the OpenAPI document and the docs page, and a JSON 404 for unknown routes', async () => {
    const doc = await request(app).get('/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/cycles', '/cycles/{id}/launch', '/officers']));
    expect((await request(app).get('/docs/')).text).toContain('swagger');
    const missing = await request(app).get('/api/nowhere').set('Accept-Language', 'en');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('There is no route GET /api/nowhere.');
  });
});
