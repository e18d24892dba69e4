/**
 * The plan action as GitHub runs it: bundled by the real build script (scripts/build-dist.mjs) and started by
 * the test bench's runner as a child process with INPUT_* variables, against the GitHub and OpenAI emulators.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DirectoryDossierStore } from '@eternia/dossier';
import { runAction, type ActionRun } from '@eternia/testkit';
import { PLAN_FILE, PlanFileSchema } from '../src/plan/index.js';
import { BOT_TOKEN, OWNER, REPO, REPO_ROOT, openAgentPull, planAnswer, repo, startPlanBench, type PlanBench } from './plan-bench.js';

const API_KEY = 'sk-plan-action-test-key-0123456789';
let bench: PlanBench;
let buildRoot: string;
let dossierDir: string;
let store: DirectoryDossierStore;

/** A tree with only this action (its sources linked, not copied), bundled by build-dist exactly as `npm run build` does. */
async function buildPlanBundle(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'plan-dist-'));
  try {
    await layOut(root);
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return root;
}

async function layOut(root: string): Promise<void> {
  await symlink(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
  await symlink(join(REPO_ROOT, 'prompts'), join(root, 'prompts'));
  await writeFile(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  await copyFile(join(REPO_ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  await mkdir(join(root, 'actions/plan'), { recursive: true });
  await copyFile(join(REPO_ROOT, 'actions/tsconfig.json'), join(root, 'actions/tsconfig.json'));
  await copyFile(join(REPO_ROOT, 'actions/plan/action.yml'), join(root, 'actions/plan/action.yml'));
  await symlink(join(REPO_ROOT, 'actions/plan/src'), join(root, 'actions/plan/src'));
  const build = (await import(pathToFileURL(join(REPO_ROOT, 'scripts/build-dist.mjs')).href)) as { buildDist(o: { root: string }): Promise<unknown> };
  await build.buildDist({ root });
}

beforeAll(async () => {
  bench = await startPlanBench();
  buildRoot = await buildPlanBundle();
  dossierDir = join(bench.tempDir, 'dossiers');
  store = new DirectoryDossierStore(dossierDir);
}, 180_000);

afterAll(async () => {
  const violations = bench?.gh.violations;
  await bench?.close();
  if (buildRoot) await rm(buildRoot, { recursive: true, force: true });
  expect(violations).toEqual([]);
});

function runPlanAction(pr: number, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    actionDir: join(buildRoot, 'actions/plan'),
    inputs: { pr: String(pr), 'openai-api-key': API_KEY, 'openai-base-url': bench.ai.url, ...inputs },
    env: { GITHUB_API_URL: bench.gh.url, DOSSIER_DIR: dossierDir },
    apiUrl: bench.gh.url,
    token: BOT_TOKEN,
    secrets: [API_KEY],
    workspace: bench.workspace,
    repository: `${OWNER}/${REPO}`,
    timeoutMs: 60_000,
  });
}

async function prComments(pr: number) {
  return bench.octokit.paginate(bench.octokit.rest.issues.listComments, { ...repo, issue_number: pr, per_page: 100 });
}

describe('the bundled plan action', () => {
  test('plans end to end: comment, outputs, dossier, summary; a second run updates the same comment', async () => {
    const { issue, pull } = await openAgentPull(bench, { title: 'Bundled [bundle]', body: 'Make greet polite.' });
    bench.ai.script({ match: { role: 'plan', schemaName: 'plan', user: '[bundle]' }, reply: planAnswer('bundle') });

    const requestsBefore = bench.gh.requests.length;
    const first = await runPlanAction(pull.number);
    expect(first.stderr).toBe('');
    // The API calls of one plan run (the flow's budget is 100): the default branch's policy and prompt overrides
    // (none here), PR, issue, its events and body edit time (GraphQL), freeze re-checks, sticky comment. The job's
    // token is an installation token, so the bot login comes from the policy without a GET /user (always 403 for it).
    expect(bench.gh.requests.slice(requestsBefore).map((r) => `${r.method} ${r.operationId ?? r.path} ${r.status}`)).toEqual([
      'GET repos/get 200',
      'GET repos/get-content 404',
      'GET repos/get-content 404',
      'GET pulls/get 200',
      'GET issues/get 200',
      'GET issues/list-events 200',
      'POST graphql 200',
      'GET issues/list-labels-on-issue 200',
      'GET issues/list-labels-on-issue 200',
      'GET issues/list-comments 200',
      'POST issues/create-comment 201',
    ]);
    expect(first.exitCode).toBe(0);
    const comments = await prComments(pull.number);
    expect(comments).toHaveLength(1);
    expect(first.outputs).toEqual({ frozen: 'false', 'plan-comment-id': String(comments[0]!.id), 'acceptance-criteria': '2' });
    expect(comments[0]!.body).toContain(`## Plan for #${issue}: Bundled \\[bundle\\]`);
    expect(first.summary).toContain(`Plan comment ${comments[0]!.id} created; 2 acceptance criteria, 2 steps.`);
    expect(first.summary).toContain('| 1 | plan | gpt-4.1 |');
    expect(first.leakedSecrets).toEqual([]);
    expect(first.runnerWarnings).toEqual([]);

    const dossier = await store.load({ repository: `${OWNER}/${REPO}`, pr: pull.number });
    const file = dossier!.readJson(PLAN_FILE, PlanFileSchema)!;
    expect(file).toMatchObject({ issue, pr: pull.number, model: 'gpt-4.1', plan: { summary: 'Make greet() polite (bundle).' } });
    expect(dossier!.files()).toEqual(['ledger.json', 'plan.json']);
    expect(dossier!.manifest.runs).toEqual([expect.objectContaining({ role: 'plan', status: 'success', attempt: 1, sha: pull.headSha })]);

    const second = await runPlanAction(pull.number);
    expect(second.exitCode).toBe(0);
    expect(second.outputs['plan-comment-id']).toBe(first.outputs['plan-comment-id']);
    expect((await prComments(pull.number)).map((c) => c.id)).toEqual([comments[0]!.id]);
    const again = await store.load({ repository: `${OWNER}/${REPO}`, pr: pull.number });
    expect(again!.manifest.runs.map((r) => r.status)).toEqual(['success', 'success']);
  }, 180_000);

  test('frozen PR: outputs frozen=true, says so in the summary, writes nothing and calls no model', async () => {
    const { issue, pull } = await openAgentPull(bench, { title: 'Frozen [bundle-frozen]', body: 'x' });
    await bench.octokit.rest.issues.addLabels({ ...repo, issue_number: pull.number, labels: ['needs-human-review'] });
    const before = bench.ai.requests.length;

    const run = await runPlanAction(pull.number, { 'openai-api-key': '' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ frozen: 'true', 'plan-comment-id': '', 'acceptance-criteria': '0' });
    expect(run.summary).toContain(`pull request #${pull.number} carries the \`needs-human-review\` label, so nothing was planned or written`);
    expect(bench.ai.requests.length).toBe(before);
    expect(await prComments(pull.number)).toEqual([]);
    expect(await store.load({ repository: `${OWNER}/${REPO}`, pr: pull.number })).toBeNull();
    expect(issue).toBeGreaterThan(0);
  }, 180_000);

  test('no API key: fails as a configuration error, posts nothing, records the failed run', async () => {
    const { pull } = await openAgentPull(bench, { title: 'No key [bundle-nokey]', body: 'x' });
    const run = await runPlanAction(pull.number, { 'openai-api-key': '' });
    expect(run.exitCode).toBe(1);
    expect(run.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', message: expect.stringContaining("plan failed (configuration): input 'openai-api-key'") }),
    );
    expect(await prComments(pull.number)).toEqual([]);
    const dossier = await store.load({ repository: `${OWNER}/${REPO}`, pr: pull.number });
    expect(dossier!.files()).toEqual(['ledger.json']);
    expect(dossier!.manifest.runs).toEqual([expect.objectContaining({ role: 'plan', status: 'failure' })]);
  }, 180_000);
});
