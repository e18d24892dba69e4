/**
 * The flow under pressure: the freeze label added between every pair of jobs (plan, write-tests, publish,
 * implement, publish), three supervisors on one issue (two at once), a sticky comment re-posted by re-runs, and
 * the run's token and cost caps, enforced by the model client and by the model proxy.
 */
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { budgetOf, BudgetExceededError, DEFAULT_POLICY, policySchema, type PolicyInput } from '@eternia/core';
import { Dossier } from '@eternia/dossier';
import { createModelClient, Ledger, startModelProxy, type ModelClient } from '@eternia/llm';
import { TESTS_FILE, TestsEvidenceSchema } from '@eternia/roles/delivery';
import { runImplement } from '@eternia/roles/implement';
import { runSupervisor } from '@eternia/roles/supervisor';
import { runWriteTests } from '@eternia/roles/write-tests';
import { PlanFileSchema, runPlan } from '@eternia/roles/plan';
import {
  BRANCH,
  DISCOUNT_TEST_FILE,
  DISCOUNT_TEST_PATCH,
  GOOD_IMPLEMENTATION,
  OWNER,
  RED_TEST_ID,
  REPO,
  WRONG_IMPLEMENTATION,
  planFile,
  startBench,
  type Bench,
  redTestsEvidence,
} from '../../packages/roles/test/delivery-bench.js';
import { BOT as PLAN_BOT, PROMPTS_DIR, openAgentPull, planAnswer, repo as planRepo, startPlanBench } from '../../packages/roles/test/plan-bench.js';
import { BOT, quietLog, supervisorFixture } from '../../packages/roles/test/supervisor-fixture.js';
import { CANARIES, countSecrets } from './harness/canaries.js';
import { gitOut } from './harness/inspect.js';
import { record, total, type Measurement } from './harness/record.js';

jest.setTimeout(300_000);

const FREEZE = 'needs-human-review';

