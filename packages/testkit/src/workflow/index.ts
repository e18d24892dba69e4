/** The job-graph runner: executes GitHub workflow files as written, for the end-to-end tests and the demo. */
export { runWorkflow } from './run-workflow.js';
export type { RunWorkflowOptions, ResultsServiceLike, WorkflowRun, JobResult, StepResult, JobConclusion, StepConclusion } from './types.js';
export type { ActionRunner, ActionStarter } from './run-context.js';
export { ArtifactStore, type StoredArtifact, type ArtifactMeta, type ArtifactStoreOptions } from './artifact-store.js';
export {
  evaluateExpression,
  evaluateCondition,
  evaluateValue,
  interpolate,
  isTruthy,
  toExpressionString,
  splitTemplate,
  type ExpressionScope,
  type StatusProvider,
} from './expressions.js';
export { expandMatrix } from './matrix.js';
export { matchTrigger, resolveInputs } from './triggers.js';
export { loadWorkflow, type WorkflowDoc } from './workflow-file.js';
