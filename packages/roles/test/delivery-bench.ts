/**
 * A real setting for the delivery roles: the GitHub emulator (its repositories are real bare git
 * repositories), the OpenAI emulator with scripted replies, the sample shop project, an agent PR
 * on a branch, and a workspace cloned from the bare repository with it as a pushable origin.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOctokit, policySchema, type Octokit, type Policy, type PolicyInput } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { Git } from '@eternia/git';
import { createModelClient, Ledger, type ModelClient } from '@eternia/llm';
import { startGitHubEmulator, startOpenAIEmulator, type GitHubEmulator, type OpenAIEmulator } from '@eternia/testkit';
import { runSync, runSyncOrThrow } from '@eternia/testkit/process';
import { PlanFileSchema, type PlanFile } from '../src/plan/plan-schema.js';
import type { DeliveryDeps, TestsEvidence } from '../src/delivery/index.js';
import { publishGits, runPublish, type PublishDeps, type PublishResult } from '../src/publish/index.js';

export const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const promptsDir = path.join(repoRoot, 'prompts');
export const OWNER = 'acme';
export const REPO = 'shop';
export const BRANCH = 'agent/1-discount';
export const TOKEN = 'ghs_delivery_bot_token';
export const BOT = 'github-actions[bot]';
export const isolatedGitEnv = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
/** The workflow run of the bench's jobs: proposals carry it. */
export const RUN_ID = 4242;

export const CART_JS = `/** Sum of line totals in cents. */
export function cartTotal(lines) {
  let total = 0;
  for (const line of lines) total += line.priceCents * line.quantity;
  return total;
}
`;
export const CART_TEST_JS = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cartTotal } from '../src/cart.js';

test('sums line totals', () => {
  assert.equal(cartTotal([{ priceCents: 250, quantity: 2 }, { priceCents: 100, quantity: 1 }]), 600);
});
`;
export const SHOP_FILES: Record<string, string> = {
  'package.json':
    JSON.stringify({ name: 'sample-shop', version: '1.0.0', private: true, type: 'module', scripts: { test: 'node --test' } }, null, 2) + '\n',
  'README.md': '# shop\n',
  'src/cart.js': CART_JS,
  'test/cart.test.js': CART_TEST_JS,
};

/** The new test: fails on its assertion while applyDiscount does not exist. */
export const DISCOUNT_TEST_PATCH = `--- /dev/null
+++ b/test/discount.test.js
@@ -0,0 +1,7 @@
+import { test } from 'node:test';
+import assert from 'node:assert/strict';
+import * as cart from '../src/cart.js';
+
+test('AC1: applyDiscount takes a percentage off', () => {
+  assert.equal(cart.applyDiscount?.(1000, 10), 900);
+});
`;
export const DISCOUNT_TEST_FILE = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as cart from '../src/cart.js';

test('AC1: applyDiscount takes a percentage off', () => {
  assert.equal(cart.applyDiscount?.(1000, 10), 900);
});
`;
export const RED_TEST_ID = 'test/discount.test.js::AC1: applyDiscount takes a percentage off';
/** A test that passes on the unchanged code: no red evidence. */
export const PASSING_TEST_PATCH = `--- /dev/null
+++ b/test/total.test.js
@@ -0,0 +1,7 @@
+import { test } from 'node:test';
+import assert from 'node:assert/strict';
+import { cartTotal } from '../src/cart.js';
+
+test('AC1: an empty cart costs nothing', () => {
+  assert.equal(cartTotal([]), 0);
+});
`;

export function implementationPatch(body: string): string {
  return `--- a/src/cart.js
+++ b/src/cart.js
@@ -4,3 +4,8 @@
   for (const line of lines) total += line.priceCents * line.quantity;
   return total;
 }
+
+/** Price after a percentage discount, in cents. */
+export function applyDiscount(cents, percent) {
+  ${body}
+}
`;
}
export const GOOD_IMPLEMENTATION = implementationPatch('return Math.round((cents * (100 - percent)) / 100);');

/** The AC1 test failing as DISCOUNT_TEST_FILE fails before applyDiscount exists. */
export const RED_FAILURE: TestsEvidence['failing'][number] = {
  id: RED_TEST_ID,
  name: 'AC1: applyDiscount takes a percentage off',
  file: 'test/discount.test.js',
  line: 6,
  message: 'undefined !== 900',
};

