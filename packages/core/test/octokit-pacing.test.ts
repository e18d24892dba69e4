import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createOctokit } from '../src/octokit.js';
import { gaps, startStubServer, type StubServer } from './stub-server.js';

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
    const octokit = createOctokit({ token: 't', baseUrl: server.url, fetch: globalThis.fetch });
    const started = performance.now();
    for (let i = 0; i < 3; i++) await octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' });
    expect(server.requests).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(900);
  });

  test('against GitHub, notification-raising writes are spaced ~3 s apart as GitHub asks', async () => {
    server.script([], { status: 201, body: { id: 1 } });
    // The client believes it talks to api.github.com; the injected fetch delivers to the local server.
    const octokit = createOctokit({
      token: 't',
      baseUrl: 'https://api.github.com',
      fetch: (input, init) => globalThis.fetch(String(input).replace('https://api.github.com', server.url), init),
    });
    for (let i = 0; i < 2; i++) await octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: 'x' });
    expect(server.requests).toHaveLength(2);
    expect(gaps(server.requests)[0]).toBeGreaterThanOrEqual(2900);
  }, 10000);
});
