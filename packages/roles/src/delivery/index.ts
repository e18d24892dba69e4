export { guardedPush, type GuardedPushOptions, type GuardedPushResult } from './guarded-push.js';
export { commitSubject } from './commit-subject.js';
export {
  TESTS_FILE,
  IMPLEMENT_FILE,
  BEST_ATTEMPT_DIFF,
  BEST_ATTEMPT_OUTPUT,
  TestsEvidenceSchema,
  ImplementEvidenceSchema,
  TestOutcomeSchema,
  AttemptRecordSchema,
  type TestsEvidence,
  type ImplementEvidence,
  type TestOutcome,
  type AttemptRecord,
} from './evidence.js';
export { planQuery, readPlan, type DeliveryPlan } from './plan-file.js';
export {
  collectFileContext,
  renderFileContext,
  shownInPart,
  DEFAULT_MAX_FILE_CHARS,
  type ContextFile,
  type FileContext,
  type FileContextOptions,
} from './file-context.js';
export { patchPolicyFor, docsPatchPolicy, DOCS_BUILTIN_DENY, literalGlob, explainProtected, touchesProtected } from './patch-policy.js';
export { runProjectTests, renderFailures, describeRun, failingTests, toOutcome, type RunTestsFn } from './project-tests.js';
export { policyMessage, planMessage } from './prompt-parts.js';
export type { DeliveryDeps } from './role-deps.js';
export {
  PROPOSAL_FILES,
  TestsProposalSchema,
  ImplementProposalSchema,
  writeProposal,
  readProposal,
  type TestsProposal,
  type ImplementProposal,
  type ProposalKind,
} from './proposal.js';
export { readTestCommits, testCommitTrailers, trailerValue, RED_TEST_TRAILER, TESTS_RUN_TRAILER, type TestCommitFacts } from './test-commits.js';
export { TEST_CONFIG_GLOBS, testConfigEdits } from './test-config.js';
export { strayChanges, strayFeedback } from './stray-changes.js';
export { judgeGreen, type GreenVerdict } from './green-verdict.js';
export { installToolchain } from './install-toolchain.js';
export { loadRepoAtlas, MAX_FILES_TO_BUILD_ATLAS, type RepoAtlasSource } from './repo-atlas-file.js';
export { writtenPaths } from './written-paths.js';
export {
  runAttemptLoop,
  type AppliedAttempt,
  type AttemptLoopOptions,
  type AttemptLoopResult,
  type AttemptRefusal,
  type Verdict,
} from './attempt-loop.js';
export { renderAttempts } from './render-attempts.js';
