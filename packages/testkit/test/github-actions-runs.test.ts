import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit, type Octokit } from '@eternia/core';
import { createArtifactCatalog } from '../src/artifacts/index.js';
import { type GitHubEmulator, startGitHubEmulator } from '../src/github/index.js';
import { ArtifactStore } from '../src/workflow/index.js';

// What a dossier lookup judges a run by: its repository, head repository (a fork for a fork PR), event, workflow
// path and branch, on the run and on its artifacts' `workflow_run`. Responses are checked against GitHub's OpenAPI.

describe('GitHub emulator: workflow runs and their artifacts say where they come from', () => {
  let emu: GitHubEmulator;
  let bot: Octokit;
  let dir: string;
  let store: ArtifactStore;
  const repo = { owner: 'acme', repo: 'app' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'actions-runs-'));
    store = new ArtifactStore(join(dir, 'store'));
    emu = await startGitHubEmulator({ validateResponses: true });
    emu.addToken('bot', 'github-actions[bot]');
    await emu.createRepo({ owner: 'acme', name: 'app', files: { 'README.md': 'x\n' } });
    await emu.createRepo({ owner: 'mallory', name: 'app', files: { 'README.md': 'fork\n' } });
    bot = createOctokit({ token: 'bot', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
  });
  afterAll(async () => {
    const violations = [...emu.violations];
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
    expect(violations).toEqual([]);
  });

  test("a fork PR's run names the fork as head repository, on the run and on its artifacts", async () => {
    const ids = { acme: emu.state.repo('acme', 'app')!.id, fork: emu.state.repo('mallory', 'app')!.id };
    const forkSha = (await bot.rest.repos.getBranch({ owner: 'mallory', repo: 'app', branch: 'main' })).data.commit.sha;
    const forked = await emu.createWorkflowRun({
      ...repo,
      workflow: 'agent-flow.yml',
      event: 'pull_request',
      headRepository: 'mallory/app',
      conclusion: 'success',
      artifacts: [{ name: 'dossier-pr-1-1' }],
    });
    const own = await emu.createWorkflowRun({
      ...repo,
      workflow: 'agent-step.yml',
      event: 'workflow_dispatch',
      conclusion: 'success',
      artifacts: [{ name: 'dossier-pr-1-1' }],
    });

    const { data: run } = await bot.rest.actions.getWorkflowRun({ ...repo, run_id: forked.id as number });
    expect(run).toMatchObject({ event: 'pull_request', path: '.github/workflows/agent-flow.yml', head_branch: 'main', head_sha: forkSha });
    expect([run.repository.id, run.head_repository.id, run.head_repository.fork, run.head_repository.full_name]).toEqual([
      ids.acme,
      ids.fork,
      true,
      'mallory/app',
    ]);
    const { data: mine } = await bot.rest.actions.getWorkflowRun({ ...repo, run_id: own.id as number });
    expect([mine.head_repository.id, mine.head_repository.fork, mine.path]).toEqual([ids.acme, false, '.github/workflows/agent-step.yml']);

    const { data: listed } = await bot.rest.actions.listArtifactsForRepo({ ...repo, name: 'dossier-pr-1-1' });
    expect(listed.artifacts.map((a) => a.workflow_run)).toEqual([
      { id: own.id, repository_id: ids.acme, head_repository_id: ids.acme, head_branch: 'main', head_sha: mine.head_sha },
      { id: forked.id, repository_id: ids.acme, head_repository_id: ids.fork, head_branch: 'main', head_sha: forkSha },
    ]);
  });

  test('a head repository the emulator does not know is a clear error when recording', async () => {
    await expect(emu.createWorkflowRun({ ...repo, workflow: 'ci.yml', headRepository: 'nobody/app' })).rejects.toThrow(
      /head repository nobody\/app .* is not in the emulator/,
    );
  });

  test('with an artifact store attached, artifacts of runs the emulator recorded carry the same workflow_run', async () => {
    const withStore = await startGitHubEmulator({
      validateResponses: true,
      catalog: createArtifactCatalog(store, (a) => `http://blob.invalid/${a.id}`),
    });
    try {
      withStore.addToken('bot', 'github-actions[bot]');
      await withStore.createRepo({ owner: 'acme', name: 'app', files: { 'README.md': 'x\n' } });
      const api = createOctokit({ token: 'bot', baseUrl: withStore.url, fetch: globalThis.fetch, retries: 0 });
      const run = await withStore.createWorkflowRun({ ...repo, workflow: 'agent-flow.yml', event: 'issues', conclusion: 'success' });
      const src = join(dir, 'src');
      mkdirSync(src, { recursive: true });
      writeFileSync(join(src, 'manifest.json'), '{}');
      store.put(run.id as number, 'dossier-pr-2-1', src, ['manifest.json'], false, { repository: 'acme/app' });
      store.put(987654, 'dossier-pr-2-1', src, ['manifest.json'], false, { repository: 'acme/app' });

      const { data } = await api.rest.actions.listArtifactsForRepo({ ...repo, name: 'dossier-pr-2-1' });
      const repoId = withStore.state.repo('acme', 'app')!.id;
      expect(data.artifacts.map((a) => a.workflow_run)).toEqual([
        { id: 987654 },
        { id: run.id, repository_id: repoId, head_repository_id: repoId, head_branch: 'main', head_sha: run.head_sha as string },
      ]);
      expect(withStore.violations).toEqual([]);
    } finally {
      await withStore.close();
    }
  });

  test('each job of a seeded run has its check run (same id, by GitHub Actions) with annotations; an expired log is 410', async () => {
    const sha = (await bot.rest.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
    const run = await emu.createWorkflowRun({
      ...repo,
      workflow: 'ci.yml',
      headSha: sha,
      checkRuns: true,
      jobs: [
        {
          name: 'unit',
          conclusion: 'failure',
          log: 'FAIL x\n',
          output: {
            title: 'Process completed with exit code 1.',
            annotations: [{ path: 'src/a.ts', start_line: 3, end_line: 3, annotation_level: 'failure', message: 'boom' }],
          },
        },
        { name: 'e2e', conclusion: 'timed_out', logExpired: true },
      ],
    });
    const jobs = (await bot.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: Number(run.id) })).data.jobs;
    const checks = (await bot.rest.checks.listForRef({ ...repo, ref: sha })).data.check_runs;
    const byName = (name: string) => checks.find((c) => c.name === name)!;
    for (const job of jobs) {
      expect(byName(job.name)).toMatchObject({ id: job.id, status: 'completed', conclusion: job.conclusion, app: { slug: 'github-actions' } });
      expect(byName(job.name).details_url).toMatch(new RegExp(`/actions/runs/${run.id}/job/${job.id}$`));
    }
    const unit = byName('unit');
    expect(unit.output).toMatchObject({ title: 'Process completed with exit code 1.', annotations_count: 1 });
    const annotations = (await bot.rest.checks.listAnnotations({ ...repo, check_run_id: unit.id })).data;
    expect(annotations).toEqual([
      expect.objectContaining({
        path: 'src/a.ts',
        start_line: 3,
        end_line: 3,
        annotation_level: 'failure',
        message: 'boom',
        title: null,
        blob_href: expect.stringContaining(`/blob/${sha}/src/a.ts`),
      }),
    ]);
    expect(String((await bot.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: unit.id })).data)).toBe('FAIL x\n');
    const expired = await bot.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: byName('e2e').id }).catch((e: { status?: number }) => e);
    expect(expired).toMatchObject({ status: 410 });
  });
});
