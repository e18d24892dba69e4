import { afterEach, describe, expect, test } from '@jest/globals';
import { createOctokit, GitHubApiError } from '@eternia/core';
import { waitForChecks, type WaitForChecksOptions } from '../src/index.js';
import { startFakeChecksServer, type ChecksScenario, type FakeCheckRun } from './fake-checks-server.js';

const OWNER = 'acme';
const REPO = 'app';
const SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

const servers: Array<{ close: () => Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fake clock: sleeping advances time instantly and is recorded. */
function fakeClock() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return { now: () => t, sleep: async (ms: number) => void (sleeps.push(ms), (t += ms)), sleeps, elapsed: () => t - 1_000_000 };
}

async function setup(scenario: ChecksScenario, overrides: Partial<WaitForChecksOptions> = {}) {
  const server = await startFakeChecksServer(OWNER, REPO, scenario);
  servers.push(server);
  const octokit = createOctokit({ token: 'test-token', baseUrl: server.baseUrl, fetch: globalThis.fetch, retries: 0 });
  const clock = fakeClock();
  const run = () =>
    waitForChecks(octokit, {
      owner: OWNER,
      repo: REPO,
      sha: SHA,
      timeoutMs: 10 * 60_000,
      pollMs: 15_000,
      noChecksGraceMs: 2 * 60_000,
      now: clock.now,
      sleep: clock.sleep,
      ...overrides,
    });
  return { server, clock, run };
}

