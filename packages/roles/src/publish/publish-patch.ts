/**
 * The one way publish writes a proposed patch, for every kind (tests, implement, security fix, docs): apply it where
 * it was made, check it wrote exactly the files it names and that the tree changed in those alone, then commit as
 * the bot and push through the guarded push (which re-reads the freeze labels and rebases once if the branch moved).
 */
import { AgentError, PatchRefusedError, type Octokit, type Policy } from '@eternia/core';
import { commitAsBot, type Git } from '@eternia/git';
import type { FreezeTarget } from '@eternia/github';
import { applyPatch, formatRefusals, type PatchPolicy } from '@eternia/patch';
import { guardedPush, testConfigEdits, writtenPaths, type GuardedPushResult } from '../delivery/index.js';

export interface PatchWriterDeps {
  octokit: Octokit;
  pull: { branch: string };
  policy: Policy;
  workspace: string;
  git: Git;
  pushGit: Git;
  remote?: string;
  log: { info(message: string): void };
}

export interface ProposedPatch {
  /** The commit the patch was made and tested on. */
  baseSha: string;
  patch: string;
  files: readonly string[];
}

/**
 * Applies the patch to the checkout at its base commit and returns the paths it wrote; throws, writing nothing, when
 * the default branch's policy refuses it, when it writes other files than it names, when (`checkTestConfig`) it
 * changes how the tests run, or when the tree changed anywhere else. `policy` is read after the checkout moved to
 * the base, so it can depend on that commit's history.
 */
export async function applyProposedPatch(
  deps: PatchWriterDeps,
  proposed: ProposedPatch,
  opts: { where: string; policy: () => Promise<PatchPolicy>; checkTestConfig: boolean },
): Promise<string[]> {
  const { git, workspace, pull } = deps;
  const { where } = opts;
  const head = await git.headSha();
  if (head !== proposed.baseSha) {
    // Only a commit of this branch: rebasing from anywhere else would carry foreign commits along.
    if (!(await git.isAncestorOfHead(proposed.baseSha))) {
      throw new AgentError(
        'patch-refused',
        `${where} was made on ${proposed.baseSha.slice(0, 12)}, which is not a commit of ${pull.branch}; nothing was pushed`,
      );
    }
    deps.log.info(
      `${pull.branch} moved from ${proposed.baseSha.slice(0, 7)} to ${head.slice(0, 7)} since the proposal; applying it where it was tested, then rebasing once`,
    );
    await git.discardChanges(proposed.baseSha);
  }

  const report = await applyPatch({ cwd: workspace, patch: proposed.patch, policy: await opts.policy() });
  if (!report.ok) throw new PatchRefusedError(`${where} does not pass the default branch's policy; nothing was pushed.\n${formatRefusals(report)}`);
  const written = writtenPaths(report.files);
  const named = [...new Set(proposed.files)].sort();
  if (written.join('\0') !== named.join('\0')) {
    throw new AgentError(
      'patch-refused',
      `${where} names the files ${named.join(', ')} but its patch writes ${written.join(', ')}; nothing was pushed`,
    );
  }
  if (opts.checkTestConfig) {
    const edits = await testConfigEdits(git, workspace, proposed.baseSha, written);
    if (edits.length > 0) throw new AgentError('patch-refused', `${where} changes how the tests run (${edits.join('; ')}); nothing was pushed`);
  }
  const changed = [...new Set((await git.status()).flatMap((e) => [e.path, ...(e.origPath ? [e.origPath] : [])]))].sort();
  if (changed.join('\0') !== written.join('\0')) {
    throw new AgentError(
      'internal',
      `after applying ${where} the tree changed in ${changed.join(', ')}, not exactly in ${written.join(', ')}; nothing was pushed`,
    );
  }
  return written;
}

/** Commits exactly `files` as the bot and pushes with the proposal's base as the lease. */
export async function commitAndPush(
  deps: PatchWriterDeps,
  target: FreezeTarget,
  commit: { subject: string; body: string; files: string[]; leaseSha: string },
): Promise<GuardedPushResult> {
  await commitAsBot(deps.git, { subject: commit.subject, body: commit.body, botLogin: deps.policy['bot-login'], files: commit.files });
  return guardedPush({
    octokit: deps.octokit,
    git: deps.git,
    pushGit: deps.pushGit,
    target,
    remote: deps.remote ?? 'origin',
    branch: deps.pull.branch,
    leaseSha: commit.leaseSha,
    log: (m) => deps.log.info(m),
  });
}
