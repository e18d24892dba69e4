export {
  startGitHubEmulator,
  EMULATED_OPERATIONS,
  type GitHubEmulator,
  type GitHubEmulatorOptions,
  type CreateRepoOptions,
  type RecordedRequest,
  type Violation,
} from './emulator.js';
export type { FaultRule, Faults } from './faults.js';
export type { WorkflowRunSeed } from './routes/actions.js';
export type { ApiResponse as GitHubEmulatorResponse } from './api-types.js';
export * as githubEmulatorState from './state.js';
export { openApiFilePath } from './openapi-spec.js';
export type { PushEvent, PushHandler } from './push-hook.js';
export type { SimulateCiOptions, CiConclusion } from './ci-simulator.js';
