/** Runs a list of steps (a job's or a composite action's) with `if:`, `continue-on-error`, timeouts and the steps context. */
import { evaluateCondition, evaluateStringMap, evaluateValue, isTruthy } from './expressions.js';
import { runActionStep } from './action-step.js';
import { downloadArtifact, uploadArtifact } from './artifact-steps.js';
import { cacheWithSave, restoreCache } from './cache-steps.js';
import { emulateCheckout } from './checkout.js';
import { stepScope } from './process-env.js';
import { runShellStep } from './shell-step.js';
import { uploadSarif } from './upload-sarif-step.js';
import { resolveStepUses } from './uses-resolver.js';
import type { UsesStepResult } from './action-step.js';
import type { StepFrame } from './run-context.js';
import type { StepResult } from './types.js';
import type { StepDef } from './workflow-file.js';

function stepName(def: StepDef): string {
  if (typeof def.name === 'string') return def.name;
  if (def.uses) return `Run ${def.uses}`;
  return `Run ${String(def.run).split('\n')[0]}`;
}

function stepTimeout(def: StepDef, frame: StepFrame, scope: ReturnType<typeof stepScope>): number {
  const remaining = frame.job.deadline - Date.now();
  const raw = def['timeout-minutes'] === undefined ? undefined : Number(evaluateValue(def['timeout-minutes'], scope));
  return Math.max(1, Math.min(remaining, raw === undefined || Number.isNaN(raw) ? Infinity : raw * 60_000));
}

async function executeStep(def: StepDef, frame: StepFrame, index: number): Promise<UsesStepResult> {
  const actionName = def.id ?? (def.run !== undefined ? `__run_${index + 1}` : `__${String(def.uses).replace(/[^A-Za-z0-9]/g, '_')}`);
  const stepEnv = evaluateStringMap(def.env, stepScope(frame), `env of step '${stepName(def)}'`);
  const scope = stepScope(frame, stepEnv);
  const timeoutMs = stepTimeout(def, frame, scope);
  if (def.run !== undefined) return runShellStep(def, frame, stepEnv, actionName, timeoutMs);
  const uses = String(def.uses);
  const target = resolveStepUses(uses, frame);
  const inputs = () => evaluateStringMap(def.with, scope, `with of uses: ${uses}`);
  const emulated = (outputs: Record<string, string>): UsesStepResult => ({ ok: true, outputs, stdout: '', stderr: '', summary: '' });
  switch (target.kind) {
    case 'unsupported':
      return { ok: false, outputs: {}, stdout: '', stderr: '', summary: '', error: target.reason };
    case 'checkout':
      return emulated(await emulateCheckout(frame, inputs()));
    case 'upload-artifact':
      return emulated(uploadArtifact(frame, inputs()));
    case 'download-artifact':
      return emulated(downloadArtifact(frame, inputs()));
    case 'upload-sarif':
      return emulated(await uploadSarif(frame, inputs()));
    case 'cache':
      return emulated(cacheWithSave(frame, inputs(), stepName(def), uses));
    case 'cache-restore':
      return emulated(restoreCache(frame, inputs()));
    case 'action':
      return runActionStep(target, def, frame, stepEnv, actionName, timeoutMs, runSteps);
  }
}

export async function runSteps(defs: StepDef[], frame: StepFrame, where: string): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const log = frame.job.run.log;
  const indent = '  '.repeat(frame.depth + 1);
  for (const [index, def] of defs.entries()) {
    const name = stepName(def);
    const base = {
      name,
      ...(def.id !== undefined && { id: def.id }),
      ...(def.uses !== undefined && { uses: def.uses }),
      ...(def.run !== undefined && { run: def.run }),
    };
    let result: UsesStepResult;
    let run: boolean;
    try {
      run = Date.now() < frame.job.deadline && evaluateCondition(def.if, stepScope(frame));
    } catch (error) {
      run = true;
      result = { ok: false, outputs: {}, stdout: '', stderr: '', summary: '', error: `if: ${(error as Error).message}` };
    }
    if (!run) {
      results.push({ ...base, conclusion: 'skipped', outcome: 'skipped', outputs: {}, stdout: '', stderr: '', summary: '' });
      if (def.id) frame.steps[def.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      log(`${indent}- ${name} (skipped)`);
      continue;
    }
    result ??= await executeStep(def, frame, index).catch((error: unknown) => ({
      ok: false,
      outputs: {},
      stdout: '',
      stderr: '',
      summary: '',
      error: (error as Error).message,
    }));
    if (Date.now() >= frame.job.deadline && result.ok === false) result.error ??= 'the job ran out of time (timeout-minutes)';
    const outcome = result.ok ? 'success' : 'failure';
    let continueOnError = false;
    try {
      continueOnError = def['continue-on-error'] !== undefined && isTruthy(evaluateValue(def['continue-on-error'], stepScope(frame)));
    } catch {
      continueOnError = false;
    }
    const conclusion = result.ok || continueOnError ? 'success' : 'failure';
    if (conclusion === 'failure') frame.failed = true;
    if (def.id) frame.steps[def.id] = { outputs: result.outputs, outcome, conclusion };
    results.push({
      ...base,
      conclusion,
      outcome,
      outputs: result.outputs,
      stdout: result.stdout,
      stderr: result.stderr,
      summary: result.summary,
      ...(result.error !== undefined && { error: result.error }),
      ...(result.steps !== undefined && { steps: result.steps }),
    });
    log(`${indent}${result.ok ? '✓' : conclusion === 'success' ? '!' : '✗'} ${name}${result.error ? ` — ${result.error}` : ''}`);
    if (!result.ok) log(`${indent}  in ${where}`);
  }
  return results;
}
