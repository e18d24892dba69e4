import { afterEach, describe, expect, test } from '@jest/globals';
import { ConfigurationError, type PolicyInput } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { runTests } from '@eternia/tools';
import {
  BEST_ATTEMPT_DIFF, BEST_ATTEMPT_OUTPUT, IMPLEMENT_FILE, ImplementEvidenceSchema, TESTS_FILE, TestsEvidenceSchema, type RunTestsFn, type TestsEvidence,
} from '../src/delivery/index.js';
import { runImplement } from '../src/implement/index.js';
import {
  BRANCH, DISCOUNT_TEST_FILE, GOOD_IMPLEMENTATION, OWNER, RED_TEST_ID, REPO, WRONG_IMPLEMENTATION, git, planFile, startBench, userMessages, type Bench,
} from './delivery-bench.js';
import { PlanFileSchema } from '../src/plan/plan-schema.js';

let bench: Bench | undefined;
afterEach(async () => {
  if (bench) {
    expect(bench.gh.violations).toEqual([]);
    expect(bench.oai.schemaMismatches).toEqual([]);
  }
  await bench?.close();
  bench = undefined;
});

/** A PR branch whose head is the test commit write-tests made, and its red evidence in the dossier. */
async function benchAtTestCommit(policy: PolicyInput = {}): Promise<Bench> {
  const b = await startBench({ policy, branchFiles: { 'test/discount.test.js': DISCOUNT_TEST_FILE }, branchMessage: 'test: cover applyDiscount' });
  const head = b.remoteHead();
  const evidence: TestsEvidence = {
    version: 1, status: 'red', commit: head, codeSha: git(b.bare, 'rev-parse', `${head}^`), rebased: false,
    testFiles: ['test/discount.test.js'], covers: ['AC1'], summary: 'cover applyDiscount', command: ['node', '--test', 'test/'],
    failing: [{ id: RED_TEST_ID, name: 'AC1: applyDiscount takes a percentage off', file: 'test/discount.test.js', line: 6, message: 'undefined !== 900' }],
    otherFailures: [], attempts: 1,
  };
  b.dossier.writeJson(TESTS_FILE, evidence, TestsEvidenceSchema);
  return b;
}

const answer = (patch: string, kind: 'feat' | 'fix' = 'feat', summary = 'add applyDiscount') => ({ patch, summary, kind });