/** tests.json as write-tests leaves it when the branch head is its red test commit (the code is the commit before). */
export function redTestsEvidence(bench: { bare: string; remoteHead(): string }, failing: TestsEvidence['failing'] = [RED_FAILURE]): TestsEvidence {
  const head = bench.remoteHead();
  return {
    version: 1,
    status: 'red',
    commit: head,
    codeSha: git(bench.bare, 'rev-parse', `${head}^`),
    rebased: false,
    testFiles: ['test/discount.test.js'],
    covers: ['AC1'],
    summary: 'cover applyDiscount',
    command: ['node', '--test'],
    failing,
    otherFailures: [],
    attempts: 1,
  };
}
export const WRONG_IMPLEMENTATION = implementationPatch('return cents - percent;');

export function planFile(): PlanFile {
  return PlanFileSchema.parse({
    version: 1,
    issue: 1,
    pr: 2,
    model: 'gpt-4.1',
    prompt: { name: 'planner', version: 'abc123def456', overridden: false },
    plan: {
      summary: 'Add applyDiscount(cents, percent) to the cart module.',
      steps: [{ title: 'Add applyDiscount', detail: null, files: ['src/cart.js', 'test/discount.test.js'] }],
      files_likely_touched: ['src/cart.js'],
      acceptance_criteria: [{ id: 'AC1', statement: 'applyDiscount(1000, 10) is 900', test: 'a unit test calls applyDiscount' }],
      risks: [],
      out_of_scope: [],
    },
    flagged_files: [],
    notes: [],
    usage: { calls: 1, input_tokens: 100, cached_tokens: 0, output_tokens: 50 },
    created_at: '2026-01-01T00:00:00.000Z',
  });
}

export function git(cwd: string, ...args: string[]): string {
  return runSyncOrThrow('git', args, { cwd, env: { ...process.env, ...isolatedGitEnv } }).trim();
}

export interface Bench {
  gh: GitHubEmulator;
  oai: OpenAIEmulator;
  octokit: Octokit;
  root: string;
  bare: string;
  /** The job's checkout of the PR branch. */
  workspace: string;
  pr: number;
  issue: number;
  dossier: Dossier;
  policy: Policy;
  ledger: Ledger;
  model: ModelClient;
  /** Head of the PR branch on the remote now. */
  remoteHead(): string;
  /** A second clone that commits and pushes to the branch, as a human would. */
  pushFromElsewhere(file: string, content: string, message: string): Promise<string>;
  deps(overrides?: Partial<DeliveryDeps>): DeliveryDeps;
  /** Head of the default branch (the PR's base). */
  baseSha: string;
  /** The publish job: a fresh clone of the branch, hardened git, this bench's dossier and policy. */
  publish(
    kind: 'tests' | 'implement',
    overrides?: Partial<PublishDeps>,
    prepare?: (checkout: string) => void | Promise<void>,
  ): Promise<PublishResult & { checkout: string }>;
  /** A fresh clone at `sha` with its test results: `node --test` exit code and output. */
  runTestsAt(sha: string): { exitCode: number; output: string };
  close(): Promise<void>;
}

type BenchOptions = {
  policy?: PolicyInput;
  branchFiles?: Record<string, string>;
  branchMessage?: string;
  /** The repository's files on the default branch; the JavaScript shop (SHOP_FILES) by default. */
  files?: Record<string, string>;
};

