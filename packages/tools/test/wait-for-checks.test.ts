import { afterEach, describe, expect, test } from '@jest/globals';
import { createOctokit, GitHubApiError } from '@eternia/core';
import { startGitHubEmulator, type GitHubEmulator, type WorkflowRunSeed } from '@eternia/testkit';
import { waitForChecks, type WaitForChecksOptions } from '../src/index.js';

const OWNER = 'acme';
const REPO = 'app';
const repo = { owner: OWNER, repo: REPO };
const ACTIONS = 'github-actions[bot]';

const emulators: GitHubEmulator[] = [];
afterEach(async () => {
  for (const gh of emulators.splice(0)) {
    await gh.close();
    // Every request waitForChecks sent is one GitHub documents, with documented parameters.
    expect(gh.violations).toEqual([]);
  }
});

/** A fake clock: sleeping advances time instantly, is recorded, and lets the scenario move on (`onSleep`). */
function fakeClock(onSleep: (n: number) => Promise<void>) {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms), await onSleep(sleeps.length)), sleeps };
}

type Job = NonNullable<WorkflowRunSeed['jobs']>[number];

interface Scenario {
  /** Jobs of one GitHub Actions run on the commit, each with its check run (same id, as on GitHub). */
  jobs?: Job[];
  /** More state before the first poll: commit statuses, other apps' check runs. */
  arrange?: (bench: Bench) => Promise<void>;
  /** Changes GitHub's state after the n-th sleep, i.e. before poll n + 1. */
  onSleep?: (n: number, bench: Bench) => Promise<void>;
}

/** The testkit GitHub emulator with acme/app, and waitForChecks reading it through a real client. */
async function setup(scenario: Scenario, overrides: Partial<WaitForChecksOptions> = {}) {
  const gh = await startGitHubEmulator();
  emulators.push(gh);
  gh.addToken('test-token', 'ci-reader');
  gh.addToken('actions-token', ACTIONS, { type: 'Bot' });
  gh.addToken('codecov-token', 'codecov[bot]', { type: 'Bot' });
  await gh.createRepo({ owner: OWNER, name: REPO, files: { 'README.md': '# app\n' } });
  const branch = (await gh.invoke('repos/get-branch', { params: { ...repo, branch: 'main' } })).body as { commit: { sha: string } };
  const bench = new Bench(gh, branch.commit.sha);
  bench.ids = await bench.jobs(scenario.jobs ?? []);
  await scenario.arrange?.(bench);
  const octokit = createOctokit({ token: 'test-token', baseUrl: gh.url, fetch: globalThis.fetch, retries: 0 });
  const clock = fakeClock((n) => scenario.onSleep?.(n, bench) ?? Promise.resolve());
  const run = () =>
    waitForChecks(octokit, {
      owner: OWNER,
      repo: REPO,
      sha: bench.sha,
      timeoutMs: 10 * 60_000,
      pollMs: 15_000,
      noChecksGraceMs: 2 * 60_000,
      now: clock.now,
      sleep: clock.sleep,
      ...overrides,
    });
  /** Polls made: first pages of the check-run listing. */
  const polls = () => gh.requests.filter((r) => /\/check-runs\?/.test(r.path) && !/[?&]page=(?!1\b)/.test(r.path)).length;
  return { gh, ids: bench.ids, clock, run, polls, short: bench.sha.slice(0, 12) };
}

/** Arranges GitHub's side through the emulator's operations (not recorded as requests). */
class Bench {
  ids: Record<string, number> = {};
  constructor(
    readonly gh: GitHubEmulator,
    readonly sha: string,
  ) {}

  /** An Actions workflow run whose jobs have check runs; returns the ids by job name. */
  async jobs(jobs: Job[]): Promise<Record<string, number>> {
    if (jobs.length === 0) return {};
    const run = await this.gh.createWorkflowRun({ ...repo, workflow: 'ci.yml', headSha: this.sha, status: 'in_progress', checkRuns: true, jobs });
    const state = this.gh.state.repo(OWNER, REPO)!;
    return Object.fromEntries(state.jobs.filter((j) => j.runId === Number(run.id)).map((j) => [j.name, j.id]));
  }

  async complete(checkRunId: number, conclusion: string): Promise<void> {
    await this.gh.invoke('checks/update', {
      params: { ...repo, check_run_id: checkRunId },
      body: { status: 'completed', conclusion },
      user: ACTIONS,
    });
  }

  async checkRun(appLogin: string, body: Record<string, unknown>): Promise<number> {
    const { body: created } = await this.gh.invoke('checks/create', { params: repo, body: { head_sha: this.sha, ...body }, user: appLogin });
    return (created as { id: number }).id;
  }

