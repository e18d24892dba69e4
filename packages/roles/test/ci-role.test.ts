import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createOctokit } from '@eternia/core';
import { CI_FILE, CiRecordSchema, ciRunStatus, failingOutput, renderCiSummary, runCi, type CiDeps, type CiOptions } from '../src/ci/index.js';
import { fakeClock, flowFixture, quietLog, type FlowFixture } from './flow-fixture.js';

let fx: FlowFixture;
let counter = 0;

beforeEach(async () => {
  fx = await flowFixture(`ci${++counter}`);
  // The repository's CI runs as the GitHub Actions app.
  fx.emu.addToken('ghs_actions', 'github-actions[bot]', { type: 'Bot' });
  fx.emu.addToken('ghs_other', 'circle-ci[bot]', { type: 'Bot' });
});
afterEach(async () => {
  // Every call the role made is a valid GitHub REST request.
  expect(fx.emu.violations).toEqual([]);
  await fx.close();
});

const options: CiOptions = { timeoutMs: 20 * 60_000, pollMs: 15_000, noChecksGraceMs: 3 * 60_000 };

function deps(overrides: Partial<CiDeps> = {}, clock = fakeClock()): CiDeps {
  return {
    octokit: fx.bot,
    repo: fx.repo,
    pull: { number: fx.pr, issue: fx.issue, headSha: fx.headSha, labels: [] },
    freezeLabel: 'needs-human-review',
    dossier: fx.dossier,
    run: { runId: 0, attempt: 1 },
    log: quietLog,
    sleep: clock.sleep,
    now: clock.now,
    clock: () => new Date('2025-01-02T03:04:05Z'),
    ...overrides,
  };
}

const ci = (token: string) => createOctokit({ token, baseUrl: fx.emu.url, fetch: globalThis.fetch, retries: 0 });

/** A finished GitHub Actions job with its log, and the check run GitHub shows for it on the head commit. */
async function actionsCheck(name: string, conclusion: 'success' | 'failure', log = ''): Promise<number> {
  const run = await fx.emu.createWorkflowRun({
    ...fx.repo,
    workflow: 'ci.yml',
    headBranch: fx.branch,
    headSha: fx.headSha,
    conclusion,
    jobs: [{ name, conclusion, log }],
  });
  const { data: jobs } = await fx.human.rest.actions.listJobsForWorkflowRun({ ...fx.repo, run_id: run.id as number });
  const job = jobs.jobs[0]!;
  await ci('ghs_actions').rest.checks.create({ ...fx.repo, name, head_sha: fx.headSha, status: 'completed', conclusion, details_url: job.html_url! });
  return job.id;
}

