// The workflow bundle's entry: every workflow type the worker runs.
export { AssessmentCycleWorkflow } from './assessment-cycle';
export { UnitReviewWorkflow } from './unit-review';
export { ExamSessionWorkflow } from './exam-session';
export { FeedbackCaseWorkflow } from './feedback-case';
export { FollowUpTaskWorkflow } from './follow-up-task';
