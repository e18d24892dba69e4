/**
 * The only way the delivery roles push: the freeze label is re-read from the API right before each
 * push, the push carries a lease on the commit our work was built on, and a branch that moved is
 * fetched and our commit rebased onto it once. Nothing is ever force-pushed over someone's commits.
 */
import { AgentError, type Octokit } from '@eternia/core';
import type { Git } from '@eternia/git';
import { checkFrozen, type FreezeTarget } from '@eternia/github';

export interface GuardedPushOptions {
  octokit: Octokit;
  /** The checkout without credentials: the rebase runs here. */
  git: Git;
  /** The same checkout with the push credentials: the push and the fetch of a moved branch only. */
  pushGit: Git;
  target: FreezeTarget;
  remote: string;
  branch: string;
  /** The remote branch's sha our commit was built on: the push may only replace that. */
  leaseSha: string;
  log?: (message: string) => void;
}

export type GuardedPushResult = { status: 'pushed'; sha: string; rebased: boolean; onto: string } | { status: 'frozen'; sha: null; rebased: boolean };

export async function guardedPush(opts: GuardedPushOptions): Promise<GuardedPushResult> {
  const { git, pushGit, remote, branch } = opts;
  const log = opts.log ?? (() => {});
  if (await checkFrozen(opts.octokit, opts.target)) return frozen(opts, false);
  const first = await pushGit.push({ remote, branch, expectedRemoteSha: opts.leaseSha });
  if (first === 'pushed') return { status: 'pushed', sha: await git.headSha(), rebased: false, onto: opts.leaseSha };

  log(`the branch ${branch} moved since ${opts.leaseSha.slice(0, 7)}; fetching it and rebasing our commit once`);
  await pushGit.fetch(remote, `refs/heads/${branch}`);
  const moved = await git.revParse('FETCH_HEAD');
  const rebase = await git.rebase(moved);
  if (rebase.status === 'conflict') {
    throw new AgentError(
      'github',
      `the branch ${branch} moved to ${moved.slice(0, 7)} while this job ran, and our commit conflicts with it` +
        `${rebase.files.length > 0 ? ` (in ${rebase.files.join(', ')})` : ''}; nothing was pushed. Re-run this step on the new head.`,
    );
  }
  if (await checkFrozen(opts.octokit, opts.target)) return frozen(opts, true);
  const second = await pushGit.push({ remote, branch, expectedRemoteSha: moved });
  if (second === 'pushed') return { status: 'pushed', sha: await git.headSha(), rebased: true, onto: moved };
  throw new AgentError(
    'github',
    `the push to ${branch} was rejected twice: the branch moved again after the rebase onto ${moved.slice(0, 7)}; nothing was pushed (never force-pushed). Re-run this step.`,
  );
}

function frozen(opts: GuardedPushOptions, rebased: boolean): GuardedPushResult {
  (opts.log ?? (() => {}))(`'${opts.target.freezeLabel}' is on PR #${opts.target.pr} or issue #${opts.target.issue}: nothing pushed`);
  return { status: 'frozen', sha: null, rebased };
}
