// The workflow bundle's entry: every workflow type the worker runs.
export { AssessmentCycleWorkflow } from './assessment-cycle/workflow';
export { UnitReviewWorkflow } from './unit-review/workflow';
export { ExamSessionWorkflow } from './exam-session/workflow';
export { FeedbackCaseWorkflow } from './feedback-case/workflow';
export { FollowUpTaskWorkflow } from './follow-up-task/workflow';