describe('implement', () => {
  test('happy path: green is committed as feat: and pushed, the tests pass at that commit, green evidence recorded', async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer', schemaName: 'implementation_patch' }, reply: answer(GOOD_IMPLEMENTATION) });
    const testCommit = bench.remoteHead();

    const result = await runImplement(bench.deps({ modelName: 'gpt-4.1-mini' }));

    expect(result).toMatchObject({ status: 'green', attempts: 1, comment: null });
    const head = bench.remoteHead();
    expect(head).toBe(result.commit);
    expect(git(bench.bare, 'rev-parse', `${head}^`)).toBe(testCommit);
    expect(git(bench.bare, 'log', '-1', '--format=%s', head)).toBe('feat: add applyDiscount');
    expect(git(bench.bare, 'show', '--name-only', '--format=', head)).toBe('src/cart.js');
    // The tests fail at the test commit and pass at the implementation commit.
    expect(bench.runTestsAt(testCommit).exitCode).not.toBe(0);
    expect(bench.runTestsAt(head).exitCode).toBe(0);

    const evidence = bench.dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)!;
    expect(evidence).toMatchObject({ status: 'green', commit: head, baseSha: testCommit, kind: 'feat', attempts: 1, best: null, redNowPassing: [RED_TEST_ID] });
    expect(evidence.passing).toEqual(expect.arrayContaining([RED_TEST_ID, 'test/cart.test.js::sums line totals']));
    const messages = bench.oai.requests[0]!.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]!.content).toContain('implementer');
    expect(messages.at(-1)!.content).toContain(RED_TEST_ID);
    expect(messages.map((m) => m.content).join('\n')).toContain('may not be edited, renamed or deleted: test/discount.test.js');
    expect(bench.oai.requests[0]!.body.model).toBe('gpt-4.1-mini');
  });

  test('a refused patch goes back to the model; the next one is applied', async () => {
    bench = await benchAtTestCommit();
    const outside = `--- /dev/null\n+++ b/.github/workflows/release.yml\n@@ -0,0 +1 @@\n+on: push\n`;
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(outside + GOOD_IMPLEMENTATION), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION, 'fix', 'round discounts to cents') });

    const result = await runImplement(bench.deps());

    expect(result.status).toBe('green');
    expect(result.evidence.history.map((h) => h.outcome)).toEqual(['refused', 'green']);
    const feedback = userMessages(bench.oai, 'implementer')[1]!.at(-1)!;
    expect(feedback).toContain('[denied-path] .github/workflows/release.yml');
    expect(git(bench.bare, 'log', '-1', '--format=%s', bench.remoteHead())).toBe('fix: round discounts to cents');
    expect(git(bench.bare, 'show', '--name-only', '--format=', bench.remoteHead())).toBe('src/cart.js');
  });

  test('a diff that edits or deletes the tests written first is refused with the tests-first reason', async () => {
    bench = await benchAtTestCommit({ limits: { attempts: 3 } });
    const weaken = `--- a/test/discount.test.js\n+++ b/test/discount.test.js\n@@ -5,3 +5,3 @@\n test('AC1: applyDiscount takes a percentage off', () => {\n-  assert.equal(cart.applyDiscount?.(1000, 10), 900);\n+  assert.ok(true);\n });\n`;
    const remove = `--- a/test/discount.test.js\n+++ /dev/null\n@@ -1,7 +0,0 @@\n${DISCOUNT_TEST_FILE.trimEnd().split('\n').map((l) => `-${l}`).join('\n')}\n`;
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(weaken), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(remove), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });

    const result = await runImplement(bench.deps());

    expect(result.evidence.history.map((h) => h.outcome)).toEqual(['refused', 'refused', 'green']);
    for (const i of [1, 2]) {
      expect(userMessages(bench.oai, 'implementer')[i]!.at(-1)).toContain('test/discount.test.js holds the tests written first for this change (tests-first)');
    }
    expect(git(bench.bare, 'show', `${bench.remoteHead()}:test/discount.test.js`)).toBe(DISCOUNT_TEST_FILE.trimEnd());
  });

  test('failing tests go back to the model from a clean tree; the next attempt is green', async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(WRONG_IMPLEMENTATION), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });

    const result = await runImplement(bench.deps());

    expect(result.evidence.history.map((h) => [h.outcome, h.failed])).toEqual([['tests-failed', 1], ['green', 0]]);
    const feedback = userMessages(bench.oai, 'implementer')[1]!.at(-1)!;
    expect(feedback).toContain(RED_TEST_ID);
    expect(feedback).toContain('990');
    // The second patch applied to the original file: the first attempt's change was discarded.
    expect(git(bench.bare, 'show', `${bench.remoteHead()}:src/cart.js`)).not.toContain('cents - percent');
    expect(bench.runTestsAt(bench.remoteHead()).exitCode).toBe(0);
  });

  test('never green: nothing pushed, the best attempt in the dossier, an escalation comment with next steps', async () => {
    bench = await benchAtTestCommit({ limits: { attempts: 2 } });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(WRONG_IMPLEMENTATION) });
    const before = bench.remoteHead();

    const result = await runImplement(bench.deps());

    expect(result).toMatchObject({ status: 'escalated', commit: null, attempts: 2 });
    expect(bench.remoteHead()).toBe(before);
    expect(git(bench.workspace, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(bench.workspace, 'status', '--porcelain')).toBe('');
    const evidence = bench.dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)!;
    expect(evidence).toMatchObject({ status: 'escalated', commit: null, best: { attempt: 2, failed: 1, diffFile: BEST_ATTEMPT_DIFF, outputFile: BEST_ATTEMPT_OUTPUT } });
    expect(bench.dossier.readText(BEST_ATTEMPT_DIFF)).toContain('+  return cents - percent;');
    expect(bench.dossier.readText(BEST_ATTEMPT_DIFF)).toContain('diff --git a/src/cart.js b/src/cart.js');
    expect(bench.dossier.readText(BEST_ATTEMPT_OUTPUT)).toContain('990');

    const { data: comments } = await bench.octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: bench.pr });
    expect(comments).toHaveLength(1);
    const body = comments[0]!.body!;
    expect(body).toContain('<!-- eternia-agents:sticky:escalation -->');
    expect(body).toContain('not green after 2 attempt(s)');
    expect(body).toContain('Nothing was pushed');
    expect(body).toContain('best-attempt.diff');
    expect(body).toContain('Next steps');
    expect(comments[0]!.user!.login).toBe('github-actions[bot]');

    // A second escalation updates the same comment instead of adding one.
    await runImplement(bench.deps());
    const { data: again } = await bench.octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: bench.pr });
    expect(again.map((c) => c.id)).toEqual([comments[0]!.id]);
  });

  test('the freeze label added right before the push: nothing pushed, status frozen', async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });
    const b = bench;
    const labelAfterTests: RunTestsFn = async (options) => {
      const result = await runTests(options);
      await b.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: b.pr, labels: ['needs-human-review'] });
      return result;
    };
    const before = bench.remoteHead();

    const result = await runImplement(bench.deps({ runTests: labelAfterTests }));

    expect(result).toMatchObject({ status: 'frozen', commit: null });
    expect(bench.remoteHead()).toBe(before);
    expect(bench.dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)).toMatchObject({ status: 'frozen', commit: null });
  });

  test('the branch moved before the push: rebased once and pushed on top of the other commit', async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });
    const b = bench;
    let human = '';
    const humanPushes: RunTestsFn = async (options) => {
      const result = await runTests(options);
      human = await b.pushFromElsewhere('README.md', '# shop\n\nDiscounts soon.\n', 'docs: mention discounts');
      return result;
    };

    const result = await runImplement(bench.deps({ runTests: humanPushes }));

    expect(result.status).toBe('green');
    expect(git(bench.bare, 'rev-parse', `${bench.remoteHead()}^`)).toBe(human);
    expect(result.evidence.rebased).toBe(true);
  });

  test('without tests.json while tests come first: a configuration error naming the file', async () => {
    bench = await startBench();
    const dossier = Dossier.create({ repository: `${OWNER}/${REPO}`, pr: bench.pr, issue: bench.issue, branch: BRANCH });
    dossier.writeJson('plan.json', { ...planFile(), issue: bench.issue, pr: bench.pr }, PlanFileSchema);
    const error = await runImplement(bench.deps({ dossier })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^dossier file 'tests\.json': .*write-tests job has not run/);
  });
});
