// Test data builders that need no test runner (the history recorder uses them too).
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../prisma/db';
import type { CycleTimeline } from '../domain/cycle-timeline';

const DAY = 24 * 60 * 60 * 1000;

/** A timeline starting `startInDays` from `from`, spanning about six months, with lists due 35 days before the exam. */
export function timelineFrom(from: Date, startInDays = 1): CycleTimeline {
  const at = (days: number) => new Date(from.getTime() + (startInDays + days) * DAY).toISOString();
  return {
    registrationOpensAt: at(0),
    registrationClosesAt: at(21),
    listsDueAt: at(45),
    examStartsAt: at(80),
    examEndsAt: at(84),
    closesAt: at(180),
  };
}

export async function createTestCycle(prisma: PrismaClient, timeline: CycleTimeline, overrides: { scopeUnitIds?: string[] } = {}) {
  const code = `TEST-${randomUUID().slice(0, 8)}`;
  // Rule sets frozen as launching does, when the database has them.
  const newest = async (kind: 'VERIFICATION' | 'LEVEL' | 'FOLLOW_UP') =>
    (await prisma.ruleSet.findFirst({ where: { kind, status: 'ACTIVE' }, orderBy: { version: 'desc' } }))?.id ?? null;
  return prisma.assessmentCycle.create({
    data: {
      verificationRuleSetId: await newest('VERIFICATION'),
      levelRuleSetId: await newest('LEVEL'),
      followUpRuleSetId: await newest('FOLLOW_UP'),
      code,
      nameVi: `Kỳ đánh giá năng lực thử nghiệm ${code}`,
      nameEn: `Test competency assessment ${code}`,
      scopeUnitIds: overrides.scopeUnitIds ?? [],
      ...Object.fromEntries(Object.entries(timeline).map(([k, v]) => [k, new Date(v)])),
    } as never,
  });
}
