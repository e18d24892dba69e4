import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, PatchRefusedError, TestsFailedError } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { runProcess, type Sandbox } from '@eternia/tools';
import { PROPOSAL_FILES, TESTS_FILE, TestsEvidenceSchema, TestsProposalSchema } from '../src/delivery/index.js';
import { runWriteTests } from '../src/write-tests/index.js';
import {
  BRANCH,
  DISCOUNT_TEST_PATCH,
  OWNER,
  PASSING_TEST_PATCH,
  RED_TEST_ID,
  REPO,
  RUN_ID,
  git,
  startBench,
  userMessages,
  type Bench,
} from './delivery-bench.js';

// Each test starts emulators, clones and runs real test processes several times: slow on a loaded 2-core machine.
jest.setTimeout(180_000);

let bench: Bench | undefined;
afterEach(async () => {
  if (bench) {
    expect(bench.gh.violations).toEqual([]);
    expect(bench.oai.schemaMismatches).toEqual([]);
  }
  await bench?.close();
  bench = undefined;
});

/** Install and tests as the job's own user (policy sandbox.allow-unsandboxed): what they write, the role could read. */
const ownUserSandbox: Sandbox = {
  strategy: 'unsandboxed',
  network: false,
  describe: () => "the test's own user",
  run: (argv, { writable: _writable, ...options }) => runProcess(argv, options),
  close: async () => {},
};
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

const answer = (patch: string, summary = 'cover applyDiscount', covers = ['AC1']) => ({ patch, summary, covers });

