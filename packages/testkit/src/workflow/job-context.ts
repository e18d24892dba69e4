/** The contexts a job starts with (github, inputs, secrets, vars, needs, matrix, strategy, job, runner). */
import type { RunContext, WorkflowLevel } from './run-context.js';

export interface JobNeedsEntry {
  result: string;
  outputs: Record<string, string>;
}

/** `job.workflow_*`: the running workflow FILE's own repository and commit (the library's inside a called library workflow). */
export function workflowIdentity(level: WorkflowLevel): Record<string, string> {
  const path = level.doc.file.startsWith(level.root) ? level.doc.file.slice(level.root.length).replace(/^[\\/]/, '') : level.doc.file;
  return {
    workflow_repository: level.repository,
    workflow_sha: level.sha,
    workflow_ref: `${level.repository}/${path}@${level.ref}`,
    workflow_file_path: path,
  };
}

export function jobContexts(
  jobId: string,
  run: RunContext,
  level: WorkflowLevel,
  needs: Record<string, JobNeedsEntry>,
  matrix: Record<string, unknown> | undefined,
  strategy: Record<string, unknown>,
  runnerTemp: string,
): Record<string, unknown> {
  return {
    github: { ...run.github, job: jobId },
    inputs: level.inputs,
    secrets: { ...level.secrets, GITHUB_TOKEN: run.opts.token },
    vars: run.opts.vars ?? {},
    needs,
    matrix: matrix ?? {},
    strategy,
    job: { status: 'success', container: {}, services: {}, ...workflowIdentity(level) },
    runner: {
      os: 'Linux',
      arch: 'X64',
      name: 'testkit-runner',
      environment: 'github-hosted',
      temp: runnerTemp,
      tool_cache: `${runnerTemp}/tool-cache`,
      debug: '',
    },
  };
}

/** What a job's own `if:`, `strategy` and `concurrency` may see (no steps, env, matrix yet). */
export function jobHeaderContexts(run: RunContext, level: WorkflowLevel, needs: Record<string, JobNeedsEntry>): Record<string, unknown> {
  return { github: run.github, inputs: level.inputs, vars: run.opts.vars ?? {}, needs };
}
