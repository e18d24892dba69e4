/** The environment and expression scope a step sees, layered the way the runner layers them. */
import { delimiter } from 'node:path';
import type { ExpressionScope } from './expressions.js';
import type { JobState, StepFrame } from './run-context.js';

/** Host variables a hosted runner also has; the rest of this process's env (keys, tokens) stays out. */
const HOST_VARIABLES = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'USER', 'SHELL'];

export function envContext(frame: StepFrame, stepEnv: Record<string, string> = {}): Record<string, string> {
  return { ...frame.job.env, ...frame.env, ...stepEnv };
}

export function stepScope(
  frame: StepFrame,
  stepEnv: Record<string, string> = {},
): ExpressionScope & { status: { success(): boolean; failure(): boolean; cancelled(): boolean } } {
  const github = { ...(frame.job.contexts.github as Record<string, unknown>) };
  if (frame.actionPath) github.action_path = frame.actionPath;
  return {
    contexts: {
      ...frame.job.contexts,
      github,
      inputs: frame.inputs ?? frame.job.contexts.inputs,
      steps: frame.steps,
      env: envContext(frame, stepEnv),
    },
    status: {
      success: () => !frame.failed && !frame.job.run.cancelled,
      failure: () => frame.failed,
      cancelled: () => frame.job.run.cancelled,
    },
  };
}

/** GITHUB_* and RUNNER_* as the runner sets them; steps cannot override these. */
export function runnerVariables(job: JobState, actionName: string, actionPath?: string): Record<string, string> {
  const github = job.contexts.github as Record<string, unknown>;
  const text = (key: string): string => (github[key] === undefined || github[key] === null ? '' : String(github[key]));
  const vars: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: job.workspace,
    GITHUB_REPOSITORY: text('repository'),
    GITHUB_REPOSITORY_OWNER: text('repository_owner'),
    GITHUB_EVENT_NAME: text('event_name'),
    GITHUB_EVENT_PATH: job.run.eventPath,
    GITHUB_SHA: text('sha'),
    GITHUB_REF: text('ref'),
    GITHUB_REF_NAME: text('ref_name'),
    GITHUB_REF_TYPE: text('ref_type'),
    GITHUB_HEAD_REF: text('head_ref'),
    GITHUB_BASE_REF: text('base_ref'),
    GITHUB_RUN_ID: text('run_id'),
    GITHUB_RUN_NUMBER: text('run_number'),
    GITHUB_RUN_ATTEMPT: text('run_attempt'),
    GITHUB_ACTOR: text('actor'),
    GITHUB_TRIGGERING_ACTOR: text('triggering_actor'),
    GITHUB_SERVER_URL: text('server_url'),
    GITHUB_API_URL: text('api_url'),
    GITHUB_GRAPHQL_URL: text('graphql_url'),
    GITHUB_WORKFLOW: text('workflow'),
    GITHUB_WORKFLOW_REF: text('workflow_ref'),
    GITHUB_WORKFLOW_SHA: text('workflow_sha'),
    GITHUB_JOB: job.jobId,
    GITHUB_ACTION: actionName,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'testkit-runner',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: job.runnerTemp,
    RUNNER_TOOL_CACHE: `${job.runnerTemp}/tool-cache`,
  };
  if (actionPath) vars.GITHUB_ACTION_PATH = actionPath;
  return vars;
}

/** Host basics < test env < workflow/job env < GITHUB_ENV exports < composite env < step env < runner variables. */
export function processEnv(frame: StepFrame, stepEnv: Record<string, string>, actionName: string, actionPath?: string): Record<string, string> {
  const host: Record<string, string> = {};
  for (const name of HOST_VARIABLES) {
    const value = process.env[name];
    if (value !== undefined) host[name] = value;
  }
  const env = {
    ...host,
    ...(frame.job.run.opts.env ?? {}),
    ...envContext(frame, stepEnv),
    ...runnerVariables(frame.job, actionName, actionPath ?? frame.actionPath),
  };
  if (frame.job.path.length > 0) env.PATH = [...frame.job.path, env.PATH ?? ''].join(delimiter);
  return env;
}
