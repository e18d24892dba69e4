import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { ConfigurationError, type PolicyInput } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import {
  BEST_ATTEMPT_DIFF,
  BEST_ATTEMPT_OUTPUT,
  DEFAULT_MAX_FILE_CHARS,
  IMPLEMENT_FILE,
  ImplementEvidenceSchema,
  ImplementProposalSchema,
  PROPOSAL_FILES,
  TESTS_FILE,
  TestsEvidenceSchema,
} from '../src/delivery/index.js';
import { runImplement } from '../src/implement/index.js';
import {
  BRANCH,
  CART_JS,
  CART_TEST_JS,
  DISCOUNT_TEST_FILE,
  GOOD_IMPLEMENTATION,
  implementationPatch,
  OWNER,
  RED_TEST_ID,
  REPO,
  SHOP_FILES,
  WRONG_IMPLEMENTATION,
  git,
  planFile,
  startBench,
  userMessages,
  type Bench,
  redTestsEvidence,
} from './delivery-bench.js';
import { PlanFileSchema } from '../src/plan/plan-schema.js';
import { REVIEW_FEEDBACK_FILE, ReviewFeedbackSchema } from '../src/review/index.js';

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

/** A PR branch whose head is the test commit publish made for write-tests (red test and count as trailers), and its red evidence in the dossier. */
async function benchAtTestCommit(policy: PolicyInput = {}): Promise<Bench> {
  const b = await startBench({
    policy,
    branchFiles: { 'test/discount.test.js': DISCOUNT_TEST_FILE },
    branchMessage: `test: cover applyDiscount\n\nTests first for #1.\n\nRed-Test: ${RED_TEST_ID}\nTests-Run: 2`,
  });
  const evidence = redTestsEvidence(b);
  b.dossier.writeJson(TESTS_FILE, evidence, TestsEvidenceSchema);
  return b;
}

const answer = (patch: string, kind: 'feat' | 'fix' = 'feat', summary = 'add applyDiscount') => ({ patch, summary, kind });

