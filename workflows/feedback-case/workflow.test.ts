// Feedback cases under the time-skipping server: reminders before a step's deadline, escalation to the
// department and then headquarters when it is overdue, the steps through to an answer, the business's response
// (accept, contest and reconsideration, or silence), and the validators refusing bad transitions.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkflowHandle } from '@temporalio/client';
import { projectRoot } from '../../scripts/toolchain';
import type { PrismaClient } from '../../prisma/db';
import { DEFAULT_CASE_POLICY } from '../../domain/feedback-case';
import { timeSkippingWorld, type RunningWorker, type TimeSkippingWorld } from '../../test/support';
import { createFeedbackFixture, createOpenCase, type FeedbackFixture } from '../../test/support-feedback';
import {
  businessResponseUpdate,
  feedbackCaseQuery,
  feedbackCaseWorkflowId,
  recordHandlingUpdate,
  recordOutcomeUpdate,
  verifyCaseUpdate,
  type FeedbackCaseView,
} from './contract';
import { FeedbackCaseWorkflow } from './workflow';

let world: TimeSkippingWorld;
let env: TimeSkippingWorld['env'];
let prisma: PrismaClient;
let worker: RunningWorker;
let fixture: FeedbackFixture;
let leaderId: string;
let coordinatorId: string;

beforeAll(async () => {
  world = await timeSkippingWorld();
  ({ env, prisma, worker } = world);
  fixture = await createFeedbackFixture(prisma);
  leaderId = (await prisma.user.findUniqueOrThrow({ where: { username: 'leader.d01' } })).id;
  coordinatorId = (await prisma.user.findUniqueOrThrow({ where: { username: 'coordinator' } })).id;
});

afterAll(() => world?.close());

async function startCase() {
  const { feedbackCase, feedback } = await createOpenCase(prisma, fixture);
  const handle = await env.client.workflow.start(FeedbackCaseWorkflow, {
    workflowId: feedbackCaseWorkflowId(feedbackCase.id),
    taskQueue: worker.taskQueue,
    args: [{ caseId: feedbackCase.id, policy: DEFAULT_CASE_POLICY }],
  });
  await waitFor(handle, (v) => v.status === 'VERIFYING');
  return { caseId: feedbackCase.id, feedback, handle };
}

/** Query until the workflow shows what we wait for (queries also make sure the server knows the run before an update). */
async function waitFor(handle: WorkflowHandle<typeof FeedbackCaseWorkflow>, ok: (v: FeedbackCaseView) => boolean): Promise<FeedbackCaseView> {
  for (let i = 0; i < 100; i++) {
    const view = await handle.query(feedbackCaseQuery);
    if (ok(view)) return view;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the case did not get there');
}

/** The validator's refusal inside an update failure, as "Type: message". */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const cause = (err as { cause?: { type?: string; message?: string } }).cause;
    return `${cause?.type}: ${cause?.message}`;
  }
  throw new Error('the update was accepted');
}

const stored = (caseId: string) => prisma.feedbackCase.findUniqueOrThrow({ where: { id: caseId } });
const notes = (caseId: string, templateKey: string) => prisma.notification.findMany({ where: { templateKey, dedupeKey: { startsWith: `feedback-case:${caseId}:` } }, orderBy: { createdAt: 'asc' } });
const actions = async (caseId: string) => (await prisma.auditLog.findMany({ where: { entityType: 'FeedbackCase', entityId: caseId }, orderBy: { id: 'asc' } })).map((a) => a.action);

const VERIFY = { actorUserId: 'U-leader.d01', note: 'Đã xác minh với công chức tiếp nhận và xem lại hồ sơ tờ khai.' };
const HANDLE = { actorUserId: 'U-leader.d01', note: 'Đã nhắc nhở công chức, tổ chức rút kinh nghiệm trong đội.' };
const ANSWER = { actorUserId: 'U-leader.d01', outcome: 'SUBSTANTIATED' as const, reason: 'Phản ánh có cơ sở: công chức đã bị nhắc nhở, quy trình tiếp nhận được chấn chỉnh.' };

