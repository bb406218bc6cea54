// Replays recorded histories of running-cycle shapes against today's workflow code. A workflow change that
// would break cycles already running fails here. Histories live in test/histories (see test/record-histories.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, inject } from 'vitest';
import { Worker, bundleWorkflowCode } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { projectRoot } from '../scripts/toolchain';

const dir = join(projectRoot, 'test', 'histories');
const histories = readdirSync(dir).filter((f) => f.endsWith('.json')).map((file) => ({
  file,
  history: historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8'))),
}));

describe('workflow replay', () => {
  it('has recorded histories to replay', () => {
    expect(histories.map((h) => h.file)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^assessment-cycle-completed/), expect.stringMatching(/^assessment-cycle-cancelled/)]),
    );
  });

  it.each(histories)('replays $file against the current workflow code', async ({ history }) => {
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history);
  });

  it('rejects those histories when the workflow changes incompatibly', async () => {
    const { code } = await bundleWorkflowCode({ workflowsPath: join(projectRoot, 'test', 'fixtures', 'changed-workflows.ts') });
    // The fixture changes the cycle workflow only; other workflows' histories have their own check (e.g. workflows/feedback-case.test.ts).
    for (const { history } of histories.filter((h) => h.file.startsWith('assessment-cycle-'))) {
      await expect(Worker.runReplayHistory({ workflowBundle: { code } }, history)).rejects.toThrow(DeterminismViolationError);
    }
  });
});
