/** Public shapes of the job-graph runner: what a caller passes in and what a run reports. */
import type { ArtifactStore } from './artifact-store.js';

/** What the runner needs of an Actions results service (testkit's startResultsService). */
export interface ResultsServiceLike {
  /** The store artifacts live in; the run uses it for upload/download-artifact too. */
  readonly store: ArtifactStore;
  /** ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL, ACTIONS_RUNTIME_URL for one job run. */
  actionEnv(claims: { runId: number; job: string; repository: string }): Record<string, string>;
}

export interface RunWorkflowOptions {
  /** Path to a workflow yml: a caller workflow in a consumer repo, or a reusable one. */
  workflowFile: string;
  /** The repository that owns workflowFile (the caller's checkout). */
  repoRoot: string;
  /** This library's checkout: what `<libraryRepository>/...@ref` and `$/` (inside library workflows) resolve to. */
  libraryRoot: string;
  /** e.g. 'eternia/agents' */
  libraryRepository: string;
  event: { name: string; payload: object };
  /** owner/name of the caller repo */
  repository: string;
  /** GITHUB_API_URL (the GitHub emulator) */
  apiUrl: string;
  /** defaults to https://github.com */
  serverUrl?: string;
  /** Path or URL actions/checkout clones from (the emulator's bare repo of the caller). */
  gitRemote: string;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** workflow_dispatch / workflow_call inputs */
  inputs?: Record<string, unknown>;
  /** github.token / secrets.GITHUB_TOKEN */
  token: string;
  /** Artifact store shared across runs (emulates cross-run lookup); a temp dir when absent. */
  /** Where actions/cache keeps its entries, so that runs share them as GitHub's cache does; a folder of the run's own by default. */
  cacheDir?: string;
  artifactsDir?: string;
  /**
   * An Actions results service: node actions then get ACTIONS_RUNTIME_TOKEN / ACTIONS_RESULTS_URL /
   * ACTIONS_RUNTIME_URL, as on GitHub, so @actions/artifact works inside them, and the run keeps its
   * artifacts in the service's store (artifactsDir, when given, must be that store's directory).
   * Needs serverUrl https://github.com: @actions/artifact refuses GitHub Enterprise Server.
   */
  resultsService?: ResultsServiceLike;
  /** Extra env given to every step process. */
  env?: Record<string, string>;
  log?: (line: string) => void;
  /** github.ref; defaults to refs/heads/<default branch of gitRemote> (or the PR merge ref for pull_request events). */
  ref?: string;
  /** github.sha; defaults to the commit `ref` points at in gitRemote. */
  sha?: string;
  /** github.run_id; defaults to one more than the largest run id in artifactsDir. */
  runId?: number;
  /** github.actor; defaults to the event's sender login. */
  actor?: string;
  /** Where job workspaces are created; a temp dir removed after the run when absent. */
  workDir?: string;
  /** Keep job workspaces after the run (for debugging). */
  keepWorkDir?: boolean;
}

export type StepConclusion = 'success' | 'failure' | 'skipped' | 'cancelled';
export type JobConclusion = 'success' | 'failure' | 'skipped' | 'cancelled';

export interface StepResult {
  name: string;
  id?: string;
  uses?: string;
  run?: string;
  /** Result after continue-on-error is applied. */
  conclusion: StepConclusion;
  /** Result before continue-on-error is applied. */
  outcome: StepConclusion;
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  summary: string;
  /** Why the step failed, when the runner itself knows (bad expression, unknown action, timeout…). */
  error?: string;
  /** Steps of a composite action, in order. */
  steps?: StepResult[];
}

export interface JobResult {
  /** The job id, or "caller/callee" for jobs of a reusable workflow. */
  id: string;
  name?: string;
  matrix?: Record<string, unknown>;
  conclusion: JobConclusion;
  outputs: Record<string, string>;
  steps: StepResult[];
  /** Effective `permissions:` (the job's own, else the workflow's); undefined = the repository default. */
  permissions?: unknown;
  /** Evaluated `concurrency:`. */
  concurrency?: { group: string; cancelInProgress: boolean };
  /** For a job that calls a reusable workflow: the resolved `uses:`. */
  uses?: string;
  /** The file of the workflow this job is defined in. */
  workflowFile: string;
  /** Why the job failed when it was not a step (bad matrix, bad inputs, timeout…). */
  error?: string;
}

export interface WorkflowRun {
  /** false when the event does not match the workflow's `on:` (then nothing ran). */
  triggered: boolean;
  conclusion: 'success' | 'failure' | 'cancelled' | 'skipped';
  runId: number;
  jobs: JobResult[];
  /** Names of the artifacts uploaded by this run. */
  artifacts: string[];
  /** Workflow-level `outputs` when the file was run as a called (workflow_call) workflow. */
  outputs: Record<string, string>;
}
