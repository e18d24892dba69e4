/** Runs one job that has `steps:` (one matrix leg of it): fresh workspace, env, steps, then `outputs:`. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { evaluateStringMap, evaluateValue, interpolate } from './expressions.js';
import { jobContexts } from './job-context.js';
import { runPostSteps } from './post-steps.js';
import { runSteps } from './step-runner.js';
import { applyMasks } from './step-files.js';
import { isMapping } from './workflow-file.js';
import type { JobNeedsEntry } from './job-context.js';
import type { JobState, RunContext, StepFrame, WorkflowLevel } from './run-context.js';
import type { JobResult } from './types.js';
import type { JobDef } from './workflow-file.js';

let jobCounter = 0;

export function evaluateConcurrency(raw: unknown, scope: Parameters<typeof evaluateValue>[1], where: string): JobResult['concurrency'] {
  if (raw === undefined) return undefined;
  const value = evaluateValue(raw, scope);
  if (typeof value === 'string') return { group: value, cancelInProgress: false };
  if (isMapping(value) && typeof value.group === 'string')
    return { group: value.group, cancelInProgress: value['cancel-in-progress'] === true || value['cancel-in-progress'] === 'true' };
  throw new ConfigurationError('concurrency must be a group name or { group, cancel-in-progress }', where);
}

export interface StepsJobArgs {
  run: RunContext;
  level: WorkflowLevel;
  jobId: string;
  def: JobDef;
  needs: Record<string, JobNeedsEntry>;
  matrix?: Record<string, unknown>;
  strategy: Record<string, unknown>;
}

export async function runStepsJob({ run, level, jobId, def, needs, matrix, strategy }: StepsJobArgs): Promise<JobResult> {
  const id = `${level.idPrefix}${jobId}`;
  const where = `job '${jobId}' in ${level.doc.file}`;
  jobCounter += 1;
  const root = join(run.workDir, `${id.replace(/[^A-Za-z0-9_-]/g, '_')}-${jobCounter}`);
  const workspace = join(root, 'workspace');
  const runnerTemp = join(root, 'temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(runnerTemp, { recursive: true });
  const contexts = jobContexts(jobId, run, level, needs, matrix, strategy, runnerTemp);
  (contexts.github as Record<string, unknown>).workspace = workspace;
  const result: JobResult = {
    id,
    ...(matrix !== undefined && { matrix }),
    conclusion: 'success',
    outputs: {},
    steps: [],
    permissions: def.permissions ?? level.doc.permissions,
    workflowFile: level.doc.file,
  };
  try {
    const workflowEnv = evaluateStringMap(level.doc.env, { contexts: { ...contexts, env: {} } }, `env in ${level.doc.file}`);
    const jobEnv = { ...workflowEnv, ...evaluateStringMap(def.env, { contexts: { ...contexts, env: workflowEnv } }, `env of ${where}`) };
    const headerScope = { contexts: { ...contexts, env: jobEnv } };
    if (typeof def.name === 'string') result.name = interpolate(def.name, headerScope);
    const concurrency = evaluateConcurrency(def.concurrency, headerScope, where);
    if (concurrency) result.concurrency = concurrency;
    const timeoutMinutes = def['timeout-minutes'] === undefined ? 360 : Number(evaluateValue(def['timeout-minutes'], headerScope));
    if (Number.isNaN(timeoutMinutes)) throw new ConfigurationError('timeout-minutes must be a number', where);
    const defaults = { ...(level.doc.defaults?.run ?? {}), ...(def.defaults?.run ?? {}) };
    const job: JobState = {
      run,
      level,
      jobId,
      workspace,
      runnerTemp,
      env: jobEnv,
      path: [],
      masks: Object.values(level.secrets)
        .concat(run.opts.token)
        .filter((value) => value.length > 0),
      contexts,
      defaults: { shell: defaults.shell, workingDirectory: defaults['working-directory'] },
      deadline: Date.now() + timeoutMinutes * 60_000,
      posts: [],
    };
    const frame: StepFrame = { job, steps: {}, failed: false, env: {}, depth: 0 };
    // job.status follows the steps, for `if:` and outputs.
    Object.defineProperty(contexts.job, 'status', { get: () => (frame.failed ? 'failure' : 'success'), enumerable: true });
    try {
      result.steps = await runSteps(def.steps ?? [], frame, where);
    } finally {
      // Posts run after every step of the job, whatever became of them: they stop what their mains started.
      result.steps.push(...(await runPostSteps(frame)));
    }
    if (Date.now() >= job.deadline) {
      frame.failed = true;
      result.error = `The job has exceeded the maximum execution time of ${timeoutMinutes} minutes.`;
    }
    result.conclusion = frame.failed ? 'failure' : 'success';
    const outputs = evaluateStringMap(def.outputs, { contexts: { ...contexts, steps: frame.steps, env: job.env } }, `outputs of ${where}`);
    // Like GitHub, an output that would carry a masked value is not passed on.
    result.outputs = Object.fromEntries(Object.entries(outputs).filter(([, value]) => applyMasks(value, job.masks) === value));
  } catch (error) {
    result.conclusion = 'failure';
    result.error = (error as Error).message;
  }
  return result;
}
