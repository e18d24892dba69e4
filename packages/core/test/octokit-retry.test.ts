import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { manualClock } from '../src/clock.js';
import { GitHubApiError } from '../src/errors.js';
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

describe('createOctokit against a local server', () => {
  test('sends the token and uses the injected fetch', async () => {
    server.script([{ status: 200, body: repo }]);
    const calls: string[] = [];
    const octokit = createOctokit({
      token: 'test-token-123',
      baseUrl: server.url,
      fetch: (input, init) => {
        calls.push(String(input));
        return globalThis.fetch(input, init);
      },
    });
    const { data } = await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(data.full_name).toBe('o/r');
    expect(calls).toEqual([`${server.url}/repos/o/r`]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBe('token test-token-123');
    expect(server.requests[0]!.headers['user-agent']).toMatch(/octokit/);
  });

  test('a base URL with a path prefix (GitHub Enterprise Server) is kept', async () => {
    server.script([{ status: 200, body: repo }]);
    const octokit = createOctokit({ token: 't', baseUrl: `${server.url}/api/v3`, fetch: globalThis.fetch });
    await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(server.requests[0]!.url).toBe('/api/v3/repos/o/r');
  });

  test('retries after a 500 and a 502, waiting 1 s then 4 s', async () => {
    server.script([
      { status: 500, body: { message: 'Server Error' } },
      { status: 502, body: { message: 'Bad Gateway' } },
      { status: 200, body: repo },
    ]);
    const { lines, log } = memoryLog();
    const clock = manualClock();
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, clock, log });
    const { data } = await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(data.id).toBe(1);
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 4000]);
    expect(lines).toEqual([
      'warn GitHub 500 on GET /repos/{owner}/{repo}; retry 1 in 1s',
      'warn GitHub 502 on GET /repos/{owner}/{repo}; retry 2 in 4s',
    ]);
  });

  test('retries after a dropped connection', async () => {
    server.script([{ drop: true }, { status: 200, body: repo }]);
    const clock = manualClock();
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, clock });
    const { data } = await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(data.id).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1000]);
  });

  test('gives up after `retries` and the error converts to one line', async () => {
    server.script([], { status: 503, body: { message: 'Service Unavailable' } });
    const clock = manualClock();
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, retries: 1, clock });
    const error = await octokit.rest.repos.get({ owner: 'o', repo: 'r' }).catch((e: unknown) => e);
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([1000]);
    const converted = toGitHubApiError(error, 'reading repository o/r');
    expect(converted).toBeInstanceOf(GitHubApiError);
    expect(converted.status).toBe(503);
    expect(converted.message).toBe('GitHub 503 reading repository o/r: Service Unavailable');
  });

  test('a connection that never answers converts to "request failed"', async () => {
    server.script([], { drop: true });
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, retries: 0 });
    const error = await octokit.rest.repos.get({ owner: 'o', repo: 'r' }).catch((e: unknown) => e);
    const converted = toGitHubApiError(error, 'reading repository o/r');
    // undici's "fetch failed", after what octokit made of it: no status either way.
    expect(converted.message).toMatch(/^GitHub request failed reading repository o\/r: .*fetch failed$/);
    expect(converted.status).toBeUndefined();
  });

  test('4xx answers are not retried', async () => {
    for (const status of [400, 401, 404, 422]) {
      server.script([], { status, body: { message: `status ${status}` } });
      const clock = manualClock();
      const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, clock });
      const error = await octokit.rest.repos.get({ owner: 'o', repo: 'r' }).catch((e: unknown) => e);
      expect(server.requests).toHaveLength(1);
      expect(toGitHubApiError(error, 'x').status).toBe(status);
      expect(clock.sleeps).toEqual([]);
    }
  });

  test('the log receives nothing secret', async () => {
    const { lines, log } = memoryLog();
    server.script([{ status: 200, body: repo }]);
    const octokit = createOctokit({ token: 'very-secret-token', baseUrl: server.url, fetch: globalThis.fetch, log });
    await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(lines.join('\n')).not.toContain('very-secret-token');
  });
});