describe('FeedbackCaseWorkflow', () => {
  it('reminds before the verification deadline, escalates to the department then headquarters, and ends only with an outcome', async () => {
    const { caseId, handle } = await startCase();
    const opened = await stored(caseId);
    expect(opened).toMatchObject({ status: 'VERIFYING', escalationLevel: 0, workflowId: feedbackCaseWorkflowId(caseId) });
    expect(opened.stepDueAt!.getTime() - opened.createdAt.getTime()).toBeGreaterThan(47 * 3_600_000);
    expect((await notes(caseId, 'feedbackCase.assigned')).map((n) => n.userId)).toEqual([leaderId]);

    await env.sleep('30 hours'); // the reminder 24 h before the 48 h deadline
    expect((await notes(caseId, 'feedbackCase.reminder')).map((n) => n.userId)).toEqual([leaderId]);
    expect((await stored(caseId)).escalationLevel).toBe(0);

    await env.sleep('20 hours'); // past the deadline: the department
    const first = await stored(caseId);
    expect(first).toMatchObject({ status: 'VERIFYING', escalationLevel: 1 });
    expect(first.stepDueAt!.getTime()).toBeGreaterThan(opened.stepDueAt!.getTime() + 47 * 3_600_000);
    const toDepartment = await notes(caseId, 'feedbackCase.escalated');
    expect(toDepartment.map((n) => [n.userId, n.unitId])).toEqual([[leaderId, 'D01']]);
    expect(toDepartment[0].params).toMatchObject({ level: 1, target: 'DEPARTMENT', step: 'VERIFY' });

    await env.sleep('50 hours'); // the grace period passed too: headquarters
    expect((await stored(caseId)).escalationLevel).toBe(2);
    const escalations = await notes(caseId, 'feedbackCase.escalated');
    expect(escalations.filter((n) => n.userId === coordinatorId)).toHaveLength(1);

    await env.sleep('30 days'); // as far as it goes: it stays overdue, open, without further escalation
    expect(await stored(caseId)).toMatchObject({ status: 'VERIFYING', escalationLevel: 2 });
    expect((await notes(caseId, 'feedbackCase.escalated')).length).toBe(escalations.length);
    const audit = await prisma.auditLog.findMany({ where: { entityType: 'FeedbackCase', entityId: caseId, action: 'feedback_case.escalated' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => (a.details as { target: string }).target)).toEqual(['DEPARTMENT', 'HEADQUARTERS']);

    // Late, but it is verified, handled and answered; the business accepts; the workflow ends.
    await handle.executeUpdate(verifyCaseUpdate, { args: [VERIFY] });
    await handle.executeUpdate(recordHandlingUpdate, { args: [HANDLE] });
    const answered = await handle.executeUpdate(recordOutcomeUpdate, { args: [ANSWER] });
    expect(answered).toMatchObject({ status: 'ANSWERED', step: 'BUSINESS_RESPONSE', outcome: 'SUBSTANTIATED' });
    expect((await notes(caseId, 'feedbackCase.answered')).map((n) => n.userId)).toEqual([fixture.user.id]);
    await handle.executeUpdate(businessResponseUpdate, { args: [{ actorUserId: fixture.user.id, accept: true }] });
    expect(await handle.result()).toMatchObject({ status: 'CLOSED', businessAccepted: true, outcome: 'SUBSTANTIATED' });
    const closed = await stored(caseId);
    expect(closed).toMatchObject({ status: 'CLOSED', outcome: 'SUBSTANTIATED', businessAccepted: true });
    expect(closed.closedAt).not.toBeNull();
    const verified = await prisma.auditLog.findFirstOrThrow({ where: { entityType: 'FeedbackCase', entityId: caseId, action: 'feedback_case.verified' } });
    expect(verified.details).toMatchObject({ late: true, escalationLevel: 2 });
    expect(await actions(caseId)).toEqual([
      'feedback_case.assigned', 'feedback_case.reminded', 'feedback_case.escalated', 'feedback_case.escalated',
      'feedback_case.verified', 'feedback_case.handled', 'feedback_case.answered', 'feedback_case.accepted', 'feedback_case.closed',
    ]);
  });

  it('refuses transitions out of order or without the text they need, and records nothing', async () => {
    const { caseId, handle } = await startCase();
    expect(await refusal(handle.executeUpdate(recordOutcomeUpdate, { args: [ANSWER] }))).toBe('WrongStep: The case is at step VERIFY; cannot record the outcome now');
    expect(await refusal(handle.executeUpdate(verifyCaseUpdate, { args: [{ actorUserId: 'U-leader.d01', note: '  ' }] }))).toBe('NoteRequired: A verification note is required');
    expect(await refusal(handle.executeUpdate(businessResponseUpdate, { args: [{ actorUserId: fixture.user.id, accept: true }] }))).toMatch(/^WrongStep: .*step VERIFY/);
    expect(await stored(caseId)).toMatchObject({ status: 'VERIFYING', verifiedAt: null, outcome: null });
    expect(await actions(caseId)).toEqual(['feedback_case.assigned']);

    await handle.executeUpdate(verifyCaseUpdate, { args: [VERIFY] });
    expect(await refusal(handle.executeUpdate(verifyCaseUpdate, { args: [VERIFY] }))).toMatch(/^WrongStep: .*step HANDLE/);
    await handle.terminate('test over');
  });

  it('closes when the business does not respond within the window, keeping the answer', async () => {
    const { caseId, handle } = await startCase();
    await handle.executeUpdate(verifyCaseUpdate, { args: [VERIFY] });
    await handle.executeUpdate(recordHandlingUpdate, { args: [HANDLE] });
    await handle.executeUpdate(recordOutcomeUpdate, { args: [{ ...ANSWER, outcome: 'NOT_SUBSTANTIATED', reason: 'Hồ sơ thiếu chứng từ xuất xứ nên việc yêu cầu bổ sung là đúng quy định.' }] });
    await env.sleep('8 days');
    expect(await handle.result()).toMatchObject({ status: 'CLOSED', outcome: 'NOT_SUBSTANTIATED', businessAccepted: null });
    expect(await stored(caseId)).toMatchObject({ status: 'CLOSED', businessAccepted: null, outcomeReason: 'Hồ sơ thiếu chứng từ xuất xứ nên việc yêu cầu bổ sung là đúng quy định.' });
    const closed = await prisma.auditLog.findFirstOrThrow({ where: { entityType: 'FeedbackCase', entityId: caseId, action: 'feedback_case.closed' } });
    expect(closed.details).toMatchObject({ by: 'NO_RESPONSE' });
    expect(await notes(caseId, 'feedbackCase.reminder')).toHaveLength(0); // every step was done in time
  });

  it('reopens a contested answer at the department once, then a second contest closes the case', async () => {
    const { caseId, handle } = await startCase();
    await handle.executeUpdate(verifyCaseUpdate, { args: [VERIFY] });
    await handle.executeUpdate(recordHandlingUpdate, { args: [HANDLE] });
    await handle.executeUpdate(recordOutcomeUpdate, { args: [ANSWER] });
    expect(await refusal(handle.executeUpdate(businessResponseUpdate, { args: [{ actorUserId: fixture.user.id, accept: false }] }))).toMatch(/^CommentRequired/);
    const reopened = await handle.executeUpdate(businessResponseUpdate, { args: [{ actorUserId: fixture.user.id, accept: false, comment: 'Chưa thấy biện pháp khắc phục cụ thể.' }] });
    expect(reopened).toMatchObject({ status: 'HANDLING', step: 'HANDLE', reconsiderations: 1, escalationLevel: 1, outcome: null });
    expect(await stored(caseId)).toMatchObject({ status: 'HANDLING', handledAt: null, outcome: null, businessAccepted: false, escalationLevel: 1 });
    expect((await notes(caseId, 'feedbackCase.reopened')).map((n) => n.unitId)).toEqual(['D01']);

    await handle.executeUpdate(recordHandlingUpdate, { args: [{ ...HANDLE, note: 'Cục đã kiểm tra lại, yêu cầu chi cục xin lỗi doanh nghiệp và tập huấn lại.' }] });
    await handle.executeUpdate(recordOutcomeUpdate, { args: [{ ...ANSWER, reason: 'Chi cục đã xin lỗi doanh nghiệp và tập huấn lại quy trình tiếp nhận.' }] });
    const final = await handle.executeUpdate(businessResponseUpdate, { args: [{ actorUserId: fixture.user.id, accept: false, comment: 'Vẫn chưa thỏa đáng.' }] });
    expect(final).toMatchObject({ status: 'CLOSED', businessAccepted: false, outcome: 'SUBSTANTIATED' });
    expect(await handle.result()).toMatchObject({ status: 'CLOSED' });
    expect(await stored(caseId)).toMatchObject({ status: 'CLOSED', businessAccepted: false, outcomeReason: 'Chi cục đã xin lỗi doanh nghiệp và tập huấn lại quy trình tiếp nhận.' });
    expect(await notes(caseId, 'feedbackCase.contestedFinal')).toHaveLength(1);
  });
});

describe('recorded feedback case histories', () => {
  const dir = join(projectRoot, 'test', 'histories');
  const histories = readdirSync(dir).filter((f) => f.startsWith('feedback-case-') && f.endsWith('.json'));

  it('include one that closes normally and one that escalates', () => {
    expect(histories).toEqual(expect.arrayContaining([expect.stringMatching(/^feedback-case-closed-/), expect.stringMatching(/^feedback-case-escalated-/)]));
  });

  it('are rejected when the workflow changes incompatibly (so replaying them proves something)', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: join(projectRoot, 'test', 'fixtures', 'changed-feedback-case.ts') });
    for (const file of histories) {
      const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history), file).rejects.toThrow(DeterminismViolationError);
    }
  });
});
