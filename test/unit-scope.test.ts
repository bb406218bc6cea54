// Unit scope, generated from the served OpenAPI document (issue 14). test/api.test.ts proves every role outside an
// operation's x-roles gets 403; this proves the other half: a role that may call an operation reaches only what
// lies in its scope. Every operation a scoped role (REVIEWER, LEADER: their unit's subtree; OFFICER: themself;
// BUSINESS: its own business) may call has an entry below: `global` (data with no unit, readable by every allowed
// role), `own` (a collection or self route with no object id, filtered to the caller), or cases: a caller, an
// object inside their scope and one outside, a valid request for each. Outside: 403/404 and nothing changed
// (a snapshot of the rows it would touch, and of the entity's workflow, before and after). Inside: one of the
// statuses named, never 403/404. An operation without an entry fails, and so does an entry for an operation that
// is gone. Its own database, so its writes disturb no other test file.
import pino from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { createPrisma, type PrismaClient, type Role } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { WORKFLOW_IDS } from '../workflows/contracts';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { startTestWorker, testTemporalClient, type RunningWorker } from './support';
import { buildScopeWorld, type ScopeWorld } from './unit-scope-fixture';

// ───────────────────────────── The matrix's vocabulary ─────────────────────────────

type Caller = 'reviewer.d01' | 'leader.d01' | 'officer.d01' | 'business.demo';
const PASSWORDS: Record<Caller | 'coordinator', string> = {
  coordinator: 'demo-coordinator',
  'reviewer.d01': 'demo-reviewer',
  'leader.d01': 'demo-leader',
  'officer.d01': 'demo-officer',
  'business.demo': 'demo-business',
};
const ROLE_OF: Record<Caller, Role> = { 'reviewer.d01': 'REVIEWER', 'leader.d01': 'LEADER', 'officer.d01': 'OFFICER', 'business.demo': 'BUSINESS' };
const SCOPED_ROLES: readonly Role[] = ['REVIEWER', 'LEADER', 'OFFICER', 'BUSINESS'];
const R: Caller = 'reviewer.d01';
const L: Caller = 'leader.d01';
const O: Caller = 'officer.d01';
const B: Caller = 'business.demo';
const RL: Caller[] = [R, L];

interface Req {
  /** The concrete path under /api; it must match the entry's template. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** A CSV upload instead of a JSON body. */
  csv?: string[];
}

interface Outside {
  label: string;
  req: Req;
  /** The rows (and workflow) this request would change: equal before and after. Required for writes. */
  snapshot?: () => Promise<unknown>;
  /** A refusal other than 403/404 that the product answers for this out-of-scope object, and why it is one. */
  refused?: { status: number; code: string; why: string };
}

interface ScopeCase {
  as: Caller[];
  inside: Req;
  /** The statuses the inside request may get (never 403/404: the scope check let it through). */
  expect: number[];
  outside: Outside[];
}

type Check = (call: (as: Caller, method: string, req: Req) => Promise<request.Response>) => Promise<void>;

interface Entry {
  /** Data with no unit (master data, the national bank, rule sets): why every allowed role may read it. */
  global?: string;
  /** No object id: the route filters to the caller. `roles` limits it (others are covered by cases). */
  own?: { reason: string; roles?: Role[]; check?: Check };
  cases?: ScopeCase[];
}

// ───────────────────────────── The matrix ─────────────────────────────

