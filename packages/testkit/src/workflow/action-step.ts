/** A `uses:` step that points at an action directory: node actions through runAction, composite actions step by step. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigurationError } from '@eternia/core';
import { evaluateStringMap, interpolate } from './expressions.js';
import { processEnv, stepScope } from './process-env.js';
import { applyMasks } from './step-files.js';
import { jobKey } from './job-key.js';
import { isMapping } from './workflow-file.js';
import type { StepFrame } from './run-context.js';
import type { StepResult } from './types.js';
import type { Mapping, StepDef } from './workflow-file.js';
import type { UsesTarget } from './uses-resolver.js';

export interface UsesStepResult {
  ok: boolean;
  outputs: Record<string, string>;
  stdout: string;
  stderr: string;
  summary: string;
  error?: string;
  steps?: StepResult[];
}

export type StepsRunner = (steps: StepDef[], frame: StepFrame, where: string) => Promise<StepResult[]>;

const MAX_COMPOSITE_DEPTH = 10;

function readManifest(target: Extract<UsesTarget, { kind: 'action' }>, uses: string): { file: string; manifest: Mapping } {
  const file = ['action.yml', 'action.yaml'].map((name) => join(target.dir, name)).find((candidate) => existsSync(candidate));
  if (!file) {
    const hint = target.local ? ' Did you forget to run actions/checkout before running your local action?' : '';
    throw new ConfigurationError(`Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '${target.dir}'.${hint}`, `uses: ${uses}`);
  }
  let manifest: unknown;
  try {
    manifest = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigurationError(`invalid YAML: ${(error as Error).message}`, file, { cause: error });
  }
  if (!isMapping(manifest) || !isMapping(manifest.runs)) throw new ConfigurationError("missing 'runs'", file);
  return { file, manifest };
}

/** `with:` plus the declared defaults (evaluated here, where the workflow's contexts are known); names match case-insensitively. */
function actionInputs(manifest: Mapping, def: StepDef, frame: StepFrame, stepEnv: Record<string, string>, file: string): Record<string, string> {
  const scope = stepScope(frame, stepEnv);
  const given = evaluateStringMap(def.with, scope, `with of uses: ${def.uses}`);
  const declared = isMapping(manifest.inputs) ? manifest.inputs : {};
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const key = Object.keys(given).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key !== undefined) out[name] = given[key] as string;
    else if (isMapping(spec) && spec.default !== undefined) out[name] = interpolate(String(spec.default), scope);
  }
  const unexpected = Object.keys(given).filter((key) => !Object.keys(declared).some((name) => name.toLowerCase() === key.toLowerCase()));
  if (unexpected.length > 0) frame.job.run.log(`  warning: Unexpected input(s) '${unexpected.join("', '")}' for ${file}`);
  for (const key of unexpected) out[key] = given[key] as string;
  return out;
}

/** What the runner gives node actions to reach the results service (artifacts); nothing without one. */
function actionsRuntime(frame: StepFrame): Record<string, string> {
  const { job } = frame;
  const service = job.run.opts.resultsService;
  if (!service) return {};
  if (!job.actionsRuntime) {
    job.actionsRuntime = service.actionEnv({ runId: job.run.runId, job: jobKey(frame), repository: String(job.run.github.repository) });
    if (job.actionsRuntime.ACTIONS_RUNTIME_TOKEN) job.masks.push(job.actionsRuntime.ACTIONS_RUNTIME_TOKEN);
  }
  return job.actionsRuntime;
}

export async function runActionStep(
  target: Extract<UsesTarget, { kind: 'action' }>,
  def: StepDef,
  frame: StepFrame,
  stepEnv: Record<string, string>,
  actionName: string,
  timeoutMs: number,
  runSteps: StepsRunner,
): Promise<UsesStepResult> {
  const uses = String(def.uses);
  const { file, manifest } = readManifest(target, uses);
  const runs = manifest.runs as Mapping;
  const using = String(runs.using ?? '');
  const inputs = actionInputs(manifest, def, frame, stepEnv, file);
  const job = frame.job;

  if (/^node\d+$/.test(using)) {
    const opts = job.run.opts;
    const runtime = actionsRuntime(frame);
    const started = await job.run.startAction({
      actionDir: target.dir,
      inputs,
      env: { ...processEnv(frame, stepEnv, actionName, target.dir), ...runtime },
      event: opts.event,
      workspace: job.workspace,
      repository: opts.repository,
      apiUrl: opts.apiUrl,
      serverUrl: opts.serverUrl ?? 'https://github.com',
      token: opts.token,
      secrets: [...Object.values(job.level.secrets), ...(runtime.ACTIONS_RUNTIME_TOKEN ? [runtime.ACTIONS_RUNTIME_TOKEN] : [])],
      timeoutMs,
    });
    // GitHub runs the post at the end of the job, so later steps can still use what main started.
    const result = started.hasPost ? started.run : await started.finish();
    if (started.hasPost) {
      job.posts.push({
        name: `Post ${typeof def.name === 'string' ? def.name : `Run ${uses}`}`,
        uses,
        postIf: typeof runs['post-if'] === 'string' ? runs['post-if'] : 'always()',
        finish: started.finish,
      });
    }
    Object.assign(job.env, result.env);
    job.path.unshift(...result.path);
    job.masks.push(...result.masks);
    const ok = result.exitCode === 0;
    const failure = result.annotations.find((a) => a.level === 'error')?.message;
    return {
      ok,
      outputs: result.outputs,
      stdout: applyMasks(result.stdout, job.masks),
      stderr: applyMasks(result.stderr, job.masks),
      summary: applyMasks(result.summary, job.masks),
      error: ok
        ? undefined
        : result.timedOut
          ? `timed out after ${Math.round(timeoutMs / 1000)}s`
          : (failure ?? `node action exited with code ${result.exitCode}`),
    };
  }

  if (using === 'composite') {
    if (!Array.isArray(runs.steps)) throw new ConfigurationError("a composite action needs 'runs.steps' (a list)", file);
    if (frame.depth >= MAX_COMPOSITE_DEPTH) throw new ConfigurationError(`composite actions nested deeper than ${MAX_COMPOSITE_DEPTH}`, file);
    const child: StepFrame = {
      job,
      inputs,
      steps: {},
      failed: false,
      env: { ...frame.env, ...stepEnv },
      actionPath: target.dir,
      depth: frame.depth + 1,
    };
    const steps = await runSteps(runs.steps as StepDef[], child, file);
    const scope = stepScope(child);
    const outputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(isMapping(manifest.outputs) ? manifest.outputs : {})) {
      outputs[name] = isMapping(spec) && spec.value !== undefined ? interpolate(String(spec.value), scope) : '';
    }
    const failedStep = steps.find((step) => step.conclusion === 'failure');
    return {
      ok: !child.failed,
      outputs,
      stdout: steps.map((step) => step.stdout).join(''),
      stderr: steps.map((step) => step.stderr).join(''),
      summary: steps.map((step) => step.summary).join(''),
      error: child.failed ? `composite step '${failedStep?.name ?? '?'}' failed${failedStep?.error ? `: ${failedStep.error}` : ''}` : undefined,
      steps,
    };
  }
  throw new ConfigurationError(`runs.using '${using}' is not supported by the test bench (node20, node24, composite)`, file);
}
