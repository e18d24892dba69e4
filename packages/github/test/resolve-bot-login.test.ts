import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createOctokit } from '@eternia/core';
import { startGitHubEmulator, type GitHubEmulator } from '@eternia/testkit';
import { resolveBotLogin } from '../src/index.js';

let gh: GitHubEmulator;
beforeAll(async () => {
  gh = await startGitHubEmulator();
  gh.addToken('ghs_installation_token_00000000', 'github-actions[bot]', { type: 'Bot' });
  gh.addToken('ghp_personal_token_0000000000000', 'octocat');
});
afterAll(() => gh.close());

const client = (token: string) => createOctokit({ token, baseUrl: gh.url, fetch: globalThis.fetch, retries: 0 });
const userRequests = () => gh.requests.filter((r) => r.path === '/user').length;

describe('resolveBotLogin', () => {
  test('an installation token (ghs_) is not sent to GET /user, whose answer would be 403: the configured login', async () => {
    const before = userRequests();
    expect(await resolveBotLogin(client('ghs_installation_token_00000000'), 'eternia-bot[bot]')).toBe('eternia-bot[bot]');
    expect(userRequests()).toBe(before);
  });

  test('a user token asks GET /user and gets its own login', async () => {
    const before = userRequests();
    expect(await resolveBotLogin(client('ghp_personal_token_0000000000000'), 'eternia-bot[bot]')).toBe('octocat');
    expect(userRequests()).toBe(before + 1);
  });
});
