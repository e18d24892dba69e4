/** The test bench of the plan tests: the GitHub and OpenAI emulators, a sample repository, its checkout, an agent PR. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readAgentPull, type AgentPull } from '@eternia/action-kit';
import { createOctokit, type Octokit } from '@eternia/core';
import { startGitHubEmulator, startOpenAIEmulator, type GitHubEmulator, type OpenAIEmulator } from '@eternia/testkit';

const run = promisify(execFile);

export const OWNER = 'acme';
export const REPO = 'widgets';
export const repo = { owner: OWNER, repo: REPO };
export const BOT = 'github-actions[bot]';
export const BOT_TOKEN = 'ghs_plan_bot_token_0123456789';
export const PROMPTS_DIR = fileURLToPath(new URL('../../../prompts/', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const SAMPLE_FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'widgets', type: 'module', scripts: { test: 'node --test' } }, null, 2),
  'README.md': '# widgets\n',
  'src/greet.js': 'export function greet(name) {\n  return `Hello, ${name}`;\n}\n',
  'test/greet.test.js':
    "import { test } from 'node:test';\nimport assert from 'node:assert';\nimport { greet } from '../src/greet.js';\ntest('greets', () => assert.equal(greet('Ada'), 'Hello, Ada'));\n",
  '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
};

export interface PlanBench {
  gh: GitHubEmulator;
  /** Moves the emulator's clock on (it stands still otherwise), so tests order edits and labels without sleeping. */
  tick(seconds?: number): void;
  ai: OpenAIEmulator;
  /** The bot's client (an installation token: GET /user answers 403). */
  octokit: Octokit;
  /** A clone of the emulator's repository, as actions/checkout leaves it. */
  workspace: string;
  tempDir: string;
  close(): Promise<void>;
}

export async function startPlanBench(): Promise<PlanBench> {
  let now = Date.parse('2026-03-01T10:00:00Z');
  const gh = await startGitHubEmulator({ clock: () => new Date(now) });
  const ai = await startOpenAIEmulator();
  gh.addToken(BOT_TOKEN, BOT, { type: 'Bot' });
  gh.addToken('ghp_alice_token', 'alice');
  await gh.createRepo({ owner: OWNER, name: REPO, files: SAMPLE_FILES });
  await gh.createLabel({ ...repo, name: 'needs-human-review' });
  const tempDir = await mkdtemp(join(tmpdir(), 'plan-test-'));
  const workspace = join(tempDir, 'workspace');
  await run('git', ['clone', '--quiet', gh.bareRepoPath(OWNER, REPO), workspace]);
  const octokit = createOctokit({ token: BOT_TOKEN, baseUrl: gh.url, fetch: globalThis.fetch, retries: 0 });
  return {
    gh,
    tick: (seconds = 1) => {
      now += seconds * 1000;
    },
    ai,
    octokit,
    workspace,
    tempDir,
    async close() {
      await Promise.all([gh.close(), ai.close()]);
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

let branchCount = 0;

/**
 * An issue and its agent PR, as the supervisor opens them (hidden issue marker in the PR body). The issue is
 * written and commented on first; a second later alice adds `agent:ready` (when `labels` has it), and the
 * clock moves on a second more.
 */
export async function openAgentPull(
  bench: PlanBench,
  issue: { title: string; body?: string; labels?: string[]; comments?: Array<{ body: string; user: string }> },
): Promise<{ issue: number; pull: AgentPull }> {
  const { gh } = bench;
  const labels = issue.labels ?? ['agent:ready'];
  const later = labels.filter((l) => l === 'agent:ready');
  const created = (await gh.createIssue({
    ...repo,
    title: issue.title,
    body: issue.body ?? '',
    labels: labels.filter((l) => l !== 'agent:ready'),
    user: 'alice',
  })) as { number: number };
  for (const comment of issue.comments ?? []) await gh.createComment({ ...repo, issueNumber: created.number, ...comment });
  bench.tick();
  if (later.length > 0)
    await gh.invoke('issues/add-labels', {
      params: { owner: OWNER, repo: REPO, issue_number: created.number },
      body: { labels: later },
      user: 'alice',
    });
  bench.tick();
  const main = (await gh.invoke('repos/get-branch', { params: { owner: OWNER, repo: REPO, branch: 'main' } })).body as { commit: { sha: string } };
  const branch = `agent/${created.number}-plan-${++branchCount}`;
  // The supervisor opens the PR with an empty commit on a fresh branch.
  const base = (await gh.invoke('git/get-commit', { params: { owner: OWNER, repo: REPO, commit_sha: main.commit.sha } })).body as {
    tree: { sha: string };
  };
  const commit = (
    await gh.invoke('git/create-commit', {
      params: { owner: OWNER, repo: REPO },
      body: { message: `chore: start work on #${created.number}`, tree: base.tree.sha, parents: [main.commit.sha] },
    })
  ).body as { sha: string };
  await gh.invoke('git/create-ref', { params: { owner: OWNER, repo: REPO }, body: { ref: `refs/heads/${branch}`, sha: commit.sha } });
  const pr = (await gh.createPullRequest({
    ...repo,
    title: `[agent] ${issue.title}`,
    head: branch,
    body: `<!-- eternia-agents:issue:${created.number} -->\nCloses #${created.number}`,
    draft: true,
  })) as { number: number };
  return { issue: created.number, pull: await readAgentPull(bench.octokit, repo, pr.number) };
}

/** A plan answer that satisfies the schema; `tag` makes it recognisable. */
export function planAnswer(tag: string, overrides: Record<string, unknown> = {}) {
  return {
    summary: `Make greet() polite (${tag}).`,
    steps: [
      { title: 'Add a failing test for the polite greeting', detail: 'Extend `test/greet.test.js`.', files: ['test/greet.test.js'] },
      { title: 'Change greet()', detail: null, files: ['src/greet.js'] },
    ],
    files_likely_touched: ['src/greet.js', 'test/greet.test.js'],
    acceptance_criteria: [
      { id: 'AC1', statement: "greet('Ada') returns 'Good day, Ada'", test: 'a unit test calls greet and compares the string' },
      { id: 'AC2', statement: 'an empty name is rejected | with a TypeError', test: 'a unit test expects greet("") to throw' },
    ],
    risks: ['Callers that match on the old greeting break.'],
    out_of_scope: ['Localisation.'],
    ...overrides,
  };
}
