// Fixtures of the leaders' and the business's browser tests, made through the product's own paths where they
// exist: follow-up tasks created by the cycle's own batch activity (the follow-up rules decide them) and started
// as workflows on the stack's task queue; a fresh declaration of the demo business at a branch of leader.d01's
// department, handled by one of its officers, for the business to rate.
import { randomInt } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createFollowUpActivities } from '../../activities/follow-ups';
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
