import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { manualClock } from '../src/clock.js';
import { createOctokit } from '../src/octokit.js';
import { startStubServer, type StubServer } from './stub-server.js';

let server: StubServer;
beforeAll(async () => {
  server = await startStubServer();
});
afterAll(async () => {
  await server.close();
});

describe('write pacing', () => {
  test('against a loopback server (the test bench) writes are not spaced out', async () => {
    server.script([], { status: 201, body: { id: 1 } });
    const clock = manualClock();
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch, clock });
    for (let i = 0; i < 3; i++) await octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' });
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([]);
  });

  // The client believes it talks to api.github.com; the injected fetch delivers to the local server.
  const towardGitHub = (clock: ReturnType<typeof manualClock>) =>
    createOctokit({
      token: 't',
      baseUrl: 'https://api.github.com',
      fetch: (input, init) => globalThis.fetch(String(input).replace('https://api.github.com', server.url), init),
      clock,
    });

  test('against GitHub, notification-raising writes are spaced 3 s apart as GitHub asks', async () => {
    server.script([], { status: 201, body: { id: 1 } });
    const clock = manualClock();
    const octokit = towardGitHub(clock);
    for (let i = 0; i < 2; i++) await octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' });
    expect(server.requests).toHaveLength(2);
    // 1 s for the write slot, then the rest of the 3 s notification slot.
    expect(clock.sleeps).toEqual([1000, 2000]);
  });

  test('other writes are spaced 1 s apart, reads not at all, and time spent elsewhere counts', async () => {
    server.script([], { status: 200, body: { id: 1, name: 'r', full_name: 'o/r' } });
    const clock = manualClock();
    const octokit = towardGitHub(clock);
    await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    await octokit.rest.repos.get({ owner: 'o', repo: 'r' });
    expect(clock.sleeps).toEqual([]);
    await octokit.rest.git.createRef({ owner: 'o', repo: 'r', ref: 'refs/heads/a', sha: 'a'.repeat(40) });
    await octokit.rest.git.createRef({ owner: 'o', repo: 'r', ref: 'refs/heads/b', sha: 'a'.repeat(40) });
    expect(clock.sleeps).toEqual([1000]);
    clock.advance(400);
    await octokit.rest.git.createRef({ owner: 'o', repo: 'r', ref: 'refs/heads/c', sha: 'a'.repeat(40) });
    expect(clock.sleeps).toEqual([1000, 600]);
  });

  test('clients on one clock share the spacing, as writes from one process reach one account', async () => {
    server.script([], { status: 201, body: { id: 1 } });
    const clock = manualClock();
    await towardGitHub(clock).rest.git.createRef({ owner: 'o', repo: 'r', ref: 'refs/heads/a', sha: 'a'.repeat(40) });
    await towardGitHub(clock).rest.git.createRef({ owner: 'o', repo: 'r', ref: 'refs/heads/b', sha: 'a'.repeat(40) });
    expect(clock.sleeps).toEqual([1000]);
  });
});
