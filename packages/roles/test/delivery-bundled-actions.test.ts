/**
 * The bundled write-tests and implement actions (dist/<role>/index.js, built by scripts/build-dist.mjs)
 * run as GitHub's runner runs them, one job after the other, passing the dossier through a folder.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DirectoryDossierStore } from '@eternia/dossier';
import { runAction } from '../../testkit/src/runner/index.js';
import { IMPLEMENT_FILE, ImplementEvidenceSchema, TESTS_FILE, TestsEvidenceSchema } from '../src/delivery/index.js';
import {
  BRANCH, DISCOUNT_TEST_PATCH, GOOD_IMPLEMENTATION, OWNER, REPO, TOKEN, WRONG_IMPLEMENTATION, git, repoRoot, startBench, type Bench,
} from './delivery-bench.js';

let bench: Bench;
let dossierDir: string;

beforeAll(async () => {
  for (const role of ['write-tests', 'implement']) {
    if (!existsSync(path.join(repoRoot, 'dist', role, 'index.js'))) throw new Error(`dist/${role}/index.js is missing: run \`node scripts/build-dist.mjs\` first`);
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
function job(role: string, name: string) {
  const workspace = path.join(bench.root, name);
  git(bench.root, 'clone', '--quiet', '--branch', BRANCH, bench.bare, workspace);
  return runAction({
    actionDir: path.join(repoRoot, 'actions', role),
    inputs: { pr: String(bench.pr), 'openai-api-key': 'sk-emulated-key', 'openai-base-url': bench.oai.url },
    env: { DOSSIER_DIR: dossierDir },
    workspace,
    repository: `${OWNER}/${REPO}`,
    apiUrl: bench.gh.url,
    token: TOKEN,
    secrets: ['sk-emulated-key'],
    timeoutMs: 60_000,
  });
}

async function dossier() {
  return (await new DirectoryDossierStore(dossierDir).load({ repository: `${OWNER}/${REPO}`, pr: bench.pr }))!;
}

describe('the bundled delivery actions', () => {
  test('write-tests: red tests committed and pushed, outputs and dossier written', async () => {
    bench.oai.script({ match: { role: 'test-author' }, reply: { patch: DISCOUNT_TEST_PATCH, summary: 'cover applyDiscount', covers: ['AC1'] } });
    const run = await job('write-tests', 'job-write-tests');
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toEqual({ commit: bench.remoteHead(), 'failing-tests': '1', frozen: 'false' });
    expect(bench.runTestsAt(bench.remoteHead()).exitCode).not.toBe(0);
    expect(run.summary).toContain('Red evidence: 1 new test(s) fail');
    expect(run.summary).toContain('Model calls');
    expect(run.leakedSecrets).toEqual([]);
    const saved = await dossier();
    expect(saved.readJson(TESTS_FILE, TestsEvidenceSchema)).toMatchObject({ commit: bench.remoteHead(), testFiles: ['test/discount.test.js'] });
    expect(saved.manifest.runs.map((r) => [r.role, r.status])).toEqual([['write-tests', 'success']]);
  });

  test('implement: never green ends the step red with nothing pushed; the next run goes green', async () => {
    const testCommit = bench.remoteHead();
    bench.oai.script({ match: { role: 'implementer' }, reply: { patch: WRONG_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' }, times: 3 });
    const failed = await job('implement', 'job-implement-1');
    expect(failed.exitCode).toBe(1);
    expect(failed.outputs).toEqual({ commit: '', status: 'escalated', attempts: '3' });
    expect(failed.annotations.map((a) => a.message).join('\n')).toMatch(/implement failed \(tests-failed\): the tests did not pass within 3 attempt\(s\); nothing was pushed/);
    expect(failed.summary).toContain('implement: escalated, nothing pushed');
    expect(bench.remoteHead()).toBe(testCommit);
    expect((await dossier()).readText('best-attempt.diff')).toContain('cents - percent');

    bench.oai.script({ match: { role: 'implementer' }, reply: { patch: GOOD_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' } });
    const green = await job('implement', 'job-implement-2');
    expect(green.stderr).toBe('');
    expect(green.exitCode).toBe(0);
    const head = bench.remoteHead();
    expect(green.outputs).toEqual({ commit: head, status: 'green', attempts: '1' });
    expect(git(bench.bare, 'log', '--format=%s', `${testCommit}~1..${head}`).split('\n')).toEqual(['feat: add applyDiscount', 'test: cover applyDiscount']);
    expect(bench.runTestsAt(head).exitCode).toBe(0);
    const saved = await dossier();
    expect(saved.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)).toMatchObject({ status: 'green', commit: head });
    expect(saved.manifest.runs.map((r) => [r.role, r.status])).toEqual([['write-tests', 'success'], ['implement', 'failure'], ['implement', 'success']]);
    // The implementer used the policy's cheaper model.
    expect(bench.oai.requests.filter((r) => r.headers['x-eternia-role'] === 'implementer').every((r) => r.body.model === 'gpt-4.1-mini')).toBe(true);
    expect(bench.gh.violations).toEqual([]);
  });
});
