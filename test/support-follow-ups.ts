// Follow-up test data of a test's own (test files share the database): a cycle in its follow-up phase with the
// FOLLOW_UP rule set frozen, fresh officers in a team of a chosen department, and graded results with the level
// set directly (the level rules are not under test here). Needs no test runner: the history recorder uses it too.
import { randomUUID } from 'node:crypto';
import type { CompetencyLevel, PrismaClient } from '../prisma/db';
import { createTestCycle } from './support-data';

const DAY = 86_400_000;

export type FollowUpCycle = Awaited<ReturnType<typeof followUpCycle>>;
export type TestOfficer = Awaited<ReturnType<typeof createOfficer>>;

/** A running cycle whose exam window ended 10 days before `now`, on `departmentIds`, with FOLLOW_UP v1 frozen. */
export async function followUpCycle(prisma: PrismaClient, now: Date, departmentIds: string[] = ['D35']) {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const cycle = await createTestCycle(
    prisma,
    { registrationOpensAt: at(-120), registrationClosesAt: at(-100), listsDueAt: at(-80), examStartsAt: at(-40), examEndsAt: at(-10), closesAt: at(200) },
    { scopeUnitIds: departmentIds },
  );
  const rules = await prisma.ruleSet.findFirstOrThrow({ where: { kind: 'FOLLOW_UP', status: 'ACTIVE' }, orderBy: { version: 'desc' } });
  return prisma.assessmentCycle.update({ where: { id: cycle.id }, data: { status: 'RUNNING', phase: 'FOLLOW_UP', followUpRuleSetId: rules.id } });
}

/** A new officer in a team (under a branch) of the department, holding a non-leadership position that has a test blueprint. */
export async function createOfficer(prisma: PrismaClient, departmentId = 'D35', name = 'Nguyễn Thị Thu Trang') {
  const team = await prisma.unit.findFirstOrThrow({ where: { path: { startsWith: `/HQ/${departmentId}/` }, kind: 'TEAM', depth: 3 }, orderBy: { id: 'asc' } });
  const template = await prisma.officer.findFirstOrThrow({
    where: { unit: { path: { startsWith: `/HQ/${departmentId}/` } }, position: { isLeadership: false, blueprints: { some: { status: 'ACTIVE' } } } },
    orderBy: { employeeCode: 'asc' },
  });
  const suffix = randomUUID().slice(0, 8).toUpperCase();
  return prisma.officer.create({
    data: {
      id: `FU-${suffix}`, employeeCode: `FU${suffix}`, fullName: name, searchName: name.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/đ/g, 'd').toLowerCase(),
      unitId: team.id, positionId: template.positionId,
      assignments: { create: { positionId: template.positionId, unitId: team.id, startDate: new Date('2019-03-01') } },
    },
    include: { unit: true },
  });
}

/** Another active non-leadership position with a blueprint (a registration for a position not held, or a reassignment). */
export async function otherPosition(prisma: PrismaClient, positionId: string) {
  return prisma.jobPosition.findFirstOrThrow({ where: { id: { not: positionId }, active: true, isLeadership: false, blueprints: { some: { status: 'ACTIVE' } } }, orderBy: { id: 'asc' } });
}

export interface ResultSpec {
  score: number;
  level: CompetencyLevel | null;
  /** Sub-scores by framework order; the rest of the framework scores `restScore` (default: `score`). */
  competencyScores?: number[];
  restScore?: number;
  /** The position registered for (default: the one held). */
  positionId?: string;
  round?: number;
}

/** A first-sitting registration, its (empty) form and submitted attempt, and a graded result with its sub-scores. */
export async function createResult(prisma: PrismaClient, cycle: { id: string }, officer: TestOfficer, spec: ResultSpec) {
  const positionId = spec.positionId ?? officer.positionId;
  const blueprint = await prisma.testBlueprint.findFirstOrThrow({ where: { positionId, status: 'ACTIVE' }, orderBy: { version: 'desc' } });
  const framework = await prisma.positionCompetency.findMany({ where: { positionId }, orderBy: { competencyId: 'asc' } });
  const registration = await prisma.registration.create({
    data: { cycleId: cycle.id, officerId: officer.id, round: spec.round ?? 1, positionId, heldPositionId: officer.positionId, unitId: officer.unitId, verificationOutcome: positionId === officer.positionId ? 'CLEAR' : 'FLAGGED', reviewDecision: positionId === officer.positionId ? 'PENDING' : 'ACCEPTED' },
  });
  const form = await prisma.examForm.create({ data: { registrationId: registration.id, blueprintId: blueprint.id, seed: `test-${registration.id}`, items: [] } });
  const startedAt = new Date(Date.now() - 20 * DAY);
  const attempt = await prisma.attempt.create({
    data: { registrationId: registration.id, formId: form.id, status: 'SUBMITTED', startedAt, deadlineAt: new Date(startedAt.getTime() + 3_600_000), submittedAt: new Date(startedAt.getTime() + 3_000_000) },
  });
  const result = await prisma.result.create({
    data: {
      attemptId: attempt.id, registrationId: registration.id, cycleId: cycle.id, officerId: officer.id, positionId,
      score: spec.score, correctCount: Math.round((spec.score * 40) / 100), itemCount: 40, passed: spec.score >= blueprint.passMark, level: spec.level,
      competencyScores: {
        create: framework.map((c, i) => ({ competencyId: c.competencyId, score: spec.competencyScores?.[i] ?? spec.restScore ?? spec.score, correctCount: 5, itemCount: 10, requiredLevel: c.requiredLevel })),
      },
    },
    include: { competencyScores: true },
  });
  return { registration, result, framework };
}

/** A score that leaves every competency at or above its threshold (v1: 50 / 60 / 70): no retraining. */
export const SOUND = 80;
