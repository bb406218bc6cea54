// `npm run bench:registration -- --officers N`: a whole cycle's registration at scale on real parts. Seeds N
// officers into a scratch PostgreSQL database, registers every eligible officer through the departments' bulk
// import path (about 8% for a simpler position than the one they hold), runs the cycle workflow on the Temporal
// dev server until every department has verified its registrations, decides the flags, then submits and
// approves every department's list through the workflows' Updates. Last line: key=value figures.
import { parseArgs } from 'node:util';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { publishBuiltInRuleSets } from '../services/rule-sets';
import { importRegistrations } from '../services/registrations';
import { createWorker } from '../runtime/worker';
import { temporalCliPath } from '../scripts/toolchain';
import { createScratchDatabase } from '../test/scratch-database';
import { cycleWorkflowId } from '../workflows/assessment-cycle/contract';
import { AssessmentCycleWorkflow } from '../workflows/assessment-cycle/workflow';
import { approveListUpdate, submitListUpdate, unitListQuery, unitReviewWorkflowId } from '../workflows/unit-review/contract';

Runtime.install({ logger: new DefaultLogger('WARN') });
const { values } = parseArgs({ options: { officers: { type: 'string', default: '10300' } } });
const officersWanted = Number(values.officers);
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
const started = performance.now();

const database = await createScratchDatabase('bench_registration');
const prisma = createPrisma(database.url, { max: 8 });
let t = performance.now();
await seedDemoData(prisma, { officers: officersWanted, seed: 'customs-2026' });
await publishBuiltInRuleSets(prisma);
const seedSeconds = seconds(t);

const env = await TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: temporalCliPath() }, ip: '127.0.0.1' } });
const worker = await createWorker({ prisma, connection: env.nativeConnection, namespace: 'default', taskQueue: 'bench' });
const running = worker.run();

// The cycle: every unit, leaders included; registration closes shortly after the imports are done.
const rules = await prisma.ruleSet.findFirstOrThrow({ where: { kind: 'VERIFICATION', status: 'ACTIVE' } });
const DAY = 86_400_000;
const now = Date.now();
const cycle = await prisma.assessmentCycle.create({
  data: {
    code: `BENCH-${now}`, nameVi: 'Kỳ đánh giá đo hiệu năng', nameEn: 'Benchmark cycle', includeTeamLeaders: true,
    status: 'RUNNING', phase: 'REGISTRATION_OPEN', verificationRuleSetId: rules.id,
    registrationOpensAt: new Date(now - DAY), registrationClosesAt: new Date(now + 365 * DAY), listsDueAt: new Date(now + 400 * DAY),
    examStartsAt: new Date(now + 440 * DAY), examEndsAt: new Date(now + 441 * DAY), closesAt: new Date(now + 500 * DAY),
  },
});

// Registration: one file per department, as departments upload them.
t = performance.now();
const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } });
const departments = await prisma.unit.findMany({ where: { depth: 1 }, orderBy: { id: 'asc' } });
const positions = await prisma.jobPosition.findMany();
let registered = 0;
let dodging = 0;
for (const department of departments) {
  const officers = await prisma.officer.findMany({
    where: { unit: { path: { startsWith: department.path } }, position: { isLeadership: false } },
    include: { position: true },
    orderBy: { employeeCode: 'asc' },
  });
  const leaders = await prisma.officer.findMany({ where: { unit: { path: { startsWith: department.path } }, position: { isLeadership: true } }, include: { position: true } });
  const rows = [...officers, ...leaders].map((o, i) => {
    // Every 12th officer picks another position of their field: the dodge the system must flag.
    const other = i % 12 === 5 ? positions.find((p) => p.fieldId === o.position.fieldId && p.id !== o.positionId && !p.isLeadership) : undefined;
    if (other) dodging++;
    return { row: i + 2, employeeCode: o.employeeCode, positionCode: (other ?? o.position).code };
  });
  const outcome = await importRegistrations(prisma, cycle, rows, {}, { userId: coordinator.id, role: 'COORDINATOR', scopePath: '/', officerId: null });
  if (outcome.errors.length) throw new Error(`import refused for ${department.id}: ${outcome.errors[0].message.en}`);
  registered += outcome.created;
}
const registerSeconds = seconds(t);

// Close registration now and launch the cycle workflow: it fans out one review workflow per department.
const closesAt = new Date(Date.now() + 3000);
await prisma.assessmentCycle.update({ where: { id: cycle.id }, data: { registrationClosesAt: closesAt } });
const timeline = {
  registrationOpensAt: cycle.registrationOpensAt.toISOString(), registrationClosesAt: closesAt.toISOString(), listsDueAt: cycle.listsDueAt.toISOString(),
  examStartsAt: cycle.examStartsAt.toISOString(), examEndsAt: cycle.examEndsAt.toISOString(), closesAt: cycle.closesAt.toISOString(),
};
t = performance.now();
const handle = await env.client.workflow.start(AssessmentCycleWorkflow, { workflowId: cycleWorkflowId(cycle.id), taskQueue: 'bench', args: [{ cycleId: cycle.id, timeline }] });
const lists = departments.map((d) => env.client.workflow.getHandle(unitReviewWorkflowId(cycle.id, d.id)));
for (;;) {
  const ready = await prisma.unitList.count({ where: { cycleId: cycle.id } });
  if (ready === departments.length) break;
  await new Promise((r) => setTimeout(r, 200));
}
const verifySeconds = seconds(t);
const flagged = await prisma.registration.count({ where: { cycleId: cycle.id, verificationOutcome: { in: ['FLAGGED', 'BLOCKED'] } } });

// Review: every flag decided (accepted, with a justification), every list submitted and approved.
t = performance.now();
await prisma.registration.updateMany({
  where: { cycleId: cycle.id, verificationOutcome: { in: ['FLAGGED', 'BLOCKED'] } },
  data: { reviewDecision: 'ACCEPTED', reviewJustification: 'Đã xác minh với đơn vị (benchmark)', reviewedById: coordinator.id, reviewedAt: new Date() },
});
await Promise.all(lists.map(async (list) => {
  for (;;) {
    const view = await list.query(unitListQuery);
    if (view.status === 'DRAFT') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await list.executeUpdate(submitListUpdate, { args: [{ actorUserId: coordinator.id, expectedRevision: 0 }] });
  await list.executeUpdate(approveListUpdate, { args: [{ actorUserId: coordinator.id, expectedRevision: 1 }] });
  await list.result();
}));
const approveSeconds = seconds(t);
const history = await handle.fetchHistory();
const childHistories = await Promise.all(lists.slice(0, 1).map(async (l) => (await l.fetchHistory()).events?.length ?? 0));

await handle.terminate('benchmark over');
worker.shutdown();
await running;
await env.teardown();
await prisma.$disconnect();
await database.drop();

console.log(
  `officers=${officersWanted} registrations=${registered} dodging=${dodging} flagged=${flagged} departments=${departments.length} ` +
  `seed_s=${seedSeconds} register_s=${registerSeconds} verify_s=${verifySeconds} review_approve_s=${approveSeconds} ` +
  `wall_s=${seconds(started)} cycle_history_events=${history.events?.length ?? 0} department_history_events=${childHistories[0]}`,
);
