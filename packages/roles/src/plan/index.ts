export {
  runPlan,
  readPlanFile,
  DEFAULT_PLAN_SETTINGS,
  PLAN_STICKY_KEY,
  PLANNER_PROMPT,
  type PlanDeps,
  type PlanResult,
  type PlanSettings,
} from './run-plan.js';
export {
  PlanSchema,
  PlanFileSchema,
  PlanStepSchema,
  AcceptanceCriterionSchema,
  FlaggedFileSchema,
  PLAN_FILE,
  PLAN_SCHEMA_NAME,
  AC_ID,
  type Plan,
  type PlanFile,
  type PlanStep,
  type AcceptanceCriterion,
  type FlaggedFile,
} from './plan-schema.js';
export { validatePlan, type ValidatedPlan } from './validate-plan.js';
export { planMessages, type PlanPromptInput, type PlanPromptLimits } from './plan-messages.js';
export { renderPlanComment, type PlanCommentMeta } from './render-plan.js';
export { readPlanIssue, IssueEditedAfterReadyError, type PlanIssue, type PlanIssueComment, type ReadPlanIssueOptions } from './issue-context.js';
export { gitTrackedFiles, type TrackedFiles } from './tracked-files.js';
export { readRepoAtlas, REPO_ATLAS_FILE, type RepoAtlasText } from './repo-atlas.js';
export { planPathCheck, normalisePlanPath, type PathCheck } from './path-policy.js';