function actionsRun(id: number, name: string, status: string, conclusion: string | null, annotations = 0): FakeCheckRun {
  return {
    id,
    name,
    status,
    conclusion,
    app: { slug: 'github-actions' },
    details_url: `https://github.com/${OWNER}/${REPO}/actions/runs/900/job/${id}`,
    html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/900/job/${id}`,
    output: { title: conclusion === 'failure' ? 'Process completed with exit code 1.' : null, summary: null, annotations_count: annotations },
  };
}

describe('waitForChecks (fake GitHub, real client)', () => {
  test('waits while checks run, then reports success', async () => {
    const { run, clock, server } = await setup({
      checkRuns: (poll) => [actionsRun(1, 'build', poll < 3 ? 'in_progress' : 'completed', poll < 3 ? null : 'success'), actionsRun(2, 'lint', 'completed', 'success')],
      statuses: (poll) => [{ id: 10, context: 'ci/legacy', state: poll < 2 ? 'pending' : 'success' }],
    });
    const result = await run();
    expect(result.state).toBe('success');
    expect(result.message).toBe('All 3 checks passed for a1b2c3d4e5f6.');
    expect(result.checks.map((c) => [c.name, c.kind, c.status, c.conclusion])).toEqual([
      ['build', 'check-run', 'completed', 'success'],
      ['lint', 'check-run', 'completed', 'success'],
      ['ci/legacy', 'status', 'completed', 'success'],
    ]);
    expect(clock.sleeps).toEqual([15_000, 15_000]);
    expect(server.polls()).toBe(3);
    expect(result.requests).toBe(6);
    expect(server.requests).toHaveLength(6);
    expect(result.failing).toEqual([]);
  });

  test('a failure brings its annotations and the scrubbed tail of its job log; our own job is ignored', async () => {
    const logLines = Array.from({ length: 400 }, (_, i) => `2026-05-01T10:00:${String(i % 60).padStart(2, '0')}.1234567Z step output ${i}`);
    logLines.push('2026-05-01T10:01:00.0000000Z \u001b[31mError: token ghp_abcdefghijklmnopqrstuvwxyz0123456789 rejected\u001b[0m');
    logLines.push('2026-05-01T10:01:00.0000000Z ##[error]Process completed with exit code 1.');
    const { run } = await setup(
      {
        checkRuns: () => [
          actionsRun(77, 'test', 'completed', 'failure', 2),
          actionsRun(78, 'lint', 'completed', 'success'),
          actionsRun(79, 'agent / verify', 'in_progress', null),
        ],
        statuses: () => [{ id: 11, context: 'ci/legacy', state: 'error', description: 'build exploded', target_url: 'https://ci.example/1' }],
        annotations: {
          77: [
            { path: 'src/math.ts', start_line: 12, end_line: 12, annotation_level: 'failure', title: 'math > adds', message: 'expected 3, got -1' },
            { path: '.github', start_line: 1, end_line: 1, annotation_level: 'warning', message: 'Node 16 is deprecated' },
          ],
        },
        logs: { 77: logLines.join('\n') + '\n' },
      },
      { ignoreCheckNames: ['agent / verify'], logLines: 20 },
    );
    const result = await run();
    expect(result.state).toBe('failure');
    expect(result.message).toBe('2 of 3 checks failed for a1b2c3d4e5f6: test (failure), ci/legacy (error).');
    expect(result.checks.map((c) => c.name)).not.toContain('agent / verify');
    const [testCheck, legacy] = result.failing;
    expect(testCheck).toMatchObject({ name: 'test', id: 77, kind: 'check-run', summary: 'Process completed with exit code 1.' });
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
    expect(legacy).toEqual({ name: 'ci/legacy', id: 11, kind: 'status', conclusion: 'error', annotations: [], summary: 'build exploded' });
  });

  test('check runs on several pages are all read', async () => {
    const runs = Array.from({ length: 5 }, (_, i) => actionsRun(100 + i, `job ${i}`, 'completed', 'success'));
    const { run, server } = await setup({ checkRuns: () => runs, pageSize: 2 });
    const result = await run();
    expect(result.state).toBe('success');
    expect(result.checks.map((c) => c.id)).toEqual([100, 101, 102, 103, 104]);
    expect(server.requests.filter((r) => r.endsWith('/check-runs'))).toHaveLength(3);
    expect(result.requests).toBe(4);
  });

  test('nothing within the grace period: no-checks, explaining the GITHUB_TOKEN trap', async () => {
    const { run, clock } = await setup({ checkRuns: () => [] }, { noChecksGraceMs: 60_000, pollMs: 20_000 });
    const result = await run();
    expect(result.state).toBe('no-checks');
    expect(clock.sleeps).toEqual([20_000, 20_000, 20_000]);
    expect(result.message).toContain('No check runs or commit statuses appeared for a1b2c3d4e5f6 within 60s');
    expect(result.message).toContain('GITHUB_TOKEN');
    expect(result.message).toContain('actions/create-github-app-token');
    expect(result.message).toContain('docs/ci-app-token.md');
  });

  test('checks that start late, within the grace period, are waited for', async () => {
    const { run } = await setup({ checkRuns: (poll) => (poll < 3 ? [] : [actionsRun(5, 'build', 'completed', 'success')]) }, { noChecksGraceMs: 60_000, pollMs: 20_000 });
    expect((await run()).state).toBe('success');
  });

  test('still running at the timeout: pending-timeout naming them, with checks that already failed', async () => {
    const { run, clock } = await setup(
      {
        checkRuns: () => [actionsRun(1, 'e2e', 'queued', null), actionsRun(2, 'unit', 'completed', 'failure')],
        logs: { 2: 'unit log\nFAIL x\n' },
      },
      { timeoutMs: 60_000, pollMs: 25_000 },
    );
    const result = await run();
    expect(result.state).toBe('pending-timeout');
    // The last sleep is cut short so the timeout is honoured exactly.
    expect(clock.sleeps).toEqual([25_000, 25_000, 10_000]);
    expect(result.message).toBe('1 of 2 checks were still running for a1b2c3d4e5f6 after 60s: e2e. Already failed: unit.');
    expect(result.failing).toEqual([expect.objectContaining({ name: 'unit', log: 'unit log\nFAIL x' })]);
  });

  test('an expired log is a note, not a crash; cancelled and timed-out runs count as failures', async () => {
    const { run } = await setup({
      checkRuns: () => [actionsRun(1, 'slow', 'completed', 'timed_out'), actionsRun(2, 'dup', 'completed', 'cancelled'), actionsRun(3, 'docs', 'completed', 'skipped')],
      logs: { 1: 410, 2: 'cancelled\n' },
    });
    const result = await run();
    expect(result.state).toBe('failure');
    expect(result.failing.map((f) => [f.name, f.log])).toEqual([
      ['slow', undefined],
      ['dup', 'cancelled'],
    ]);
    expect(result.notes).toEqual([expect.stringMatching(/^GitHub 410 downloading the log of job 1 \('slow'\): Gone/)]);
  });

  test('a check run from another app gets no log request', async () => {
    const { run, server } = await setup({
      checkRuns: () => [{ id: 9, name: 'codecov/patch', status: 'completed', conclusion: 'failure', app: { slug: 'codecov' }, details_url: 'https://codecov.io/x', output: { title: 'coverage dropped', summary: '-3%', annotations_count: 0 } }],
    });
    const result = await run();
    expect(result.failing).toEqual([{ name: 'codecov/patch', id: 9, kind: 'check-run', conclusion: 'failure', annotations: [], summary: 'coverage dropped\n-3%' }]);
    expect(server.requests.some((r) => r.includes('/logs') || r.includes('/annotations'))).toBe(false);
  });

  test('a failed listing is a GitHubApiError with the status', async () => {
    const { run } = await setup({ checkRuns: () => [], failListing: 403 });
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).toBe(403);
    expect((error as Error).message).toMatch(/^GitHub 403 listing check runs for a1b2c3d4/);
  });

  test('bad options are refused by name', async () => {
    const { run } = await setup({ checkRuns: () => [] }, { pollMs: 0 });
    await expect(run()).rejects.toThrow(/option 'pollMs'/);
    const { run: run2 } = await setup({ checkRuns: () => [] }, { sha: '' });
    await expect(run2()).rejects.toThrow(/option 'sha'/);
  });
});