describe('the freeze label between every pair of jobs', () => {
  const JOBS = ['write-tests', 'publish tests', 'implement', 'publish implement'] as const;
  // gap i: the label is added right before JOBS[i] (after plan, write-tests, publish, implement); 4: never (control).
  const gaps: Array<[string, number, 'pr' | 'issue', PolicyInput]> = [
    ['plan | write-tests', 0, 'pr', {}],
    ['write-tests | publish', 1, 'issue', {}],
    ['publish | implement', 2, 'pr', {}],
    ['implement | publish', 3, 'issue', {}],
    ['implement | publish, policy names another freeze label', 3, 'pr', { labels: { freeze: 'stop-the-bot' } }],
  ];

  async function runJob(b: Bench, job: (typeof JOBS)[number]): Promise<string> {
    try {
      switch (job) {
        case 'write-tests':
          return (await runWriteTests(b.deps())).status;
        case 'publish tests':
          return (await b.publish('tests')).status;
        case 'implement':
          // The implement job checks out the branch as it is now.
          gitOut(b.workspace, 'fetch', '--quiet', 'origin');
          gitOut(b.workspace, 'reset', '--quiet', '--hard', `origin/${BRANCH}`);
          return (await runImplement(b.deps())).status;
        case 'publish implement':
          return (await b.publish('implement')).status;
      }
    } catch (error) {
      return `error: ${(error as Error).message.slice(0, 100)}`;
    }
  }

  async function flow(
    gap: number,
    where: 'pr' | 'issue',
    policy: PolicyInput,
  ): Promise<{ pushedAfter: number; pushedTotal: number; outcomes: string[] }> {
    const b = await startBench({ policy });
    try {
      b.oai.script({ match: { role: 'test-author' }, reply: { patch: DISCOUNT_TEST_PATCH, summary: 'cover applyDiscount', covers: ['AC1'] } });
      b.oai.script({ match: { role: 'implementer' }, reply: { patch: GOOD_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' } });
      const start = b.remoteHead();
      const outcomes: string[] = [];
      let frozenAt = '';
      for (let i = 0; i < JOBS.length; i++) {
        if (i === gap) {
          await b.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: where === 'pr' ? b.pr : b.issue, labels: [FREEZE] });
          frozenAt = b.remoteHead();
        }
        outcomes.push(`${JOBS[i]}: ${await runJob(b, JOBS[i]!)}`);
      }
      const head = b.remoteHead();
      const count = (from: string) => (head === from ? 0 : Number(gitOut(b.bare, 'rev-list', '--count', `${from}..${head}`)));
      return { pushedAfter: frozenAt ? count(frozenAt) : 0, pushedTotal: count(start), outcomes };
    } finally {
      await b.close();
    }
  }

  test.each(gaps)('freeze %s: nothing is pushed after the label', async (name, gap, where, policy) => {
    const { pushedAfter, outcomes } = await flow(gap, where, policy);
    const m: Measurement = {
      test: `freeze:${name}`,
      counts: { pushesAfterFreeze: pushedAfter },
      faults: [`freeze ${name} (on the ${where})`],
      details: outcomes,
    };
    record(m);
    expect(pushedAfter).toBe(0);
    expect(total(m)).toBe(0);
  });

  test('control: without the label the same flow pushes the test commit and the implementation', async () => {
    const { pushedTotal, outcomes } = await flow(JOBS.length, 'pr', {});
    expect(outcomes).toEqual(['write-tests: proposed', 'publish tests: pushed', 'implement: green', 'publish implement: pushed']);
    expect(pushedTotal).toBe(2);
  });

  test('the freeze label added to the issue while plan waits for the model: no plan comment is posted', async () => {
    const bench = await startPlanBench();
    try {
      await bench.gh.createLabel({ ...planRepo, name: 'agent:ready' }).catch(() => undefined);
      const { issue, pull } = await openAgentPull(bench, { title: 'Polite greeting (freeze)', body: 'greet() should say "Good day".' });
      bench.ai.script({
        match: { role: 'plan' },
        reply: () => {
          // The label lands while the model is thinking.
          void bench.gh.invoke('issues/add-labels', {
            params: { owner: planRepo.owner, repo: planRepo.repo, issue_number: issue },
            body: { labels: [FREEZE] },
            user: 'alice',
          });
          return planAnswer('frozen meanwhile');
        },
      });
      const client = createModelClient({ apiKey: 'sk-test', baseURL: bench.ai.url, maxRetries: 0, ledger: new Ledger() });
      const dossier = Dossier.create({ repository: `${planRepo.owner}/${planRepo.repo}`, pr: pull.number, issue, branch: pull.branch });
      const result = await runPlan({
        octokit: bench.octokit,
        repo: planRepo,
        pull,
        policy: DEFAULT_POLICY,
        model: () => client,
        modelName: 'gpt-4.1',
        promptsDir: PROMPTS_DIR,
        dossier,
        workspace: bench.workspace,
        botLogin: PLAN_BOT,
      });
      const comments = await bench.octokit.paginate(bench.octokit.rest.issues.listComments, {
        ...planRepo,
        issue_number: pull.number,
        per_page: 100,
      });
      const m: Measurement = {
        test: 'freeze:during plan',
        counts: { pushesAfterFreeze: comments.length },
        faults: ['freeze during plan (on the issue)'],
      };
      record(m);
      expect(result.frozen).toBe(true);
      expect(total(m)).toBe(0);
    } finally {
      await bench.close();
    }
  });
});

describe('supervisors and re-runs: no duplicate PRs or comments', () => {
  test('three supervisors on one issue, two at once (one through GitHub 502s and a dropped connection)', async () => {
    const fx = await supervisorFixture('triple');
    try {
      const issue = (await fx.emu.createIssue({ ...fx.repo, title: 'Add discounts', body: 'Please.', labels: ['agent:ready'], user: 'maintainer' }))
        .number as number;
      const supervise = () =>
        runSupervisor(
          { octokit: fx.bot, repo: fx.repo, settings: fx.settings, log: quietLog },
          { kind: 'issue', issueNumber: issue, source: 'test' },
        ).catch((e: unknown) => e);
      fx.emu.faults.add({ status: 502, method: 'POST', times: 1 });
      fx.emu.faults.add({ drop: true, method: 'GET', times: 1 });
      await Promise.all([supervise(), supervise()]);
      await supervise();
      const { data: pulls } = await fx.human.rest.pulls.list({ ...fx.repo, state: 'all' });
      const { data: refs } = await fx.human.rest.git.listMatchingRefs({ ...fx.repo, ref: 'heads/agent/' });
      const { data: comments } = await fx.human.rest.issues.listComments({ ...fx.repo, issue_number: issue });
      const claims = comments.filter((c) => c.user?.login === BOT);
      const m: Measurement = {
        test: 'supervisors:three-two-at-once',
        counts: {
          duplicates: Math.max(0, pulls.length - 1) + Math.max(0, refs.length - 1) + Math.max(0, claims.length - 1),
          lostCommits: pulls.length === 0 ? 1 : 0,
        },
        faults: ['three supervisors, two at once', 'supervisor under 502 and a dropped connection'],
        details: [`${pulls.length} PR(s), ${refs.length} branch(es), ${claims.length} claim comment(s)`],
      };
      record(m);
      expect(pulls).toHaveLength(1);
      expect(total(m)).toBe(0);
    } finally {
      await fx.close();
    }
  });

  test('plan re-run three times (once after a dropped connection) keeps one sticky comment', async () => {
    const bench = await startPlanBench();
    try {
      const { issue, pull } = await openAgentPull(bench, { title: 'Polite greeting (re-runs)', body: 'greet() should say "Good day".' });
      bench.ai.script({ match: { role: 'plan' }, reply: planAnswer('re-run') });
      const outcomes: string[] = [];
      for (let run = 1; run <= 3; run++) {
        if (run === 2) bench.gh.faults.add({ drop: true, method: 'PATCH', times: 1 });
        const client = createModelClient({ apiKey: 'sk-test', baseURL: bench.ai.url, maxRetries: 0, ledger: new Ledger() });
        const dossier = Dossier.create({ repository: `${planRepo.owner}/${planRepo.repo}`, pr: pull.number, issue, branch: pull.branch });
        try {
          const r = await runPlan({
            octokit: bench.octokit,
            repo: planRepo,
            pull,
            policy: DEFAULT_POLICY,
            model: () => client,
            modelName: 'gpt-4.1',
            promptsDir: PROMPTS_DIR,
            dossier,
            workspace: bench.workspace,
            botLogin: PLAN_BOT,
          });
          outcomes.push(r.frozen ? 'frozen' : r.commentAction);
        } catch (error) {
          outcomes.push(`error: ${(error as Error).message.slice(0, 80)}`);
        }
      }
      const comments = await bench.octokit.paginate(bench.octokit.rest.issues.listComments, {
        ...planRepo,
        issue_number: pull.number,
        per_page: 100,
      });
      const m: Measurement = {
        test: 'rerun:plan-sticky',
        counts: { duplicates: Math.max(0, comments.length - 1), lostCommits: comments.length === 0 ? 1 : 0 },
        faults: ['plan re-runs', 'dropped connection while updating a comment'],
        details: outcomes,
      };
      record(m);
      expect(total(m)).toBe(0);
    } finally {
      await bench.close();
    }
  });
});

describe('budget caps', () => {
  let bench: Bench;
  beforeAll(async () => {
    bench = await startBench({
      branchFiles: { 'test/discount.test.js': DISCOUNT_TEST_FILE },
      branchMessage: `test: cover applyDiscount\n\nRed-Test: ${RED_TEST_ID}\nTests-Run: 2`,
    });
    // An implementer that never gets it right: only the budget stops it.
    bench.oai.script({ match: { role: 'implementer' }, reply: { patch: WRONG_IMPLEMENTATION, summary: 'add applyDiscount', kind: 'feat' } });
  });
  afterAll(async () => {
    await bench?.close();
  });

  function dossier(): Dossier {
    const d = Dossier.create({ repository: `${OWNER}/${REPO}`, pr: bench.pr, issue: bench.issue, branch: BRANCH });
    d.writeJson('plan.json', { ...planFile(), issue: bench.issue, pr: bench.pr }, PlanFileSchema);
    d.writeJson(TESTS_FILE, redTestsEvidence(bench, []), TestsEvidenceSchema);
    return d;
  }

  /** Calls made once the spending had already reached the cap. */
  function callsPastCap(ledger: Ledger, cap: { tokens?: number; usd?: number }): number {
    let tokens = 0;
    let usd = 0;
    let past = 0;
    for (const e of ledger.entries) {
      if ((cap.tokens !== undefined && tokens >= cap.tokens) || (cap.usd !== undefined && usd >= cap.usd)) past++;
      tokens += e.inputTokens + e.outputTokens;
      usd += e.costUsd;
    }
    return past;
  }

  test.each([
    ['budget.max-tokens with the model client', { 'max-tokens': 6_000 }],
    ['budget.max-cost-usd with the model client', { 'max-cost-usd': 0.01 }],
  ] as const)('%s: the run stops, no call is made past the cap', async (name, budget) => {
    const policy = policySchema.parse({
      ...bench.policy,
      budget: { ...bench.policy.budget, ...budget },
      limits: { ...bench.policy.limits, attempts: 10 },
    });
    const ledger = new Ledger();
    const model: ModelClient = createModelClient({
      apiKey: 'sk-test',
      baseURL: bench.oai.url,
      ledger,
      maxRetries: 0,
      budget: { maxTokens: budgetOf(policy).maxTokens, maxCostUsd: budgetOf(policy).maxCostUsd },
      prices: policy.budget.prices as never,
    });
    const error = await runImplement(bench.deps({ dossier: dossier(), policy, model: () => model })).then(
      () => null,
      (e: unknown) => e,
    );
    const past = callsPastCap(ledger, { tokens: policy.budget['max-tokens'], usd: budgetOf(policy).maxCostUsd });
    const m: Measurement = {
      test: `budget:${name}`,
      counts: { capOverruns: past },
      faults: [name],
      details: [`${ledger.entries.length} call(s), ${ledger.totals().totalTokens} tokens, $${ledger.totals().costUsd.toFixed(4)}`],
    };
    record(m);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(total(m)).toBe(0);
  });

  test('the model proxy holds the key and the cap: upstream never bills past budget.max-tokens, the key shows nowhere', async () => {
    const cap = 7_000;
    const logs: string[] = [];
    const proxy = await startModelProxy({
      upstream: bench.oai.url,
      apiKey: CANARIES['INPUT_OPENAI-API-KEY']!,
      accessToken: 'job-access-token',
      budget: { maxTokens: cap, maxCostUsd: 5 },
      log: (l) => logs.push(l),
    });
    try {
      const before = bench.oai.requests.length;
      const model = createModelClient({ apiKey: 'job-access-token', baseURL: proxy.url, ledger: new Ledger(), maxRetries: 2 });
      const policy = policySchema.parse({ ...bench.policy, limits: { ...bench.policy.limits, attempts: 10 } });
      const error = await runImplement(bench.deps({ dossier: dossier(), policy, model: () => model })).then(
        () => null,
        (e: unknown) => e,
      );
      const upstream = bench.oai.requests.slice(before).reduce((n, r) => n + (r.usage ? r.usage.promptTokens + r.usage.completionTokens : 0), 0);
      const texts = [...logs, String((error as Error | null)?.message ?? ''), ...bench.oai.requests.slice(before).map((r) => JSON.stringify(r.body))];
      const m: Measurement = {
        test: 'budget:model proxy',
        counts: { capOverruns: upstream > cap || proxy.spent().tokens > cap ? 1 : 0, secrets: countSecrets(texts) },
        faults: ['budget.max-tokens with the model proxy'],
        details: [
          `upstream billed ${upstream} tokens, proxy counted ${proxy.spent().tokens}, cap ${cap}; ${String((error as Error | null)?.message).slice(0, 120)}`,
        ],
      };
      record(m);
      expect(error).not.toBeNull();
      expect(upstream).toBeGreaterThan(0);
      expect(total(m)).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});
