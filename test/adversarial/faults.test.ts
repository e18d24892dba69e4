/**
 * Bad days: GitHub answering 500/502, secondary rate limits (403 and 429) and dropped connections while publish
 * pushes; the model answering 429/500, timing out, truncating, sending broken JSON or refusing while implement
 * works; the branch moving between propose and publish. Whatever happens, no commit is lost (ours or a human's),
 * none is made twice when the job is re-run, and nothing the model did not validly propose is pushed.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { AgentError, createOctokit, manualClock } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { createModelClient, Ledger } from '@eternia/llm';
import { PROPOSAL_FILES, TESTS_FILE, TestsEvidenceSchema, type TestsEvidence } from '@eternia/roles/delivery';
import { runImplement } from '@eternia/roles/implement';
import { runWriteTests } from '@eternia/roles/write-tests';
import { PlanFileSchema } from '@eternia/roles/plan';
import {
  BRANCH,
  DISCOUNT_TEST_FILE,
  DISCOUNT_TEST_PATCH,
  GOOD_IMPLEMENTATION,
  OWNER,
  RED_TEST_ID,
  REPO,
  TOKEN,
  planFile,
  startBench,
  type Bench,
  redTestsEvidence,
} from '../../packages/roles/test/delivery-bench.js';
import type { FaultRule as GitHubFault, OpenAIFaultRule as ModelFault } from '@eternia/testkit';
import { gitOut } from './harness/inspect.js';
import { record, total, type Measurement } from './harness/record.js';

jest.setTimeout(300_000);

function commitsSince(b: Bench, origin: string): string[] {
  const head = b.remoteHead();
  return head === origin ? [] : gitOut(b.bare, 'log', '--format=%s', `${origin}..${head}`).split('\n').filter(Boolean);
}

describe('GitHub faults while publish pushes; re-runs', () => {
  let bench: Bench;
  let dossier: Dossier;
  beforeAll(async () => {
    bench = await startBench();
    bench.oai.script({ match: { role: 'test-author' }, reply: { patch: DISCOUNT_TEST_PATCH, summary: 'cover applyDiscount', covers: ['AC1'] } });
    dossier = Dossier.create({ repository: `${OWNER}/${REPO}`, pr: bench.pr, issue: bench.issue, branch: BRANCH });
    dossier.writeJson('plan.json', { ...planFile(), issue: bench.issue, pr: bench.pr }, PlanFileSchema);
    expect((await runWriteTests(bench.deps({ dossier }))).status).toBe('proposed');
  });
  afterAll(async () => {
    await bench?.close();
  });

  const faults: Array<[string, Omit<GitHubFault, 'times'>]> = [
    ['github-500', { status: 500 }],
    ['github-502', { status: 502 }],
    ['github-403-secondary', { status: 403, secondaryRateLimit: true, retryAfter: 1 }],
    ['github-429', { status: 429, retryAfter: 1 }],
    ['github-dropped-connection', { drop: true }],
    ['github-500-until-the-second-re-run', { status: 500, method: 'GET' }],
  ];

  test.each(faults)('%s: the commit lands exactly once after re-runs, nothing lost', async (name, fault) => {
    const origin = bench.remoteHead();
    // A job client as the actions build it: retries and rate-limit handling on.
    // Its waits before retries go to a manual clock: recorded, returning at once.
    const clock = manualClock();
    const octokit = createOctokit({ token: TOKEN, baseUrl: bench.gh.url, fetch: globalThis.fetch, retries: 1, maxRetryAfterSeconds: 5, clock });
    bench.gh.faults.add({ ...fault, times: name.includes('until') ? 4 : 1 });
    const outcomes: string[] = [];
    // The job, then two re-runs of it (as "Re-run failed jobs" and "Re-run all jobs" would).
    for (let run = 0; run < 3; run++) {
      try {
        outcomes.push((await bench.publish('tests', { dossier, octokit })).status);
      } catch (error) {
        outcomes.push(`error: ${(error as Error).message.slice(0, 120)}`);
        if (!(error instanceof AgentError)) outcomes.push('(not a typed error)');
      }
    }
    bench.gh.faults.clear();
    const subjects = commitsSince(bench, origin);
    const ours = subjects.filter((s) => s === 'test: cover applyDiscount').length;
    const m: Measurement = {
      test: `fault:${name}`,
      counts: {
        lostCommits: ours === 0 ? 1 : 0,
        duplicates: Math.max(0, ours - 1),
        escapes: outcomes.filter((o) => o.includes('not a typed')).length,
      },
      faults: [name],
      details: [`outcomes: ${outcomes.join(' | ')}; commits: ${subjects.join(', ')}`],
    };
    record(m);
    gitOut(bench.bare, 'update-ref', `refs/heads/${BRANCH}`, origin);
    expect(m.counts).toEqual({ lostCommits: 0, duplicates: 0, escapes: 0 });
    expect(total(m)).toBe(0);
    // The fault was retried after a wait on the clock (the back-off, or the wait GitHub's answer asked for).
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(clock.sleeps.every((ms) => ms >= 1000 && ms <= 5000)).toBe(true);
  });
});

describe('model faults while implement works', () => {
  let bench: Bench;
  let tests: TestsEvidence;
  beforeAll(async () => {
    bench = await startBench({
      branchFiles: { 'test/discount.test.js': DISCOUNT_TEST_FILE },
      branchMessage: `test: cover applyDiscount\n\nRed-Test: ${RED_TEST_ID}\nTests-Run: 2`,
    });
    tests = redTestsEvidence(bench);
    bench.oai.script({ match: { role: 'implementer' }, reply: { patch: GOOD_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' } });
  });
  afterAll(async () => {
    await bench?.close();
  });

  const faults: Array<[string, Omit<ModelFault, 'times' | 'match'>]> = [
    ['model-429', { kind: '429', retryAfter: 0.2 }],
    ['model-500', { kind: '500' }],
    ['model-timeout', { kind: 'timeout' }],
    ['model-truncated', { kind: 'truncated' }],
    ['model-malformed-json', { kind: 'malformed-json' }],
    ['model-refusal', { kind: 'refusal' }],
  ];

  test.each(faults)('%s: a clean outcome, only a validated green patch is proposed, nothing pushed by this job', async (name, fault) => {
    const origin = bench.remoteHead();
    const dossier = Dossier.create({ repository: `${OWNER}/${REPO}`, pr: bench.pr, issue: bench.issue, branch: BRANCH });
    dossier.writeJson('plan.json', { ...planFile(), issue: bench.issue, pr: bench.pr }, PlanFileSchema);
    dossier.writeJson(TESTS_FILE, tests, TestsEvidenceSchema);
    const model = createModelClient({ apiKey: 'sk-test', baseURL: bench.oai.url, ledger: new Ledger(), maxRetries: 1, timeoutMs: 1_500 });
    bench.oai.fault({ ...fault, match: { role: 'implementer' }, times: 2 });
    let outcome: string;
    try {
      outcome = (
        await runImplement(bench.deps({ dossier, model: () => model, policy: { ...bench.policy, limits: { ...bench.policy.limits, attempts: 3 } } }))
      ).status;
    } catch (error) {
      outcome = error instanceof AgentError ? `error (${error.kind})` : `untyped error: ${(error as Error).message}`;
    }
    const proposal = dossier.readText(PROPOSAL_FILES.implement);
    const details: string[] = [];
    if (outcome.startsWith('untyped')) details.push(outcome);
    if (proposal && JSON.parse(proposal).patch !== GOOD_IMPLEMENTATION) details.push('proposed something the model did not validly answer');
    if (outcome === 'green' && !proposal) details.push('green without a proposal');
    const m: Measurement = {
      test: `fault:${name}`,
      counts: { escapes: details.length, lostCommits: bench.remoteHead() === origin ? 0 : 1 },
      faults: [name],
      details: [`outcome: ${outcome}`, ...details],
    };
    record(m);
    expect(details).toEqual([]);
    expect(total(m)).toBe(0);
  });
});

describe('the branch moves between propose and publish', () => {
  let bench: Bench;
  afterAll(async () => {
    await bench?.close();
  });

  test('moved-branch: a human commit lands meanwhile: neither it nor ours is lost, and a re-run pushes nothing twice', async () => {
    bench = await startBench({
      branchFiles: { 'test/discount.test.js': DISCOUNT_TEST_FILE },
      branchMessage: `test: cover applyDiscount\n\nRed-Test: ${RED_TEST_ID}\nTests-Run: 2`,
    });
    const origin = bench.remoteHead();
    bench.oai.script({ match: { role: 'implementer' }, reply: { patch: GOOD_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' } });
    expect((await runImplement(bench.deps())).status).toBe('green');
    const human = await bench.pushFromElsewhere('README.md', '# shop\n\nDiscounts soon.\n', 'docs: mention discounts');
    const first = await bench.publish('implement');
    // Re-run of the same publish job: the proposal is already on the branch.
    const again = await bench.publish('implement').catch((e: unknown) => ({ status: `error: ${(e as Error).message.slice(0, 100)}` }));
    const subjects = commitsSince(bench, origin);
    const lost = gitOut(bench.bare, 'merge-base', '--is-ancestor', human, bench.remoteHead()) === '' ? 0 : 1;
    const ours = subjects.filter((s) => s === 'feat: add applyDiscount').length;

    const m: Measurement = {
      test: 'fault:moved-branch',
      counts: { lostCommits: lost + (ours === 0 ? 1 : 0), duplicates: Math.max(0, ours - 1) },
      faults: ['moved-branch', 'publish-re-run'],
      details: [`first: ${first.status}, re-run: ${again.status}, commits: ${subjects.join(', ')}`],
    };
    record(m);
    expect(first).toMatchObject({ status: 'pushed', rebased: true });
    expect(ours).toBe(1);
    expect(total(m)).toBe(0);
  });
});

describe("a forged dossier (another run's artifact, or edited in between)", () => {
  let bench: Bench;
  afterAll(async () => {
    await bench?.close();
  });

  test('forged-dossier: a proposal of another run, one that widens the policy, and red evidence without the protected tests push nothing', async () => {
    bench = await startBench({
      branchFiles: { 'test/discount.test.js': DISCOUNT_TEST_FILE },
      branchMessage: `test: cover applyDiscount\n\nRed-Test: ${RED_TEST_ID}\nTests-Run: 2`,
    });
    const origin = bench.remoteHead();
    const outcomes: string[] = [];
    const attempt = async (what: string, run: () => Promise<unknown>) => {
      try {
        outcomes.push(`${what}: ${JSON.stringify(await run()).slice(0, 80)}`);
      } catch (error) {
        outcomes.push(`${what}: refused (${(error as Error).message.slice(0, 80)})`);
      }
    };
    const gut = `--- a/test/discount.test.js\n+++ b/test/discount.test.js\n@@ -5,3 +5,3 @@\n test('AC1: applyDiscount takes a percentage off', () => {\n-  assert.equal(cart.applyDiscount?.(1000, 10), 900);\n+  assert.ok(true);\n });\n`;
    // 1. tests.json that protects nothing, then an implementer that guts the red test.
    const dossier = Dossier.create({ repository: `${OWNER}/${REPO}`, pr: bench.pr, issue: bench.issue, branch: BRANCH });
    dossier.writeJson('plan.json', { ...planFile(), issue: bench.issue, pr: bench.pr }, PlanFileSchema);
    dossier.writeJson(
      TESTS_FILE,
      {
        version: 1,
        status: 'red',
        commit: origin,
        codeSha: gitOut(bench.bare, 'rev-parse', `${origin}^`),
        rebased: false,
        testFiles: ['test/unrelated.test.js'],
        covers: ['AC1'],
        summary: 'x',
        command: ['node', '--test'],
        failing: [],
        otherFailures: [],
        attempts: 1,
      },
      TestsEvidenceSchema,
    );
    bench.oai.script({
      match: { role: 'implementer' },
      reply: { patch: gut + GOOD_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' },
      times: 1,
    });
    await attempt(
      'implement with forged tests.json',
      async () => (await runImplement(bench.deps({ dossier, policy: { ...bench.policy, limits: { ...bench.policy.limits, attempts: 1 } } }))).status,
    );
    await attempt('publish after it', () => bench.publish('implement', { dossier }).then((r) => r.status));
    // 2. A green proposal of this run, then edited: another run's id, and a patch that also writes the policy file.
    const honest = Dossier.create({ repository: `${OWNER}/${REPO}`, pr: bench.pr, issue: bench.issue, branch: BRANCH });
    honest.writeJson('plan.json', { ...planFile(), issue: bench.issue, pr: bench.pr }, PlanFileSchema);
    bench.oai.script({ match: { role: 'implementer' }, reply: { patch: GOOD_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' } });
    const green = await runImplement(bench.deps({ dossier: honest }));
    const proposal = green.proposal!;
    honest.writeJson(PROPOSAL_FILES.implement, { ...proposal, runId: proposal.runId + 1 });
    await attempt("publish another run's proposal", () => bench.publish('implement', { dossier: honest }).then((r) => r.status));
    const widen = `--- /dev/null\n+++ b/.github/agents.yml\n@@ -0,0 +1 @@\n+labels: { freeze: nobody-uses-this }\n`;
    honest.writeJson(PROPOSAL_FILES.implement, { ...proposal, patch: proposal.patch + widen, files: ['.github/agents.yml', ...proposal.files] });
    await attempt('publish a proposal that writes the policy file', () => bench.publish('implement', { dossier: honest }).then((r) => r.status));

    const head = bench.remoteHead();
    const m: Measurement = {
      test: 'fault:forged-dossier',
      counts: { escapes: head === origin ? 0 : 1 },
      faults: ['forged tests.json', 'proposal of another run', 'proposal widened after validation'],
      details: outcomes,
    };
    record(m);
    expect(gitOut(bench.bare, 'show', `${head}:test/discount.test.js`)).toBe(DISCOUNT_TEST_FILE.trimEnd());
    expect(total(m)).toBe(0);
  });
});