describe('write-tests', () => {
  test('happy path: the new tests fail on the unchanged code and become a proposal; publish commits them as test: with red evidence', async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author', schemaName: 'test_patch' }, reply: answer(DISCOUNT_TEST_PATCH, 'cover applyDiscount (AC1)') });
    const before = bench.remoteHead();

    const result = await runWriteTests(bench.deps());

    expect(result).toMatchObject({ status: 'proposed', failingTests: 1, frozen: false, attempts: 1 });
    // This job pushes nothing and leaves nothing in its tree.
    expect(bench.remoteHead()).toBe(before);
    expect(git(bench.workspace, 'status', '--porcelain')).toBe('');
    const proposal = bench.dossier.readJson(PROPOSAL_FILES.tests, TestsProposalSchema)!;
    expect(proposal).toMatchObject({
      kind: 'tests',
      runId: RUN_ID,
      baseSha: before,
      files: ['test/discount.test.js'],
      subject: 'test: cover applyDiscount (AC1)',
      testsRun: 2,
    });
    expect(bench.dossier.readText(TESTS_FILE)).toBeNull();

    const published = await bench.publish('tests');
    expect(published).toMatchObject({ status: 'pushed', kind: 'tests', rebased: false, files: ['test/discount.test.js'] });
    const head = bench.remoteHead();
    expect(head).toBe(published.commit);
    expect(git(bench.bare, 'rev-parse', `${head}^`)).toBe(before);
    expect(git(bench.bare, 'log', '-1', '--format=%s|%an', head)).toBe('test: cover applyDiscount (AC1)|github-actions[bot]');
    // What implement later trusts comes from git: the red tests and how many tests ran, as trailers.
    const message = git(bench.bare, 'log', '-1', '--format=%B', head);
    expect(message).toContain(`Red-Test: ${RED_TEST_ID}`);
    expect(message).toContain('Tests-Run: 2');
    expect(git(bench.bare, 'show', '--name-only', '--format=', head)).toBe('test/discount.test.js');
    // Run the tests at the test commit in a fresh clone: they really fail there.
    const atTests = bench.runTestsAt(head);
    expect(atTests.exitCode).not.toBe(0);
    expect(atTests.output).toContain('AC1: applyDiscount takes a percentage off');

    const evidence = bench.dossier.readJson(TESTS_FILE, TestsEvidenceSchema)!;
    expect(evidence).toMatchObject({
      status: 'red',
      commit: head,
      codeSha: before,
      rebased: false,
      testFiles: ['test/discount.test.js'],
      covers: ['AC1'],
      attempts: 1,
    });
    expect(evidence.failing.map((t) => t.id)).toEqual([RED_TEST_ID]);
    expect(evidence.failing[0]!.message).toContain('900');
    expect(evidence.otherFailures).toEqual([]);

    // The prompt: system first, the task last, the plan and files fenced as data.
    const [request] = bench.oai.requests;
    const messages = request!.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain('test author');
    expect(messages.map((m) => m.content).join('\n')).toContain('file src/cart.js (untrusted data');
    expect(messages.at(-1)!.content).toContain('MUST fail');
    expect(request!.body.model).toBe('gpt-4.1');
  });

  test('an atlas an older workflow restored into the checkout (untracked) is kept by every attempt and proposed by none', async () => {
    bench = await startBench();
    const { buildAtlas, serializeAtlas } = await import('@eternia/atlas');
    const atlasFile = path.join(bench.workspace, 'repo_atlas.json');
    const atlasText = serializeAtlas((await buildAtlas({ dir: bench.workspace })).atlas);
    writeFileSync(atlasFile, atlasText);
    // A first answer that is not red costs an attempt, so the tree is cleaned up between two attempts.
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(PASSING_TEST_PATCH), times: 1 });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });

    const result = await runWriteTests(bench.deps());

    expect(result).toMatchObject({ status: 'proposed', attempts: 2 });
    expect(bench.dossier.readJson(PROPOSAL_FILES.tests, TestsProposalSchema)?.files).toEqual(['test/discount.test.js']);
    expect(readFileSync(atlasFile, 'utf8')).toBe(atlasText);
    expect(git(bench.workspace, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(git(bench.workspace, 'check-ignore', 'repo_atlas.json')).toBe('repo_atlas.json');
  });

  test("the repo atlas is read from the repo-atlas input before the install runs repository code; the checkout's is never read", async () => {
    bench = await startBench();
    const { buildAtlas, serializeAtlas } = await import('@eternia/atlas');
    const atlas = (await buildAtlas({ dir: bench.workspace })).atlas;
    const atlasFile = path.join(bench.root, 'runner-temp', 'repo_atlas.json');
    mkdirSync(path.dirname(atlasFile), { recursive: true });
    writeFileSync(atlasFile, serializeAtlas(atlas));
    const planted = (marker: string) => serializeAtlas({ ...atlas, files: atlas.files.map((f) => ({ ...f, path: f.path.replace('cart', marker) })) });
    // The branch holds an atlas, and the install script (repository code) rewrites both atlases.
    writeFileSync(path.join(bench.workspace, 'repo_atlas.json'), planted('planted-by-the-branch'));
    const rewrite = `require('fs').writeFileSync(process.argv[1], process.argv[2]); require('fs').writeFileSync('repo_atlas.json', process.argv[2])`;
    const installCommand = `node -e ${shellQuote(rewrite)} ${shellQuote(atlasFile)} ${shellQuote(planted('planted-by-install'))}`;
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });

    const result = await runWriteTests(bench.deps({ atlasFile, installCommand, sandbox: ownUserSandbox }));

    expect(result).toMatchObject({ status: 'proposed', attempts: 1 });
    expect(readFileSync(atlasFile, 'utf8')).toContain('planted-by-install');
    const prompt = userMessages(bench.oai, 'test-author')[0]!.join('\n');
    expect(prompt).toContain('repository map: the files and symbols most relevant to the plan');
    expect(prompt).toMatch(/src\/cart\.js/);
    expect(prompt).not.toMatch(/planted-by-(the-branch|install)/);
  });

  test('tests that pass on the unchanged code are rejected and sent back; the next answer is red', async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(PASSING_TEST_PATCH), times: 1 });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });

    const result = await runWriteTests(bench.deps());
    await bench.publish('tests');

    expect(result).toMatchObject({ status: 'proposed', attempts: 2 });
    expect(result.history.map((h) => h.outcome)).toEqual(['tests-failed', 'accepted']);
    const second = userMessages(bench.oai, 'test-author')[1]!;
    expect(second.at(-1)).toContain('PASS on the unchanged code');
    // The passing test of the first attempt is gone: each attempt starts from a clean tree.
    expect(git(bench.bare, 'show', '--name-only', '--format=', bench.remoteHead())).toBe('test/discount.test.js');
    expect(existsSync(path.join(bench.workspace, 'test/total.test.js'))).toBe(false);
  });

  test('never red within the attempts: nothing is committed or pushed, the error says why', async () => {
    bench = await startBench({ policy: { limits: { attempts: 2 } } });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(PASSING_TEST_PATCH) });
    const before = bench.remoteHead();

    const error = await runWriteTests(bench.deps()).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TestsFailedError);
    expect((error as Error).message).toMatch(/no usable tests after 2 attempt\(s\); nothing was proposed/);
    expect(bench.dossier.readText(PROPOSAL_FILES.tests)).toBeNull();
    expect(bench.remoteHead()).toBe(before);
    expect(git(bench.workspace, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(bench.workspace, 'status', '--porcelain')).toBe('');
    expect(bench.dossier.readText(TESTS_FILE)).toBeNull();
  });

  test('a diff outside the test globs is refused, the refusal goes back to the model, nothing outside tests is written', async () => {
    bench = await startBench();
    const sneaky = `--- a/src/cart.js
+++ b/src/cart.js
@@ -1,2 +1,2 @@
-/** Sum of line totals in cents. */
+/** Sum of line totals in cents (patched by the test author). */
 export function cartTotal(lines) {
`;
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(sneaky + DISCOUNT_TEST_PATCH), times: 1 });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });

    const result = await runWriteTests(bench.deps());
    await bench.publish('tests');

    expect(result.history.map((h) => h.outcome)).toEqual(['refused', 'accepted']);
    const feedback = userMessages(bench.oai, 'test-author')[1]!.at(-1)!;
    expect(feedback).toContain('The patch was NOT applied');
    expect(feedback).toContain('[tests-only] src/cart.js');
    expect(git(bench.bare, 'show', '--name-only', '--format=', bench.remoteHead())).toBe('test/discount.test.js');
  });

  test('answers that are not JSON, then not a diff, cost attempts and go back as feedback', async () => {
    bench = await startBench({ policy: { limits: { attempts: 3 } } });
    // Twice: the model client's own repair retry gets the same garbage.
    bench.oai.script({ match: { role: 'test-author' }, reply: 'Sure! Here are your tests: test/discount.test.js', times: 2 });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer('I would add a test that calls applyDiscount.'), times: 1 });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });

    const result = await runWriteTests(bench.deps());

    expect(result.history.map((h) => h.outcome)).toEqual(['invalid-output', 'refused', 'accepted']);
    expect(result.history[0]!.detail).toContain("not a valid 'test_patch' JSON object");
    expect(result.history[1]!.detail).toContain('[parse-error]');
    expect(result.status).toBe('proposed');
    // The emulator notes that the scripted garbage did not fit the schema: that was the point.
    expect(bench.oai.schemaMismatches.map((m) => m.reply)).toEqual([
      'Sure! Here are your tests: test/discount.test.js',
      'Sure! Here are your tests: test/discount.test.js',
    ]);
    bench.oai.schemaMismatches.splice(0);
  });

  test('only refusals within the attempts: a PatchRefusedError, nothing pushed', async () => {
    bench = await startBench({ policy: { limits: { attempts: 1 } } });
    bench.oai.script({
      match: { role: 'test-author' },
      reply: answer('--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n@@ -1 +1 @@\n-a\n+b\n'),
    });
    const before = bench.remoteHead();
    await expect(runWriteTests(bench.deps())).rejects.toThrow(PatchRefusedError);
    expect(bench.remoteHead()).toBe(before);
    expect(bench.dossier.readText(PROPOSAL_FILES.tests)).toBeNull();
  });

  test('the freeze label added between write-tests and publish: publish pushes nothing and says frozen', async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });
    const before = bench.remoteHead();
    expect((await runWriteTests(bench.deps())).status).toBe('proposed');
    await bench.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: bench.issue, labels: ['needs-human-review'] });

    const published = await bench.publish('tests');

    expect(published).toMatchObject({ status: 'frozen', commit: null });
    expect(bench.remoteHead()).toBe(before);
    expect(bench.dossier.readText(TESTS_FILE)).toBeNull();
  });

  test('a test run that writes files outside the patch is refused, named, and nothing of it is proposed', async () => {
    bench = await startBench();
    // The model's test plants a file in src/ when it runs: the run's leftovers must never reach a commit.
    const writer = DISCOUNT_TEST_PATCH.replace('@@ -0,0 +1,7 @@', '@@ -0,0 +1,9 @@').replace(
      "+import * as cart from '../src/cart.js';\n",
      "+import * as cart from '../src/cart.js';\n+import { writeFileSync } from 'node:fs';\n+writeFileSync(new URL('../src/backdoor.js', import.meta.url), 'export const pwned = 1;\\n');\n",
    );
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(writer), times: 1 });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });

    const result = await runWriteTests(bench.deps());

    expect(result.history.map((h) => h.outcome)).toEqual(['refused', 'accepted']);
    expect(result.history[0]!.detail).toContain('src/backdoor.js');
    expect(userMessages(bench.oai, 'test-author')[1]!.at(-1)).toContain('left changes outside your patch: src/backdoor.js');
    expect(existsSync(path.join(bench.workspace, 'src/backdoor.js'))).toBe(false);
    const published = await bench.publish('tests');
    expect(git(bench.bare, 'show', '--name-only', '--format=', published.commit!)).toBe('test/discount.test.js');
  });

  test('frozen from the start: no model call, nothing written', async () => {
    bench = await startBench();
    await bench.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: bench.pr, labels: ['needs-human-review'] });
    const result = await runWriteTests(
      bench.deps({
        model: () => {
          throw new Error('no model needed when frozen');
        },
      }),
    );
    expect(result).toMatchObject({ status: 'frozen', attempts: 0 });
    expect(bench.oai.requests).toEqual([]);
  });

  test('the branch moved between write-tests and publish: fetched, rebased once, pushed on top', async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });
    await runWriteTests(bench.deps());
    const human = await bench.pushFromElsewhere('README.md', '# shop\n\nEdited by a human.\n', 'docs: readme');

    const published = await bench.publish('tests', {});

    expect(published.status).toBe('pushed');
    const head = bench.remoteHead();
    expect(head).toBe(published.commit);
    expect(git(bench.bare, 'rev-parse', `${head}^`)).toBe(human);
    expect(git(bench.bare, 'log', '-1', '--format=%s', head)).toBe('test: cover applyDiscount');
    expect(bench.dossier.readJson(TESTS_FILE, TestsEvidenceSchema)).toMatchObject({ rebased: true, commit: head });
  });

  test('without plan.json (the plan job has not run): a configuration error naming the file', async () => {
    bench = await startBench();
    const empty = Dossier.create({ repository: `${OWNER}/${REPO}`, pr: bench.pr, issue: bench.issue, branch: BRANCH });
    const error = await runWriteTests(bench.deps({ dossier: empty })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^dossier file 'plan\.json': .*the plan job has not run/);
  });
});
