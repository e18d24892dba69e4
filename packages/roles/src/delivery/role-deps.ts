import type { Octokit, Policy } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import type { Git } from '@eternia/git';
import type { ModelClient } from '@eternia/llm';
import type { RunTestsFn } from './project-tests.js';
import type { WorkspaceGit } from './workspace-git.js';

/** What write-tests and implement take as arguments: no @actions/core, nothing read from the environment. */
export interface DeliveryDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  pull: { number: number; issue: number; branch: string; headSha: string };
  policy: Policy;
  dossier: Dossier;
  /** Both work on the checked-out PR branch in `workspace`. */
  git: Git;
  workspaceGit: WorkspaceGit;
  workspace: string;
  /** Built on first use, so a frozen PR needs no model key. */
  model: () => ModelClient;
  modelName: string;
  /** The library's prompts folder (the repository's .github/agents/prompts/ overrides it). */
  promptsDir: string;
  /** The pushable remote of the checkout; 'origin' by default. */
  remote?: string;
  runTests?: RunTestsFn;
  /** The environment test processes pick allowed variables from; process.env by default. */
  testEnv?: Record<string, string | undefined>;
  log?: { info(message: string): void; warning(message: string): void };
}

export const silentLog = { info: () => {}, warning: () => {} };
