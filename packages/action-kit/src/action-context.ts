import { createOctokit, readRunnerContext, requireToken, type ActionIO, type Octokit, type RunnerContext } from '@eternia/core';
import type { ActionDeps } from './action-deps.js';

/** The log a role writes to: info and warning lines, nothing of @actions/core. */
export interface RoleLog {
  info(message: string): void;
  warning(message: string): void;
}

/** What every action starts from: the runner, the repository, the token and its octokit. */
export interface ActionContext {
  io: ActionIO;
  env: Record<string, string | undefined>;
  log: RoleLog;
  runner: RunnerContext;
  repo: { owner: string; repo: string };
  /** The `github-token` input (masked), else GITHUB_TOKEN. */
  token: string;
  octokit: Octokit;
}

export interface ActionContextOptions {
  githubToken?: string | undefined;
  /** The token permissions the error names when there is none. */
  tokenPermissions?: readonly string[];
}

/** Builds the action context from the runner's environment: one octokit, one token, masked before any call. */
export async function createActionContext(deps: ActionDeps, options: ActionContextOptions): Promise<ActionContext> {
  const { io, env } = deps;
  const token = requireToken(options.githubToken, 'github-token', options.tokenPermissions);
  io.setSecret(token);
  const runner = await readRunnerContext(env, deps.cwd);
  const octokit = createOctokit({ token, baseUrl: runner.apiUrl, fetch: deps.fetch });
  return {
    io,
    env,
    log: { info: (m) => io.info(m), warning: (m) => io.warning(m) },
    runner,
    repo: { owner: runner.owner, repo: runner.repo },
    token,
    octokit,
  };
}
