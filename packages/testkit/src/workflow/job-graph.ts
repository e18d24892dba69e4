/**
 * Runs a workflow's jobs in `needs` order, one at a time (the CI machine has 2 cores): job `if:` with
 * status functions over ancestors, matrices (fail-fast), needs outputs, and jobs that call reusable workflows.
 */
import { ConfigurationError } from '@eternia/core';
import { evaluateCondition, evaluateValue, isTruthy } from './expressions.js';
import { jobHeaderContexts } from './job-context.js';
import { ancestorsOf, needsOf, orderJobs } from './job-order.js';
import { runStepsJob } from './job-runner.js';
import { expandMatrix } from './matrix.js';
import { isMapping } from './workflow-file.js';
import type { JobNeedsEntry } from './job-context.js';
import type { RunContext, WorkflowLevel } from './run-context.js';
import type { JobConclusion, JobResult } from './types.js';
import type { JobDef } from './workflow-file.js';

export interface GraphResult {
  jobs: JobResult[];
  /** Per job id as written: the `needs.<id>` / `jobs.<id>` entry. */
  results: Record<string, JobNeedsEntry>;
  failed: boolean;
}

export interface CallArgs {
  run: RunContext;
  level: WorkflowLevel;
  jobId: string;
  def: JobDef;
  needs: Record<string, JobNeedsEntry>;
  matrix?: Record<string, unknown>;
  strategy: Record<string, unknown>;
}

/** Runs a job whose `uses:` is a reusable workflow; returns the caller's job and the called jobs. */
export type WorkflowCaller = (args: CallArgs) => Promise<JobResult[]>;

function combine(legs: JobResult[]): JobNeedsEntry {
  const conclusions = legs.map((leg) => leg.conclusion);
  const result: JobConclusion = conclusions.includes('failure')
    ? 'failure'
    : conclusions.includes('cancelled')
      ? 'cancelled'
      : conclusions.every((c) => c === 'skipped')
        ? 'skipped'
        : 'success';
  // Matrix legs write the same outputs; GitHub keeps the last one to finish.
  return { result, outputs: Object.assign({}, ...legs.map((leg) => leg.outputs)) as Record<string, string> };
}

export async function runJobGraph(level: WorkflowLevel, run: RunContext, callWorkflow: WorkflowCaller): Promise<GraphResult> {
  const jobs = level.doc.jobs;
  const order = orderJobs(jobs, level.doc.file);
  const all: JobResult[] = [];
  const results: Record<string, JobNeedsEntry> = {};
  let failed = false;
  for (const jobId of order) {
    const def = jobs[jobId] as JobDef;
    const id = `${level.idPrefix}${jobId}`;
    const where = `job '${jobId}' in ${level.doc.file}`;
    const needs = Object.fromEntries(needsOf(def).map((need) => [need, results[need] as JobNeedsEntry]));
    const ancestors = ancestorsOf(jobId, jobs).map((ancestor) => results[ancestor]?.result);
    const header = { contexts: jobHeaderContexts(run, level, needs) };
    const status = {
      success: () => !run.cancelled && ancestors.every((result) => result === 'success'),
      failure: () => ancestors.includes('failure'),
      cancelled: () => run.cancelled,
    };
    const base: JobResult = {
      id,
      conclusion: 'skipped',
      outputs: {},
      steps: [],
      permissions: def.permissions ?? level.doc.permissions,
      workflowFile: level.doc.file,
      ...(def.uses && { uses: def.uses }),
    };
    let legs: JobResult[] = [];
    try {
      if (!evaluateCondition(def.if, { ...header, status })) {
        run.log(`${id}: skipped`);
        all.push(base);
        results[jobId] = { result: 'skipped', outputs: {} };
        continue;
      }
      const strategyDef = isMapping(def.strategy) ? def.strategy : {};
      const combinations = strategyDef.matrix === undefined ? [undefined] : expandMatrix(evaluateValue(strategyDef.matrix, header), where);
      const failFast = strategyDef['fail-fast'] === undefined ? true : isTruthy(evaluateValue(strategyDef['fail-fast'], header));
      for (const [index, matrix] of combinations.entries()) {
        const strategy = { 'fail-fast': failFast, 'job-index': index, 'job-total': combinations.length, 'max-parallel': combinations.length };
        if (failFast && legs.some((leg) => leg.conclusion === 'failure')) {
          legs.push({ ...base, conclusion: 'cancelled', ...(matrix && { matrix }) });
          continue;
        }
        run.log(`${id}${matrix ? ` ${JSON.stringify(matrix)}` : ''}: started`);
        const args = { run, level, jobId, def, needs, matrix, strategy };
        const produced = def.uses ? await callWorkflow(args) : [await runStepsJob(args)];
        const leg = produced[0] as JobResult;
        all.push(...produced.slice(1));
        legs.push(leg);
        run.log(`${id}: ${leg.conclusion}${leg.error ? ` — ${leg.error}` : ''}`);
      }
    } catch (error) {
      const message = error instanceof ConfigurationError ? error.message : `${where}: ${(error as Error).message}`;
      run.log(`${id}: failure — ${message}`);
      legs = [{ ...base, conclusion: 'failure', error: message }];
    }
    all.push(...legs);
    const combined = combine(legs);
    results[jobId] = combined;
    const continueOnError = def['continue-on-error'] !== undefined && isTruthy(evaluateValue(def['continue-on-error'], header));
    if (combined.result === 'failure' && !continueOnError) failed = true;
  }
  return { jobs: all, results, failed };
}
