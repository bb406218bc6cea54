// A department of its own (never the seeded ones: the database is shared) whose officers have sat a cycle's exam
// and been graded, written set-based (a createMany per table, as the exam delivery's writeSittings does in bulk):
// registrations for the position each holds, a form, a submitted attempt and a result with its competency
// sub-scores, for thousands of candidates in a few seconds. The cycle's workflow then verifies, reviews and levels
// them for real. Scores are chosen so that most results reach a level with no follow-up task, one in 250
// fails (a re-examination and one retraining) and one in 250 is excellent (an expert nomination): the
// follow-up phase starts a few dozen task workflows, not thousands.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/db';
import { toSearchName } from '../../domain/text';
import { randomFor } from '../../domain/random';
import { personName } from '../../prisma/demo/names';

/** A non-leadership position of the seed with an active blueprint (as test/graded-cycle.ts uses). */
const POSITION = 'P-F1-02';
const CHUNK = 2_000;

export interface GradedDepartment {
  departmentId: string;
  /** In id order, which is the candidates' order. */
  resultIds: string[];
  /** Results the follow-up rules give tasks: failed (re-examination + retraining) and excellent (expert nomination). */
  failed: string[];
  excellent: string[];
}

/** The score and sub-scores of candidate i (see the file's comment). */
function scoresOf(i: number) {
  if (i % 250 === 17) return { score: 45, sub: (c: number) => (c === 0 ? 40 : 62) }; // not achieved; one competency weak
  if (i % 250 === 167) return { score: 95, sub: () => 92 }; // level 3, 90 or more
  const score = 55 + ((i * 7) % 30); // 55..84: level 1 or 2, every sub-score above its retraining threshold
  return { score, sub: (c: number) => 72 + ((i + c) % 5) };
}

async function createManyInChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

export interface RegisteredDepartment {
  departmentId: string;
  /** In id order, which is the candidates' order. */
  registrationIds: string[];
}

const pad = (i: number) => String(i + 1).padStart(5, '0');

/**
 * A department of its own with `candidates` officers, each registered in cycle `cycleId` for the position held for
 * years (so verification clears every one of them), not yet verified.
 */
export async function registeredDepartment(prisma: PrismaClient, { cycleId, candidates }: { cycleId: string; candidates: number }): Promise<RegisteredDepartment> {
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const departmentId = `FL-${suffix}`;
  const branchId = `${departmentId}-B1`;
  await prisma.unit.create({ data: { id: departmentId, code: departmentId, nameVi: `Cục Hải quan thử nghiệm sự cố ${suffix}`, nameEn: `Fault test Customs Department ${suffix}`, kind: 'DEPARTMENT', parentId: 'HQ', path: `/HQ/${departmentId}/`, depth: 1, province: 'Lào Cai' } });
  await prisma.unit.create({ data: { id: branchId, code: branchId, nameVi: `Chi cục Hải quan cửa khẩu Lào Cai ${suffix}`, nameEn: `Lao Cai Border Gate Customs Branch ${suffix}`, kind: 'BRANCH', parentId: departmentId, path: `/HQ/${departmentId}/${branchId}/`, depth: 2, province: 'Lào Cai' } });
  const names = randomFor('graded-department', suffix);
  const officers = Array.from({ length: candidates }, (_, i) => {
    const { fullName, gender } = personName(names, 0.45);
    return { id: `${departmentId}-O${pad(i)}`, employeeCode: `FL${suffix}${pad(i)}`, fullName, searchName: toSearchName(fullName), gender, unitId: branchId, positionId: POSITION };
  });
  const registrationIds = officers.map((_, i) => `${departmentId}-R${pad(i)}`);
  await prisma.$transaction(async (tx) => {
    await createManyInChunks(officers, (data) => tx.officer.createMany({ data }));
    await createManyInChunks(officers, (chunk) => tx.assignment.createMany({ data: chunk.map((o) => ({ officerId: o.id, positionId: POSITION, unitId: branchId, startDate: new Date('2020-01-01') })) }));
    await createManyInChunks(officers.map((o, i) => ({ o, i })), (chunk) => tx.registration.createMany({ data: chunk.map(({ o, i }) => ({ id: registrationIds[i], cycleId, officerId: o.id, positionId: POSITION, heldPositionId: POSITION, unitId: branchId })) }));
  }, { timeout: 120_000 });
  return { departmentId, registrationIds };
}

/** registeredDepartment, every candidate having sat the exam at `satAt` and been graded (no level yet). */
export async function gradedDepartment(prisma: PrismaClient, { cycleId, candidates, satAt }: { cycleId: string; candidates: number; satAt: Date }): Promise<GradedDepartment> {
  const { departmentId, registrationIds } = await registeredDepartment(prisma, { cycleId, candidates });
  const blueprint = await prisma.testBlueprint.findFirstOrThrow({ where: { positionId: POSITION, status: 'ACTIVE' } });
  const framework = await prisma.positionCompetency.findMany({ where: { positionId: POSITION }, orderBy: { competencyId: 'asc' } });
  const registrations = await prisma.registration.findMany({ where: { id: { in: registrationIds } }, select: { id: true, officerId: true }, orderBy: { id: 'asc' } });
  const at = satAt;
  const id = (kind: string, i: number) => `${departmentId}-${kind}${pad(i)}`;
  const resultIds = registrations.map((_, i) => id('S', i));
  await prisma.$transaction(async (tx) => {
    const each = registrations.map((r, i) => ({ r, i }));
    await createManyInChunks(each, (chunk) => tx.examForm.createMany({ data: chunk.map(({ r, i }) => ({ id: id('F', i), registrationId: r.id, blueprintId: blueprint.id, seed: `fault-${i}`, items: [] })) }));
    await createManyInChunks(each, (chunk) =>
      tx.attempt.createMany({ data: chunk.map(({ r, i }) => ({ id: id('A', i), registrationId: r.id, formId: id('F', i), status: 'SUBMITTED' as const, startedAt: at, deadlineAt: new Date(at.getTime() + 3_600_000), submittedAt: new Date(at.getTime() + 3_000_000) })) }),
    );
    await createManyInChunks(each, (chunk) =>
      tx.result.createMany({
        data: chunk.map(({ r, i }) => {
          const { score } = scoresOf(i);
          return { id: id('S', i), attemptId: id('A', i), registrationId: r.id, cycleId, officerId: r.officerId, positionId: POSITION, score, correctCount: Math.round(score * 0.4), itemCount: 40, passed: score >= blueprint.passMark, gradedAt: at };
        }),
      }),
    );
    const subScores = registrations.flatMap((_, i) => {
      const { sub } = scoresOf(i);
      return framework.map((c, k) => ({ resultId: id('S', i), competencyId: c.competencyId, score: sub(k), correctCount: Math.round(sub(k) / 20), itemCount: 5, requiredLevel: c.requiredLevel }));
    });
    await createManyInChunks(subScores, (data) => tx.resultCompetencyScore.createMany({ data }));
  }, { timeout: 120_000 });
  return {
    departmentId,
    resultIds,
    failed: resultIds.filter((_, i) => i % 250 === 17),
    excellent: resultIds.filter((_, i) => i % 250 === 167),
  };
}
