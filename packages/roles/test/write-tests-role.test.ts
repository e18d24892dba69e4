import { afterEach, describe, expect, test } from '@jest/globals';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, PatchRefusedError, TestsFailedError } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { runTests } from '@eternia/tools';
import { TESTS_FILE, TestsEvidenceSchema, type RunTestsFn } from '../src/delivery/index.js';
import { runWriteTests } from '../src/write-tests/index.js';
import {
  BRANCH, DISCOUNT_TEST_PATCH, OWNER, PASSING_TEST_PATCH, RED_TEST_ID, REPO, git, startBench, userMessages, type Bench,
} from './delivery-bench.js';

let bench: Bench | undefined;
afterEach(async () => {
  if (bench) {
    expect(bench.gh.violations).toEqual([]);
    expect(bench.oai.schemaMismatches).toEqual([]);
  }
  await bench?.close();
  bench = undefined;
});

const answer = (patch: string, summary = 'cover applyDiscount', covers = ['AC1']) => ({ patch, summary, covers });

describe('write-tests', () => {
  test('happy path: the new tests fail on the unchanged code, are committed as test: and pushed with red evidence', async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author', schemaName: 'test_patch' }, reply: answer(DISCOUNT_TEST_PATCH, 'cover applyDiscount (AC1)') });
    const before = bench.remoteHead();

    const result = await runWriteTests(bench.deps());

    expect(result).toMatchObject({ status: 'pushed', failingTests: 1, frozen: false, attempts: 1 });
    const head = bench.remoteHead();
    expect(head).toBe(result.commit);
    expect(git(bench.bare, 'rev-parse', `${head}^`)).toBe(before);
    expect(git(bench.bare, 'log', '-1', '--format=%s|%an', head)).toBe('test: cover applyDiscount (AC1)|github-actions[bot]');
    expect(git(bench.bare, 'show', '--name-only', '--format=', head)).toBe('test/discount.test.js');
    // Run the tests at the test commit in a fresh clone: they really fail there.
    const atTests = bench.runTestsAt(head);
    expect(atTests.exitCode).not.toBe(0);
    expect(atTests.output).toContain('AC1: applyDiscount takes a percentage off');

    const evidence = bench.dossier.readJson(TESTS_FILE, TestsEvidenceSchema)!;
    expect(evidence).toMatchObject({ status: 'red', commit: head, codeSha: before, rebased: false, testFiles: ['test/discount.test.js'], covers: ['AC1'], attempts: 1 });
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

  test('tests that pass on the unchanged code are rejected and sent back; the next answer is red', async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(PASSING_TEST_PATCH), times: 1 });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });

    const result = await runWriteTests(bench.deps());

    expect(result).toMatchObject({ status: 'pushed', attempts: 2 });
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
    expect((error as Error).message).toMatch(/no usable tests after 2 attempt\(s\); nothing was committed or pushed/);
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
    expect(result.status).toBe('pushed');
    // The emulator notes that the scripted garbage did not fit the schema: that was the point.
    expect(bench.oai.schemaMismatches.map((m) => m.reply)).toEqual(['Sure! Here are your tests: test/discount.test.js', 'Sure! Here are your tests: test/discount.test.js']);
    bench.oai.schemaMismatches.splice(0);
  });

  test('only refusals within the attempts: a PatchRefusedError, nothing pushed', async () => {
    bench = await startBench({ policy: { limits: { attempts: 1 } } });
    bench.oai.script({ match: { role: 'test-author' }, reply: answer('--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n@@ -1 +1 @@\n-a\n+b\n') });
    const before = bench.remoteHead();
    await expect(runWriteTests(bench.deps())).rejects.toThrow(PatchRefusedError);
    expect(bench.remoteHead()).toBe(before);
  });

  test('the freeze label added right before the push: nothing is pushed, the result says frozen', async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });
    const b = bench;
    const labelAfterTests: RunTestsFn = async (options) => {
      const result = await runTests(options);
      await b.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: b.issue, labels: ['needs-human-review'] });
      return result;
    };
    const before = bench.remoteHead();

    const result = await runWriteTests(bench.deps({ runTests: labelAfterTests }));

    expect(result).toMatchObject({ status: 'frozen', frozen: true, commit: null });
    expect(bench.remoteHead()).toBe(before);
    expect(bench.dossier.readText(TESTS_FILE)).toBeNull();
  });

  test('frozen from the start: no model call, nothing written', async () => {
    bench = await startBench();
    await bench.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: bench.pr, labels: ['needs-human-review'] });
    const result = await runWriteTests(bench.deps({ model: () => { throw new Error('no model needed when frozen'); } }));
    expect(result).toMatchObject({ status: 'frozen', attempts: 0 });
    expect(bench.oai.requests).toEqual([]);
  });

  test('the branch moved between the run and the push: fetched, rebased once, pushed on top', async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author' }, reply: answer(DISCOUNT_TEST_PATCH) });
    const b = bench;
    let human = '';
    const humanPushesMeanwhile: RunTestsFn = async (options) => {
      const result = await runTests(options);
      human = await b.pushFromElsewhere('README.md', '# shop\n\nEdited by a human.\n', 'docs: readme');
      return result;
    };

    const result = await runWriteTests(bench.deps({ runTests: humanPushesMeanwhile }));

    expect(result.status).toBe('pushed');
    const head = bench.remoteHead();
    expect(head).toBe(result.commit);
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
