/** Setting the required checks through the emulator's branch protection routes (checked against GitHub's OpenAPI description). */
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createOctokit, type Octokit } from '@eternia/core';
import { startGitHubEmulator, type GitHubEmulator } from '@eternia/testkit';
import { requireChecks, SEED_REQUIRED_CHECKS } from '../src/checks/index.js';

let emu: GitHubEmulator;
let admin: Octokit;
const repo = { owner: 'acme', repo: 'shop' };

beforeEach(async () => {
  emu = await startGitHubEmulator({ validateResponses: true });
  emu.addToken('admin-token', 'acme');
  emu.addToken('ghs_bot', 'github-actions[bot]', { type: 'Bot' });
  emu.addToken('dev-token', 'dev');
  await emu.createRepo({ owner: 'acme', name: 'shop', files: { 'README.md': '# shop\n' } });
  emu.addCollaborator(repo, 'dev', 'write');
  admin = createOctokit({ token: 'admin-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
});
afterEach(async () => {
  expect(emu.violations).toEqual([]);
  await emu.close();
});

const required = async () => (await admin.rest.repos.getBranchProtection({ ...repo, branch: 'main' })).data.required_status_checks;

describe('required checks', () => {
  test('protects an unprotected branch with the seed checks, strict', async () => {
    const result = await requireChecks(admin, { ...repo, branch: 'main', checks: SEED_REQUIRED_CHECKS });
    expect(result).toEqual({
      branch: 'main',
      action: 'created',
      checks: ['api_perf', 'openapi_diff', 'sbom', 'tests', 'ui_smoke'],
      added: ['api_perf', 'openapi_diff', 'sbom', 'tests', 'ui_smoke'],
    });
    const checks = await required();
    expect(checks?.strict).toBe(true);
    expect(checks?.contexts.sort()).toEqual(['api_perf', 'openapi_diff', 'sbom', 'tests', 'ui_smoke']);
  });

  test("adds to a protected branch's checks, keeping the ones it had (and their app), and a second run changes nothing", async () => {
    await admin.rest.repos.updateBranchProtection({
      ...repo,
      branch: 'main',
      required_status_checks: { strict: false, contexts: ['lint', 'tests'] },
      enforce_admins: true,
      required_pull_request_reviews: null,
      restrictions: null,
    });
    await admin.rest.repos.updateStatusCheckProtection({
      ...repo,
      branch: 'main',
      checks: [{ context: 'lint', app_id: 15368 }, { context: 'tests' }],
    });
    const result = await requireChecks(admin, { ...repo, branch: 'main', checks: SEED_REQUIRED_CHECKS });
    expect(result.action).toBe('updated');
    expect(result.added).toEqual(['api_perf', 'openapi_diff', 'sbom', 'ui_smoke']);
    const checks = await required();
    expect(checks?.checks).toContainEqual({ context: 'lint', app_id: 15368 });
    expect(checks?.contexts.sort()).toEqual(['api_perf', 'lint', 'openapi_diff', 'sbom', 'tests', 'ui_smoke']);
    const { data } = await admin.rest.repos.getBranchProtection({ ...repo, branch: 'main' });
    expect(data.enforce_admins?.enabled).toBe(true);
    const before = emu.requests.length;
    expect((await requireChecks(admin, { ...repo, branch: 'main', checks: SEED_REQUIRED_CHECKS })).action).toBe('unchanged');
    expect(emu.requests.slice(before).map((r) => r.method)).toEqual(['GET']);
  });

  test('a GITHUB_TOKEN or a non-admin cannot, and says so', async () => {
    const bot = createOctokit({ token: 'ghs_bot', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    await expect(requireChecks(bot, { ...repo, branch: 'main', checks: ['tests'] })).rejects.toThrow(/403|Resource not accessible by integration/);
    const dev = createOctokit({ token: 'dev-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    await expect(requireChecks(dev, { ...repo, branch: 'main', checks: ['tests'] })).rejects.toThrow(/404|Not Found/);
    await expect(requireChecks(admin, { ...repo, branch: 'main', checks: [' '] })).rejects.toThrow('checks: must name 1 or more check names');
  });
});
