// Feedback test data of a test's own (the database is shared by test files running at once): a business with a
// user, declarations at a branch of a chosen department handled by that branch's officers, and, for workflow
// tests, an unsatisfied rating with its case. Needs no test runner (the history recorder uses it too).
import { randomInt, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../prisma/db';
import { toSearchName } from '../domain/text';

export interface FeedbackFixture {
  business: { id: string; name: string; taxCode: string };
  user: { id: string; username: string };
  branch: { id: string; path: string };
  teams: { id: string; officers: { id: string; fullName: string }[] }[];
}

/** A branch of `departmentId` with at least `teams` staffed teams (two officers each where possible). */
async function staffedBranch(prisma: PrismaClient, departmentId: string, teams: number) {
  const branches = await prisma.unit.findMany({ where: { kind: 'BRANCH', path: { startsWith: `/HQ/${departmentId}/` } }, orderBy: { id: 'asc' } });
  for (const branch of branches) {
    const staffed = await prisma.unit.findMany({
      where: { parentId: branch.id, kind: 'TEAM', officers: { some: { active: true } } },
      include: { officers: { where: { active: true }, orderBy: { employeeCode: 'asc' }, take: 2, select: { id: true, fullName: true } } },
      orderBy: { id: 'asc' },
    });
    if (staffed.length >= teams) return { branch, teams: staffed.slice(0, teams).map((t) => ({ id: t.id, officers: t.officers })) };
  }
  throw new Error(`no branch of ${departmentId} with ${teams} staffed teams`);
}

export async function createFeedbackFixture(prisma: PrismaClient, options: { departmentId?: string; name?: string } = {}): Promise<FeedbackFixture> {
  const tag = randomUUID().slice(0, 8);
  const { branch, teams } = await staffedBranch(prisma, options.departmentId ?? 'D01', 2);
  const name = options.name ?? `Công ty TNHH Thương mại Xuất nhập khẩu Đồng Tháp ${tag}`;
  const taxCode = `08${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  const business = await prisma.business.create({
    data: { id: `BUS-T-${tag}`, taxCode, name, searchName: toSearchName(name), email: `lienhe-${tag}@example.vn` },
  });
  const user = await prisma.user.create({
    data: { id: `U-biz-${tag}`, username: `biz-${tag}`, passwordHash: 'scrypt$00$00', displayName: name, role: 'BUSINESS', businessId: business.id },
  });
  return { business, user: { id: user.id, username: user.username }, branch: { id: branch.id, path: branch.path }, teams };
}

/**
 * A declaration of the fixture's business at its branch: reception and document check by the first team's two
 * officers, duty collection by the second team's first officer.
 */
export async function createDeclaration(prisma: PrismaClient, f: FeedbackFixture, registeredAt = new Date(Date.now() - 2 * 86_400_000)) {
  const id = `DEC-T-${randomUUID().slice(0, 12)}`;
  const number = `10${String(randomInt(0, 1_000_000_000)).padStart(10, '0')}`;
  const [a, b] = f.teams;
  const handlings = [
    { stageId: 'S1', teamUnitId: a.id, officerId: a.officers[0].id },
    { stageId: 'S2', teamUnitId: a.id, officerId: a.officers[a.officers.length - 1].id },
    { stageId: 'S4', teamUnitId: b.id, officerId: b.officers[0].id },
  ];
  return prisma.declaration.create({
    data: {
      id, number, businessId: f.business.id, branchUnitId: f.branch.id, registeredAt, clearedAt: new Date(registeredAt.getTime() + 3_600_000),
      handlings: { create: handlings.map((h) => ({ id: `${id}-${h.stageId}-${h.officerId}`, ...h })) },
    },
    include: { handlings: true },
  });
}

/** An unsatisfied rating of the declaration's first officer and its case, as POST .../ratings stores them (status OPEN). */
export async function createOpenCase(prisma: PrismaClient, f: FeedbackFixture, level: 'UNSATISFIED' | 'VERY_UNSATISFIED' = 'VERY_UNSATISFIED') {
  const declaration = await createDeclaration(prisma, f);
  const h = declaration.handlings.find((x) => x.stageId === 'S1')!;
  const feedback = await prisma.feedback.create({
    data: {
      declarationId: declaration.id, businessId: f.business.id, subjectKind: 'OFFICER', subjectKey: `OFFICER:${h.officerId}`,
      subjectUnitId: h.teamUnitId, subjectOfficerId: h.officerId, level, reasonCodes: ['ATTITUDE'],
      comment: 'Cán bộ tiếp nhận yêu cầu bổ sung giấy tờ không cần thiết, thái độ chưa đúng mực.', submittedById: f.user.id,
    },
  });
  const feedbackCase = await prisma.feedbackCase.create({ data: { feedbackId: feedback.id, responsibleUnitId: h.teamUnitId } });
  return { declaration, feedback, feedbackCase };
}
