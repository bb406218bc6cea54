// `npx tsx test/record-feedback-histories.ts v2`: records FeedbackCaseWorkflow histories for the replay test
// (workflows/replay.test.ts replays every file in test/histories). Run it when the workflow gains a new version
// and ADD the new files: never re-record or delete the old ones, they stand for cases already running.
// Uses a scratch PostgreSQL database and the time-skipping test server.
//   feedback-case-closed-<label>.json     verified, handled and answered in time; the business accepts
//   feedback-case-escalated-<label>.json  overdue: reminder, department, headquarters; then answered, contested,
//                                         reconsidered at the department, answered again; silence closes it
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { createPrisma } from '../prisma/db';
import { seedDemoData } from '../prisma/seed';
import { createWorker } from '../runtime/worker';
import { projectRoot, temporalTestServerPath } from '../scripts/toolchain';
import { DEFAULT_CASE_POLICY } from '../domain/feedback-case';
import {
  businessResponseUpdate,
  feedbackCaseQuery,
  feedbackCaseWorkflowId,
  recordHandlingUpdate,
  recordOutcomeUpdate,
  verifyCaseUpdate,
  type FeedbackCaseView,
} from '../workflows/feedback-case/contract';
import { FeedbackCaseWorkflow } from '../workflows/feedback-case/workflow';
import { createScratchDatabase } from './scratch-database';
import { createFeedbackFixture, createOpenCase } from './support-feedback';

Runtime.install({ logger: new DefaultLogger('WARN') });
const label = process.argv[2] ?? new Date().toISOString().slice(0, 10);
const database = await createScratchDatabase('feedback_record');
const prisma = createPrisma(database.url);
await seedDemoData(prisma, { officers: 600, seed: 'customs-2026' });
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
});
const worker = await createWorker({ prisma, connection: env.nativeConnection, namespace: 'default', taskQueue: 'record' });
const fixture = await createFeedbackFixture(prisma, { name: 'Công ty Cổ phần Giao nhận Vận tải Hải Phòng' });
const leader = 'U-leader.d01';

async function save(name: string, workflowId: string) {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const file = join(projectRoot, 'test', 'histories', `${name}-${label}.json`);
  writeFileSync(file, historyToJSON(history));
  console.log(`recorded ${file} (${history.events?.length} events)`);
}

async function start() {
  const { feedbackCase } = await createOpenCase(prisma, fixture);
  const handle = await env.client.workflow.start(FeedbackCaseWorkflow, {
    workflowId: feedbackCaseWorkflowId(feedbackCase.id),
    taskQueue: 'record',
    args: [{ caseId: feedbackCase.id, policy: DEFAULT_CASE_POLICY }],
  });
  await until(handle, (v) => v.status === 'VERIFYING');
  return handle;
}

/** Queries first: the time-skipping server sometimes loses an update sent to a run it has not been asked about. */
async function until(handle: WorkflowHandle<typeof FeedbackCaseWorkflow>, ok: (v: FeedbackCaseView) => boolean) {
  for (let i = 0; i < 100; i++) {
    if (ok(await handle.query(feedbackCaseQuery))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the case did not get there');
}

async function answer(handle: WorkflowHandle<typeof FeedbackCaseWorkflow>, reason: string) {
  await handle.executeUpdate(recordHandlingUpdate, { args: [{ actorUserId: leader, note: 'Đã làm việc với công chức liên quan và rà soát lại hồ sơ.' }] });
  await until(handle, (v) => v.step === 'ANSWER');
  await handle.executeUpdate(recordOutcomeUpdate, { args: [{ actorUserId: leader, outcome: 'SUBSTANTIATED', reason }] });
  await until(handle, (v) => v.step === 'BUSINESS_RESPONSE');
}

await worker.runUntil(async () => {
  const closed = await start();
  await closed.executeUpdate(verifyCaseUpdate, { args: [{ actorUserId: leader, note: 'Đã xác minh: phản ánh đúng với thực tế tại bộ phận tiếp nhận.' }] });
  await until(closed, (v) => v.step === 'HANDLE');
  await answer(closed, 'Đã nhắc nhở công chức và chấn chỉnh quy trình tiếp nhận hồ sơ.');
  await closed.executeUpdate(businessResponseUpdate, { args: [{ actorUserId: fixture.user.id, accept: true }] });
  await closed.result();
  await save('feedback-case-closed', closed.workflowId);

  const escalated = await start();
  await env.sleep('30 hours'); // reminder
  await env.sleep('20 hours'); // department
  await env.sleep('50 hours'); // headquarters
  await until(escalated, (v) => v.escalationLevel === 2);
  await escalated.executeUpdate(verifyCaseUpdate, { args: [{ actorUserId: leader, note: 'Xác minh muộn sau khi Cục đôn đốc: phản ánh có cơ sở.' }] });
  await until(escalated, (v) => v.step === 'HANDLE');
  await answer(escalated, 'Đã xin lỗi doanh nghiệp và tập huấn lại quy trình.');
  await escalated.executeUpdate(businessResponseUpdate, { args: [{ actorUserId: fixture.user.id, accept: false, comment: 'Chưa thấy biện pháp khắc phục cụ thể.' }] });
  await until(escalated, (v) => v.step === 'HANDLE' && v.reconsiderations === 1);
  await answer(escalated, 'Cục đã kiểm tra lại và yêu cầu chi cục bố trí thêm công chức tiếp nhận.');
  await env.sleep('8 days'); // no response: the answer stands
  await escalated.result();
  await save('feedback-case-escalated', escalated.workflowId);
});

await env.teardown();
await prisma.$disconnect();
await database.drop();
