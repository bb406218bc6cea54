// A small exam to test on: a running cycle on D35 (or the department given) whose exam window is open now, an
// approved list of that department and candidates registered for the position they hold (one of them, created
// here, with 1.5x extra time). And what a test needs to answer a paper that names its questions and options only
// by opaque handles.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../prisma/db';
import { ExamHandles } from '../services/exam-handles';
import { registerOne } from '../services/registrations';
import { createTestCycle } from './support-data';

const HOUR = 3_600_000;

export async function examFixture(prisma: PrismaClient, now: Date, { departmentId = 'D35' }: { departmentId?: string } = {}) {
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
  const cycle = await createTestCycle(prisma, {
    registrationOpensAt: at(-40 * 24 * HOUR), registrationClosesAt: at(-39 * 24 * HOUR), listsDueAt: at(-38 * 24 * HOUR),
    examStartsAt: at(-HOUR), examEndsAt: at(24 * HOUR), closesAt: at(60 * 24 * HOUR),
  }, { scopeUnitIds: [departmentId] });
  const running = await prisma.assessmentCycle.update({ where: { id: cycle.id }, data: { status: 'RUNNING', phase: 'EXAM_WINDOW' } });
  const inDepartment = { startsWith: `/HQ/${departmentId}/` };
  const team = await prisma.unit.findFirstOrThrow({ where: { path: inDepartment, kind: 'TEAM' }, orderBy: { id: 'asc' } });
  const template = await prisma.officer.findFirstOrThrow({ where: { unit: { path: inDepartment }, position: { isLeadership: false } }, orderBy: { employeeCode: 'asc' } });
  const suffix = randomUUID().slice(0, 6).toUpperCase();
  const slow = await prisma.officer.create({
    data: {
      id: `T-${suffix}`, employeeCode: `TX${suffix}`, fullName: 'Đặng Thị Hương Giang', searchName: 'dang thi huong giang',
      unitId: team.id, positionId: template.positionId, extraTimeMultiplier: 1.5,
      assignments: { create: { positionId: template.positionId, unitId: team.id, startDate: new Date('2020-01-01') } },
    },
  });
  const others = await prisma.officer.findMany({ where: { unit: { path: inDepartment }, position: { isLeadership: false }, id: { not: slow.id } }, orderBy: { employeeCode: 'asc' }, take: 2 });
  const officers = [...others, slow];
  const actor = { userId: 'test', role: 'COORDINATOR', scopePath: '/', officerId: null };
  const registrations = [];
  for (const o of officers) {
    const r = await registerOne(prisma, running, { officerId: o.id, positionId: o.positionId }, actor);
    if ('error' in r) throw new Error(r.error.message.en);
    registrations.push(await prisma.registration.findUniqueOrThrow({ where: { id: r.id } }));
  }
  await prisma.unitList.create({ data: { cycleId: cycle.id, unitId: departmentId, status: 'APPROVED', revision: 2, approvedAt: now } });
  return { cycle: running, officers, registrations, slow };
}

/** The handle key of tests that call the delivery functions directly (the API derives its own from its secret). */
export const testExamHandles = ExamHandles.fromSecret('test-exam-handles-secret-0000000000000000');

interface Paper {
  questions: { itemHandle: string; options: { optionHandle: string }[] }[];
}

/**
 * A started paper's questions with what only the server knows: the item version, its item, the key of each
 * option and the right one. Read from the form, not from the handles: the paper lists the form's items in order,
 * each with its options in the form's order.
 */
export async function paperKey(prisma: PrismaClient, registrationId: string, paper: Paper) {
  const form = await prisma.examForm.findFirstOrThrow({ where: { registrationId }, orderBy: { generatedAt: 'asc' } });
  const items = form.items as unknown as { itemVersionId: string; optionOrder: string[] }[];
  const versions = await prisma.questionItemVersion.findMany({ where: { id: { in: items.map((i) => i.itemVersionId) } }, select: { id: true, itemId: true, correctKey: true } });
  const versionOf = new Map(versions.map((v) => [v.id, v]));
  if (paper.questions.length !== items.length) throw new Error(`the paper has ${paper.questions.length} questions, the form ${items.length} items`);
  return paper.questions.map((q, index) => {
    const { itemVersionId, optionOrder } = items[index];
    const { itemId, correctKey } = versionOf.get(itemVersionId)!;
    const handleOf = (key: string) => q.options[optionOrder.indexOf(key)].optionHandle;
    const wrongKey = optionOrder.find((k) => k !== correctKey)!;
    return { itemHandle: q.itemHandle, itemVersionId, itemId, optionOrder, correctKey, handleOf, right: handleOf(correctKey), wrong: handleOf(wrongKey) };
  });
}
