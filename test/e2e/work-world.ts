// Fixtures of the leaders' and the business's browser tests, made through the product's own paths where they
// exist: follow-up tasks created by the cycle's own batch activity (the follow-up rules decide them) and started
// as workflows on the stack's task queue; a fresh declaration of the demo business at a branch of leader.d01's
// department, handled by one of its officers, for the business to rate.
import { randomInt } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createFollowUpActivities } from '../../activities/follow-ups';
import { hashPassword } from '../../services/passwords';
import { createOfficer, createResult, followUpCycle, otherPosition } from '../support-follow-ups';
import { db } from './support';

const TASK_QUEUE = 'e2e';

async function temporalClient() {
  const connection = await Connection.connect({ address: process.env.E2E_TEMPORAL_ADDRESS! });
  return { client: new Client({ connection, namespace: 'default' }), connection };
}

export interface FollowUpWorld {
  cycleId: string;
  trainee: { id: string; fullName: string };
  mover: { id: string; fullName: string; positionId: string; unitId: string };
  tasks: { retraining: string; nomination: string; reassignment: string };
  /** Where the reassignment moves the officer to. */
  target: { positionId: string; positionName: string; unitId: string; unitName: string };
}

/** Two officers of D01 with graded results: one weak in a competency (retraining) and excellent overall (nomination), one who sat another position's test (reassignment). */
export async function followUpWorld(): Promise<FollowUpWorld> {
  const prisma = db();
  const cycle = await followUpCycle(prisma, new Date(), ['D01']);
  const trainee = await createOfficer(prisma, 'D01', 'Bùi Thị Thanh Hương');
  const mover = await createOfficer(prisma, 'D01', 'Trịnh Văn Khải');
  await createResult(prisma, cycle, trainee, { score: 93, level: 'LEVEL_3', competencyScores: [45], restScore: 95 });
  const target = await otherPosition(prisma, mover.positionId);
  await createResult(prisma, cycle, mover, { score: 80, level: 'LEVEL_2', positionId: target.id });
  const targetUnit = await prisma.unit.findFirstOrThrow({ where: { path: { startsWith: '/HQ/D01/' }, kind: 'TEAM', id: { not: mover.unitId } }, orderBy: { id: 'desc' } });

  const { client, connection } = await temporalClient();
  try {
    const activities = createFollowUpActivities(prisma, { temporal: () => client, taskQueue: TASK_QUEUE });
    const env = new MockActivityEnvironment({ scheduledTimestampMs: Date.now(), taskQueue: TASK_QUEUE }, { client });
    await env.run(activities.createFollowUpTasksBatch, { cycleId: cycle.id, after: null, limit: 100 });
  } finally {
    await connection.close();
  }
  const tasks = await prisma.followUpTask.findMany({ where: { cycleId: cycle.id } });
  const find = (type: string, officerId: string) => {
    const task = tasks.find((t) => t.type === type && t.officerId === officerId);
    if (!task) throw new Error(`no ${type} task for ${officerId}: ${tasks.map((t) => `${t.type}:${t.officerId}`).join(', ')}`);
    return task.id;
  };
  const ids = { retraining: find('RETRAINING', trainee.id), nomination: find('EXPERT_NOMINATION', trainee.id), reassignment: find('REASSIGNMENT', mover.id) };
  // The workflows take their tasks on (the owner's leaders are told): wait until each has begun.
  for (let i = 0; i < 120; i++) {
    const begun = await prisma.followUpTask.count({ where: { id: { in: Object.values(ids) }, workflowId: { not: null } } });
    if (begun === 3) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { cycleId: cycle.id, trainee, mover: { id: mover.id, fullName: mover.fullName, positionId: mover.positionId, unitId: mover.unitId }, tasks: ids,
    target: { positionId: target.id, positionName: target.nameVi, unitId: targetUnit.id, unitName: targetUnit.nameVi } };
}

export interface DeclarationWorld {
  declarationId: string;
  number: string;
  branchName: string;
}

/** A declaration of the demo business, registered yesterday at a branch of D01, handled by one officer of a team there. */
export async function declarationWorld(): Promise<DeclarationWorld> {
  const prisma = db();
  const user = await prisma.user.findUniqueOrThrow({ where: { username: 'business.demo' } });
  const team = await prisma.unit.findFirstOrThrow({ where: { path: { startsWith: '/HQ/D01/' }, kind: 'TEAM', depth: 3, officers: { some: {} } }, include: { parent: true }, orderBy: { id: 'asc' } });
  const officer = await prisma.officer.findFirstOrThrow({ where: { unitId: team.id, active: true }, orderBy: { id: 'asc' } });
  const number = `9${String(randomInt(10 ** 10)).padStart(10, '0')}${randomInt(10)}`;
  const declaration = await prisma.declaration.create({
    data: {
      id: `DECL-E2E-${number}`,
      number,
      businessId: user.businessId!,
      branchUnitId: team.parentId!,
      registeredAt: new Date(Date.now() - 2 * 86_400_000),
      clearedAt: new Date(Date.now() - 86_400_000),
      handlings: { create: [{ stageId: 'S1', teamUnitId: team.id, officerId: officer.id }] },
    },
  });
  return { declarationId: declaration.id, number, branchName: team.parent!.nameVi };
}

export interface PagingWorld {
  /** A business of its own (so no other test's cases or notifications move its pages), with its staff user. */
  user: { username: string; password: string };
  /** Its closed cases' declaration numbers, newest first (12: two pages of 10). */
  caseNumbers: string[];
  /** The oldest legal notice relevant to every business (a fixture: the last on the last page). */
  oldestNoticeTitle: string;
  noticesTotal: number;
  /** Its notifications' declaration numbers, newest first (25: two pages of 20). */
  notificationNumbers: string[];
}

/** A business with 12 answered and closed cases at a branch outside D01, 25 notifications, and 12 old legal notices for all. */
export async function pagingWorld(): Promise<PagingWorld> {
  const prisma = db();
  const tag = String(randomInt(10 ** 8)).padStart(8, '0');
  const business = await prisma.business.create({ data: { id: `BUS-E2E-${tag}`, taxCode: `09${tag}`, name: `Công ty TNHH Phân Trang ${tag}`, searchName: `cong ty tnhh phan trang ${tag}` } });
  const password = 'paging-business';
  const user = await prisma.user.create({
    data: { id: `U-E2E-${tag}`, username: `business.paging.${tag}`, passwordHash: await hashPassword(password), displayName: business.name, role: 'BUSINESS', businessId: business.id },
  });
  const branch = await prisma.unit.findFirstOrThrow({ where: { kind: 'BRANCH', NOT: { path: { startsWith: '/HQ/D01/' } } }, orderBy: { id: 'desc' } });
  const base = Date.now() - 60 * 86_400_000;
  const caseNumbers: string[] = [];
  for (let i = 0; i < 12; i++) {
    const number = `8${tag}${String(i).padStart(3, '0')}`;
    const at = new Date(base + i * 3_600_000);
    await prisma.declaration.create({
      data: {
        id: `DECL-E2E-${number}`, number, businessId: business.id, branchUnitId: branch.id, registeredAt: at, clearedAt: at,
        feedback: {
          create: {
            businessId: business.id, subjectKind: 'BRANCH', subjectKey: `BRANCH:${branch.id}`, subjectUnitId: branch.id, level: 'UNSATISFIED', reasonCodes: [], submittedAt: at,
            case: { create: { status: 'CLOSED', responsibleUnitId: branch.id, outcome: 'NOT_SUBSTANTIATED', outcomeReason: `Đã trả lời phản ánh số ${i + 1}.`, answeredAt: at, businessAccepted: true, businessRespondedAt: at, createdAt: at, closedAt: at } },
          },
        },
      },
    });
    caseNumbers.unshift(number);
  }
  const notificationNumbers: string[] = [];
  for (let i = 0; i < 25; i++) {
    const number = `7${tag}${String(i).padStart(3, '0')}`;
    await prisma.notification.create({
      data: {
        dedupeKey: `e2e-paging:${tag}:${i}`, userId: user.id, templateKey: 'feedbackCase.received', createdAt: new Date(base + i * 60_000),
        params: { caseId: `none-${i}`, declarationNumber: number, responsibleUnitId: branch.id, answerBy: new Date(base).toISOString() },
      },
    });
    notificationNumbers.unshift(number);
  }
  // Old notices for every business (no field): issued long ago, so they are the last ones, newest first.
  await prisma.legalNotice.createMany({
    data: Array.from({ length: 12 }, (_, i) => ({
      titleVi: `Công văn thử phân trang ${tag} số ${i + 1}`, titleEn: `Paging test letter ${tag} no. ${i + 1}`, sourceUrl: 'https://example.org/van-ban', issuedAt: new Date(Date.UTC(2001, 0, 1 + i)), publishedAt: new Date(base), fieldIds: [],
    })),
  });
  const noticesTotal = await prisma.legalNotice.count({ where: { fieldIds: { isEmpty: true } } });
  return { user: { username: user.username, password }, caseNumbers, oldestNoticeTitle: `Công văn thử phân trang ${tag} số 1`, noticesTotal, notificationNumbers };
}

/**
 * Ratings in D01 for the statistics: one declaration of a business of its own at a D01 branch, its officers rated
 * (12 of them, so the distribution by officer has a second page), two of them very unsatisfied.
 */
export async function ratingsWorld(): Promise<{ officers: number }> {
  const prisma = db();
  const tag = String(randomInt(10 ** 8)).padStart(8, '0');
  const business = await prisma.business.create({ data: { id: `BUS-E2E-R${tag}`, taxCode: `08${tag}`, name: `Công ty Cổ phần Thống Kê ${tag}`, searchName: `cong ty co phan thong ke ${tag}` } });
  const branch = await prisma.unit.findFirstOrThrow({ where: { path: { startsWith: '/HQ/D01/' }, kind: 'BRANCH' }, orderBy: { id: 'asc' } });
  const officers = await prisma.officer.findMany({ where: { active: true, unit: { path: { startsWith: '/HQ/D01/' } } }, orderBy: { id: 'asc' }, take: 12 });
  const at = new Date(Date.now() - 3 * 86_400_000);
  const number = `6${tag}001`;
  await prisma.declaration.create({
    data: {
      id: `DECL-E2E-${number}`, number, businessId: business.id, branchUnitId: branch.id, registeredAt: at, clearedAt: at,
      feedback: {
        create: officers.map((o, i) => ({
          businessId: business.id, subjectKind: 'OFFICER' as const, subjectKey: `OFFICER:${o.id}`, subjectUnitId: o.unitId, subjectOfficerId: o.id,
          level: i < 2 ? ('VERY_UNSATISFIED' as const) : ('SATISFIED' as const), reasonCodes: [], submittedAt: at,
        })),
      },
    },
  });
  return { officers: officers.length };
}
