// A past cycle with hand-made results to grade into levels: its own officers (never the seeded ones), each with a
// registration, a form, a submitted attempt and a result with chosen sub-scores and required levels.
import { randomUUID } from 'node:crypto';
import type { CompetencyLevel, PrismaClient } from '../prisma/db';
import { toSearchName } from '../domain/text';
import { createTestCycle, timelineFrom } from './support-data';

export interface ResultSpec {
  name: string;
  score: number;
  /** competencyId → [sub-score, required level]. */
  subs: Record<string, [number, number]>;
  /** A level already stored (as if assigned earlier). */
  level?: CompetencyLevel;
  leadership?: boolean;
}

const DAY = 86_400_000;

export async function levelFixture(prisma: PrismaClient, specs: ResultSpec[], options: { levelRuleSetId?: string | null } = {}) {
  const cycle = await createTestCycle(prisma, timelineFrom(new Date(Date.now() - 300 * DAY)), { scopeUnitIds: ['D35'] });
  const levelRules = await prisma.ruleSet.findUniqueOrThrow({ where: { kind_version: { kind: 'LEVEL', version: 1 } } });
  const closed = await prisma.assessmentCycle.update({
    where: { id: cycle.id },
    data: { status: 'CLOSED', phase: 'CLOSED', levelRuleSetId: options.levelRuleSetId === undefined ? levelRules.id : options.levelRuleSetId },
  });
  const team = await prisma.unit.findFirstOrThrow({ where: { path: { startsWith: '/HQ/D35/' }, kind: 'TEAM' }, orderBy: { id: 'asc' } });
  const position = (isLeadership: boolean) =>
    prisma.jobPosition.findFirstOrThrow({ where: { isLeadership, active: true, blueprints: { some: {} } }, orderBy: { id: 'asc' }, include: { blueprints: true } });
  const positions = { false: await position(false), true: await position(true) };
  const suffix = randomUUID().slice(0, 6).toUpperCase();

  const results = [];
  for (const [i, spec] of specs.entries()) {
    const p = positions[spec.leadership ? 'true' : 'false'];
    const officer = await prisma.officer.create({
      data: {
        id: `LV-${suffix}-${i}`, employeeCode: `LV${suffix}${i}`, fullName: spec.name, searchName: toSearchName(spec.name),
        unitId: team.id, positionId: p.id,
        assignments: { create: { positionId: p.id, unitId: team.id, startDate: new Date('2019-01-01') } },
      },
    });
    const registration = await prisma.registration.create({
      data: { cycleId: cycle.id, officerId: officer.id, positionId: p.id, heldPositionId: p.id, unitId: team.id, verificationOutcome: 'CLEAR' },
    });
    const form = await prisma.examForm.create({ data: { registrationId: registration.id, blueprintId: p.blueprints[0].id, seed: `level-${i}`, items: [] } });
    const at = new Date(cycle.examStartsAt.getTime() + 3_600_000);
    const attempt = await prisma.attempt.create({
      data: { registrationId: registration.id, formId: form.id, status: 'SUBMITTED', startedAt: at, deadlineAt: new Date(at.getTime() + 3_600_000), submittedAt: at },
    });
    const result = await prisma.result.create({
      data: {
        attemptId: attempt.id, registrationId: registration.id, cycleId: cycle.id, officerId: officer.id, positionId: p.id,
        score: spec.score, correctCount: Math.round(spec.score * 0.4), itemCount: 40, passed: spec.score >= 50, level: spec.level ?? null,
        competencyScores: {
          create: Object.entries(spec.subs).map(([competencyId, [score, requiredLevel]]) => ({ competencyId, score, correctCount: 0, itemCount: 10, requiredLevel })),
        },
      },
    });
    results.push({ id: result.id, officer, spec });
  }
  return { cycle: closed, team, results, levelRuleSetId: levelRules.id };
}
