/**
 * The committed bundle dist/find-dossier/index.js, run as the runner does, with the real @actions/artifact client:
 * it lists the PR's dossier artifacts on the GitHub emulator, reads each candidate run's manifest through the REST
 * download (302 to the results service's blob) and outputs the genuine run, naming the forged ones.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOctokit } from '@eternia/core';
import { Dossier, writeDossierFolder } from '@eternia/dossier';
import { runAction, startGitHubEmulator, type GitHubEmulator } from '@eternia/testkit';
import { startResultsService, type ResultsService } from '@eternia/testkit';

const actionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = { owner: 'acme', repo: 'shop' };
const BRANCH = 'agent/1-cart';
let service: ResultsService;
let emu: GitHubEmulator;
let temp: string;

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), 'find-dossier-bundle-'));
  service = await startResultsService({ rest: true });
  emu = await startGitHubEmulator({ catalog: service.catalog, validateResponses: true });
  emu.addToken('ghs_bot', 'github-actions[bot]', { type: 'Bot' });
  await emu.createRepo({ owner: 'acme', name: 'shop', files: { 'README.md': '# shop\n' } });
});
afterAll(async () => {
  const violations = [...(emu?.violations ?? [])];
  await emu?.close();
  await service?.close();
  await rm(temp, { recursive: true, force: true });
  expect(violations).toEqual([]);
});

describe('the bundled find-dossier action', () => {
  test('outputs the genuine run; a newer run of another workflow and one whose manifest names another branch are refused', async () => {
    const bot = createOctokit({ token: 'ghs_bot', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    const main = (await bot.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await bot.rest.git.createRef({ ...repo, ref: `refs/heads/${BRANCH}`, sha: main });
    await bot.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'cart.js',
      branch: BRANCH,
      message: 'feat: cart',
      content: Buffer.from('x\n').toString('base64'),
    });
    const issue = (await emu.createIssue({ ...repo, title: 'Cart', body: 'b' })).number as number;
    const pr = (
      await emu.createPullRequest({
        ...repo,
        title: 'Agent',
        head: BRANCH,
        body: `<!-- eternia-agents:issue:${issue} -->`,
        user: 'github-actions[bot]',
      })
    ).number as number;

    const saveIn = async (workflow: string, branch: string): Promise<number> => {
      const runId = (await emu.createWorkflowRun({ ...repo, workflow, event: 'issues', conclusion: 'success' })).id as number;
      const dir = path.join(temp, `run-${runId}`);
      const files = await writeDossierFolder(dir, Dossier.create({ repository: 'acme/shop', pr, issue, branch }));
      service.store.put(
        runId,
        `dossier-pr-${pr}-1`,
        dir,
        files.map((f) => path.relative(dir, f)),
        true,
        { repository: 'acme/shop' },
      );
      return runId;
    };
    const genuine = await saveIn('agent-flow.yml', BRANCH);
    const otherBranch = await saveIn('agent-flow.yml', 'agent/9-other');
    const otherWorkflow = await saveIn('ci.yml', BRANCH);

    const workspace = await mkdtemp(path.join(temp, 'ws-'));
    const run = await runAction({
      actionDir,
      inputs: { pr: String(pr) },
      env: { GITHUB_API_URL: emu.url },
      apiUrl: emu.url,
      token: 'ghs_bot',
      workspace,
      repository: 'acme/shop',
      timeoutMs: 60_000,
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ found: 'true', 'run-id': String(genuine), branch: BRANCH });
    expect(run.summary).toContain(`workflow run ${otherWorkflow} refused (workflow)`);
    expect(run.summary).toContain(`workflow run ${otherBranch} refused (manifest): its dossier manifest names branch "agent/9-other"`);
  });
});
