// A past cycle that was really sat and graded, built with the product's own functions on a department of its own
// (the database is shared by concurrent tests; seeded rows are never changed): officers registered through
// registerOne, an approved list, a session planned and seated, forms drawn by generateSessionForms, sittings
// simulated under the demo's item response model and written as the exam delivery writes them (prisma/demo/
// sitting.ts), the cycle's item analysis, levels from its frozen rule set, and the cycle closed.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../prisma/db';
import { toSearchName } from '../domain/text';
import { randomFor } from '../domain/random';
import { personName } from '../prisma/demo/names';
import { loadBankFacts, simulateSitting, writeSittings, type FormItem, type GradingFacts, type Sitting } from '../prisma/demo/sitting';
import { registerOne } from '../services/registrations';
import { planSession } from '../services/exam-sessions';
import { assignSeats, generateSessionForms } from '../services/exam-scheduling';
import { analyseCycleItems } from '../services/item-analysis';
import { assignLevelsBatch } from '../services/levels';
import { createTestCycle, timelineFrom } from './support-data';

const DAY = 86_400_000;
const SEED = 'graded-cycle';
/** A non-leadership position of the seed with an active blueprint. */
const POSITION = 'P-F1-02';

export interface GradedCycle {
  cycle: { id: string; code: string; nameVi: string };
  department: { id: string; nameVi: string };
  results: { id: string; officerId: string; fullName: string; score: number; level: string | null }[];
}

/**
 * `candidates` officers sit one 40-item test; abilities are spread evenly (from weak to strong), so every level is
 * reached and items get enough responses (10 or more) to be flagged.
 */
export async function gradedCycleFixture(prisma: PrismaClient, options: { candidates?: number; now?: Date } = {}): Promise<GradedCycle> {
  const candidates = options.candidates ?? 60;
  const now = options.now ?? new Date();
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const deptId = `GC-${suffix}`;
  const branchId = `${deptId}-B1`;
  const deptName = `Cục Hải quan Lai Châu thử nghiệm ${suffix}`;
  await prisma.unit.create({ data: { id: deptId, code: deptId, nameVi: deptName, nameEn: `Test Lai Chau Customs Department ${suffix}`, kind: 'DEPARTMENT', parentId: 'HQ', path: `/HQ/${deptId}/`, depth: 1, province: 'Lai Châu' } });
  await prisma.unit.create({ data: { id: branchId, code: branchId, nameVi: `Chi cục Hải quan cửa khẩu Ma Lù Thàng ${suffix}`, nameEn: `Ma Lu Thang Border Gate Customs Branch ${suffix}`, kind: 'BRANCH', parentId: deptId, path: `/HQ/${deptId}/${branchId}/`, depth: 2, province: 'Lai Châu' } });
  const names = randomFor(SEED, `names/${suffix}`);
  const officers = Array.from({ length: candidates }, (_, i) => {
    const { fullName, gender } = personName(names, 0.45);
    return { id: `${deptId}-O${String(i + 1).padStart(3, '0')}`, employeeCode: `GC${suffix}${String(i + 1).padStart(3, '0')}`, fullName, searchName: toSearchName(fullName), gender, unitId: branchId, positionId: POSITION };
  });
  await prisma.officer.createMany({ data: officers });
  await prisma.assignment.createMany({ data: officers.map((o) => ({ officerId: o.id, positionId: POSITION, unitId: branchId, startDate: new Date('2020-01-01') })) });

  const created = await createTestCycle(prisma, timelineFrom(new Date(now.getTime() - 200 * DAY)), { scopeUnitIds: [deptId] });
  const cycle = await prisma.assessmentCycle.update({ where: { id: created.id }, data: { status: 'RUNNING', phase: 'EXAM_WINDOW' } });
  const actor = { userId: 'test', role: 'COORDINATOR', scopePath: '/', officerId: null };
  for (const o of officers) {
    const r = await registerOne(prisma, cycle, { officerId: o.id, positionId: POSITION }, actor);
    if ('error' in r) throw new Error(r.error.message.en);
  }
  await prisma.registration.updateMany({ where: { cycleId: cycle.id }, data: { verificationOutcome: 'CLEAR', verifiedAt: cycle.registrationClosesAt } });
  await prisma.unitList.create({ data: { cycleId: cycle.id, unitId: deptId, status: 'APPROVED', revision: 1, approvedAt: cycle.listsDueAt } });

  const startsAt = new Date(cycle.examStartsAt.getTime() + 3_600_000);
  const session = await planSession(prisma, { cycleId: cycle.id, unitId: deptId, code: `CA-${suffix}`, startsAt, capacity: candidates, room: 'Phòng thi số 1, trụ sở Cục' }, { id: 'test', role: 'COORDINATOR' });
  await assignSeats(prisma, cycle.id, deptId, null);
  await generateSessionForms(prisma, session.id);
  await prisma.examSession.update({ where: { id: session.id }, data: { status: 'DONE' } });

  const forms = await prisma.examForm.findMany({ where: { registration: { cycleId: cycle.id } }, include: { registration: true, blueprint: true }, orderBy: { registration: { officerId: 'asc' } } });
  const bank = await loadBankFacts(prisma, SEED);
  const framework = await prisma.positionCompetency.findMany({ where: { positionId: POSITION } });
  const facts: GradingFacts = {
    bank,
    positionOf: new Map(forms.map((f) => [f.registrationId, f.registration.positionId])),
    frameworks: new Map([[POSITION, Object.fromEntries(framework.map((c) => [c.competencyId, c.requiredLevel]))]]),
    passMarkOf: new Map(forms.map((f) => [f.blueprintId, f.blueprint.passMark])),
    blueprintOfForm: new Map(forms.map((f) => [f.id, f.blueprintId])),
  };
  const sittings: Sitting[] = forms.map((f, i) =>
    simulateSitting(
      randomFor(SEED, `sitting/${suffix}/${i}`),
      -1.2 + (3.6 * i) / Math.max(1, forms.length - 1),
      { registrationId: f.registrationId, officerId: f.registration.officerId, formId: f.id, items: f.items as unknown as FormItem[] },
      bank,
      { startsAt, durationMinutes: f.blueprint.durationMinutes, multiplier: 1 },
    ),
  );
  await writeSittings(prisma, sittings, facts, cycle.id);

  await analyseCycleItems(prisma, cycle.id);
  for (let after: string | null = null; ; ) {
    const batch = await assignLevelsBatch(prisma, { cycleId: cycle.id, after, limit: 1000 });
    if (!batch.lastId) break;
    after = batch.lastId;
  }
  const closed = await prisma.assessmentCycle.update({ where: { id: cycle.id }, data: { status: 'CLOSED', phase: 'CLOSED' } });
  const results = await prisma.result.findMany({ where: { cycleId: cycle.id }, include: { officer: true }, orderBy: { score: 'asc' } });
  return {
    cycle: { id: closed.id, code: closed.code, nameVi: closed.nameVi },
    department: { id: deptId, nameVi: deptName },
    results: results.map((r) => ({ id: r.id, officerId: r.officerId, fullName: r.officer.fullName, score: Number(r.score), level: r.level })),
  };
}
