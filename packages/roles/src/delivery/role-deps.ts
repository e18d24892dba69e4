import type { Octokit, Policy } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import type { Git } from '@eternia/git';
import type { ModelClient } from '@eternia/llm';
import type { Sandbox } from '@eternia/tools';
import type { RunTestsFn } from './project-tests.js';

/** What write-tests and implement take as arguments: no @actions/core, nothing read from the environment. */
export interface DeliveryDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  /** baseSha: the PR base's head, where the branch's own commits start. */
  pull: { number: number; issue: number; branch: string; headSha: string; baseSha: string };
  policy: Policy;
  dossier: Dossier;
  /** Works on the checked-out PR branch in `workspace`. */
  git: Git;
  workspace: string;
  /** Built on first use, so a frozen PR needs no model key. */
  model: () => ModelClient;
  modelName: string;
  /** The library's prompts folder (overridden by `.github/agents/prompts/` of configRoot). */
  promptsDir: string;
  /**
   * A folder holding the default branch's `.github/agents/prompts/`; without it no override is read. Never the
   * workspace: the agent branch is written by the model.
   */
  configRoot?: string;
  /** This workflow run: proposals carry it, and publish takes only its own run's. */
  runId: number;
  /** The pushable remote of the checkout; 'origin' by default. */
  remote?: string;
  runTests?: RunTestsFn;
  /** Where repository and model-written code runs (tests, install); without it, as a plain child (tests only). */
  sandbox?: Sandbox;
  /** The repo atlas file (the `repo-atlas` input, outside the checkout); none: built in memory when small. */
  atlasFile?: string;
  /** The repository's install command (e.g. `npm ci`), run in the sandbox before the first attempt. */
  installCommand?: string;
  /** The environment test processes pick allowed variables from; process.env by default. */
  testEnv?: Record<string, string | undefined>;
  log?: { info(message: string): void; warning(message: string): void };
}

export const silentLog = { info: () => {}, warning: () => {} };
