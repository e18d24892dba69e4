/** The end of a job: the post phases of its node actions, last started first, as GitHub runs them. */
import { evaluateCondition } from './expressions.js';
import { stepScope } from './process-env.js';
import { applyMasks } from './step-files.js';
import type { StepFrame } from './run-context.js';
import type { StepResult } from './types.js';

export async function runPostSteps(frame: StepFrame): Promise<StepResult[]> {
  const { job } = frame;
  const results: StepResult[] = [];
  for (const post of job.posts.splice(0).reverse()) {
    const base = { name: post.name, uses: post.uses, outputs: {} };
    let wanted: boolean;
    let error: string | undefined;
    try {
      wanted = evaluateCondition(post.postIf, stepScope(frame));
    } catch (thrown) {
      wanted = true;
      error = `post-if: ${(thrown as Error).message}`;
    }
    if (!wanted) {
      // A skipped post still owes the runner's files their clean-up.
      await post.finish({ runPost: false }).catch(() => undefined);
      results.push({ ...base, conclusion: 'skipped', outcome: 'skipped', stdout: '', stderr: '', summary: '' });
      job.run.log(`  - ${post.name} (skipped)`);
      continue;
    }
    let phase: { exitCode: number | null; stdout: string; stderr: string; summary: string } | undefined;
    try {
      const run = await post.finish();
      job.masks.push(...run.masks);
      phase = run.phases.find((p) => p.phase === 'post');
    } catch (thrown) {
      error ??= (thrown as Error).message;
    }
    const ok = error === undefined && phase?.exitCode === 0;
    if (!ok) {
      frame.failed = true;
      error ??= `post of the action exited with code ${phase?.exitCode}`;
    }
    results.push({
      ...base,
      conclusion: ok ? 'success' : 'failure',
      outcome: ok ? 'success' : 'failure',
      stdout: applyMasks(phase?.stdout ?? '', job.masks),
      stderr: applyMasks(phase?.stderr ?? '', job.masks),
      summary: applyMasks(phase?.summary ?? '', job.masks),
      ...(error !== undefined && { error }),
    });
    job.run.log(`  ${ok ? '✓' : '✗'} ${post.name}${error ? ` — ${error}` : ''}`);
  }
  return results;
}