function matrix(w: ScopeWorld, db: PrismaClient, workflowOf: (kind: 'feedbackCase' | 'followUpTask', id: string) => Promise<string>): Record<string, Entry> {
  const c = w.cycles;
  const reg = w.registrations;
  const t = w.tasks;
  const f = w.feedback;
  const en = { justification: 'Đã xác minh theo quyết định phân công tạm thời của Cục.' };
  const csvOf = (o: { employeeCode: string; fullName: string }) => ['Mã công chức,Mã vị trí đăng ký,Họ và tên', `${o.employeeCode},${w.positionCode},${o.fullName}`];
  const registrationsOf = (cycleId: string, officerId: string) => db.registration.findMany({ where: { cycleId, officerId } });
  const taskState = async (id: string) => ({ task: await db.followUpTask.findUniqueOrThrow({ where: { id } }), workflow: await workflowOf('followUpTask', id), audit: await db.auditLog.count({ where: { entityId: id } }) });
  const caseState = async (id: string) => ({ case: await db.feedbackCase.findUniqueOrThrow({ where: { id } }), workflow: await workflowOf('feedbackCase', id), audit: await db.auditLog.count({ where: { entityId: id } }) });
  const sessionState = async (cycleId: string, unitId: string) => db.examSession.findMany({ where: { cycleId, unitId }, include: { seats: true }, orderBy: { id: 'asc' } });
  const seatOf = (registrationId: string) => db.examSeat.findUniqueOrThrow({ where: { registrationId } });
  const attemptOf = (id: string) => db.attempt.findUniqueOrThrow({ where: { id }, include: { answers: true } });
  const examStart = (cycle: { examStartsAt: Date }, hours: number) => new Date(cycle.examStartsAt.getTime() + hours * 3_600_000).toISOString();
  const byUnit = (unitId: string) => ({ unitId });
  const statsCases = (path: string): ScopeCase[] => [{
    as: RL,
    inside: { path, query: byUnit('D01') },
    expect: [200],
    outside: [
      { label: 'unitId=D35', req: { path, query: byUnit('D35') } },
      { label: 'a D35 branch', req: { path, query: { branchId: f.fD35.branch.id } } },
      { label: 'a D35 team', req: { path, query: { teamId: f.fD35.teams[0].id } } },
    ],
  }];
  const officerCases = (path: (id: string) => string): ScopeCase[] => [
    { as: RL, inside: { path: path(w.d01[0].id) }, expect: [200], outside: [{ label: 'a D35 officer', req: { path: path(w.d35[0].id) } }] },
    { as: [O], inside: { path: path(w.myOfficer.id) }, expect: [200], outside: [{ label: 'another officer of the same team', req: { path: path(w.colleague.id) } }] },
  ];
  const cycleRead = (path: (cycleId: string) => string, inside = c.main.id): ScopeCase[] => [{
    as: [R, L, O], inside: { path: path(inside) }, expect: [200], outside: [{ label: 'a cycle on D35 only', req: { path: path(c.d35Only.id) } }],
  }];
  const cycleWithUnit = (path: (cycleId: string) => string, cycleId: string): ScopeCase[] => [{
    as: RL,
    inside: { path: path(cycleId) },
    expect: [200],
    outside: [
      { label: 'a cycle on D35 only', req: { path: path(c.d35Only.id) } },
      { label: 'unitId=D35 in a cycle on both', req: { path: path(cycleId), query: byUnit('D35') } },
    ],
  }];
  const taskAction = (action: string, body: unknown, inside: { id: string }, outside: { id: string }): ScopeCase[] => [{
    as: [L],
    inside: { path: `/follow-ups/${inside.id}/${action}`, body },
    // Its workflow never started (the tasks are rows of the fixture): the first action starts it, 409 FOLLOW_UP_NOT_STARTED.
    expect: [409],
    outside: [{ label: 'a D35 task', req: { path: `/follow-ups/${outside.id}/${action}`, body }, snapshot: () => taskState(outside.id) }],
  }];
  const caseAction = (action: string, body: unknown, inside: { id: string }): ScopeCase[] => [{
    as: [L],
    inside: { path: `/feedback/cases/${inside.id}/${action}`, body },
    expect: [409], // the case's workflow is started by the first action: 409 CASE_NOT_STARTED
    outside: [{ label: 'a D35 case', req: { path: `/feedback/cases/${f.caseD35.feedbackCase.id}/${action}`, body }, snapshot: () => caseState(f.caseD35.feedbackCase.id) }],
  }];
  const notificationCases = (): ScopeCase[] =>
    ([R, L, O, B] as const).map((as, i, all) => ({
      as: [as],
      inside: { path: `/me/notifications/${w.notifications[as].id}/read` },
      expect: [200],
      outside: [w.strangerNotification, w.notifications[all[(i + 1) % all.length]]].map((n) => ({
        label: n === w.strangerNotification ? "reviewer.d35's notification" : "another demo user's notification",
        req: { path: `/me/notifications/${n.id}/read` },
        snapshot: () => db.notification.findUniqueOrThrow({ where: { id: n.id } }),
      })),
    }));

  return {
    'GET /auth/me': { own: { reason: 'answers the signed-in caller themself' } },
    'PUT /me/locale': {
      own: {
        reason: "writes the caller's own user row; the body names no user",
        check: async (call) => {
          const before = await db.user.findUniqueOrThrow({ where: { id: 'U-reviewer.d35' } });
          expect((await call(R, 'put', { path: '/me/locale', body: { locale: 'en' } })).status).toBe(200);
          expect(await db.user.findUniqueOrThrow({ where: { id: 'U-reviewer.d35' } })).toEqual(before);
        },
      },
    },

    // ── Cycles and master data ──
    'GET /cycles': {
      own: {
        reason: 'filtered by cycleScopeWhere',
        check: async (call) => {
          for (const as of [R, L, O]) {
            const ids = (await call(as, 'get', { path: '/cycles', query: { pageSize: '500' } })).body.items.map((x: { id: string }) => x.id);
            expect(ids, as).toContain(c.main.id);
            expect(ids, as).not.toContain(c.d35Only.id);
          }
        },
      },
    },
    'GET /cycles/{id}': { cases: cycleRead((id) => `/cycles/${id}`) },
    'GET /cycles/{id}/phase': { cases: cycleRead((id) => `/cycles/${id}/phase`) },
    'GET /units': {
      own: {
        reason: 'filtered by unitScopeWhere',
        check: async (call) => {
          const top = await call(R, 'get', { path: '/units', query: { parentId: 'HQ' } });
          expect(top.body.items.map((u: { id: string }) => u.id)).toEqual(['D01']);
          const mine = await call(O, 'get', { path: '/units', query: { pageSize: '500' } });
          expect(mine.body.items.map((u: { id: string }) => u.id)).toEqual([w.myTeam.id]);
        },
      },
    },
    'GET /units/{id}': {
      cases: [
        { as: RL, inside: { path: `/units/${w.teams.d01[0].parentId}` }, expect: [200], outside: [{ label: 'D35', req: { path: '/units/D35' } }, { label: 'a D35 team', req: { path: `/units/${w.teams.d35[0].id}` } }] },
        { as: [O], inside: { path: `/units/${w.myTeam.id}` }, expect: [200], outside: [{ label: 'D35', req: { path: '/units/D35' } }, { label: 'their own department, above their team', req: { path: '/units/D01' } }] },
      ],
    },
    'GET /fields': { global: 'the 8 professional fields: master data with no unit' },
    'GET /positions': { global: 'job positions: master data with no unit' },
    'GET /positions/{id}': { global: 'a job position with its framework and blueprints: no unit' },
    'GET /competencies': { global: 'competencies: master data with no unit' },
    'GET /officers': { cases: [{ as: RL, inside: { path: '/officers', query: byUnit('D01') }, expect: [200], outside: [{ label: 'unitId=D35', req: { path: '/officers', query: byUnit('D35') } }] }] },
    'GET /officers/{id}': { cases: officerCases((id) => `/officers/${id}`) },

    // ── Registrations and lists ──
    'POST /cycles/{id}/registrations': {
      cases: [
        {
          as: [R],
          inside: { path: `/cycles/${c.main.id}/registrations`, body: { officerId: w.toRegister.d01.id, positionId: w.positionId } },
          expect: [201],
          outside: [
            {
              label: 'a D35 officer', req: { path: `/cycles/${c.main.id}/registrations`, body: { officerId: w.toRegister.d35.id, positionId: w.positionId } },
              snapshot: () => registrationsOf(c.main.id, w.toRegister.d35.id),
              refused: { status: 422, code: 'OFFICER_OUT_OF_SCOPE', why: 'registering is checked row by row like a file (services/registrations.ts checkRegistration)' },
            },
            { label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/registrations`, body: { officerId: w.toRegister.d35.id, positionId: w.positionId } }, snapshot: () => registrationsOf(c.d35Only.id, w.toRegister.d35.id) },
          ],
        },
        {
          as: [O],
          inside: { path: `/cycles/${c.main.id}/registrations`, body: { positionId: w.myOfficer.positionId } },
          expect: [201],
          outside: [
            { label: 'another officer', req: { path: `/cycles/${c.main.id}/registrations`, body: { officerId: w.colleague.id, positionId: w.positionId } }, snapshot: () => registrationsOf(c.main.id, w.colleague.id) },
            { label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/registrations`, body: { positionId: w.myOfficer.positionId } }, snapshot: () => registrationsOf(c.d35Only.id, w.myOfficer.id) },
          ],
        },
      ],
    },
    'POST /cycles/{id}/registrations/import': {
      cases: [{
        as: [R],
        inside: { path: `/cycles/${c.main.id}/registrations/import`, csv: csvOf(w.toRegister.import.d01) },
        expect: [200],
        outside: [
          {
            label: 'a file naming a D35 officer', req: { path: `/cycles/${c.main.id}/registrations/import`, csv: csvOf(w.toRegister.import.d35) },
            snapshot: () => registrationsOf(c.main.id, w.toRegister.import.d35.id),
            refused: { status: 422, code: 'IMPORT_REJECTED', why: 'a file is refused whole with a per-row report, the out-of-scope row named' },
          },
          { label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/registrations/import`, csv: csvOf(w.toRegister.import.d35) }, snapshot: () => registrationsOf(c.d35Only.id, w.toRegister.import.d35.id) },
        ],
      }],
    },
    'GET /registrations/import-template': { global: 'the empty Excel template: no data at all' },
    'GET /cycles/{id}/registrations': {
      cases: [
        ...cycleWithUnit((id) => `/cycles/${id}/registrations`, c.main.id),
        { as: [O], inside: { path: `/cycles/${c.exam.id}/registrations` }, expect: [200], outside: [{ label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/registrations` } }] },
      ],
    },
    'GET /cycles/{id}/registrations/{registrationId}': {
      cases: [
        { as: RL, inside: { path: `/cycles/${c.main.id}/registrations/${reg.flaggedD01.id}` }, expect: [200], outside: [{ label: 'a D35 registration', req: { path: `/cycles/${c.main.id}/registrations/${reg.flaggedD35.id}` } }] },
        { as: [O], inside: { path: `/cycles/${c.exam.id}/registrations/${reg.myExam.id}` }, expect: [200], outside: [{ label: "another officer's registration", req: { path: `/cycles/${c.exam.id}/registrations/${reg.colleagueExam.id}` } }] },
      ],
    },
    'POST /cycles/{id}/registrations/{registrationId}/decision': {
      cases: [{
        as: [R],
        inside: { path: `/cycles/${c.main.id}/registrations/${reg.flaggedD01.id}/decision`, body: { decision: 'ACCEPT', ...en } },
        expect: [200],
        outside: [{
          label: 'a flagged D35 registration', req: { path: `/cycles/${c.main.id}/registrations/${reg.flaggedD35.id}/decision`, body: { decision: 'ACCEPT', ...en } },
          snapshot: async () => ({ row: await db.registration.findUniqueOrThrow({ where: { id: reg.flaggedD35.id } }), audit: await db.auditLog.count({ where: { entityId: reg.flaggedD35.id } }) }),
        }],
      }],
    },
    'GET /cycles/{id}/not-registered': { cases: cycleWithUnit((id) => `/cycles/${id}/not-registered`, c.main.id) },
    'GET /cycles/{id}/lists': { cases: [{ as: RL, inside: { path: `/cycles/${c.main.id}/lists` }, expect: [200], outside: [{ label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/lists` } }] }] },
    'GET /cycles/{id}/lists/{unitId}': {
      cases: [{
        as: RL, inside: { path: `/cycles/${c.main.id}/lists/D01` }, expect: [200],
        outside: [{ label: "D35's list", req: { path: `/cycles/${c.main.id}/lists/D35` } }, { label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/lists/D35` } }],
      }],
    },
    'POST /cycles/{id}/lists/{unitId}/submit': {
      cases: [{
        as: [R],
        inside: { path: `/cycles/${c.main.id}/lists/D01/submit`, body: { expectedRevision: 0 } },
        expect: [409], // the fixture's list has no review workflow: LIST_CLOSED
        outside: [{ label: "D35's list", req: { path: `/cycles/${c.main.id}/lists/D35/submit`, body: { expectedRevision: 0 } }, snapshot: () => db.unitList.findUniqueOrThrow({ where: { cycleId_unitId: { cycleId: c.main.id, unitId: 'D35' } } }) }],
      }],
    },
    'GET /cycles/{id}/lists/{unitId}/export': { cases: [{ as: RL, inside: { path: `/cycles/${c.exam.id}/lists/D01/export` }, expect: [200], outside: [{ label: "D35's approved list", req: { path: `/cycles/${c.exam.id}/lists/D35/export` } }] }] },
    'GET /cycles/{id}/reports/registration': { cases: cycleWithUnit((id) => `/cycles/${id}/reports/registration`, c.main.id) },

    // ── Question bank and rule sets: national, no unit ──
    'GET /items': { global: 'the national question bank: items carry no unit' },
    'GET /items/{id}': { global: 'a national bank item: no unit' },
    'GET /positions/{id}/blueprints': { global: "a position's blueprints: no unit" },
    'GET /positions/{id}/bank-coverage': { global: "the bank's coverage of a position: no unit" },
    'GET /bank/sufficiency': { global: "the bank's sufficiency for positions: no unit" },
    'GET /rule-sets': { global: 'rule sets are national (drafts hidden from all but coordinators: not a unit matter)' },
    'GET /rule-sets/{id}': { global: 'a national rule set' },
    'GET /rule-sets/{kind}/{version}': { global: 'a national rule set' },

    // ── Feedback: businesses ──
    'GET /feedback/reasons': { global: 'the list of rating reasons: configuration with no owner' },
    'GET /feedback/my/declarations': {
      own: {
        reason: "filtered to the caller's business",
        check: async (call) => {
          expect((await call(B, 'get', { path: '/feedback/my/declarations', query: { number: f.otherDeclaration.number } })).body.total).toBe(0);
          expect((await call(B, 'get', { path: '/feedback/my/declarations', query: { number: f.demoDeclaration.number } })).body.total).toBe(1);
        },
      },
    },
    'GET /feedback/my/declarations/{id}': {
      cases: [{ as: [B], inside: { path: `/feedback/my/declarations/${f.demoDeclaration.id}` }, expect: [200], outside: [{ label: "another business's declaration", req: { path: `/feedback/my/declarations/${f.otherDeclaration.id}` }, snapshot: () => db.declaration.findUniqueOrThrow({ where: { id: f.otherDeclaration.id } }) }] }],
    },
    'POST /feedback/my/declarations/{id}/ratings': {
      cases: [{
        as: [B],
        inside: { path: `/feedback/my/declarations/${f.demoDeclaration.id}/ratings`, body: { ratings: [{ subject: `BRANCH:${f.demoDeclaration.branchUnitId}`, level: 'SATISFIED' }] } },
        expect: [201],
        outside: [{
          label: "another business's declaration",
          req: { path: `/feedback/my/declarations/${f.otherDeclaration.id}/ratings`, body: { ratings: [{ subject: `BRANCH:${f.otherDeclaration.branchUnitId}`, level: 'SATISFIED' }] } },
          snapshot: async () => ({ declaration: await db.declaration.findUniqueOrThrow({ where: { id: f.otherDeclaration.id } }), feedback: await db.feedback.findMany({ where: { declarationId: f.otherDeclaration.id } }) }),
        }],
      }],
    },
    'GET /feedback/my/ratings': {
      own: {
        reason: "filtered to the caller's business",
        check: async (call) => {
          const items = (await call(B, 'get', { path: '/feedback/my/ratings', query: { pageSize: '500' } })).body.items as { declaration: { id: string } }[];
          expect(items.map((x) => x.declaration.id)).toContain(f.demoCase.declaration.id);
          expect(items.map((x) => x.declaration.id)).not.toContain(f.otherCase.declaration.id);
        },
      },
    },
    'GET /feedback/my/cases': {
      own: {
        reason: "filtered to the caller's business",
        check: async (call) => {
          const ids = ((await call(B, 'get', { path: '/feedback/my/cases', query: { pageSize: '500' } })).body.items as { id: string }[]).map((x) => x.id);
          expect(ids).toContain(f.demoCase.feedbackCase.id);
          expect(ids).not.toContain(f.otherCase.feedbackCase.id);
        },
      },
    },
    'GET /feedback/my/cases/{id}': {
      cases: [{ as: [B], inside: { path: `/feedback/my/cases/${f.demoCase.feedbackCase.id}` }, expect: [200], outside: [{ label: "another business's case", req: { path: `/feedback/my/cases/${f.otherCase.feedbackCase.id}` }, snapshot: () => caseState(f.otherCase.feedbackCase.id) }] }],
    },
    'POST /feedback/my/cases/{id}/response': {
      cases: [{
        as: [B],
        inside: { path: `/feedback/my/cases/${f.demoCase.feedbackCase.id}/response`, body: { accept: true } },
        expect: [409], // the case is not at the business-response step (and its workflow starts now)
        outside: [{ label: "another business's case", req: { path: `/feedback/my/cases/${f.otherCase.feedbackCase.id}/response`, body: { accept: true } }, snapshot: () => caseState(f.otherCase.feedbackCase.id) }],
      }],
    },
    'GET /feedback/legal-notices': { global: 'notices of published legal documents: public, a business gets a relevance filter, not a scope' },
    'GET /feedback/legal-notices/{id}/source': { global: "a published notice's source link: public" },

    // ── Feedback: staff ──
    'GET /feedback/cases': { cases: [{ as: RL, inside: { path: '/feedback/cases', query: byUnit('D01') }, expect: [200], outside: [{ label: 'unitId=D35', req: { path: '/feedback/cases', query: byUnit('D35') } }] }] },
    'GET /feedback/cases/{id}': { cases: [{ as: RL, inside: { path: `/feedback/cases/${f.casesD01.detail.feedbackCase.id}` }, expect: [200], outside: [{ label: 'a D35 case', req: { path: `/feedback/cases/${f.caseD35.feedbackCase.id}` } }] }] },
    'POST /feedback/cases/{id}/verify': { cases: caseAction('verify', { note: 'Đã xác minh qua camera giám sát tại bộ phận tiếp nhận.' }, f.casesD01.verify.feedbackCase) },
    'POST /feedback/cases/{id}/handling': { cases: caseAction('handling', { note: 'Đã nhắc nhở công chức và hướng dẫn lại quy trình.' }, f.casesD01.handling.feedbackCase) },
    'POST /feedback/cases/{id}/outcome': { cases: caseAction('outcome', { outcome: 'SUBSTANTIATED', reason: 'Phản ánh đúng; đã nhắc nhở công chức tiếp nhận.' }, f.casesD01.outcome.feedbackCase) },
    'GET /feedback/statistics': { cases: statsCases('/feedback/statistics') },
    'GET /feedback/statistics/{dimension}': { cases: statsCases('/feedback/statistics/branch') },
    'GET /feedback/ratings': { cases: statsCases('/feedback/ratings') },
    'GET /feedback/ratings/export': { cases: statsCases('/feedback/ratings/export') },
    'GET /officers/{id}/feedback-summary': { cases: officerCases((id) => `/officers/${id}/feedback-summary`) },
    'GET /units/{id}/feedback-summary': { cases: [{ as: RL, inside: { path: '/units/D01/feedback-summary' }, expect: [200], outside: [{ label: 'D35', req: { path: '/units/D35/feedback-summary' } }] }] },

    // ── Exams ──
    'POST /cycles/{id}/sessions': {
      cases: [{
        as: [R],
        inside: { path: `/cycles/${c.exam.id}/sessions`, body: { unitId: 'D01', code: 'D01-NEW', startsAt: examStart(c.exam, 6), capacity: 5 } },
        expect: [201],
        outside: [
          { label: 'at D35', req: { path: `/cycles/${c.exam.id}/sessions`, body: { unitId: 'D35', code: 'D35-NEW', startsAt: examStart(c.exam, 6), capacity: 5 } }, snapshot: () => sessionState(c.exam.id, 'D35') },
          { label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/sessions`, body: { unitId: 'D35', code: 'D35-NEW', startsAt: examStart(c.d35Only, 1), capacity: 5 } }, snapshot: () => sessionState(c.d35Only.id, 'D35') },
        ],
      }],
    },
    'GET /cycles/{id}/sessions': { cases: cycleWithUnit((id) => `/cycles/${id}/sessions`, c.exam.id) },
    'GET /cycles/{id}/sessions/{sessionId}/seats': { cases: [{ as: RL, inside: { path: `/cycles/${c.exam.id}/sessions/${w.sessions.d01.id}/seats` }, expect: [200], outside: [{ label: 'a D35 session', req: { path: `/cycles/${c.exam.id}/sessions/${w.sessions.d35.id}/seats` } }, { label: 'a D01 session of a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/sessions/${w.sessions.d01InD35Cycle.id}/seats` } }] }] },
    'GET /cycles/{id}/sessions/{sessionId}/attendance': { cases: [{ as: RL, inside: { path: `/cycles/${c.exam.id}/sessions/${w.sessions.d01.id}/attendance` }, expect: [200], outside: [{ label: 'a D35 session', req: { path: `/cycles/${c.exam.id}/sessions/${w.sessions.d35.id}/attendance` } }, { label: 'a D01 session of a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/sessions/${w.sessions.d01InD35Cycle.id}/attendance` } }] }] },
    'GET /cycles/{id}/schedule/{unitId}': {
      cases: [{ as: RL, inside: { path: `/cycles/${c.exam.id}/schedule/D01` }, expect: [200], outside: [{ label: 'D35', req: { path: `/cycles/${c.exam.id}/schedule/D35` } }, { label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/schedule/D35` } }] }],
    },
    'POST /cycles/{id}/schedule/{unitId}': {
      cases: [{
        as: [R],
        inside: { path: `/cycles/${c.exam.id}/schedule/D01` },
        expect: [200],
        outside: [
          { label: 'D35 (a candidate waits for a seat)', req: { path: `/cycles/${c.exam.id}/schedule/D35` }, snapshot: async () => ({ sessions: await sessionState(c.exam.id, 'D35'), audit: await db.auditLog.count({ where: { entityId: 'D35' } }) }) },
          { label: 'a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/schedule/D35` }, snapshot: () => sessionState(c.d35Only.id, 'D35') },
        ],
      }],
    },
    'POST /cycles/{id}/seats/{registrationId}/move': {
      cases: [{
        as: [R],
        inside: { path: `/cycles/${c.exam.id}/seats/${reg.seatedD01.id}/move`, body: { sessionId: w.sessions.d01b.id } },
        expect: [200],
        outside: [
          { label: 'a seated D35 candidate', req: { path: `/cycles/${c.exam.id}/seats/${reg.seatedD35.id}/move`, body: { sessionId: w.sessions.d35.id } }, snapshot: () => seatOf(reg.seatedD35.id) },
          {
            label: 'a D01 candidate into a D35 session', req: { path: `/cycles/${c.exam.id}/seats/${reg.seatedD01.id}/move`, body: { sessionId: w.sessions.d35.id } },
            snapshot: async () => ({ seat: await seatOf(reg.seatedD01.id), target: await sessionState(c.exam.id, 'D35') }),
            refused: { status: 409, code: 'OTHER_DEPARTMENT', why: 'the candidate is the caller\'s; the target session is refused as another department\'s' },
          },
        ],
      }],
    },
    'POST /cycles/{id}/sessions/{sessionId}/publish': {
      cases: [{
        as: [R],
        inside: { path: `/cycles/${c.exam.id}/sessions/${w.sessions.publishD01.id}/publish` },
        expect: [200],
        outside: [
          { label: 'a D35 session', req: { path: `/cycles/${c.exam.id}/sessions/${w.sessions.d35.id}/publish` }, snapshot: async () => ({ sessions: await sessionState(c.exam.id, 'D35'), forms: await db.examForm.count({ where: { registrationId: reg.seatedD35.id } }) }) },
          { label: 'a D01 session of a cycle on D35 only', req: { path: `/cycles/${c.d35Only.id}/sessions/${w.sessions.d01InD35Cycle.id}/publish` }, snapshot: () => sessionState(c.d35Only.id, 'D01') },
        ],
      }],
    },
    'GET /me/exams': {
      own: {
        reason: "the caller's own registrations",
        check: async (call) => {
          const ids = ((await call(O, 'get', { path: '/me/exams' })).body.items as { registrationId: string }[]).map((x) => x.registrationId);
          expect(ids).toContain(reg.myExam.id);
          expect(ids).not.toContain(reg.colleagueExam.id);
        },
      },
    },
    'POST /exams/{registrationId}/start': {
      // officer.d01's session is not published yet: 409 NOT_PUBLISHED, past the ownership check.
      cases: [{ as: [O], inside: { path: `/exams/${reg.myExam.id}/start` }, expect: [409], outside: [{ label: "another officer's exam, under way", req: { path: `/exams/${reg.colleagueExam.id}/start` }, snapshot: () => attemptOf(w.colleagueAttempt.id) }] }],
    },
    'PUT /exams/{registrationId}/answers': {
      cases: [{
        as: [O],
        inside: { path: `/exams/${reg.myExam.id}/answers`, body: { answers: [{ itemHandle: 'h1', optionHandle: null }] } },
        expect: [409], // not started
        outside: [{ label: "another officer's exam, under way", req: { path: `/exams/${reg.colleagueExam.id}/answers`, body: { answers: [{ itemHandle: 'h1', optionHandle: null }] } }, snapshot: () => attemptOf(w.colleagueAttempt.id) }],
      }],
    },
    'POST /exams/{registrationId}/submit': {
      cases: [{ as: [O], inside: { path: `/exams/${reg.myExam.id}/submit` }, expect: [409], outside: [{ label: "another officer's exam, under way", req: { path: `/exams/${reg.colleagueExam.id}/submit` }, snapshot: () => attemptOf(w.colleagueAttempt.id) }] }],
    },

    // ── Follow-up ──
    'GET /follow-ups': {
      cases: [{ as: RL, inside: { path: '/follow-ups', query: byUnit('D01') }, expect: [200], outside: [{ label: 'unitId=D35', req: { path: '/follow-ups', query: byUnit('D35') } }] }],
      own: {
        roles: ['OFFICER'],
        reason: "an officer's list is their own tasks whatever the filters",
        check: async (call) => {
          for (const query of [{ pageSize: '500' }, byUnit('D01')]) {
            const items = (await call(O, 'get', { path: '/follow-ups', query })).body.items as { officerId: string }[];
            expect(new Set(items.map((x) => x.officerId))).toEqual(new Set([w.myOfficer.id]));
          }
        },
      },
    },
    'GET /inbox': {
      cases: [{ as: RL, inside: { path: '/inbox', query: byUnit('D01') }, expect: [200], outside: [{ label: 'unitId=D35', req: { path: '/inbox', query: byUnit('D35') } }] }],
    },
    'GET /follow-ups/{id}': {
      cases: [
        { as: RL, inside: { path: `/follow-ups/${t.d01.retraining.id}` }, expect: [200], outside: [{ label: 'a D35 task', req: { path: `/follow-ups/${t.d35.retraining.id}` } }] },
        { as: [O], inside: { path: `/follow-ups/${t.mine.id}` }, expect: [200], outside: [{ label: "another officer's task", req: { path: `/follow-ups/${t.colleague.id}` } }] },
      ],
    },
    'POST /follow-ups/{id}/training': { cases: taskAction('training', { course: 'Bồi dưỡng nghiệp vụ phân loại hàng hóa', completedOn: '2026-11-20', hours: 16 }, t.d01.retraining, t.d35.retraining) },
    'POST /follow-ups/{id}/reassignment': {
      cases: [
        ...taskAction('reassignment', { decision: 'DECLINE', reason: 'Chưa có vị trí phù hợp tại đơn vị' }, t.d01.reassignment, t.d35.reassignment),
        {
          as: [L],
          inside: { path: `/follow-ups/${t.d01.reassignTarget.id}/reassignment`, body: { decision: 'ACCEPT', positionId: t.d01.reassignment.proposedPositionId, unitId: w.teams.d01[1].id } },
          expect: [409], // past the unit check; the task's workflow starts now
          outside: [{
            label: 'moving a D01 officer into a D35 team',
            req: { path: `/follow-ups/${t.d01.reassignTarget.id}/reassignment`, body: { decision: 'ACCEPT', positionId: t.d01.reassignment.proposedPositionId, unitId: w.teams.d35[0].id } },
            snapshot: async () => ({ ...(await taskState(t.d01.reassignTarget.id)), officer: await db.officer.findUniqueOrThrow({ where: { id: t.d01.reassignTarget.officerId }, include: { assignments: true } }) }),
          }],
        },
      ],
    },
    'POST /follow-ups/{id}/nomination': { cases: taskAction('nomination', { decision: 'ACCEPT', reason: 'Kết quả xuất sắc, đề cử vào nhóm chuyên gia' }, t.d01.nomination, t.d35.nomination) },
    'POST /follow-ups/{id}/cancel': { cases: taskAction('cancel', { reason: 'Công chức đã chuyển công tác' }, t.d01.cancel, t.d35.cancel) },
    'GET /follow-ups/{id}/reexamination/sessions': { cases: [{ as: RL, inside: { path: `/follow-ups/${t.d01.reexam.id}/reexamination/sessions` }, expect: [200], outside: [{ label: 'a D35 task', req: { path: `/follow-ups/${t.d35.reexam.id}/reexamination/sessions` } }] }] },
    'POST /follow-ups/{id}/reexamination/schedule': {
      cases: [{
        as: RL,
        inside: { path: `/follow-ups/${t.d01.reexam.id}/reexamination/schedule`, body: { sessionId: w.sessions.reexamD01.id } },
        expect: [200],
        outside: [
          { label: 'a D35 task', req: { path: `/follow-ups/${t.d35.reexam.id}/reexamination/schedule`, body: { sessionId: w.sessions.reexamD35.id } }, snapshot: async () => ({ sessions: await sessionState(c.followUp.id, 'D35'), task: await taskState(t.d35.reexam.id) }) },
          {
            label: 'a D01 task into a D35 session', req: { path: `/follow-ups/${t.d01.reexam.id}/reexamination/schedule`, body: { sessionId: w.sessions.reexamD35.id } },
            snapshot: async () => ({ sessions: await sessionState(c.followUp.id, 'D35'), task: await taskState(t.d01.reexam.id) }),
            refused: { status: 409, code: 'OTHER_DEPARTMENT', why: "the task is the caller's; the session is refused as another department's" },
          },
        ],
      }],
    },

    // ── Reports ──
    'GET /officers/{id}/profile': { cases: officerCases((id) => `/officers/${id}/profile`) },
    'GET /cycles/{id}/reports/results': { cases: cycleWithUnit((id) => `/cycles/${id}/reports/results`, c.followUp.id) },

    // ── The caller's own ──
    'GET /me/overview': { own: { reason: "the signed-in officer's own placement and registrations" } },
    'GET /me/notifications': {
      own: {
        reason: "the caller's own notifications",
        check: async (call) => {
          const ids = ((await call(R, 'get', { path: '/me/notifications', query: { pageSize: '500' } })).body.items as { id: string }[]).map((x) => x.id);
          expect(ids).toContain(w.notifications[R].id);
          expect(ids).not.toContain(w.strangerNotification.id);
        },
      },
    },
    'POST /me/notifications/{id}/read': { cases: notificationCases() },
    'POST /me/notifications/read-all': {
      own: {
        reason: "marks the caller's own notifications",
        check: async (call) => {
          expect((await call(L, 'post', { path: '/me/notifications/read-all' })).status).toBe(200);
          expect((await db.notification.findUniqueOrThrow({ where: { id: w.strangerNotification.id } })).readAt).toBeNull();
        },
      },
    },
  };
}

// ───────────────────────────── The run ─────────────────────────────

type Operation = { 'x-roles'?: Role[] };
let database: ScratchDatabase;
let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let app: ReturnType<typeof createApp>['app'];
let operations: Map<string, Role[]>;
let world: ScopeWorld;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  database = await createScratchDatabase('unit_scope');
  prisma = createPrisma(database.url, { max: 6 });
  await seedDemoData(prisma, { officers: 120, seed: 'unit-scope' });
  await publishBuiltInRuleSets(prisma);
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  ({ app } = createApp({ prisma, temporal, logger: pino({ level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue }));
  const doc = (await request(app).get('/openapi.json')).body as { paths: Record<string, Record<string, Operation>> };
  operations = new Map(
    Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op['x-roles'] ?? []] as const)),
  );
  for (const [username, password] of Object.entries(PASSWORDS)) {
    const res = await request(app).post('/api/auth/token').send({ username, password });
    expect(res.status, `${username} signs in`).toBe(200);
    tokens[username] = res.body.token;
  }
  world = await buildScopeWorld(prisma);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
  await database?.drop();
});

