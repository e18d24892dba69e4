/**
 * The bundled write-tests and implement actions (dist/<role>/index.js, built by scripts/build-dist.mjs)
 * run as GitHub's runner runs them, one job after the other, passing the dossier through a folder.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DirectoryDossierStore } from '@eternia/dossier';
import { runAction } from '@eternia/testkit';
import { IMPLEMENT_FILE, ImplementEvidenceSchema, TESTS_FILE, TestsEvidenceSchema } from '../src/delivery/index.js';
import {
  BRANCH,
  DISCOUNT_TEST_PATCH,
  GOOD_IMPLEMENTATION,
  OWNER,
  REPO,
  TOKEN,
  WRONG_IMPLEMENTATION,
  git,
  repoRoot,
  startBench,
  type Bench,
} from './delivery-bench.js';

// Runs the bundles as child processes, each running the tests: slow on a loaded 2-core machine.
jest.setTimeout(300_000);
const RUN = 777;
let bench: Bench;
let dossierDir: string;

beforeAll(async () => {
  for (const role of ['write-tests', 'implement', 'publish']) {
    if (!existsSync(path.join(repoRoot, 'dist', role, 'index.js')))
      throw new Error(`dist/${role}/index.js is missing: run \`node scripts/build-dist.mjs\` first`);
  }
  bench = await startBench();
  dossierDir = path.join(bench.root, 'dossiers');
  // The plan job's dossier, as the artifact download would leave it.
  await new DirectoryDossierStore(dossierDir).save(bench.dossier);
});

afterAll(async () => {
  await bench?.close();
});

/** A job: a fresh checkout of the PR branch (actions/checkout with ref), then the action. */
function job(role: string, name: string, inputs: Record<string, string> = {}) {
  const workspace = path.join(bench.root, name);
  git(bench.root, 'clone', '--quiet', '--branch', BRANCH, bench.bare, workspace);
  const model: Record<string, string> = role === 'publish' ? {} : { 'openai-api-key': 'sk-emulated-key', 'openai-base-url': bench.oai.url };
  return runAction({
    actionDir: path.join(repoRoot, 'actions', role),
    inputs: { pr: String(bench.pr), ...model, ...inputs },
    env: { DOSSIER_DIR: dossierDir, GITHUB_RUN_ID: String(RUN) },
    workspace,
    repository: `${OWNER}/${REPO}`,
    apiUrl: bench.gh.url,
    token: TOKEN,
    secrets: ['sk-emulated-key'],
    timeoutMs: 120_000,
  });
}

async function dossier() {
  return (await new DirectoryDossierStore(dossierDir).load({ repository: `${OWNER}/${REPO}`, pr: bench.pr }))!;
}

describe('the bundled delivery actions', () => {
  test('write-tests proposes red tests without pushing; publish pushes exactly them', async () => {
    const before = bench.remoteHead();
    bench.oai.script({ match: { role: 'test-author' }, reply: { patch: DISCOUNT_TEST_PATCH, summary: 'cover applyDiscount', covers: ['AC1'] } });
    const run = await job('write-tests', 'job-write-tests');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ status: 'proposed', 'failing-tests': '1', frozen: 'false' });
    expect(bench.remoteHead()).toBe(before);
    expect(run.summary).toContain('Red evidence: 1 new test(s) fail');
    expect(run.summary).toContain('Model calls');
    expect(run.leakedSecrets).toEqual([]);

    const publish = await job('publish', 'job-publish-tests', { proposal: 'tests' });
    expect(publish.stderr).toBe('');
    expect(publish.exitCode).toBe(0);
    expect(publish.outputs).toEqual({ status: 'pushed', commit: bench.remoteHead(), 'failing-tests': '1', frozen: 'false' });
    expect(git(bench.bare, 'show', '--name-only', '--format=', bench.remoteHead())).toBe('test/discount.test.js');
    expect(bench.runTestsAt(bench.remoteHead()).exitCode).not.toBe(0);
    expect(publish.summary).toContain('No repository code ran in this job');
    const saved = await dossier();
    expect(saved.readJson(TESTS_FILE, TestsEvidenceSchema)).toMatchObject({ commit: bench.remoteHead(), testFiles: ['test/discount.test.js'] });
    expect(saved.manifest.runs.map((r) => [r.role, r.status])).toEqual([
      ['write-tests', 'success'],
      ['publish', 'success'],
    ]);
  });

  test('implement: never green ends the step red with nothing proposed and publish posts the escalation; the next run goes green', async () => {
    const testCommit = bench.remoteHead();
    bench.oai.script({
      match: { role: 'implementer' },
      reply: { patch: WRONG_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' },
      times: 3,
    });
    const failed = await job('implement', 'job-implement-1');
    expect(failed.exitCode).toBe(1);
    expect(failed.outputs).toEqual({ status: 'escalated', attempts: '3' });
    expect(failed.annotations.map((a) => a.message).join('\n')).toMatch(
      /implement failed \(tests-failed\): the tests did not pass within 3 attempt\(s\); nothing was proposed/,
    );
    expect(failed.summary).toContain('implement: escalated, nothing proposed');
    expect((await dossier()).readText('best-attempt.diff')).toContain('cents - percent');
    const escalation = await job('publish', 'job-publish-escalation', { proposal: 'implement' });
    expect(escalation.exitCode).toBe(0);
    expect(escalation.outputs).toMatchObject({ status: 'escalated', commit: '' });
    expect(bench.remoteHead()).toBe(testCommit);
    const { data: comments } = await bench.octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: bench.pr });
    expect(comments.map((c) => c.body).join('\n')).toContain('<!-- eternia-agents:sticky:escalation -->');

    bench.oai.script({ match: { role: 'implementer' }, reply: { patch: GOOD_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' } });
    const green = await job('implement', 'job-implement-2');
    expect(green.stderr).toBe('');
    expect(green.exitCode).toBe(0);
    expect(green.outputs).toEqual({ status: 'green', attempts: '1' });
    expect(bench.remoteHead()).toBe(testCommit);
    const publish = await job('publish', 'job-publish-implementation', { proposal: 'implement' });
    expect(publish.exitCode).toBe(0);
    const head = bench.remoteHead();
    expect(publish.outputs).toMatchObject({ status: 'pushed', commit: head });
    expect(git(bench.bare, 'log', '--format=%s', `${testCommit}~1..${head}`).split('\n')).toEqual([
      'feat: add applyDiscount',
      'test: cover applyDiscount',
    ]);
    expect(bench.runTestsAt(head).exitCode).toBe(0);
    const saved = await dossier();
    expect(saved.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)).toMatchObject({ status: 'green', commit: head });
    expect(saved.manifest.runs.map((r) => [r.role, r.status])).toEqual([
      ['write-tests', 'success'],
      ['publish', 'success'],
      ['implement', 'failure'],
      ['publish', 'failure'],
      ['implement', 'success'],
      ['publish', 'success'],
    ]);
    // The implementer used the policy's cheaper model.
    expect(bench.oai.requests.filter((r) => r.headers['x-eternia-role'] === 'implementer').every((r) => r.body.model === 'gpt-4.1-mini')).toBe(true);
    expect(bench.gh.violations).toEqual([]);
  });
});