  async status(
    context: string,
    state: 'pending' | 'success' | 'failure' | 'error',
    extra: { description?: string; target_url?: string } = {},
  ): Promise<number> {
    const { body } = await this.gh.invoke('repos/create-commit-status', { params: { ...repo, sha: this.sha }, body: { state, context, ...extra } });
    return (body as { id: number }).id;
  }
}

const failed = (name: string, conclusion: string, log?: string, extra: Partial<Job> = {}): Job => ({
  name,
  status: 'completed',
  conclusion,
  ...(log === undefined ? {} : { log }),
  output: { title: conclusion === 'failure' ? 'Process completed with exit code 1.' : undefined },
  ...extra,
});
const running = (name: string, status: 'queued' | 'in_progress' = 'in_progress'): Job => ({ name, status, conclusion: null });
const passed = (name: string): Job => ({ name, status: 'completed', conclusion: 'success' });

describe('waitForChecks (GitHub emulator, real client)', () => {
  test('waits while checks run, then reports success', async () => {
    const { run, clock, gh, polls, short } = await setup({
      jobs: [running('build'), passed('lint')],
      arrange: async (bench) => void (await bench.status('ci/legacy', 'pending')),
      onSleep: async (n, bench) => {
        if (n === 1) await bench.status('ci/legacy', 'success');
        if (n === 2) await bench.complete(bench.ids.build!, 'success');
      },
    });
    const result = await run();
    expect(result.state).toBe('success');
    expect(result.message).toBe(`All 3 checks passed for ${short}.`);
    expect(result.checks.map((c) => [c.name, c.kind, c.status, c.conclusion]).sort()).toEqual([
      ['build', 'check-run', 'completed', 'success'],
      ['ci/legacy', 'status', 'completed', 'success'],
      ['lint', 'check-run', 'completed', 'success'],
    ]);
    expect(clock.sleeps).toEqual([15_000, 15_000]);
    expect(polls()).toBe(3);
    expect(result.requests).toBe(6);
    expect(gh.requests).toHaveLength(6);
    expect(result.failing).toEqual([]);
  });

  test('a failure brings its annotations and the scrubbed tail of its job log; our own job is ignored', async () => {
    const logLines = Array.from({ length: 400 }, (_, i) => `2026-05-01T10:00:${String(i % 60).padStart(2, '0')}.1234567Z step output ${i}`);
    logLines.push('2026-05-01T10:01:00.0000000Z \u001b[31mError: token ghp_abcdefghijklmnopqrstuvwxyz0123456789 rejected\u001b[0m');
    logLines.push('2026-05-01T10:01:00.0000000Z ##[error]Process completed with exit code 1.');
    let legacyId = 0;
    const { run, ids, short } = await setup(
      {
        jobs: [
          failed('test', 'failure', logLines.join('\n') + '\n', {
            output: {
              title: 'Process completed with exit code 1.',
              annotations: [
                {
                  path: 'src/math.ts',
                  start_line: 12,
                  end_line: 12,
                  annotation_level: 'failure',
                  title: 'math > adds',
                  message: 'expected 3, got -1',
                },
                { path: '.github', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'Node 16 is deprecated' },
              ],
            },
          }),
          passed('lint'),
          running('agent / verify'),
        ],
        arrange: async (bench) => {
          legacyId = await bench.status('ci/legacy', 'error', { description: 'build exploded', target_url: 'https://ci.example/1' });
        },
      },
      { ignoreCheckNames: ['agent / verify'], logLines: 20 },
    );
    const result = await run();
    expect(result.state).toBe('failure');
    expect(result.message).toBe(`2 of 3 checks failed for ${short}: test (failure), ci/legacy (error).`);
    expect(result.checks.map((c) => c.name)).not.toContain('agent / verify');
    const [testCheck, legacy] = result.failing;
    expect(testCheck).toMatchObject({ name: 'test', id: ids.test, kind: 'check-run', summary: 'Process completed with exit code 1.' });
    expect(testCheck!.annotations).toEqual([
      { path: 'src/math.ts', line: 12, message: 'math > adds: expected 3, got -1', level: 'failure' },
      { path: '.github', line: 1, message: 'Node 16 is deprecated', level: 'warning' },
    ]);
    const log = testCheck!.log!;
    const lines = log.split('\n');
    expect(lines[0]).toBe('…[382 earlier lines omitted]');
    expect(lines).toHaveLength(21);
    expect(lines[lines.length - 1]).toBe('##[error]Process completed with exit code 1.');
    expect(log).toContain('Error: token *** rejected');
    expect(log).not.toMatch(/ghp_|\u001b|2026-05-01T/);
    expect(legacy).toEqual({ name: 'ci/legacy', id: legacyId, kind: 'status', conclusion: 'error', annotations: [], summary: 'build exploded' });
  });

  test('check runs on several pages are all read', async () => {
    // GitHub pages check runs by at most 100 (waitForChecks asks for 100): 205 take three pages.
    const { run, gh, ids } = await setup({ jobs: Array.from({ length: 205 }, (_, i) => passed(`job ${i}`)) });
    const result = await run();
    expect(result.state).toBe('success');
    expect(result.checks.map((c) => c.id).sort((a, b) => a - b)).toEqual(Object.values(ids).sort((a, b) => a - b));
    expect(gh.requests.filter((r) => /\/check-runs\?/.test(r.path))).toHaveLength(3);
    expect(result.requests).toBe(4);
  });

  test('nothing within the grace period: no-checks, explaining the GITHUB_TOKEN trap', async () => {
    const { run, clock, short } = await setup({}, { noChecksGraceMs: 60_000, pollMs: 20_000 });
    const result = await run();
    expect(result.state).toBe('no-checks');
    expect(clock.sleeps).toEqual([20_000, 20_000, 20_000]);
    expect(result.message).toContain(`No check runs or commit statuses appeared for ${short} within 60s`);
    expect(result.message).toContain('GITHUB_TOKEN');
    expect(result.message).toContain('actions/create-github-app-token');
    expect(result.message).toContain('docs/ci-app-token.md');
  });

  test('checks that start late, within the grace period, are waited for', async () => {
    const { run } = await setup(
      { onSleep: async (n, bench) => void (n === 2 && (await bench.jobs([passed('build')]))) },
      { noChecksGraceMs: 60_000, pollMs: 20_000 },
    );
    expect((await run()).state).toBe('success');
  });

  test('still running at the timeout: pending-timeout naming them, with checks that already failed', async () => {
    const { run, clock, short } = await setup(
      { jobs: [running('e2e', 'queued'), failed('unit', 'failure', 'unit log\nFAIL x\n')] },
      { timeoutMs: 60_000, pollMs: 25_000 },
    );
    const result = await run();
    expect(result.state).toBe('pending-timeout');
    // The last sleep is cut short so the timeout is honoured exactly.
    expect(clock.sleeps).toEqual([25_000, 25_000, 10_000]);
    expect(result.message).toBe(`1 of 2 checks were still running for ${short} after 60s: e2e. Already failed: unit.`);
    expect(result.failing).toEqual([expect.objectContaining({ name: 'unit', log: 'unit log\nFAIL x' })]);
  });

  test('an expired log is a note, not a crash; cancelled and timed-out runs count as failures', async () => {
    const { run, ids } = await setup({
      jobs: [failed('slow', 'timed_out', undefined, { logExpired: true }), failed('dup', 'cancelled', 'cancelled\n'), failed('docs', 'skipped')],
    });
    const result = await run();
    expect(result.state).toBe('failure');
    expect(result.failing.map((f) => [f.name, f.log]).sort()).toEqual([
      ['dup', 'cancelled'],
      ['slow', undefined],
    ]);
    expect(result.notes).toEqual([expect.stringMatching(new RegExp(`^GitHub 410 downloading the log of job ${ids.slow} \\('slow'\\): Gone`))]);
  });

  test('a check run from another app gets no log request', async () => {
    let id = 0;
    const { run, gh } = await setup({
      arrange: async (bench) => {
        id = await bench.checkRun('codecov[bot]', {
          name: 'codecov/patch',
          status: 'completed',
          conclusion: 'failure',
          details_url: 'https://codecov.io/x',
          output: { title: 'coverage dropped', summary: '-3%' },
        });
      },
    });
    const result = await run();
    expect(result.failing).toEqual([
      { name: 'codecov/patch', id, kind: 'check-run', conclusion: 'failure', annotations: [], summary: 'coverage dropped\n-3%' },
    ]);
    expect(gh.requests.some((r) => r.path.includes('/logs') || r.path.includes('/annotations'))).toBe(false);
  });

  test('a failed listing is a GitHubApiError with the status', async () => {
    const { run, gh } = await setup({});
    gh.faults.add({ operationId: 'checks/list-for-ref', status: 403, times: Infinity });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(403);
    expect((error as Error).message).toMatch(/^GitHub 403 listing check runs for [0-9a-f]{8}/);
  });

  test('bad options are refused by name', async () => {
    const { run } = await setup({}, { pollMs: 0 });
    await expect(run()).rejects.toThrow(/option 'pollMs'/);
    const { run: run2 } = await setup({}, { sha: '' });
    await expect(run2()).rejects.toThrow(/option 'sha'/);
  });
});
