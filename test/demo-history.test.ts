// The demo a newcomer opens, generated at a small size (400 officers, the past cycles scoped to six departments)
// into a database of its own, with a worker and the HTTP API on the run's Temporal server: everything in the
// history came through the project's code (verification outcomes and traces, results graded from the stored
// answers, levels with their rule traces, follow-up tasks proposed by the follow-up rules, cases opened by the
// unsatisfied ratings), the mountain department's report reads the published figures, officer.d01 can start
// today's exam, and loading the demo a second time changes nothing.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import { createApp } from '../api/app';
import { logger } from '../runtime/logger';
import { createPrisma, type PrismaClient } from '../prisma/db';
import { publishBuiltInRuleSets, loadRuleSet } from '../services/rule-sets';
import { gradeAttempt } from '../domain/grading';
import { analyseResponses } from '../domain/item-statistics';
import { decideLevel } from '../rules/level';
import { proposeFollowUps } from '../rules/follow-up';
import { MOUNTAIN_DEPARTMENT, PAST_CYCLES, seedDemoWithHistory } from '../prisma/demo/history';
import { ensureDemoNow, type DemoNow } from '../runtime/demo-cycle';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database';
import { startTestWorker, testTemporalClient, type RunningWorker } from './support';

const OFFICERS = 400;
const DEPARTMENTS = ['D01', 'D02', 'D03', 'D04', 'D05', MOUNTAIN_DEPARTMENT.id];

let database: ScratchDatabase;
let prisma: PrismaClient;
let temporal: Client;
let worker: RunningWorker;
let server: Server;
let api: string;
let now: DemoNow;
const pastCycleIds = PAST_CYCLES.map((c) => `CY-${c.code}`);