async function workflowOf(kind: 'feedbackCase' | 'followUpTask', id: string): Promise<string> {
  try {
    const d = await temporal.workflow.getHandle(WORKFLOW_IDS[kind](id)).describe();
    return d.status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'none';
    throw err;
  }
}

function call(as: Caller | 'coordinator', method: string, req: Req): Promise<request.Response> {
  const agent = request(app) as unknown as Record<string, (url: string) => request.Test>;
  let r = agent[method](`/api${req.path}`).set('Authorization', `Bearer ${tokens[as]}`).set('Accept-Language', 'en');
  if (req.query) r = r.query(req.query);
  if (req.csv) return r.set('Content-Type', 'text/csv').send(Buffer.from(`\uFEFF${req.csv.join('\r\n')}\r\n`, 'utf8'));
  return req.body === undefined ? r : r.send(req.body as object);
}

const scopedRoles = (key: string) => (operations.get(key) ?? []).filter((r) => SCOPED_ROLES.includes(r));
const templateOf = (key: string) => new RegExp(`^${key.slice(key.indexOf(' ') + 1).replace(/\{\w+\}/g, '[^/]+')}$`);
const summary = { operations: 0, global: 0, own: 0, withCases: 0, inside: 0, outside: 0, controls: 0 };

it('has a scope decision for exactly the operations a scoped role may call, each covering every such role', () => {
  const entries = matrix(world, prisma, workflowOf);
  const scoped = [...operations.keys()].filter((k) => scopedRoles(k).length > 0);
  const problems: string[] = [];
  for (const key of scoped) if (!entries[key]) problems.push(`${key} (${scopedRoles(key).join(', ')}) has no unit-scope entry: say global, own, or add cases`);
  for (const key of Object.keys(entries)) {
    if (!operations.has(key)) problems.push(`${key} is in the matrix but the API has no such operation`);
    else if (!scoped.includes(key)) problems.push(`${key} is in the matrix but no scoped role may call it any more`);
  }
  for (const key of scoped.filter((k) => entries[k])) {
    const e = entries[key];
    if (e.global && (e.own || e.cases)) problems.push(`${key}: global excludes own and cases`);
    if (!e.global && !e.own && !e.cases?.length) problems.push(`${key}: an entry says global, own or gives cases`);
    const covered = new Set<Role>(e.global ? scopedRoles(key) : [...(e.own ? (e.own.roles ?? scopedRoles(key)) : []), ...(e.cases ?? []).flatMap((c) => c.as.map((a) => ROLE_OF[a]))]);
    for (const role of scopedRoles(key)) if (!covered.has(role)) problems.push(`${key}: ${role} may call it but no case or own decision covers it`);
    const template = templateOf(key);
    const write = !key.startsWith('GET ');
    for (const c of e.cases ?? []) {
      for (const as of c.as) if (!scopedRoles(key).includes(ROLE_OF[as])) problems.push(`${key}: ${as} is not allowed to call it (x-roles)`);
      if (c.expect.some((s) => s === 403 || s === 404)) problems.push(`${key}: an inside request may not expect 403/404`);
      if (!c.outside.length) problems.push(`${key}: a case needs an object outside the scope`);
      for (const req of [c.inside, ...c.outside.map((o) => o.req)]) {
        if (!template.test(req.path) || req.path.includes('undefined')) problems.push(`${key}: ${req.path} is not a path of this operation`);
      }
      for (const o of c.outside) {
        // Writes: the rows they would touch; reads that the coordinator cannot make: proof the object exists.
        const controlled = !write && (operations.get(key) ?? []).includes('COORDINATOR');
        if (!o.snapshot && (write || !controlled)) problems.push(`${key} (${o.label}): needs a snapshot (a write, or no coordinator control)`);
      }
    }
  }
  expect(problems).toEqual([]);
});

