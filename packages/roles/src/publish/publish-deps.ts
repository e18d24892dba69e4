import type { Octokit, Policy } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import type { Git } from '@eternia/git';
import type { ProposalKind } from '../delivery/proposal.js';

/** What publish takes: a fresh checkout of the PR branch, git that runs nothing of the repository, the default branch's policy. */
export interface PublishDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  pull: { number: number; issue: number; branch: string; headSha: string; baseSha: string };
  /** The default branch's policy, never the agent branch's. */
  policy: Policy;
  dossier: Dossier;
  kind: ProposalKind;
  /** This workflow run: only its own proposals are published. */
  runId: number;
  workspace: string;
  /** Local git work (apply, status, commit): hooks off, fixed PATH, no credentials. */
  git: Git;
  /** The same, plus the credentials: used for the push (and the fetch of a moved branch) only. */
  pushGit: Git;
  remote?: string;
  log?: { info(message: string): void; warning(message: string): void };
}
