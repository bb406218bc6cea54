// The world the unit-scope test walks: every kind of object a scoped role reaches by id, once inside the demo
// callers' scope (D01 for reviewer.d01 / leader.d01, officer.d01 themself, business.demo's own business) and once
// outside it (D35, another officer of D01, another business). Built on a scratch database of the test's own with
// the product's services (registerOne, planSession, assignSeats) and the shared fixtures (createTestCycle,
// followUpCycle, createResult, createFeedbackFixture, createDeclaration, createOpenCase).
import { randomUUID } from 'node:crypto';
import type { Officer, PrismaClient, Unit } from '../prisma/db';
import { toSearchName } from '../domain/text';
import { registerOne } from '../services/registrations';
import { planSession } from '../services/exam-sessions';
import { assignSeats } from '../services/exam-scheduling';
import { createTestCycle, timelineFrom } from './support-data';
import { createResult, followUpCycle, SOUND } from './support-follow-ups';
import { createDeclaration, createFeedbackFixture, createOpenCase, type FeedbackFixture } from './support-feedback';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A non-leadership position of the seed with an active blueprint (as test/graded-cycle.ts uses). */
const POSITION = 'P-F1-02';
const COORDINATOR_ACTOR = { userId: 'U-coordinator', role: 'COORDINATOR', scopePath: '/', officerId: null };
const PLANNER = { id: 'U-coordinator', role: 'COORDINATOR' as const };

type OfficerRow = Officer & { unit: Unit };

async function firstTeams(prisma: PrismaClient, departmentId: string) {
  const branch = await prisma.unit.findFirstOrThrow({ where: { path: { startsWith: `/HQ/${departmentId}/` }, kind: 'BRANCH' }, orderBy: { id: 'asc' } });
  const teams = await prisma.unit.findMany({ where: { parentId: branch.id, kind: 'TEAM' }, orderBy: { id: 'asc' }, take: 2 });
  if (teams.length < 2) throw new Error(`branch ${branch.id} has fewer than two teams`);
  return teams;
}

/** A fresh officer in `team` holding POSITION (the seed's small departments have too few officers to pick from). */
async function newOfficer(prisma: PrismaClient, team: { id: string }, name: string): Promise<OfficerRow> {
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  return prisma.officer.create({
    data: {
      id: `US-${suffix}`, employeeCode: `US${suffix}`, fullName: name, searchName: toSearchName(name), unitId: team.id, positionId: POSITION,
      assignments: { create: { positionId: POSITION, unitId: team.id, startDate: new Date('2019-03-01') } },
    },
    include: { unit: true },
  });
}

async function register(prisma: PrismaClient, cycle: Parameters<typeof registerOne>[1], officer: { id: string; positionId: string }) {
  const r = await registerOne(prisma, cycle, { officerId: officer.id, positionId: officer.positionId }, COORDINATOR_ACTOR);
  if ('error' in r) throw new Error(`registering ${officer.id}: ${r.error.message.en}`);
  return prisma.registration.update({ where: { id: r.id }, data: { verificationOutcome: 'CLEAR', verifiedAt: new Date() } });
}

let taskCount = 0;
async function task(
  prisma: PrismaClient,
  cycle: { id: string },
  officer: OfficerRow,
  type: 'RETRAINING' | 'REEXAMINATION' | 'REASSIGNMENT' | 'EXPERT_NOMINATION',
  extra: { resultId?: string; competencyId?: string; proposedPositionId?: string } = {},
) {
  taskCount += 1;
  return prisma.followUpTask.create({
    data: {
      dedupeKey: `unit-scope:${randomUUID()}:${taskCount}`, type, officerId: officer.id, unitId: officer.unitId, cycleId: cycle.id,
      dueAt: new Date(Date.now() + 30 * DAY), ...extra,
    },
  });
}

