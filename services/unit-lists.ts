// Departments' lists: the reviewer submits, headquarters approves or returns with comments. Every transition is
// an Update on the department's UnitReviewWorkflow, whose validator refuses an invalid one.
import {
  approveListUpdate,
  returnListUpdate,
  submitListUpdate,
  unitListQuery,
  unitReviewWorkflowId,
  type ListActionRequest,
  type UnitListView,
} from '../workflows/unit-review/contract';
import type { UpdateOutcome, WorkflowGateway } from './workflow-gateway';

export type ListAction = 'submit' | 'approve' | 'return';

const UPDATES = { submit: submitListUpdate, approve: approveListUpdate, return: returnListUpdate } as const;

/** The list's state after the action (by the workflow), or why the workflow refused it. */
export function actOnList(workflows: WorkflowGateway, action: ListAction, cycleId: string, unitId: string, request: ListActionRequest): Promise<UpdateOutcome<'unitReview', UnitListView>> {
  // No fixed update id: a refused attempt (flags pending) must not answer the next attempt at the same
  // revision. A retry of an attempt that succeeded is answered from the stored list before it gets here.
  return workflows.update(workflows.handle('unitReview', unitReviewWorkflowId(cycleId, unitId)), UPDATES[action], request);
}

/** The workflow's live view of the list; null once it is finished (or Temporal is unreachable): the stored list stands. */
export function liveList(workflows: WorkflowGateway, cycleId: string, unitId: string): Promise<UnitListView | null> {
  return workflows.query(workflows.handle('unitReview', unitReviewWorkflowId(cycleId, unitId)), unitListQuery);
}
