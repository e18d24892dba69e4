import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { createOctokit, type Octokit } from '@eternia/core';
import { type GitHubEmulator, startGitHubEmulator } from '../src/github/index.js';

const WORKFLOW = `name: CI
on:
  push:
  workflow_dispatch:
    inputs:
      pr:
        description: pull request number
        required: true
`;

describe('GitHub emulator: checks, statuses, workflows, deployments', () => {
  let emu: GitHubEmulator;
  let bot: Octokit;
  let user: Octokit;
  let sha: string;
  const repo = { owner: 'acme', repo: 'ci' };

  beforeAll(async () => {
    emu = await startGitHubEmulator({ validateResponses: true });
    emu.addToken('bot', 'github-actions[bot]');
    emu.addToken('pat', 'alice');
    await emu.createRepo({ owner: 'acme', name: 'ci', files: { '.github/workflows/ci.yml': WORKFLOW, 'README.md': 'x\n' } });
    bot = createOctokit({ token: 'bot', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    user = createOctokit({ token: 'pat', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    sha = (await bot.rest.repos.getBranch({ ...repo, branch: 'main' })).data.commit.sha;
  });
  afterAll(async () => {
    const violations = [...emu.violations];
    await emu.close();
    expect(violations).toEqual([]);
  });

  test('check runs: an app creates and completes one; listing by branch finds the latest per name; a PAT is refused', async () => {
    const run = await bot.rest.checks.create({ ...repo, name: 'agents/review', head_sha: sha, status: 'in_progress' });
    expect(run.data).toMatchObject({ status: 'in_progress', conclusion: null, app: { slug: 'github-actions' } });
    const done = await bot.rest.checks.update({
      ...repo,
      check_run_id: run.data.id,
      conclusion: 'failure',
      output: { title: 'Tests', summary: '2 failed' },
    });
    expect(done.data).toMatchObject({ status: 'completed', conclusion: 'failure', output: { title: 'Tests', summary: '2 failed' } });
    await bot.rest.checks.create({ ...repo, name: 'agents/review', head_sha: sha, conclusion: 'success' });
    const listed = await bot.rest.checks.listForRef({ ...repo, ref: 'main' });
    expect(listed.data.total_count).toBe(1);
    expect(listed.data.check_runs[0]!.conclusion).toBe('success');
    expect((await bot.rest.checks.listForRef({ ...repo, ref: sha, filter: 'all' })).data.total_count).toBe(2);
    const suites = await bot.rest.checks.listSuitesForRef({ ...repo, ref: 'main' });
    expect(suites.data.check_suites[0]).toMatchObject({ head_sha: sha, head_branch: 'main', latest_check_runs_count: 2 });
    await expect(user.rest.checks.create({ ...repo, name: 'x', head_sha: sha })).rejects.toMatchObject({ status: 403 });
  });

  test('code scanning: a gzip+base64 SARIF 2.1.0 upload is accepted and kept; anything else is a 400', async () => {
    const log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'eternia-agents' } }, results: [] }] };
    const encoded = (value: unknown) => gzipSync(JSON.stringify(value)).toString('base64');
    const uploaded = await bot.rest.codeScanning.uploadSarif({ ...repo, commit_sha: sha, ref: 'refs/heads/main', sarif: encoded(log) });
    expect(uploaded.status).toBe(202);
    expect((await bot.rest.codeScanning.getSarif({ ...repo, sarif_id: uploaded.data.id! })).data.processing_status).toBe('complete');
    expect(emu.state.repos.get('acme/ci')?.sarifUploads.map((u) => u.sarif)).toEqual([log]);
    const bad = (sarif: string) => bot.rest.codeScanning.uploadSarif({ ...repo, commit_sha: sha, ref: 'refs/heads/main', sarif });
    await expect(bad(Buffer.from(JSON.stringify(log)).toString('base64'))).rejects.toMatchObject({ status: 400 });
    await expect(bad(encoded({ version: '2.0.0', runs: [] }))).rejects.toMatchObject({ status: 400 });
  });

  test('commit statuses: the combined state is the worst of the latest per context', async () => {
    await bot.rest.repos.createCommitStatus({ ...repo, sha, state: 'pending', context: 'ci/tests' });
    expect((await bot.rest.repos.getCombinedStatusForRef({ ...repo, ref: 'main' })).data.state).toBe('pending');
    await bot.rest.repos.createCommitStatus({ ...repo, sha, state: 'success', context: 'ci/tests', target_url: 'https://ci.example/1' });
    await bot.rest.repos.createCommitStatus({ ...repo, sha, state: 'success', context: 'ci/lint' });
    const combined = await bot.rest.repos.getCombinedStatusForRef({ ...repo, ref: 'main' });
    expect(combined.data).toMatchObject({ state: 'success', total_count: 2, sha });
  });

  test('workflow dispatch checks the trigger and inputs, then a run appears with jobs, logs and artifacts', async () => {
    const workflows = await bot.rest.actions.listRepoWorkflows(repo);
    expect(workflows.data.workflows.map((w) => `${w.name}:${w.path}`)).toEqual(['CI:.github/workflows/ci.yml']);
    await expect(bot.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'ci.yml', ref: 'main' })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining("Required input 'pr'"),
    });
    await expect(
      bot.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'ci.yml', ref: 'main', inputs: { pr: '1', bogus: 'x' } }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      bot.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'nope.yml', ref: 'main', inputs: { pr: '1' } }),
    ).rejects.toMatchObject({ status: 404 });
    const dispatched = await bot.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'ci.yml', ref: 'main', inputs: { pr: '1' } });
    expect(dispatched.status).toBe(204);
    const runs = await bot.rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'ci.yml' });
    expect(runs.data.workflow_runs[0]).toMatchObject({ event: 'workflow_dispatch', status: 'queued', head_sha: sha, name: 'CI' });

    // CI results are played by the test through the seed helper
    const played = await emu.createWorkflowRun({
      ...repo,
      workflow: 'ci.yml',
      event: 'pull_request',
      conclusion: 'failure',
      jobs: [{ name: 'test', conclusion: 'failure', log: '##[error]expected 2 to be 3\n', steps: [{ name: 'npm test', conclusion: 'failure' }] }],
      artifacts: [{ name: 'junit', sizeInBytes: 1234 }],
    });
    const runId = played.id as number;
    const failed = await bot.rest.actions.listWorkflowRunsForRepo({ ...repo, status: 'failure' });
    expect(failed.data.workflow_runs.map((r) => r.id)).toEqual([runId]);
    const jobs = await bot.rest.actions.listJobsForWorkflowRun({ ...repo, run_id: runId });
    expect(jobs.data.jobs[0]).toMatchObject({ name: 'test', conclusion: 'failure', steps: [expect.objectContaining({ name: 'npm test' })] });
    const logs = await bot.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: jobs.data.jobs[0]!.id });
    expect(String(logs.data)).toContain('expected 2 to be 3');
    const artifacts = await bot.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: runId });
    expect(artifacts.data.artifacts.map((a) => [a.name, a.size_in_bytes])).toEqual([['junit', 1234]]);
    expect((await bot.rest.actions.getWorkflowRun({ ...repo, run_id: runId })).data.conclusion).toBe('failure');
  });

  test('deployments: required contexts must be green (409 otherwise); statuses are listed newest first', async () => {
    await bot.rest.repos.createCommitStatus({ ...repo, sha, state: 'failure', context: 'ci/e2e' });
    await expect(bot.rest.repos.createDeployment({ ...repo, ref: 'main', environment: 'preview' })).rejects.toMatchObject({ status: 409 });
    const dep = await bot.rest.repos.createDeployment({
      ...repo,
      ref: 'main',
      environment: 'preview',
      required_contexts: ['ci/tests'],
      payload: { pr: 1 },
    });
    expect(dep.status).toBe(201);
    const id = (dep.data as { id: number }).id;
    await bot.rest.repos.createDeploymentStatus({ ...repo, deployment_id: id, state: 'in_progress' });
    await bot.rest.repos.createDeploymentStatus({ ...repo, deployment_id: id, state: 'success', environment_url: 'https://preview.example' });
    const statuses = await bot.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id });
    expect(statuses.data.map((s) => s.state)).toEqual(['success', 'in_progress']);
    const listed = await bot.rest.repos.listDeployments({ ...repo, environment: 'preview' });
    expect(listed.data.map((d) => d.payload)).toEqual([{ pr: 1 }]);
  });

  test('collaborator permission levels: owner admin, token users write, others read', async () => {
    emu.state.user('mallory');
    const owner = await bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'acme' });
    const alice = await bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'alice' });
    const mallory = await bot.rest.repos.getCollaboratorPermissionLevel({ ...repo, username: 'mallory' });
    expect([owner.data.permission, alice.data.permission, mallory.data.permission]).toEqual(['admin', 'write', 'read']);
  });
});
