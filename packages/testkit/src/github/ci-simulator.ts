import picomatch from 'picomatch';
import type { EmulatorContext } from './api-types.js';
import { ZERO_SHA } from './git-repo.js';
import type { PushEvent, PushHub } from './push-hook.js';
import { suiteFor } from './routes/checks.js';
import { recordWorkflowRun } from './routes/actions.js';
import { type CheckRunRecord, type RepoRecord, timestamp } from './state.js';

export type CiConclusion = 'success' | 'failure';

export interface SimulateCiOptions {
  owner: string;
  repo: string;
  /** Check run (and job) name; 'test' by default. */
  name?: string;
  /** Branch glob (picomatch); every branch by default. */
  branches?: string;
  /** The run's conclusion for a push; 'success' by default. */
  conclude?: (push: PushEvent) => CiConclusion | Promise<CiConclusion>;
  /** The job's log for a push; a short GitHub-like log by default. */
  log?: (push: PushEvent) => string;
  /** Time between the check run starting and completing; 0 (the default) completes it before the push returns. */
  delayMs?: number;
}

export interface CiSimulatorDeps {
  ctx: EmulatorContext;
  hub: PushHub;
  /** Called when conclude/log throw: the emulator records it as a violation. */
  report(push: PushEvent, error: unknown): void;
  /** Pending completions, cancelled when the emulator closes. */
  timers: Set<NodeJS.Timeout>;
}

function defaultLog(name: string, push: PushEvent, conclusion: CiConclusion): string {
  const t = new Date().toISOString().replace('Z', '0000Z');
  return [
    `${t} ##[group]Run ${name}`,
    `${t} ${name} on ${push.ref.replace(/^refs\/heads\//, '')} at ${push.after}`,
    `${t} ##[endgroup]`,
    conclusion === 'success' ? `${t} ${name} passed` : `${t} ##[error]Process completed with exit code 1.`,
    '',
  ].join('\n');
}

function checkOptions(opts: SimulateCiOptions): void {
  if (!opts || typeof opts !== 'object') throw new Error('simulateCi: options must be an object');
  if (opts.name !== undefined && (typeof opts.name !== 'string' || !opts.name.trim())) throw new Error('simulateCi: name must be a non-empty string');
  if (opts.branches !== undefined && (typeof opts.branches !== 'string' || !opts.branches))
    throw new Error('simulateCi: branches must be a non-empty glob string');
  if (opts.conclude !== undefined && typeof opts.conclude !== 'function') throw new Error('simulateCi: conclude must be a function');
  if (opts.log !== undefined && typeof opts.log !== 'function') throw new Error('simulateCi: log must be a function');
  if (opts.delayMs !== undefined && !(Number.isFinite(opts.delayMs) && opts.delayMs >= 0))
    throw new Error(`simulateCi: delayMs must be a number >= 0, got ${String(opts.delayMs)}`);
}

/**
 * Plays a GitHub Actions workflow on push: a workflow run with one job, and the job's check run
 * (same id, as on GitHub) in_progress, then completed with the chosen conclusion and a log.
 */
export function simulateCi(deps: CiSimulatorDeps, repo: RepoRecord, opts: SimulateCiOptions): () => void {
  checkOptions(opts);
  const { ctx } = deps;
  const name = opts.name ?? 'test';
  const matches = opts.branches ? picomatch(opts.branches, { dot: true }) : () => true;
  const delayMs = opts.delayMs ?? 0;

  return deps.hub.on(async (push) => {
    if (push.owner.toLowerCase() !== repo.owner.login.toLowerCase() || push.repo.toLowerCase() !== repo.name.toLowerCase()) return;
    if (!push.ref.startsWith('refs/heads/') || push.after === ZERO_SHA) return;
    const branch = push.ref.slice('refs/heads/'.length);
    if (!matches(branch)) return;

    const actor = push.pusher ? ctx.state.user(push.pusher) : repo.owner;
    const run = await recordWorkflowRun(ctx, repo, {
      workflow: 'ci.yml',
      headBranch: branch,
      headSha: push.after,
      event: 'push',
      status: 'in_progress',
      actor,
      jobs: [{ name, status: 'in_progress', steps: [{ name }] }],
    });
    const job = repo.jobs.find((j) => j.runId === run.id)!;
    const suite = suiteFor(ctx, repo, push.after, 'github-actions', branch);
    const check: CheckRunRecord = {
      id: job.id,
      suiteId: suite.id,
      headSha: push.after,
      name,
      status: 'in_progress',
      conclusion: null,
      startedAt: timestamp(),
      completedAt: null,
      detailsUrl: `${ctx.html}/${repo.fullName}/actions/runs/${run.id}/job/${job.id}`,
      externalId: null,
      output: { title: null, summary: null, text: null, annotations: [] },
      appSlug: 'github-actions',
    };
    repo.checkRuns.push(check);
    suite.updatedAt = timestamp();

    const finish = async () => {
      let conclusion: CiConclusion = 'success';
      let log: string;
      try {
        conclusion = (await opts.conclude?.(push)) ?? 'success';
        if (conclusion !== 'success' && conclusion !== 'failure')
          throw new Error(`simulateCi: conclude returned ${JSON.stringify(conclusion)}, expected 'success' or 'failure'`);
        log = opts.log ? opts.log(push) : defaultLog(name, push, conclusion);
        if (typeof log !== 'string') throw new Error('simulateCi: log must return a string');
      } catch (e) {
        deps.report(push, e);
        conclusion = 'failure';
        log = `simulated CI failed: ${e instanceof Error ? e.message : String(e)}\n`;
      }
      const now = timestamp();
      Object.assign(check, { status: 'completed', conclusion, completedAt: now });
      Object.assign(job, { status: 'completed', conclusion, completedAt: now, log });
      for (const s of job.steps) Object.assign(s, { status: 'completed', conclusion });
      Object.assign(run, { status: 'completed', conclusion, updatedAt: now });
      suite.updatedAt = now;
    };
    if (delayMs === 0) return finish();
    const timer = setTimeout(() => {
      deps.timers.delete(timer);
      void finish();
    }, delayMs);
    deps.timers.add(timer);
  });
}
