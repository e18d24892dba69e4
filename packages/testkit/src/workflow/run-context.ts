/** State shared by the pieces of one workflow run: the run, the workflow file being executed, the job, the step frame. */
import type { runAction, startAction, StartedAction } from '../runner/index.js';
import type { ArtifactStore } from './artifact-store.js';
import type { CacheStore } from './cache-steps.js';
import type { RunWorkflowOptions } from './types.js';
import type { WorkflowDoc } from './workflow-file.js';

export type ActionRunner = typeof runAction;
/** Runs an action's pre and main; its post is finished at the end of the job. */
export type ActionStarter = typeof startAction;

export interface RunContext {
  opts: RunWorkflowOptions;
  runId: number;
  eventPath: string;
  /** Where job workspaces and runner temp dirs are made. */
  workDir: string;
  artifacts: ArtifactStore;
  /** What actions/cache saves and restores (the run's own folder unless runWorkflow's `cacheDir` is given). */
  caches: CacheStore;
  /** Artifact names uploaded by this run. */
  uploaded: string[];
  /** The `github` context (the caller's, also inside called workflows). */
  github: Record<string, unknown>;
  startAction: ActionStarter;
  /** HEAD of libraryRoot (job.workflow_sha inside library workflows); zeros when it is not a git checkout. */
  librarySha: string;
  log: (line: string) => void;
  cancelled: boolean;
}

/** One workflow file being executed: the top-level one, or a reusable one called by a job. */
export interface WorkflowLevel {
  doc: WorkflowDoc;
  /** Checkout of the repository that owns the file: job-level `./` and step-level `$/` resolve here. */
  root: string;
  /** owner/name of that repository (job.workflow_repository). */
  repository: string;
  /** job.workflow_ref's `@…` part and job.workflow_sha. */
  ref: string;
  sha: string;
  inputs: Record<string, unknown>;
  secrets: Record<string, string>;
  /** "" at the top, "caller/" inside a called workflow. */
  idPrefix: string;
}

export interface JobState {
  run: RunContext;
  level: WorkflowLevel;
  /** Job id as written (GITHUB_JOB). */
  jobId: string;
  workspace: string;
  runnerTemp: string;
  /** Workflow + job `env:` and everything steps exported through GITHUB_ENV. */
  env: Record<string, string>;
  /** Directories added through GITHUB_PATH, first = highest precedence. */
  path: string[];
  masks: string[];
  /** github, inputs, secrets, vars, needs, matrix, strategy, job, runner. */
  contexts: Record<string, unknown>;
  defaults: { shell?: string; workingDirectory?: string };
  /** ms epoch after which steps are cut (timeout-minutes). */
  deadline: number;
  /** Post phases of the job's node actions, in the order their mains ran; run at the end of the job, last first. */
  posts: PendingPost[];
  /** ACTIONS_* variables node actions get when the run has a results service; minted once per job. */
  actionsRuntime?: Record<string, string>;
}

export interface StepContextEntry {
  outputs: Record<string, string>;
  outcome: string;
  conclusion: string;
}

/** The steps of a job, or of a composite action inside it. */
export interface StepFrame {
  job: JobState;
  /** `inputs` inside a composite action; the job's otherwise. */
  inputs?: Record<string, unknown>;
  steps: Record<string, StepContextEntry>;
  failed: boolean;
  /** Env a composite action's calling step passes down to its steps. */
  env: Record<string, string>;
  /** Set inside a composite action (github.action_path, GITHUB_ACTION_PATH). */
  actionPath?: string;
  depth: number;
}

/** A node action's post phase, waiting for the end of the job. */
export interface PendingPost {
  /** "Post <step name>", as GitHub names it in the job log. */
  name: string;
  uses: string;
  /** `runs.post-if` of the action; GitHub's default is always(). */
  postIf: string;
  finish: StartedAction['finish'];
}
