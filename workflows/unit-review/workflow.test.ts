// Departments' lists under the time-skipping server: reminders before the deadline, escalation at it, and the
// cycle's policy for a missing list (exclude the candidates, or make the exam phase wait).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../prisma/db';
import { registerOne } from '../../services/registrations';
import { createTestCycle, timelineFrom, timeSkippingWorld, type RunningWorker, type TimeSkippingWorld } from '../../test/support';
import { cycleWorkflowId, cyclePhaseQuery } from '../assessment-cycle/contract';
import { AssessmentCycleWorkflow } from '../assessment-cycle/workflow';
import { approveListUpdate, submitListUpdate, unitListQuery, unitReviewWorkflowId } from './contract';

let world: TimeSkippingWorld;
let env: TimeSkippingWorld['env'];
let prisma: PrismaClient;
let worker: RunningWorker;

beforeAll(async () => {
  world = await timeSkippingWorld();
  ({ env, prisma, worker } = world);
});

afterAll(() => world?.close());

/** A cycle on D35 alone, launched as the API does (rule set frozen), with three D35 officers registered. */
async function launchD35Cycle(policy: 'EXCLUDE_CANDIDATES' | 'WAIT') {
  const timeline = timelineFrom(new Date(Number(await env.currentTimeMs())));
  const cycle = await createTestCycle(prisma, timeline, { scopeUnitIds: ['D35'] });
  const rules = await prisma.ruleSet.findFirstOrThrow({ where: { kind: 'VERIFICATION', status: 'ACTIVE' } });
  await prisma.assessmentCycle.update({ where: { id: cycle.id }, data: { status: 'RUNNING', missingListPolicy: policy, verificationRuleSetId: rules.id } });
  const officers = await prisma.officer.findMany({ where: { unit: { path: { startsWith: '/HQ/D35/' } } }, orderBy: { employeeCode: 'asc' }, take: 3 });
  const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } });
  const running = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycle.id } });
  for (const o of officers) {
    const result = await registerOne(prisma, running, { officerId: o.id, positionId: o.positionId }, { userId: coordinator.id, role: 'COORDINATOR', scopePath: '/', officerId: null });
    expect(result).toMatchObject({ change: 'created' });
  }
  const handle = await env.client.workflow.start(AssessmentCycleWorkflow, {
    workflowId: cycleWorkflowId(cycle.id),
    taskQueue: worker.taskQueue,
    args: [{ cycleId: cycle.id, timeline }],
  });
  return { cycle, timeline, handle, officers };
}

describe('UnitReviewWorkflow', () => {
  it('reminds the reviewers 7 and 2 days before the deadline, escalates at it, and excludes the candidates', async () => {
    const { cycle, handle } = await launchD35Cycle('EXCLUDE_CANDIDATES');
    await env.sleep('60 days'); // past the lists' deadline (day 46)
    expect((await handle.query(cyclePhaseQuery)).phase).toBe('SCHEDULING');

    const list = await prisma.unitList.findUniqueOrThrow({ where: { cycleId_unitId: { cycleId: cycle.id, unitId: 'D35' } } });
    expect(list).toMatchObject({ status: 'DRAFT', missingDecision: 'EXCLUDE_CANDIDATES' });
    expect(list.remindersSent.sort()).toEqual([2, 7]);
    expect(list.escalatedAt).not.toBeNull();
    const reviewer = await prisma.user.findUniqueOrThrow({ where: { username: 'reviewer.d35' } });
    const reminders = await prisma.notification.findMany({ where: { userId: reviewer.id, templateKey: 'unitList.reminder', dedupeKey: { contains: cycle.id } } });
    expect(reminders.map((n) => (n.params as { daysBefore: number }).daysBefore).sort()).toEqual([2, 7]);
    const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } });
    expect(await prisma.notification.count({ where: { userId: coordinator.id, templateKey: 'unitList.escalated', dedupeKey: { contains: cycle.id } } })).toBe(1);
    expect(await prisma.registration.count({ where: { cycleId: cycle.id, status: 'EXCLUDED' } })).toBe(3);
    const escalation = await prisma.auditLog.findFirstOrThrow({ where: { cycleId: cycle.id, action: 'unit_list.escalated' } });
    expect(escalation.details).toMatchObject({ policy: 'EXCLUDE_CANDIDATES', excludedRegistrations: 3 });

    // After the deadline the department's workflow is over: no transition is possible any more.
    const child = env.client.workflow.getHandle(unitReviewWorkflowId(cycle.id, 'D35'));
    await expect(child.executeUpdate(submitListUpdate, { args: [{ actorUserId: reviewer.id, expectedRevision: 0 }] })).rejects.toThrow();
    expect((await prisma.unitList.findUniqueOrThrow({ where: { id: list.id } })).status).toBe('DRAFT');
    await handle.terminate('test over');
  });

  it('under the WAIT policy holds the exam phase until the late list is approved', async () => {
    const { cycle, handle } = await launchD35Cycle('WAIT');
    await env.sleep('60 days');
    expect((await handle.query(cyclePhaseQuery)).phase).toBe('LISTS_DUE');
    const child = env.client.workflow.getHandle(unitReviewWorkflowId(cycle.id, 'D35'));
    expect(await child.query(unitListQuery)).toMatchObject({ status: 'DRAFT', deadlinePassed: true, escalated: true, excluded: false });
    expect(await prisma.registration.count({ where: { cycleId: cycle.id, status: 'ACTIVE' } })).toBe(3);

    const reviewer = await prisma.user.findUniqueOrThrow({ where: { username: 'reviewer.d35' } });
    const coordinator = await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } });
    await child.executeUpdate(submitListUpdate, { args: [{ actorUserId: reviewer.id, expectedRevision: 0 }] });
    await child.executeUpdate(approveListUpdate, { args: [{ actorUserId: coordinator.id, expectedRevision: 1 }] });
    await env.sleep('1 minute');
    expect((await handle.query(cyclePhaseQuery)).phase).toBe('SCHEDULING');
    const submitted = await prisma.auditLog.findFirstOrThrow({ where: { cycleId: cycle.id, action: 'unit_list.submitted' } });
    expect(submitted.details).toMatchObject({ late: true });
    await handle.terminate('test over');
  });
});