export async function startBench(opts: BenchOptions = {}): Promise<Bench> {
  const gh = await startGitHubEmulator();
  const oai = await startOpenAIEmulator();
  const root = await mkdtemp(path.join(tmpdir(), 'delivery-'));
  try {
    return await setUp(gh, oai, root, opts);
  } catch (error) {
    await Promise.all([gh.close(), oai.close()]);
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

async function setUp(gh: GitHubEmulator, oai: OpenAIEmulator, root: string, opts: BenchOptions): Promise<Bench> {
  gh.addToken(TOKEN, BOT);
  const { bareDir: bare } = await gh.createRepo({ owner: OWNER, name: REPO, files: opts.files ?? SHOP_FILES });

  // The supervisor's branch, optionally with files (a test commit for implement). GitHub opens no PR without commits:
  // the supervisor starts the branch with an empty one. Seeded into the bare repository: no clone and push per bench.
  await gh.commitFiles({
    owner: OWNER,
    repo: REPO,
    branch: BRANCH,
    files: opts.branchFiles ?? {},
    message: `${opts.branchMessage ?? 'chore: start work on the issue'}\n`,
    author: { name: 'bot', email: 'bot@example.com' },
  });

  const issue = (await gh.createIssue({ owner: OWNER, repo: REPO, title: 'Discounts', body: 'Add a percentage discount.' })).number as number;
  const pr = (
    await gh.createPullRequest({
      owner: OWNER,
      repo: REPO,
      title: 'Discounts',
      head: BRANCH,
      body: `Closes #${issue}\n<!-- eternia-agents:issue:${issue} -->`,
      draft: true,
    })
  ).number as number;

  const workspace = path.join(root, 'workspace');
  git(root, 'clone', '--quiet', '--branch', BRANCH, bare, workspace);

  const octokit = createOctokit({ token: TOKEN, baseUrl: gh.url, fetch: globalThis.fetch, retries: 0 });
  const dossier = Dossier.create({ repository: `${OWNER}/${REPO}`, pr, issue, branch: BRANCH });
  dossier.writeJson('plan.json', { ...planFile(), issue, pr }, PlanFileSchema);
  const policy = policySchema.parse({ tests: { command: 'node --test', 'timeout-minutes': 1 }, ...(opts.policy ?? {}) });
  const ledger = new Ledger();
  const model = createModelClient({ apiKey: 'sk-test', baseURL: oai.url, ledger, maxRetries: 0, timeoutMs: 10_000 });
  const baseSha = git(bare, 'rev-parse', 'refs/heads/main');
  const gitClient = new Git({ cwd: workspace, env: isolatedGitEnv });
  let clones = 0;

  const bench: Bench = {
    gh,
    oai,
    octokit,
    root,
    bare,
    workspace,
    pr,
    issue,
    dossier,
    policy,
    ledger,
    model,
    baseSha,
    remoteHead: () => git(bare, 'rev-parse', `refs/heads/${BRANCH}`),
    async pushFromElsewhere(file, content, message) {
      const other = path.join(root, `other-${++clones}`);
      git(root, 'clone', '--quiet', '--branch', BRANCH, bare, other);
      await writeFile(path.join(other, file), content);
      git(other, 'add', '--all');
      git(other, '-c', 'user.name=Human', '-c', 'user.email=human@example.com', 'commit', '--quiet', '-m', message);
      git(other, 'push', '--quiet', 'origin', BRANCH);
      return git(other, 'rev-parse', 'HEAD');
    },
    deps(overrides = {}) {
      return {
        octokit,
        repo: { owner: OWNER, repo: REPO },
        pull: { number: pr, issue, branch: BRANCH, headSha: git(workspace, 'rev-parse', 'HEAD'), baseSha },
        policy,
        dossier,
        git: gitClient,
        workspace,
        model: () => model,
        modelName: 'gpt-4.1',
        promptsDir,
        runId: RUN_ID,
        ...overrides,
      };
    },
    async publish(kind, overrides = {}, prepare) {
      const checkout = path.join(root, `publish-${++clones}`);
      git(root, 'clone', '--quiet', '--branch', BRANCH, bare, checkout);
      const headSha = git(checkout, 'rev-parse', 'HEAD');
      await prepare?.(checkout);
      const result = await runPublish({
        octokit,
        repo: { owner: OWNER, repo: REPO },
        pull: { number: pr, issue, branch: BRANCH, headSha, baseSha },
        policy,
        dossier,
        kind,
        runId: RUN_ID,
        workspace: checkout,
        ...publishGits({ workspace: checkout, token: TOKEN, serverUrl: gh.url, tempDir: root }),
        ...overrides,
      });
      return { ...result, checkout };
    },
    runTestsAt(sha) {
      const dir = path.join(root, `check-${++clones}`);
      git(root, 'clone', '--quiet', bare, dir);
      git(dir, 'checkout', '--quiet', sha);
      const run = runSync(process.execPath, ['--test'], { cwd: dir });
      return { exitCode: run.status ?? -1, output: run.stdout };
    },
    async close() {
      await Promise.all([gh.close(), oai.close()]);
      await rm(root, { recursive: true, force: true });
    },
  };
  return bench;
}

/** The user messages of every chat request the given project role sent, in order. */
export function userMessages(oai: OpenAIEmulator, role: string): string[][] {
  return oai.requests
    .filter((r) => r.headers['x-eternia-role'] === role)
    .map((r) => (r.body.messages as Array<{ role: string; content: string }>).filter((m) => m.role === 'user').map((m) => m.content));
}
