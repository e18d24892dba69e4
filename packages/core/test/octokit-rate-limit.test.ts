import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { manualClock } from '../src/clock.js';
import { toGitHubApiError } from '../src/github-api-error.js';
import { createOctokit } from '../src/octokit.js';
import { memoryLog, startStubServer, type StubServer } from './stub-server.js';

let server: StubServer;
beforeAll(async () => {
  server = await startStubServer();
});
afterAll(async () => {
  await server.close();
});

const repo = { id: 1, name: 'r', full_name: 'o/r' };
const SECONDARY = { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' };

describe('rate limits', () => {
  test('honours retry-after on a 403 secondary rate limit', async () => {
    const { lines, log } = memoryLog();
    server.script([
      { status: 403, headers: { 'retry-after': '1' }, body: SECONDARY },
      { status: 200, body: repo },
    ]);
    const clock = manualClock();
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, log, clock });
    await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1000]);
    expect(lines.join('\n')).toContain('warn GitHub secondary rate limit on GET /repos/{owner}/{repo}; retry 1 in 1s');
  });

  test('honours retry-after on a 429 whose message does not say "secondary", and retries only once', async () => {
    server.script([
      { status: 429, headers: { 'retry-after': '2' }, body: { message: 'Too Many Requests' } },
      { status: 200, body: repo },
    ]);
    const clock = manualClock();
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, clock });
    await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(server.requests).toHaveLength(2);
    // Only the rate-limit wait: the 5xx back-off does not retry a 429 a second time.
    expect(clock.sleeps).toEqual([2000]);
  });

  test('honours x-ratelimit-reset on a primary rate limit', async () => {
    // plugin-throttling turns the reset time into seconds from the system clock, so the reset is set from it.
    const reset = Math.floor(Date.now() / 1000) + 60;
    const { lines, log } = memoryLog();
    server.script([
      {
        status: 403,
        headers: { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
        body: { message: 'API rate limit exceeded for installation ID 1.' },
      },
      { status: 200, body: repo },
    ]);
    const clock = manualClock();
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, log, clock });
    const sent = Date.now();
    await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    const answered = Date.now();
    expect(server.requests).toHaveLength(2);
    // Whole seconds from the moment the 403 was read until one second after the reset. That moment lies between
    // the call and its return (however long a loaded machine takes), so the wait lies between these bounds.
    const waitAt = (now: number) => (Math.ceil((reset * 1000 - now) / 1000) + 1) * 1000;
    expect(clock.sleeps).toHaveLength(1);
    const [wait] = clock.sleeps as [number];
    expect(wait % 1000).toBe(0);
    expect(wait).toBeLessThanOrEqual(waitAt(sent));
    expect(wait).toBeGreaterThanOrEqual(waitAt(answered));
    expect(lines.join('\n')).toContain(`warn GitHub rate limit on GET /repos/{owner}/{repo}; retry 1 in ${wait / 1000}s`);
  });

  test('gives up at once when GitHub asks for a longer wait than maxRetryAfterSeconds', async () => {
    server.script([], { status: 403, headers: { 'retry-after': '100' }, body: SECONDARY });
    const { lines, log } = memoryLog();
    const clock = manualClock();
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, maxRetryAfterSeconds: 5, log, clock });
    const error = await octokit.rest.repos.get({ owner: 'o', repo: 'r' }).catch((e: unknown) => e);
    expect(clock.sleeps).toEqual([]);
    expect(server.requests).toHaveLength(1);
    const converted = toGitHubApiError(error, 'reading repository o/r');
    expect(converted.status).toBe(403);
    expect(converted.message).toBe(
      'GitHub 403 reading repository o/r: You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
        '(rate limited; GitHub asked to wait 100s, longer than this run accepts or after too many retries)',
    );
    expect(lines.join('\n')).toContain('not retrying (wait 100s, limit 5s, retries 0/3)');
  });

  test('a primary limit that resets too far away fails with the reset time', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    server.script([], {
      status: 429,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded' },
    });
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, maxRetryAfterSeconds: 5 });
    const error = await octokit.rest.repos.get({ owner: 'o', repo: 'r' }).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(toGitHubApiError(error, 'reading repository o/r').message).toBe(
      `GitHub 429 reading repository o/r: API rate limit exceeded (API rate limit exhausted until ${new Date(reset * 1000).toISOString()})`,
    );
  });

  test('a plain 403 (no rate-limit headers) is not retried', async () => {
    server.script([], { status: 403, body: { message: 'Resource not accessible by integration' } });
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch });
    const error = await octokit.rest.issues.create({ owner: 'o', repo: 'r', title: 'x' }).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(1);
    expect(toGitHubApiError(error, 'creating issue').message).toBe('GitHub 403 creating issue: Resource not accessible by integration');
  });
});

describe('toGitHubApiError', () => {
  test("prefers GitHub's errors[].message for a 422", async () => {
    server.script([], {
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for o:b.' }],
        documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      },
    });
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch });
    const error = await octokit.rest.pulls.create({ owner: 'o', repo: 'r', head: 'b', base: 'main', title: 't' }).catch((e: unknown) => e);
    const converted = toGitHubApiError(error, 'creating pull request');
    expect(converted.message).toBe('GitHub 422 creating pull request: A pull request already exists for o:b.');
    expect(converted.status).toBe(422);
    expect(converted.cause).toBe(error);
  });

  test('errors without messages are described by resource, field and code', async () => {
    server.script([], {
      status: 422,
      body: { message: 'Validation Failed', errors: [{ resource: 'Label', field: 'name', code: 'already_exists' }] },
    });
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch });
    const error = await octokit.rest.issues.createLabel({ owner: 'o', repo: 'r', name: 'bug' }).catch((e: unknown) => e);
    expect(toGitHubApiError(error, 'creating label').message).toBe('GitHub 422 creating label: Label name already_exists');
  });

  test('a message-only body and non-octokit errors', async () => {
    server.script([], { status: 422, body: { message: 'Reference already exists' } });
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch });
    const error = await octokit.rest.git.createRef({ owner: 'o', repo: 'r', ref: 'refs/heads/x', sha: 'a'.repeat(40) }).catch((e: unknown) => e);
    expect(toGitHubApiError(error, 'creating branch x').message).toBe('GitHub 422 creating branch x: Reference already exists');
    expect(toGitHubApiError(new Error('socket\nhang up'), 'listing issues').message).toBe('GitHub request failed listing issues: socket hang up');
    expect(toGitHubApiError('weird', 'listing issues').message).toBe('GitHub request failed listing issues: weird');
    const already = toGitHubApiError(error, 'x');
    expect(toGitHubApiError(already, 'y')).toBe(already);
  });
});
