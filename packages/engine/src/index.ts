export {
  pmModdleDescriptor,
  PM_NAMESPACE_URI,
  PM_PREFIX,
  type ModdlePackageDescriptor,
} from './moddle/descriptor';
export type * from './definition';
export { compileProcess, type CompileResult } from './compile/compile-process';
export type { Problem, ProblemCode } from './compile/problems';
export { summarizeProcess, type ProcessSummary, type UserTaskSummary } from './compile/summarize';
export { outlineProcess, type OutlineTask, type ProcessOutline } from './compile/outline';
export { parseOutcomes, DEFAULT_OUTCOME_LABELS } from './pm/outcomes';
export { parseOperations, isTaskOperation, TASK_OPERATIONS } from './pm/operations';
export { step } from './runtime/step';
export type { StepContext } from './runtime/run';
export type { Command, CommandType } from './runtime/commands';
export type { Effect, CreateTaskEffect, CancelReason } from './runtime/effects';
export type { StepResult, Rejection, RejectionCode } from './runtime/result';
export type * from './runtime/state';
export type { JsonValue } from './feel';
export { evaluateFeel, feelSyntaxError, type FeelResult } from './feel';
