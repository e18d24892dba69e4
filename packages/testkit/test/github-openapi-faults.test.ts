import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createOctokit, manualClock, type ManualClock, type Octokit } from '@eternia/core';
import { EMULATED_OPERATIONS, type GitHubEmulator, startGitHubEmulator } from '../src/github/index.js';
import { loadSpec } from '../src/github/openapi-spec.js';

describe('GitHub emulator: OpenAPI validation and injected faults', () => {
  let emu: GitHubEmulator;
  let gh: Octokit;
  // The client's waits (retry back-off, retry-after) and the emulator's delays go on these clocks, so no test sleeps.
  const clientClock: ManualClock = manualClock();
  const serverClock: ManualClock = manualClock();
  const waitsOf = (clock: ManualClock, act: () => Promise<unknown>) => {
    const before = clock.sleeps.length;
    return act().then(() => clock.sleeps.slice(before));
  };
  const repo = { owner: 'acme', repo: 'svc' };
  const auth = { authorization: 'token t', 'content-type': 'application/json' };

  beforeAll(async () => {
    emu = await startGitHubEmulator({ sleep: serverClock.sleep });
    emu.addToken('t', 'alice');
    await emu.createRepo({ owner: 'acme', name: 'svc' });
    gh = createOctokit({ token: 't', baseUrl: emu.url, fetch: globalThis.fetch, retries: 2, clock: clientClock });
  });
  afterAll(async () => {
    await emu.close();
  });

  test('every emulated operation exists in the pinned OpenAPI description', () => {
    const spec = loadSpec();
    expect(EMULATED_OPERATIONS.filter((id) => !spec.byOperationId.has(id))).toEqual([]);
    expect(EMULATED_OPERATIONS.length).toBeGreaterThan(80);
  });

  test('a second emulator in the same process starts without re-parsing the spec', async () => {
    const second = await startGitHubEmulator();
    try {
      expect(second.startup.specLoadMs).toBe(0);
      expect(loadSpec()).toBe(loadSpec());
    } finally {
      await second.close();
    }
  });

  test('an unknown route is a violation and a 404', async () => {
    const res = await fetch(`${emu.url}/repos/acme/svc/not-a-thing`, { headers: auth });
    expect(res.status).toBe(404);
    expect(emu.violations.at(-1)).toMatchObject({ kind: 'unknown-route', method: 'GET', path: '/repos/acme/svc/not-a-thing' });
    const wrongMethod = await fetch(`${emu.url}/repos/acme/svc/issues`, { method: 'DELETE', headers: auth });
    expect(wrongMethod.status).toBe(404);
    expect(emu.violations.at(-1)).toMatchObject({ kind: 'unknown-route', method: 'DELETE' });
  });

  test('a missing required body field is a violation and a 422 naming the field', async () => {
    await expect(gh.request('POST /repos/{owner}/{repo}/issues', { ...repo, body: 'no title' } as never)).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('"title" wasn\'t supplied'),
    });
    expect(emu.violations.at(-1)).toMatchObject({ kind: 'body', operationId: 'issues/create' });
  });

  test('a body field of the wrong type is a violation and a 422', async () => {
    const before = emu.violations.length;
    await expect(
      gh.request('POST /repos/{owner}/{repo}/pulls', { ...repo, head: 'x', base: 'main', title: 't', draft: 'yes' } as never),
    ).rejects.toMatchObject({ status: 422 });
    expect(emu.violations.slice(before)).toEqual([
      expect.objectContaining({ kind: 'body', operationId: 'pulls/create', message: expect.stringContaining('properties/draft') }),
    ]);
    await expect(
      gh.request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { ...repo, issue_number: 1, labels: 'bug' } as never),
    ).rejects.toMatchObject({ status: 422 });
  });

  test('bad query and path parameters: enum → 422, non-numeric issue number → 404, malformed JSON → 400', async () => {
    const badEnum = await fetch(`${emu.url}/repos/acme/svc/issues?state=weird`, { headers: auth });
    expect(badEnum.status).toBe(422);
    expect(emu.violations.at(-1)).toMatchObject({ kind: 'parameter', operationId: 'issues/list-for-repo' });
    const badPath = await fetch(`${emu.url}/repos/acme/svc/issues/abc`, { headers: auth });
    expect(badPath.status).toBe(404);
    const badJson = await fetch(`${emu.url}/repos/acme/svc/issues`, { method: 'POST', headers: auth, body: '{"title":' });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ message: 'Problems parsing JSON' });
  });

  test('an operation GitHub has but the emulator does not is reported as not-emulated', async () => {
    const res = await fetch(`${emu.url}/repos/acme/svc/releases`, { headers: auth });
    expect(res.status).toBe(404);
    expect(emu.violations.at(-1)).toMatchObject({ kind: 'not-emulated', operationId: 'repos/list-releases' });
  });

  test('with validate: false, bad bodies reach the handlers (no violation recorded)', async () => {
    const loose = await startGitHubEmulator({ validate: false });
    try {
      loose.addToken('t', 'alice');
      await loose.createRepo({ owner: 'acme', name: 'svc' });
      const res = await fetch(`${loose.url}/repos/acme/svc/issues`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ title: 'ok', extra: { nested: true } }),
      });
      expect(res.status).toBe(201);
      expect(loose.violations).toEqual([]);
    } finally {
      await loose.close();
    }
  });

  test.each([500, 502] as const)('a %i is retried by the real client and the request then succeeds', async (status) => {
    emu.faults.add({ operationId: 'repos/get', status });
    const start = emu.requests.length;
    expect(await waitsOf(clientClock, () => gh.rest.repos.get(repo))).toEqual([1000]);
    expect(emu.requests.slice(start).map((r) => r.status)).toEqual([status, 200]);
  });

  test('a secondary rate limit (403 + retry-after: 1) is waited out, then the call succeeds', async () => {
    emu.faults.add({ path: /\/issues$/, method: 'POST', status: 403, secondaryRateLimit: true, retryAfter: 1 });
    expect(await waitsOf(clientClock, () => gh.rest.issues.create({ ...repo, title: 'after secondary limit' }))).toEqual([1000]);
    expect(
      emu.requests
        .filter((r) => r.path === '/repos/acme/svc/issues' && r.method === 'POST')
        .map((r) => r.status)
        .slice(-2),
    ).toEqual([403, 201]);
  });

  test('a 429 with retry-after: 1 is retried after the wait', async () => {
    emu.faults.add({ operationId: 'issues/list-for-repo', status: 429, secondaryRateLimit: true, retryAfter: 1 });
    expect(await waitsOf(clientClock, () => gh.rest.issues.listForRepo(repo))).toEqual([1000]);
    const statuses = emu.requests.filter((r) => r.operationId === 'issues/list-for-repo').map((r) => r.status);
    expect(statuses.slice(-2)).toEqual([429, 200]);
  });

  test('a 403 with retry-after beyond the client’s limit fails with the rate-limit error', async () => {
    const clock = manualClock();
    const strict = createOctokit({ token: 't', baseUrl: emu.url, fetch: globalThis.fetch, retries: 2, maxRetryAfterSeconds: 5, clock });
    emu.faults.add({ operationId: 'repos/get', status: 403, secondaryRateLimit: true, retryAfter: 600 });
    await expect(strict.rest.repos.get(repo)).rejects.toMatchObject({ status: 403, message: expect.stringContaining('secondary rate limit') });
    expect(clock.sleeps).toEqual([]);
  });

  test('a dropped connection fails the attempt; the retry succeeds', async () => {
    emu.faults.add({ operationId: 'repos/get', drop: true });
    const start = emu.requests.length;
    expect(await waitsOf(clientClock, () => gh.rest.repos.get(repo))).toEqual([1000]);
    expect(emu.requests.slice(start).map((r) => r.status)).toEqual([0, 200]);
  });

  test('a delay slows the answer without failing it; faults can be cleared', async () => {
    emu.faults.add({ operationId: 'repos/get', delayMs: 300 });
    expect(await waitsOf(serverClock, () => gh.rest.repos.get(repo))).toEqual([300]);
    expect(emu.requests.at(-1)?.status).toBe(200);
    emu.faults.add({ operationId: 'repos/get', status: 500, times: Infinity });
    emu.faults.clear();
    expect((await gh.rest.repos.get(repo)).status).toBe(200);
    expect(() => emu.faults.add({ operationId: 'repos/get' })).toThrow(/status, drop or delayMs/);
  });

  test('every request is recorded with its operation, token and status', () => {
    const last = emu.requests.at(-1)!;
    expect(last).toMatchObject({ method: 'GET', path: '/repos/acme/svc', status: 200, operationId: 'repos/get', token: 't' });
    expect(typeof last.startedAt).toBe('number');
  });
});