async function signIn(username: string, password: string): Promise<string> {
  const res = await fetch(`${api}/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return ((await res.json()) as { token: string }).token;
}
async function get<T>(token: string, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${api}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
}

/** What `npm start` does for the demo: the data and its history, then (worker and API up) its present. */
async function loadDemo(): Promise<DemoNow> {
  await seedDemoWithHistory(prisma, { officers: OFFICERS, seed: 'customs-2026', departments: DEPARTMENTS });
  return ensureDemoNow({ api, prisma, temporal, taskQueue: worker.taskQueue, departments: DEPARTMENTS });
}

/** The workflows the demo started have done what they do at once (open follow-ups begin, and escalate if overdue). */
async function settled(): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [waiting, overdue, cases] = await Promise.all([
      prisma.followUpTask.count({ where: { status: 'OPEN', workflowId: null } }),
      prisma.followUpTask.count({ where: { status: 'OPEN', dueAt: { lt: new Date() }, unit: { depth: { gt: 0 } } } }),
      prisma.feedbackCase.count({ where: { status: 'OPEN' } }),
    ]);
    if (waiting + overdue + cases === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the demo workflows did not settle');
}

/** Every table's row count and a digest of what people see, to compare two loads. */
async function snapshot(): Promise<Record<string, string | number>> {
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`;
  const out: Record<string, string | number> = {};
  for (const { tablename } of tables) {
    const [{ n }] = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${tablename}"`);
    out[tablename] = Number(n);
  }
  const digest = async (sql: string) => createHash('sha256').update(JSON.stringify(await prisma.$queryRawUnsafe(sql))).digest('hex').slice(0, 16);
  out.registrations = await digest(`SELECT id, "positionId", "verificationOutcome"::text, "reviewDecision"::text, status::text FROM "Registration" ORDER BY id`);
  out.results = await digest(`SELECT "registrationId", score::text, level::text FROM "Result" ORDER BY "registrationId"`);
  out.tasks = await digest(`SELECT "dedupeKey", status::text, "unitId", "dueAt"::text FROM "FollowUpTask" ORDER BY "dedupeKey"`);
  out.cases = await digest(`SELECT "feedbackId", status::text, outcome::text FROM "FeedbackCase" ORDER BY "feedbackId"`);
  out.cycles = await digest(`SELECT code, status::text, phase::text FROM "AssessmentCycle" ORDER BY code`);
  return out;
}

let before: Record<string, string | number>;
let after: Record<string, string | number>;

beforeAll(async () => {
  database = await createScratchDatabase('demo_history');
  prisma = createPrisma(database.url, { max: 4 });
  await publishBuiltInRuleSets(prisma);
  temporal = await testTemporalClient();
  worker = await startTestWorker(prisma);
  const { app } = createApp({ prisma, temporal, logger: logger.child({}, { level: 'silent' }), authSecret: 'test-secret-test-secret-test-secret-00', taskQueue: worker.taskQueue });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  now = await loadDemo();
  await settled();
  before = await snapshot();
  await loadDemo(); // a second `npm start` on the same data
  await settled();
  after = await snapshot();
}, 180_000);

afterAll(async () => {
  server?.close();
  await worker?.stop();
  await temporal?.connection.close();
  await prisma?.$disconnect();
  await database?.drop();
});

describe('the demo history', () => {
  it('has the two past cycles closed, with every phase recorded in order', async () => {
    const cycles = await prisma.assessmentCycle.findMany({ where: { id: { in: pastCycleIds } }, include: { phaseEvents: { orderBy: { enteredAt: 'asc' } } }, orderBy: { code: 'asc' } });
    expect(cycles.map((c) => [c.code, c.status, c.phase])).toEqual([['DGNL-2023', 'CLOSED', 'CLOSED'], ['DGNL-2025', 'CLOSED', 'CLOSED']]);
    for (const c of cycles) {
      expect(c.phaseEvents.map((e) => e.phase)).toEqual(['REGISTRATION_OPEN', 'VERIFICATION', 'REVIEW', 'LISTS_DUE', 'SCHEDULING', 'EXAM_WINDOW', 'GRADING', 'LEVELS', 'FOLLOW_UP', 'CLOSED']);
      expect(c.phaseEvents.at(-1)!.enteredAt).toEqual(c.closesAt);
    }
    expect(cycles[0].includeTeamLeaders).toBe(false);
    expect(cycles[1].includeTeamLeaders).toBe(true);
  });

  it('verified every registration with the frozen rules, kept the traces, and had every flag decided', async () => {
    const registrations = await prisma.registration.findMany({ where: { cycleId: { in: pastCycleIds }, round: 1 } });
    expect(registrations.length).toBeGreaterThan(150);
    for (const r of registrations) {
      expect(r.verificationOutcome).not.toBeNull();
      expect(r.verifiedAt).not.toBeNull();
      const trace = r.verificationTrace as { rule: string; fired: boolean; event?: { params: { code: string } } }[];
      expect(trace.length).toBeGreaterThan(5);
      const fired = trace.filter((t) => t.fired).map((t) => t.event!.params.code).sort();
      expect(((r.verificationReasons ?? []) as { code: string }[]).map((x) => x.code).sort()).toEqual(fired);
    }
    const flagged = registrations.filter((r) => r.verificationOutcome === 'FLAGGED');
    expect(flagged.length).toBeGreaterThan(3);
    expect(flagged.every((r) => r.reviewDecision !== 'PENDING' && (r.reviewJustification ?? '').length >= 10)).toBe(true);
    expect(new Set(flagged.map((r) => r.reviewDecision))).toContain('ACCEPTED');
    expect(new Set(flagged.map((r) => r.reviewDecision))).toContain('REJECTED');
  });

  it('graded every result from its stored answers, and levelled it by the frozen rules with a readable trace', async () => {
    const results = await prisma.result.findMany({
      where: { cycleId: { in: pastCycleIds } },
      include: {
        competencyScores: { orderBy: { competencyId: 'asc' } },
        cycle: { select: { levelRuleSetId: true } },
        position: { include: { competencies: true } },
        attempt: { include: { answers: true, form: true } },
      },
    });
    expect(results.length).toBeGreaterThan(150);
    const keys = new Map((await prisma.questionItemVersion.findMany({ select: { id: true, correctKey: true } })).map((v) => [v.id, v.correctKey]));
    const rules = await loadRuleSet(prisma, results[0].cycle.levelRuleSetId!);
    for (const r of results) {
      const items = r.attempt.form.items as { itemVersionId: string; competencyId: string }[];
      const grade = gradeAttempt({
        items: items.map((i) => ({ ...i, correctKey: keys.get(i.itemVersionId)! })),
        answers: Object.fromEntries(r.attempt.answers.map((a) => [a.itemVersionId, a.chosenKey])),
        requiredLevels: Object.fromEntries(r.position.competencies.map((c) => [c.competencyId, c.requiredLevel])),
      });
      expect(Number(r.score)).toBe(grade.score);
      expect(r.correctCount).toBe(grade.correctCount);
      expect(r.competencyScores.map((c) => [c.competencyId, Number(c.score)])).toEqual(grade.competencies.map((c) => [c.competencyId, c.score]));
      expect(r.levelRuleSetId).toBe(r.cycle.levelRuleSetId);
      const decision = await decideLevel(rules, {
        totalScore: grade.score, passed: r.passed, isLeadership: r.position.isLeadership,
        competencies: grade.competencies.map((c) => ({ competencyId: c.competencyId, code: c.competencyId, score: c.score, requiredLevel: c.requiredLevel })),
      });
      expect(r.level).toBe(decision.level);
      expect((r.levelTrace as { rule: string }).rule).toBe(decision.trace.rule);
    }
    expect(new Set(results.map((r) => r.level))).toEqual(new Set(['LEVEL_1', 'LEVEL_2', 'LEVEL_3', 'NOT_ACHIEVED']));
  });

  it('has item analyses per cycle, and forms as internally consistent as a real test', async () => {
    for (const cycleId of pastCycleIds) {
      const items = await prisma.itemAnalysis.findMany({ where: { cycleId, sessionId: null } });
      expect(items.length).toBeGreaterThan(100);
      expect(items.some((i) => i.flags.length > 0)).toBe(true);
      // Every position's form has its statistics, the CIC included (an item only one candidate drew counts as
      // the mean of that candidate's others: with forms drawn from a bank there are always some).
      const perPosition = await prisma.testAnalysis.findMany({ where: { cycleId, sessionId: null } });
      expect(perPosition.length).toBeGreaterThan(3);
      expect(perPosition.filter((t) => t.attempts >= 3).every((t) => t.internalConsistency !== null)).toBe(true);
      // Over all the cycle's candidates (too few per position at this size to judge one form), the expected
      // KR-20 of a candidate's form is a real test's: well above chance, short of a perfect 100.
      const attempts = await prisma.attempt.findMany({
        where: { status: { in: ['SUBMITTED', 'AUTO_SUBMITTED'] }, registration: { cycleId } },
        select: { id: true, form: { select: { items: true } }, answers: { select: { itemVersionId: true, chosenKey: true } } },
      });
      const versions = await prisma.questionItemVersion.findMany({ select: { id: true, correctKey: true, options: true } });
      const key = new Map(versions.map((v) => [v.id, v.correctKey]));
      const used = new Set(attempts.flatMap((a) => (a.form.items as { itemVersionId: string }[]).map((i) => i.itemVersionId)));
      const { test } = analyseResponses({
        items: versions.filter((v) => used.has(v.id)).map((v) => ({ itemVersionId: v.id, correctKey: v.correctKey, optionKeys: (v.options as { key: string }[]).map((o) => o.key) })),
        attempts: attempts.map((a) => {
          const chosen = new Map(a.answers.map((x) => [x.itemVersionId, x.chosenKey]));
          return {
            attemptId: a.id,
            responses: (a.form.items as { itemVersionId: string }[]).map((i) => {
              const c = chosen.get(i.itemVersionId) ?? null;
              return { itemVersionId: i.itemVersionId, chosenKey: c, score: c !== null && c === key.get(i.itemVersionId) ? (1 as const) : (0 as const) };
            }),
          };
        }),
      });
      expect(test.internalConsistency).toBeGreaterThan(60);
      expect(test.internalConsistency).toBeLessThan(95);
    }
  });

  it('created the follow-up tasks by the follow-up rules, and they are in every state', async () => {
    const tasks = await prisma.followUpTask.findMany({
      where: { cycleId: { in: pastCycleIds } },
      include: { cycle: { select: { followUpRuleSetId: true } }, result: { include: { registration: true, competencyScores: true } } },
    });
    expect(tasks.length).toBeGreaterThan(50);
    const rules = await loadRuleSet(prisma, tasks[0].cycle!.followUpRuleSetId!);
    // An officer's earlier failures: not achieved in an earlier cycle, or in an earlier round of the same one.
    const failed = await prisma.result.findMany({ where: { level: 'NOT_ACHIEVED' }, include: { registration: true, cycle: true } });
    const examOf = new Map((await prisma.assessmentCycle.findMany()).map((c) => [c.id, c.examStartsAt.getTime()]));
    const earlierFailures = (r: { id: string; officerId: string; cycleId: string; registration: { round: number } }) =>
      failed.filter((f) => f.officerId === r.officerId && f.id !== r.id && (f.cycleId === r.cycleId ? f.registration.round < r.registration.round : f.cycle.examStartsAt.getTime() < examOf.get(r.cycleId)!)).length;
    for (const t of tasks) {
      expect((t.ruleTrace as { ruleSetId: string }).ruleSetId).toBe(t.cycle!.followUpRuleSetId);
      const r = t.result!;
      const proposals = await proposeFollowUps(rules, {
        level: r.level as 'LEVEL_1', totalScore: Number(r.score), isReexamination: r.registration.round > 1,
        registeredPositionId: r.registration.positionId, heldPositionId: r.registration.heldPositionId,
        previousFailures: earlierFailures(r),
        competencies: r.competencyScores.map((c) => ({ competencyId: c.competencyId, score: Number(c.score), requiredLevel: c.requiredLevel })),
      });
      expect(proposals.some((p) => p.type === t.type && p.competencyId === t.competencyId)).toBe(true);
    }
    expect(new Set(tasks.map((t) => t.type))).toEqual(new Set(['RETRAINING', 'REEXAMINATION', 'REASSIGNMENT', 'EXPERT_NOMINATION']));
    expect(new Set(tasks.map((t) => t.status))).toEqual(new Set(['OPEN', 'DONE', 'DECLINED', 'CANCELLED']));
    // Re-examinations went back through the exam: a round-2 registration, sat, graded and levelled.
    const reexams = await prisma.registration.findMany({ where: { cycleId: { in: pastCycleIds }, round: 2 }, include: { results: true } });
    expect(reexams.length).toBeGreaterThan(0);
    expect(reexams.filter((r) => r.status === 'ACTIVE').every((r) => r.results[0]?.level)).toBe(true);
    // Every open task has its workflow, and leader.d01 has some in D01.
    const open = tasks.filter((t) => t.status === 'OPEN');
    expect(await prisma.followUpTask.count({ where: { id: { in: open.map((t) => t.id) }, workflowId: null } })).toBe(0);
    const leader = await signIn('leader.d01', 'demo-leader');
    const mine = await get<{ items: { id: string; status: string }[] }>(leader, '/follow-ups?status=OPEN&pageSize=100');
    expect(mine.status).toBe(200);
    expect(mine.body.items.length).toBeGreaterThan(0);
  });

  it('opened a case for every unsatisfied rating, and nothing else', async () => {
    const ratings = await prisma.feedback.findMany({ include: { case: true } });
    expect(ratings.length).toBeGreaterThan(20);
    for (const f of ratings) expect(f.case !== null).toBe(f.level === 'UNSATISFIED' || f.level === 'VERY_UNSATISFIED');
    const statuses = new Set(ratings.filter((f) => f.case).map((f) => f.case!.status));
    expect(statuses).toContain('CLOSED');
    expect(statuses).toContain('VERIFYING'); // left for leader.d01
    expect(statuses).toContain('ANSWERED'); // for business.demo to accept or contest
    const business = await signIn('business.demo', 'demo-business');
    const cases = await get<{ items: { status: string }[] }>(business, '/feedback/my/cases');
    expect(cases.body.items.some((c) => c.status === 'ANSWERED')).toBe(true);
  });

  it("reads the mountain department's published figures through the results report", async () => {
    const cycle = await prisma.assessmentCycle.findUniqueOrThrow({ where: { code: MOUNTAIN_DEPARTMENT.cycleCode } });
    const token = await signIn('coordinator', 'demo-coordinator');
    const res = await get<{ rows: Record<string, unknown>[] }>(token, `/cycles/${cycle.id}/reports/results?by=department`);
    expect(res.status).toBe(200);
    const row = res.body.rows.find((r) => r.key === MOUNTAIN_DEPARTMENT.id);
    expect(row).toMatchObject({
      inScope: 103,
      tested: 48,
      achievedRate: { percent: '100%' },
      scoredAtLeast90Rate: { percent: '50%' },
      levelShares: { LEVEL_3: { percent: '77%' } },
    });
    // And the mountain department's own reviewer reads the same.
    const reviewer = await signIn('reviewer.d35', 'demo-reviewer');
    const own = await get<{ rows: Record<string, unknown>[] }>(reviewer, `/cycles/${cycle.id}/reports/results?by=department`);
    expect(own.body.rows).toEqual([expect.objectContaining({ key: MOUNTAIN_DEPARTMENT.id, inScope: 103, tested: 48 })]);
  });
});

describe('the demo present', () => {
  it('has DEMO-2027 in review: flags for reviewer.d01, a list for headquarters to approve', async () => {
    const reviewer = await signIn('reviewer.d01', 'demo-reviewer');
    const flags = await get<{ total: number }>(reviewer, `/cycles/${now.reviewCycle.id}/registrations?outcome=FLAGGED&decision=PENDING`);
    expect(flags.body.total).toBeGreaterThan(0);
    const lists = await prisma.unitList.findMany({ where: { cycleId: now.reviewCycle.id } });
    expect(new Set(lists.map((l) => l.status))).toEqual(new Set(['DRAFT', 'SUBMITTED', 'APPROVED']));
  });

  it('lets officer.d01 start the exam that is open today', async () => {
    const officer = await signIn('officer.d01', 'demo-officer');
    const exams = await get<{ items: { registrationId: string; cycle: { code: string }; session: { status: string } | null }[] }>(officer, '/me/exams');
    const today = exams.body.items.find((e) => e.cycle.code === now.examCycle.code)!;
    expect(today.session?.status).toBe('PUBLISHED');
    const res = await fetch(`${api}/exams/${today.registrationId}/start`, { method: 'POST', headers: { Authorization: `Bearer ${officer}` } });
    expect(res.status).toBe(200);
    const started = (await res.json()) as { status: string; questions: unknown[]; remainingSeconds: number };
    expect(started.status).toBe('IN_PROGRESS');
    expect(started.questions).toHaveLength(40);
    expect(started.remainingSeconds).toBeGreaterThan(3000);
  });

  it('is left unchanged by a second start on the same data', () => {
    expect(after).toEqual(before);
  });
});