describe('implement', () => {
  test('happy path: green becomes a proposal; publish commits it as feat:, the tests pass at that commit, green evidence recorded', async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer', schemaName: 'implementation_patch' }, reply: answer(GOOD_IMPLEMENTATION) });
    const testCommit = bench.remoteHead();

    const result = await runImplement(bench.deps({ modelName: 'gpt-4.1-mini' }));

    expect(result).toMatchObject({ status: 'green', attempts: 1 });
    expect(bench.remoteHead()).toBe(testCommit);
    expect(git(bench.workspace, 'status', '--porcelain')).toBe('');
    expect(bench.dossier.readJson(PROPOSAL_FILES.implement, ImplementProposalSchema)).toMatchObject({
      kind: 'implement',
      baseSha: testCommit,
      files: ['src/cart.js'],
    });

    const published = await bench.publish('implement');
    const head = bench.remoteHead();
    expect(published).toMatchObject({ status: 'pushed', commit: head, files: ['src/cart.js'] });
    expect(git(bench.bare, 'rev-parse', `${head}^`)).toBe(testCommit);
    expect(git(bench.bare, 'log', '-1', '--format=%s', head)).toBe('feat: add applyDiscount');
    expect(git(bench.bare, 'show', '--name-only', '--format=', head)).toBe('src/cart.js');
    // The tests fail at the test commit and pass at the implementation commit.
    expect(bench.runTestsAt(testCommit).exitCode).not.toBe(0);
    expect(bench.runTestsAt(head).exitCode).toBe(0);

    const evidence = bench.dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)!;
    expect(evidence).toMatchObject({
      status: 'green',
      commit: head,
      baseSha: testCommit,
      kind: 'feat',
      attempts: 1,
      best: null,
      redNowPassing: [RED_TEST_ID],
    });
    expect(evidence.passing).toEqual(expect.arrayContaining([RED_TEST_ID, 'test/cart.test.js::sums line totals']));
    const messages = bench.oai.requests[0]!.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]!.content).toContain('implementer');
    expect(messages.at(-1)!.content).toContain(RED_TEST_ID);
    expect(messages.map((m) => m.content).join('\n')).toContain('may not be edited, renamed or deleted: test/discount.test.js');
    expect(bench.oai.requests[0]!.body.model).toBe('gpt-4.1-mini');
  });

  test("a review's blocking findings on this head go to the implementer as feedback; about another head, or closed, they do not", async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer', schemaName: 'implementation_patch' }, reply: answer(GOOD_IMPLEMENTATION) });
    const head = bench.remoteHead();
    const feedback = (headSha: string, open: boolean) => ({
      version: 1,
      runId: 1,
      headSha,
      round: 1,
      open,
      findings: [
        {
          source: 'review',
          path: 'src/cart.js',
          line: 4,
          severity: 'blocking',
          title: 'Rounds percentages down',
          body: 'Use Math.round.',
          fingerprint: '0123456789abcdef',
        },
      ],
    });
    const prompts = async (value: object) => {
      bench!.dossier.writeJson(REVIEW_FEEDBACK_FILE, value, ReviewFeedbackSchema);
      const before = userMessages(bench!.oai, 'implementer').length;
      await runImplement(bench!.deps());
      return userMessages(bench!.oai, 'implementer').slice(before).flat().join('\n');
    };
    expect(await prompts(feedback(head, true))).toContain('src/cart.js:4 Rounds percentages down');
    expect(await prompts(feedback(bench.baseSha, true))).not.toContain('Rounds percentages down');
    expect(await prompts(feedback(head, false))).not.toContain('Rounds percentages down');
  });

  test('a refused patch goes back to the model; the next one is applied', async () => {
    bench = await benchAtTestCommit();
    const outside = `--- /dev/null\n+++ b/.github/workflows/release.yml\n@@ -0,0 +1 @@\n+on: push\n`;
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(outside + GOOD_IMPLEMENTATION), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION, 'fix', 'round discounts to cents') });

    const result = await runImplement(bench.deps());
    await bench.publish('implement');

    expect(result.status).toBe('green');
    expect(result.evidence.history.map((h) => h.outcome)).toEqual(['refused', 'green']);
    const feedback = userMessages(bench.oai, 'implementer')[1]!.at(-1)!;
    expect(feedback).toContain('[denied-path] .github/workflows/release.yml');
    expect(git(bench.bare, 'log', '-1', '--format=%s', bench.remoteHead())).toBe('fix: round discounts to cents');
    expect(git(bench.bare, 'show', '--name-only', '--format=', bench.remoteHead())).toBe('src/cart.js');
  });

  test('a long file is shown as an excerpt for the plan; a whole-file block over it is refused, the diff that follows applied', async () => {
    // Over the per-file cap: helpers after cartTotal, which a whole-file block written from the excerpt would drop.
    const helpers = Array.from(
      { length: 700 },
      (_, i) => `export function shippingBand${i}(grams) {\n  return grams > ${i * 100} ? ${i} : 0;\n}\n`,
    ).join('');
    const longCart = `${CART_JS}${helpers}`;
    expect(longCart.length).toBeGreaterThan(DEFAULT_MAX_FILE_CHARS);
    bench = await startBench({
      files: { ...SHOP_FILES, 'src/cart.js': longCart },
      branchFiles: { 'test/discount.test.js': DISCOUNT_TEST_FILE },
      branchMessage: `test: cover applyDiscount\n\nTests first for #1.\n\nRed-Test: ${RED_TEST_ID}\nTests-Run: 2`,
    });
    bench.dossier.writeJson(TESTS_FILE, redTestsEvidence(bench), TestsEvidenceSchema);
    const wholeFile = `*** Begin File: src/cart.js\n${CART_JS}\nexport function applyDiscount(cents, percent) {\n  return Math.round((cents * (100 - percent)) / 100);\n}\n*** End File\n`;
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(wholeFile), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });

    const result = await runImplement(bench.deps());
    await bench.publish('implement');

    expect(result.evidence.history.map((h) => h.outcome)).toEqual(['refused', 'green']);
    const [first, second] = userMessages(bench.oai, 'implementer');
    expect(first!.join('\n')).toMatch(/file src\/cart\.js \(an excerpt for the plan: lines 1–\d+/);
    expect(second!.at(-1)).toContain('[shown-in-part] src/cart.js');
    const published = git(bench.bare, 'show', `${bench.remoteHead()}:src/cart.js`);
    expect(published).toContain('export function applyDiscount(cents, percent) {');
    expect(published).toContain('export function shippingBand699(grams) {');
  });

  test('a diff that edits or deletes the tests written first is refused with the tests-first reason', async () => {
    bench = await benchAtTestCommit({ limits: { attempts: 3 } });
    const weaken = `--- a/test/discount.test.js\n+++ b/test/discount.test.js\n@@ -5,3 +5,3 @@\n test('AC1: applyDiscount takes a percentage off', () => {\n-  assert.equal(cart.applyDiscount?.(1000, 10), 900);\n+  assert.ok(true);\n });\n`;
    const remove = `--- a/test/discount.test.js\n+++ /dev/null\n@@ -1,7 +0,0 @@\n${DISCOUNT_TEST_FILE.trimEnd()
      .split('\n')
      .map((l) => `-${l}`)
      .join('\n')}\n`;
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(weaken), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(remove), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });

    const result = await runImplement(bench.deps());
    await bench.publish('implement');

    expect(result.evidence.history.map((h) => h.outcome)).toEqual(['refused', 'refused', 'green']);
    for (const i of [1, 2]) {
      expect(userMessages(bench.oai, 'implementer')[i]!.at(-1)).toContain(
        'test/discount.test.js holds the tests written first for this change (tests-first)',
      );
    }
    expect(git(bench.bare, 'show', `${bench.remoteHead()}:test/discount.test.js`)).toBe(DISCOUNT_TEST_FILE.trimEnd());
  });

  test('failing tests go back to the model from a clean tree; the next attempt is green', async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(WRONG_IMPLEMENTATION), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });

    const result = await runImplement(bench.deps());
    await bench.publish('implement');

    expect(result.evidence.history.map((h) => [h.outcome, h.failed])).toEqual([
      ['tests-failed', 1],
      ['green', 0],
    ]);
    const feedback = userMessages(bench.oai, 'implementer')[1]!.at(-1)!;
    expect(feedback).toContain(RED_TEST_ID);
    expect(feedback).toContain('990');
    // The second patch applied to the original file: the first attempt's change was discarded.
    expect(git(bench.bare, 'show', `${bench.remoteHead()}:src/cart.js`)).not.toContain('cents - percent');
    expect(bench.runTestsAt(bench.remoteHead()).exitCode).toBe(0);
  });

  test('never green: nothing proposed, the best attempt in the dossier; publish posts an escalation comment with next steps', async () => {
    bench = await benchAtTestCommit({ limits: { attempts: 2 } });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(WRONG_IMPLEMENTATION) });
    const before = bench.remoteHead();

    const result = await runImplement(bench.deps());
    expect((await bench.publish('implement')).status).toBe('escalated');

    expect(result).toMatchObject({ status: 'escalated', proposal: null, attempts: 2 });
    expect(bench.remoteHead()).toBe(before);
    expect(git(bench.workspace, 'rev-parse', 'HEAD')).toBe(before);
    expect(git(bench.workspace, 'status', '--porcelain')).toBe('');
    const evidence = bench.dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)!;
    expect(evidence).toMatchObject({
      status: 'escalated',
      commit: null,
      best: { attempt: 2, failed: 1, diffFile: BEST_ATTEMPT_DIFF, outputFile: BEST_ATTEMPT_OUTPUT },
    });
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
    await bench.publish('implement');
    const { data: again } = await bench.octokit.rest.issues.listComments({ owner: OWNER, repo: REPO, issue_number: bench.pr });
    expect(again.map((c) => c.id)).toEqual([comments[0]!.id]);
  });

  test('the freeze label added between implement and publish: nothing pushed, publish says frozen', async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });
    const before = bench.remoteHead();
    expect((await runImplement(bench.deps())).status).toBe('green');
    await bench.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: bench.pr, labels: ['needs-human-review'] });

    expect(await bench.publish('implement')).toMatchObject({ status: 'frozen', commit: null });
    expect(bench.remoteHead()).toBe(before);
  });

  test('the default freeze label stops publish even when the policy names another one', async () => {
    bench = await benchAtTestCommit({ labels: { freeze: 'stop-the-bot' } });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });
    const before = bench.remoteHead();
    await runImplement(bench.deps());
    await bench.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: bench.issue, labels: ['needs-human-review'] });

    expect(await bench.publish('implement')).toMatchObject({ status: 'frozen' });
    expect(bench.remoteHead()).toBe(before);
  });

  test('the branch moved between implement and publish: rebased once and pushed on top of the other commit', async () => {
    bench = await benchAtTestCommit();
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });
    expect((await runImplement(bench.deps())).status).toBe('green');
    const human = await bench.pushFromElsewhere('README.md', '# shop\n\nDiscounts soon.\n', 'docs: mention discounts');

    const published = await bench.publish('implement');

    expect(published).toMatchObject({ status: 'pushed', rebased: true });
    expect(git(bench.bare, 'rev-parse', `${bench.remoteHead()}^`)).toBe(human);
    expect(bench.dossier.readJson(IMPLEMENT_FILE, ImplementEvidenceSchema)).toMatchObject({
      status: 'green',
      rebased: true,
      commit: bench.remoteHead(),
    });
  });

  test('the protected tests come from git: a forged tests.json that lists no test files does not unprotect them', async () => {
    bench = await benchAtTestCommit({ limits: { attempts: 2 } });
    const forged = { ...bench.dossier.readJson(TESTS_FILE, TestsEvidenceSchema)!, testFiles: ['test/unrelated.test.js'], failing: [] };
    bench.dossier.writeJson(TESTS_FILE, forged, TestsEvidenceSchema);
    const gut = `--- a/test/discount.test.js\n+++ b/test/discount.test.js\n@@ -5,3 +5,3 @@\n test('AC1: applyDiscount takes a percentage off', () => {\n-  assert.equal(cart.applyDiscount?.(1000, 10), 900);\n+  assert.ok(true);\n });\n`;
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(gut) });

    const result = await runImplement(bench.deps());

    expect(result.status).toBe('escalated');
    expect(result.evidence.history.map((h) => h.outcome)).toEqual(['refused', 'refused']);
    expect(result.evidence.history[0]!.detail).toContain('test/discount.test.js holds the tests written first');
  });

  test('fake green: a patch that changes the test script or adds test-runner configuration is refused', async () => {
    bench = await benchAtTestCommit({ limits: { attempts: 3 } });
    const script = `--- a/package.json\n+++ b/package.json\n@@ -5,5 +5,5 @@\n   "type": "module",\n   "scripts": {\n-    "test": "node --test"\n+    "test": "node -e 0"\n   }\n }\n`;
    const config = `--- /dev/null\n+++ b/jest.config.js\n@@ -0,0 +1 @@\n+export default { testPathIgnorePatterns: ['discount'] };\n`;
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(script), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(config), times: 1 });
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(GOOD_IMPLEMENTATION) });

    const result = await runImplement(bench.deps());

    expect(result.evidence.history.map((h) => h.outcome)).toEqual(['refused', 'refused', 'green']);
    expect(result.evidence.history[0]!.detail).toContain('package.json: "scripts" changed');
    expect(result.evidence.history[1]!.detail).toContain('jest.config.js');
  });

  test('fake green: code that exits the process on import passes the command but not the red tests, so it is not green', async () => {
    bench = await benchAtTestCommit({ limits: { attempts: 1 } });
    const exitOnImport = implementationPatch('return 0;')
      .replace('+/** Price after a percentage discount, in cents. */', '+process.exit(0);\n+/** Price after a percentage discount, in cents. */')
      .replace('@@ -4,3 +4,8 @@', '@@ -4,3 +4,9 @@');
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(exitOnImport) });
    const before = bench.remoteHead();

    const result = await runImplement(bench.deps());

    expect(result.status).toBe('escalated');
    expect(result.evidence.history[0]!.detail).toContain('not green');
    expect(bench.dossier.readText(PROPOSAL_FILES.implement)).toBeNull();
    expect(bench.remoteHead()).toBe(before);
  });

  test('fake green: deleting other tests so fewer run is not green', async () => {
    bench = await benchAtTestCommit({ limits: { attempts: 1 } });
    const drop = `${GOOD_IMPLEMENTATION}--- a/test/cart.test.js\n+++ /dev/null\n@@ -1,7 +0,0 @@\n${CART_TEST_JS.trimEnd()
      .split('\n')
      .map((l) => `-${l}`)
      .join('\n')}\n`;
    bench.oai.script({ match: { role: 'implementer' }, reply: answer(drop) });

    const result = await runImplement(bench.deps());

    expect(result.status).toBe('escalated');
    expect(result.evidence.history[0]!.detail).toContain('fewer than the 2 the red run ran');
  });

  test('without a test: commit on the branch while tests come first: a configuration error naming tests-first', async () => {
    bench = await startBench();
    const dossier = Dossier.create({ repository: `${OWNER}/${REPO}`, pr: bench.pr, issue: bench.issue, branch: BRANCH });
    dossier.writeJson('plan.json', { ...planFile(), issue: bench.issue, pr: bench.pr }, PlanFileSchema);
    const error = await runImplement(bench.deps({ dossier })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^tests-first: .*has no "test:" commit/);
  });
});
