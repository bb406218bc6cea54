// The cycle workflow under the time-skipping test server: months of timers pass in seconds, against the real
// database, so every phase change is checked where it is persisted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CYCLE_STEPS } from '../../domain/cycle-timeline';
import type { PrismaClient } from '../../prisma/db';
import { createTestCycle, timelineFrom, timeSkippingWorld, type RunningWorker, type TimeSkippingWorld } from '../../test/support';
import { cancelCycleUpdate, cycleWorkflowId, cyclePhaseQuery } from './contract';
import { AssessmentCycleWorkflow } from './workflow';

let world: TimeSkippingWorld;
let env: TimeSkippingWorld['env'];
let prisma: PrismaClient;
let worker: RunningWorker;

beforeAll(async () => {
  world = await timeSkippingWorld();
  ({ env, prisma, worker } = world);
});

afterAll(() => world?.close());

async function serverNow(): Promise<Date> {
  return new Date((await env.currentTimeMs()) as unknown as number);
}

describe('AssessmentCycleWorkflow', () => {
  it('walks every phase on the timeline, months in seconds, persisting each change with an audit entry', async () => {
    const timeline = timelineFrom(await serverNow());
    const cycle = await createTestCycle(prisma, timeline);
    const started = performance.now();
    const result = await env.client.workflow.execute(AssessmentCycleWorkflow, {
      workflowId: cycleWorkflowId(cycle.id),
      taskQueue: worker.taskQueue,
      args: [{ cycleId: cycle.id, timeline }],
    });
    const seconds = (performance.now() - started) / 1000;
    console.info(`cycle spanning ${timeline.registrationOpensAt} .. ${timeline.closesAt} walked in ${seconds.toFixed(1)} s`);

    expect(result.phase).toBe('CLOSED');
    const events = await prisma.cyclePhaseEvent.findMany({ where: { cycleId: cycle.id }, orderBy: { enteredAt: 'asc' } });
    expect(events.map((e) => e.phase)).toEqual(CYCLE_STEPS.map((s) => s.phase));
    // Timed phases open on their date (by the server's clock), not before.
    for (const step of CYCLE_STEPS.filter((s) => s.opensAt)) {
      const event = events.find((e) => e.phase === step.phase)!;
      const due = Date.parse(timeline[step.opensAt!]);
      expect(event.enteredAt.getTime()).toBeGreaterThanOrEqual(due);
      expect(event.enteredAt.getTime() - due).toBeLessThan(60_000);
    }
    const row = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycle.id } });
    expect(row).toMatchObject({ phase: 'CLOSED', status: 'CLOSED' });
    const audit = await prisma.auditLog.findMany({ where: { entityId: cycle.id, action: 'cycle.phase_changed' } });
    expect(audit).toHaveLength(CYCLE_STEPS.length);
  });

  it('answers the phase query while it waits, and is cancelled with a reason at once', async () => {
    const timeline = timelineFrom(await serverNow());
    const cycle = await createTestCycle(prisma, timeline, { scopeUnitIds: ['D35'] });
    const handle = await env.client.workflow.start(AssessmentCycleWorkflow, {
      workflowId: cycleWorkflowId(cycle.id),
      taskQueue: worker.taskQueue,
      args: [{ cycleId: cycle.id, timeline }],
    });
    await env.sleep('30 days'); // past registration closing, before the lists are due
    const view = await handle.query(cyclePhaseQuery);
    expect(view.phase).toBe('REVIEW');
    expect(view.next).toEqual({ phase: 'LISTS_DUE', at: timeline.listsDueAt });

    await expect(handle.executeUpdate(cancelCycleUpdate, { args: [{ reason: '  ', actorUserId: 'u1' }] })).rejects.toThrow(WorkflowUpdateFailedError);

    const cancelled = await handle.executeUpdate(cancelCycleUpdate, {
      args: [{ reason: 'Đề thi bị lộ, tổ chức lại kỳ đánh giá', actorUserId: 'coordinator' }],
    });
    expect(cancelled).toMatchObject({ phase: 'CANCELLED', cancelReason: 'Đề thi bị lộ, tổ chức lại kỳ đánh giá' });
    expect((await handle.result()).phase).toBe('CANCELLED');

    const row = await prisma.assessmentCycle.findUniqueOrThrow({ where: { id: cycle.id } });
    expect(row).toMatchObject({ status: 'CANCELLED', phase: 'CANCELLED', cancelReason: 'Đề thi bị lộ, tổ chức lại kỳ đánh giá' });
    const phases = (await prisma.cyclePhaseEvent.findMany({ where: { cycleId: cycle.id } })).map((e) => e.phase);
    expect(phases).not.toContain('LISTS_DUE');
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: cycle.id, action: 'cycle.cancelled' } });
    expect(audit).toMatchObject({ actorUserId: 'coordinator', reason: 'Đề thi bị lộ, tổ chức lại kỳ đánh giá' });
  });

  it('cannot be started twice for the same cycle', async () => {
    const timeline = timelineFrom(await serverNow(), 400);
    const cycle = await createTestCycle(prisma, timeline);
    const options = { workflowId: cycleWorkflowId(cycle.id), taskQueue: worker.taskQueue, args: [{ cycleId: cycle.id, timeline }] as [never] };
    const handle = await env.client.workflow.start(AssessmentCycleWorkflow, options);
    await expect(env.client.workflow.start(AssessmentCycleWorkflow, options)).rejects.toThrow(WorkflowExecutionAlreadyStartedError);
    await handle.terminate('test over');
  });

  it('recording a phase twice (a retried activity) changes nothing', async () => {
    const timeline = timelineFrom(await serverNow());
    const cycle = await createTestCycle(prisma, timeline);
    const { MockActivityEnvironment } = await import('@temporalio/testing');
    const { createCyclePhaseActivities } = await import('../../activities/cycle-phases');
    const activities = createCyclePhaseActivities(prisma);
    const mock = new MockActivityEnvironment();
    const first = await mock.run(activities.recordCyclePhase, { cycleId: cycle.id, phase: 'REGISTRATION_OPEN' as const });
    const again = await mock.run(activities.recordCyclePhase, { cycleId: cycle.id, phase: 'REGISTRATION_OPEN' as const });
    expect(again).toEqual(first);
    expect(await prisma.cyclePhaseEvent.count({ where: { cycleId: cycle.id } })).toBe(1);
    expect(await prisma.auditLog.count({ where: { entityId: cycle.id } })).toBe(1);
  });
});