it('refuses every object outside the caller\'s scope, changing nothing, and lets every object inside through', async () => {
  const entries = matrix(world, prisma, workflowOf);
  const failures: string[] = [];
  const insideStatuses: Record<number, number> = {};
  const started = Date.now();
  for (const [key, entry] of Object.entries(entries)) {
    if (!operations.has(key)) continue; // reported by the test above
    summary.operations++;
    const method = key.slice(0, key.indexOf(' ')).toLowerCase();
    if (entry.global) summary.global++;
    if (entry.own) {
      summary.own++;
      try {
        await entry.own.check?.(call);
      } catch (err) {
        failures.push(`${key} own: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    if (entry.cases) summary.withCases++;
    for (const c of entry.cases ?? []) {
      // Outside first: the inside requests change things (seat, start a workflow) the outside ones must not.
      for (const o of c.outside) {
        for (const as of c.as) {
          const before = o.snapshot ? JSON.stringify(await o.snapshot()) : null;
          const res = await call(as, method, o.req);
          summary.outside++;
          const what = `${key} as ${as}, outside (${o.label}): ${res.status} ${JSON.stringify(res.body?.error ?? res.body).slice(0, 200)}`;
          if (o.refused) {
            if (res.status !== o.refused.status || ![o.refused.code].includes(res.body?.error?.code)) failures.push(`${what}; expected ${o.refused.status} ${o.refused.code}`);
          } else if (!(res.status === 403 || (res.status === 404 && res.body?.error?.code === 'NOT_FOUND'))) {
            // (403: FORBIDDEN, or an exam's own NOT_YOUR_EXAM; 404 only as "no such object", not "no such route")
            failures.push(`${what}; expected 403/404`);
          }
          if (before !== null && JSON.stringify(await o.snapshot!()) !== before) failures.push(`${key} as ${as}, outside (${o.label}): CHANGED what it must not`);
        }
        // The object exists and the request is valid: headquarters gets through with it.
        if (method === 'get' && (operations.get(key) ?? []).includes('COORDINATOR')) {
          const control = await call('coordinator', method, o.req);
          summary.controls++;
          if (control.status === 403 || control.status === 404 || control.status >= 500) failures.push(`${key} coordinator control (${o.label}): ${control.status}, so the outside object is not what it claims`);
        }
      }
      for (const as of c.as) {
        const res = await call(as, method, c.inside);
        summary.inside++;
        insideStatuses[res.status] = (insideStatuses[res.status] ?? 0) + 1;
        if (!c.expect.includes(res.status)) failures.push(`${key} as ${as}, inside ${c.inside.path}: ${res.status} ${JSON.stringify(res.body?.error ?? '').slice(0, 200)}; expected ${c.expect.join('/')}`);
      }
    }
  }
  console.log(
    `unit scope: ${summary.operations} operations (${summary.global} global, ${summary.own} own, ${summary.withCases} with cases); ` +
      `${summary.inside} inside and ${summary.outside} outside requests, ${summary.controls} coordinator controls (inside answered ${Object.entries(insideStatuses).map(([s, n]) => `${s}×${n}`).join(', ')}), in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  expect(failures).toEqual([]);
}, 180_000);