describe('ci role', () => {
  test('success: every check run and status passed; ci.json and a run entry go to the dossier', async () => {
    await actionsCheck('test', 'success');
    await ci('ghs_other').rest.repos.createCommitStatus({ ...fx.repo, sha: fx.headSha, state: 'success', context: 'lint' });

    const record = await runCi(deps(), options);

    expect(record.state).toBe('success');
    expect(record.sha).toBe(fx.headSha);
    expect(record.checks.map((c) => `${c.kind}:${c.name}:${c.conclusion}`).sort()).toEqual(['check-run:test:success', 'status:lint:success']);
    expect(record.failing).toEqual([]);
    const saved = fx.dossier.readJson(CI_FILE, CiRecordSchema);
    expect(saved).toEqual(record);
    expect(ciRunStatus(record)).toBe('success');
    // The run entry is the host's (runRole), not the role's.
    expect(fx.dossier.manifest.runs).toEqual([]);
  });

  test('failure: the failing job comes with the end of its log, timestamps and secrets scrubbed', async () => {
    const log = [
      ...Array.from({ length: 60 }, (_, i) => `2025-01-02T03:04:05.0000000Z line ${i}`),
      '2025-01-02T03:04:06.0000000Z FAIL test/cart.test.js › total multiplies by quantity',
      '2025-01-02T03:04:06.0000000Z token in a log: s3cr3t-value-123',
    ].join('\n');
    await actionsCheck('test', 'failure', log);
    await actionsCheck('build', 'success');

    const record = await runCi(deps({ secrets: ['s3cr3t-value-123'] }), { ...options, logLines: 20 });

    expect(record.state).toBe('failure');
    expect(record.message).toContain('1 of 2 checks failed');
    expect(record.failing).toHaveLength(1);
    const failing = record.failing[0]!;
    expect(failing).toMatchObject({ name: 'test', conclusion: 'failure', kind: 'check-run' });
    expect(failing.log).toContain('FAIL test/cart.test.js › total multiplies by quantity');
    expect(failing.log).not.toContain('2025-01-02T03:04:05');
    expect(failing.log).not.toContain('s3cr3t-value-123');
    expect(failing.log!.split('\n').length).toBeLessThanOrEqual(21);
    expect(ciRunStatus(record)).toBe('failure');

    const output = JSON.parse(failingOutput(record)) as Array<{ name: string; log: string }>;
    expect(output.map((f) => f.name)).toEqual(['test']);
    expect(output[0]!.log).toContain('FAIL test/cart.test.js');
    const summary = renderCiSummary(record);
    expect(summary).toContain('`failure`');
    expect(summary).toContain('end of the job log');
  });

  test('no-checks: nothing started within the grace period; the message explains the token trap', async () => {
    const clock = fakeClock();
    const record = await runCi(deps({}, clock), options);

    expect(record.state).toBe('no-checks');
    expect(record.message).toMatch(/GITHUB_TOKEN/);
    expect(record.message).toMatch(/GitHub App/);
    // It polled until the grace period was over, not until the full timeout.
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(3 * 60_000);
    expect(renderCiSummary(record)).toContain('agent-token');
  });

  test('pending-timeout: a check still running when the wait ends', async () => {
    await ci('ghs_other').rest.checks.create({ ...fx.repo, name: 'e2e', head_sha: fx.headSha, status: 'in_progress' });
    const clock = fakeClock();
    const record = await runCi(deps({}, clock), { ...options, timeoutMs: 60_000, pollMs: 15_000 });

    expect(record.state).toBe('pending-timeout');
    expect(record.message).toContain('e2e');
    expect(clock.slept).toEqual([15_000, 15_000, 15_000, 15_000]);
  });

  test('the jobs of the running workflow are left out, so the flow never waits for itself', async () => {
    // The flow dispatched on the PR branch: its own verify job runs on the head commit and never completes while waiting.
    const own = await fx.emu.createWorkflowRun({
      ...fx.repo,
      workflow: 'agent-step.yml',
      headBranch: fx.branch,
      headSha: fx.headSha,
      status: 'in_progress',
      jobs: [{ name: 'step / verify', status: 'in_progress' }],
    });
    await ci('ghs_actions').rest.checks.create({ ...fx.repo, name: 'step / verify', head_sha: fx.headSha, status: 'in_progress' });
    await actionsCheck('test', 'success');

    const record = await runCi(deps({ run: { runId: own.id as number, attempt: 2 } }), { ...options, ignoreCheckNames: ['coverage'] });

    expect(record.state).toBe('success');
    expect(record.checks.map((c) => c.name)).toEqual(['test']);
    expect(record.ignored).toEqual(['coverage', 'step / verify']);
  });

  test('frozen: with the freeze label on the issue it reads no checks at all', async () => {
    await fx.human.rest.issues.addLabels({ ...fx.repo, issue_number: fx.issue, labels: ['needs-human-review'] });
    const before = fx.emu.requests.length;

    const record = await runCi(deps(), options);

    expect(record.state).toBe('frozen');
    expect(record.message).toContain('needs-human-review');
    const made = fx.emu.requests.slice(before).map((r) => r.operationId);
    expect(made).toEqual(['issues/list-labels-on-issue']);
    expect(ciRunStatus(record)).toBe('skipped');
  });

  test('frozen from the PR labels needs no request', async () => {
    const before = fx.emu.requests.length;
    const record = await runCi(deps({ pull: { number: fx.pr, issue: fx.issue, headSha: fx.headSha, labels: ['Needs-Human-Review'] } }), options);
    expect(record.state).toBe('frozen');
    expect(fx.emu.requests.length).toBe(before);
  });

  test('the default freeze label on the PR stops it even when the policy names another', async () => {
    const labels = ['needs-human-review'];
    const record = await runCi(deps({ freezeLabel: 'stop-the-bot', pull: { number: fx.pr, issue: fx.issue, headSha: fx.headSha, labels } }), options);
    expect(record.state).toBe('frozen');
  });

  test('when its own jobs cannot be listed it still waits, and says why in the notes', async () => {
    await actionsCheck('test', 'success');
    const record = await runCi(deps({ run: { runId: 999_999, attempt: 1 } }), options);
    expect(record.state).toBe('success');
    expect(record.notes.join('\n')).toMatch(/listing the jobs of this workflow run \(999999\)/);
  });
});

describe('failing output', () => {
  test('stays under its size limit by shortening, then dropping entries', () => {
    const big = 'x'.repeat(500);
    const record = CiRecordSchema.parse({
      sha: 'a'.repeat(40),
      state: 'failure',
      message: 'many failed',
      checks: [],
      failing: Array.from({ length: 50 }, (_, i) => ({
        name: `job ${i}`,
        conclusion: 'failure',
        kind: 'check-run',
        url: null,
        summary: big,
        annotations: Array.from({ length: 20 }, () => ({ path: 'a.js', line: 1, level: 'failure', message: big })),
        log: Array.from({ length: 100 }, () => big).join('\n'),
      })),
      ignored: [],
      notes: [],
      requests: 1,
      checkedAt: '2025-01-01T00:00:00.000Z',
    });
    const text = failingOutput(record, 20_000);
    expect(text.length).toBeLessThanOrEqual(20_000);
    const parsed = JSON.parse(text) as Array<{ name: string; log: string }>;
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.length).toBeLessThan(50);
    expect(parsed[0]!.name).toBe('job 0');
    expect(parsed[0]!.log.split('\n')).toHaveLength(10);
  });
});