export async function buildScopeWorld(prisma: PrismaClient) {
  const now = new Date();
  const me = await prisma.user.findUniqueOrThrow({ where: { username: 'officer.d01' }, include: { officer: { include: { unit: true } } } });
  const myOfficer = me.officer!;
  const [d01Teams, d35Teams] = [await firstTeams(prisma, 'D01'), await firstTeams(prisma, 'D35')];
  // Staff of our own: two in each of two teams of the first D35 branch, so the feedback fixture finds one there.
  const d35 = [];
  for (const [i, team] of [d35Teams[0], d35Teams[0], d35Teams[1], d35Teams[1]].entries()) d35.push(await newOfficer(prisma, team, `Hoàng Văn Hà Giang ${i + 1}`));
  const d01 = [];
  for (let i = 0; i < 6; i++) d01.push(await newOfficer(prisma, d01Teams[i % 2], `Nguyễn Thị Sài Gòn ${i + 1}`));
  /** Another officer of officer.d01's own team: outside an officer's scope, inside the D01 staff's. */
  const colleague = await newOfficer(prisma, { id: myOfficer.unitId }, 'Trần Minh Đồng Nghiệp');

  // ── A cycle covering both departments, registration open; another on D35 alone. ──
  const openTimeline = timelineFrom(new Date(now.getTime() - 2 * DAY), 0);
  const mainCycle = await prisma.assessmentCycle.update({
    where: { id: (await createTestCycle(prisma, openTimeline, { scopeUnitIds: ['D01', 'D35'] })).id },
    data: { status: 'RUNNING', phase: 'REGISTRATION_OPEN' },
  });
  const d35Cycle = await prisma.assessmentCycle.update({
    where: { id: (await createTestCycle(prisma, openTimeline, { scopeUnitIds: ['D35'] })).id },
    data: { status: 'RUNNING', phase: 'REGISTRATION_OPEN' },
  });
  const flaggedD01 = await register(prisma, mainCycle, d01[0]);
  const flaggedD35 = await register(prisma, mainCycle, d35[0]);
  await prisma.registration.updateMany({
    where: { id: { in: [flaggedD01.id, flaggedD35.id] } },
    data: { verificationOutcome: 'FLAGGED', verificationReasons: [{ code: 'POSITION_DIFFERS', severity: 'flag', params: {} }] },
  });
  const myMainRegistrationOfficer = myOfficer; // registers themself through the API
  await prisma.unitList.createMany({ data: [{ cycleId: mainCycle.id, unitId: 'D01' }, { cycleId: mainCycle.id, unitId: 'D35' }] });
  await prisma.unitList.create({ data: { cycleId: d35Cycle.id, unitId: 'D35' } });

  // ── A cycle in its exam window on both departments: approved lists, sessions, seats, one attempt under way. ──
  const at = (ms: number) => new Date(now.getTime() + ms);
  const examCycle = await prisma.assessmentCycle.update({
    where: {
      id: (await createTestCycle(prisma, {
        registrationOpensAt: at(-40 * DAY).toISOString(), registrationClosesAt: at(-39 * DAY).toISOString(), listsDueAt: at(-38 * DAY).toISOString(),
        examStartsAt: at(-HOUR).toISOString(), examEndsAt: at(DAY).toISOString(), closesAt: at(60 * DAY).toISOString(),
      }, { scopeUnitIds: ['D01', 'D35'] })).id,
    },
    data: { status: 'RUNNING', phase: 'EXAM_WINDOW' },
  });
  const myExam = await register(prisma, examCycle, myOfficer);
  const colleagueExam = await register(prisma, examCycle, colleague);
  const seatedD01 = await register(prisma, examCycle, d01[1]);
  const seatedD35 = await register(prisma, examCycle, d35[1]);
  await prisma.unitList.createMany({
    data: [
      { cycleId: examCycle.id, unitId: 'D01', status: 'APPROVED', revision: 2, approvedAt: now },
      { cycleId: examCycle.id, unitId: 'D35', status: 'APPROVED', revision: 2, approvedAt: now },
    ],
  });
  const session = (unitId: string, code: string, startsIn: number) =>
    planSession(prisma, { cycleId: examCycle.id, unitId, code, startsAt: at(startsIn), capacity: 10, room: 'Phòng thi số 1' }, PLANNER);
  const sessionD01 = await session('D01', 'D01-CA1', 2 * HOUR);
  const sessionD01b = await session('D01', 'D01-CA2', 4 * HOUR);
  const publishD01 = await session('D01', 'D01-CA3', 5 * HOUR);
  const sessionD35 = await session('D35', 'D35-CA1', 2 * HOUR);
  await assignSeats(prisma, examCycle.id, 'D01', null); // into D01-CA1, the earliest
  // A session at D01 in the cycle on D35 only (headquarters may plan one anywhere): D01's staff do not see that cycle.
  const d01InD35Cycle = await planSession(prisma, { cycleId: d35Cycle.id, unitId: 'D01', code: 'D01-LAC', startsAt: new Date(d35Cycle.examStartsAt.getTime() + HOUR), capacity: 5 }, PLANNER);
  // D35: one candidate seated by hand, one left for seating (what POST .../schedule/D35 would do).
  await prisma.examSeat.create({ data: { sessionId: sessionD35.id, registrationId: seatedD35.id, seatNumber: 1 } });
  await register(prisma, examCycle, d35[2]);
  // The colleague began their exam: an attempt officer.d01 must not read, answer or submit.
  const blueprint = await prisma.testBlueprint.findFirstOrThrow({ where: { positionId: POSITION, status: 'ACTIVE' }, orderBy: { version: 'desc' } });
  const colleagueForm = await prisma.examForm.create({ data: { registrationId: colleagueExam.id, blueprintId: blueprint.id, seed: 'unit-scope', items: [] } });
  const colleagueAttempt = await prisma.attempt.create({
    data: { registrationId: colleagueExam.id, formId: colleagueForm.id, status: 'IN_PROGRESS', startedAt: now, deadlineAt: at(HOUR) },
  });

  // ── Follow-up: a cycle in its follow-up phase on both departments, graded results and tasks of each type. ──
  const fuCycle = await followUpCycle(prisma, now, ['D01', 'D35']);
  const resultOf = async (o: OfficerRow) => (await createResult(prisma, fuCycle, o, { score: SOUND, level: 'LEVEL_2' })).result;
  const [rD01, rD35] = [await resultOf(d01[2]), await resultOf(d35[3])];
  const competencyId = rD01.competencyScores[0].competencyId;
  const otherPosition = await prisma.jobPosition.findFirstOrThrow({ where: { id: { not: POSITION }, active: true, isLeadership: false }, orderBy: { id: 'asc' } });
  const tasksFor = async (o: OfficerRow, resultId: string) => ({
    retraining: await task(prisma, fuCycle, o, 'RETRAINING', { resultId, competencyId }),
    cancel: await task(prisma, fuCycle, o, 'RETRAINING', { resultId, competencyId }),
    reassignment: await task(prisma, fuCycle, o, 'REASSIGNMENT', { resultId, proposedPositionId: otherPosition.id }),
    nomination: await task(prisma, fuCycle, o, 'EXPERT_NOMINATION', { resultId }),
    reexam: await task(prisma, fuCycle, o, 'REEXAMINATION', { resultId }),
    /** Accepting a move: into a unit of the caller's scope, or of another department's. */
    reassignTarget: await task(prisma, fuCycle, o, 'REASSIGNMENT', { resultId, proposedPositionId: otherPosition.id }),
  });
  const tasksD01 = await tasksFor(d01[2], rD01.id);
  const tasksD35 = await tasksFor(d35[3], rD35.id);
  for (const [t, o] of [[tasksD01.reexam, d01[2]], [tasksD35.reexam, d35[3]]] as const) {
    await prisma.registration.create({
      data: { cycleId: fuCycle.id, officerId: o.id, round: 2, positionId: o.positionId, heldPositionId: o.positionId, unitId: o.unitId, source: 'REEXAMINATION', verificationOutcome: 'CLEAR', followUpTaskId: t.id },
    });
  }
  const reexamSession = (unitId: string, code: string) =>
    planSession(prisma, { cycleId: fuCycle.id, unitId, code, startsAt: at(5 * DAY), capacity: 5, room: 'Phòng thi lại' }, PLANNER);
  const reexamSessionD01 = await reexamSession('D01', 'D01-TL1');
  const reexamSessionD35 = await reexamSession('D35', 'D35-TL1');
  const myTask = await task(prisma, fuCycle, myOfficer, 'RETRAINING', { competencyId });
  const colleagueTask = await task(prisma, fuCycle, colleague, 'RETRAINING', { competencyId });

  // ── Feedback: a business with declarations and cases at a D01 branch, another at a D35 branch; business.demo's own. ──
  const fD01 = await createFeedbackFixture(prisma, { departmentId: 'D01' });
  const fD35 = await createFeedbackFixture(prisma, { departmentId: 'D35' });
  const demoBusiness = await prisma.business.findFirstOrThrow({ where: { users: { some: { username: 'business.demo' } } } });
  const fDemo: FeedbackFixture = { ...fD01, business: demoBusiness, user: { id: 'U-business.demo', username: 'business.demo' } };
  const casesD01 = { detail: await createOpenCase(prisma, fD01), verify: await createOpenCase(prisma, fD01), handling: await createOpenCase(prisma, fD01), outcome: await createOpenCase(prisma, fD01) };
  const caseD35 = await createOpenCase(prisma, fD35);
  const demoCase = await createOpenCase(prisma, fDemo);
  const demoDeclaration = await createDeclaration(prisma, fDemo);
  const otherDeclaration = await createDeclaration(prisma, fD01);
  const otherCase = casesD01.detail; // fD01's business is "another business" to business.demo

  // ── Notifications: one for each demo caller, one for a user none of them is. ──
  const notify = (userId: string) =>
    prisma.notification.create({ data: { dedupeKey: `unit-scope:${randomUUID()}`, userId, templateKey: 'exam.sessionPublished', params: { code: 'D01-CA1', startsAt: now.toISOString(), room: '1' } } });
  const notifications: Record<string, { id: string }> = {};
  for (const u of ['reviewer.d01', 'leader.d01', 'officer.d01', 'business.demo']) notifications[u] = await notify(`U-${u}`);
  const strangerNotification = await notify('U-reviewer.d35');

  const myTeam = await prisma.unit.findUniqueOrThrow({ where: { id: myOfficer.unitId } });
  return {
    myOfficer, myTeam, colleague, d01, d35, myMainRegistrationOfficer,
    cycles: { main: mainCycle, d35Only: d35Cycle, exam: examCycle, followUp: fuCycle },
    registrations: { flaggedD01, flaggedD35, myExam, colleagueExam, seatedD01, seatedD35 },
    toRegister: { d01: d01[3], d35: d35[2], import: { d01: d01[4], d35: d35[1] } },
    sessions: { d01: sessionD01, d01b: sessionD01b, publishD01, d35: sessionD35, reexamD01: reexamSessionD01, reexamD35: reexamSessionD35, d01InD35Cycle },
    colleagueAttempt,
    tasks: { d01: tasksD01, d35: tasksD35, mine: myTask, colleague: colleagueTask },
    teams: { d01: d01Teams, d35: d35Teams },
    feedback: { fD01, fD35, casesD01, caseD35, demoCase, demoDeclaration, otherDeclaration, otherCase },
    notifications, strangerNotification,
    positionId: POSITION,
    positionCode: (await prisma.jobPosition.findUniqueOrThrow({ where: { id: POSITION } })).code,
  };
}

export type ScopeWorld = Awaited<ReturnType<typeof buildScopeWorld>>;
