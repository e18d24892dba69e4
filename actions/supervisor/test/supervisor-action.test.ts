import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOctokit, type Octokit } from '@eternia/core';
import { issueLabeledEvent, runAction, startGitHubEmulator, webhookPayload, type GitHubEmulator } from '@eternia/testkit';

// These tests run the committed bundle dist/supervisor/index.js exactly as the runner does.
const actionDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repository = 'acme/shop';
const repo = { owner: 'acme', repo: 'shop' };

let emu: GitHubEmulator;
let human: Octokit;
let workspace: string;

beforeAll(async () => {
  emu = await startGitHubEmulator();
  emu.addToken('ghs_job_token_1234567890', 'github-actions[bot]', { type: 'Bot' });
  emu.addToken('human-token', 'maintainer');
  await emu.createRepo({ owner: 'acme', name: 'shop', files: { 'README.md': '# shop\n' } });
  for (const name of ['agent:ready', 'needs-human-review', 'red-mode', 'bug']) await emu.createLabel({ ...repo, name });
  human = createOctokit({ token: 'human-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
  workspace = await mkdtemp(path.join(tmpdir(), 'supervisor-ws-'));
});
afterAll(async () => {
  expect(emu.violations).toEqual([]);
  await emu.close();
  await rm(workspace, { recursive: true, force: true });
});

const labeledEvent = (issue: { number: number; title: string }, label: string) => issueLabeledEvent(repository, issue, label);

const run = (opts: { event: { name: string; payload: object }; inputs?: Record<string, string>; ws?: string }) =>
  runAction({
    actionDir,
    event: opts.event,
    repository,
    apiUrl: emu.url,
    workspace: opts.ws ?? workspace,
    token: 'ghs_job_token_1234567890',
    inputs: opts.inputs ?? {},
    timeoutMs: 30_000,
  });

describe('the bundled supervisor action', () => {
  test('an issues.labeled event opens the Draft PR and outputs the matrix', async () => {
    const issue = await emu.createIssue({ ...repo, title: 'Add gift wrapping', labels: ['agent:ready'], user: 'maintainer' });
    const result = await run({ event: labeledEvent({ number: issue.number as number, title: 'Add gift wrapping' }, 'agent:ready') });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const matrix = JSON.parse(result.outputs.matrix!);
    expect(matrix).toEqual([{ issue: issue.number, pr: expect.any(Number), branch: `agent/${issue.number}-add-gift-wrapping` }]);
    expect(result.outputs.count).toBe('1');
    expect(result.summary).toContain(`| #${issue.number} | #${matrix[0].pr} |`);
    expect(result.leakedSecrets).toEqual([]);
    const { data: pr } = await human.rest.pulls.get({ ...repo, pull_number: matrix[0].pr });
    expect(pr.draft).toBe(true);
  });

  test('another label is ignored, with the reason in the summary and an empty matrix', async () => {
    const issue = await emu.createIssue({ ...repo, title: 'Just a bug', labels: ['bug'], user: 'maintainer' });
    const before = emu.requests.length;
    const result = await run({ event: labeledEvent({ number: issue.number as number, title: 'Just a bug' }, 'bug') });
    expect(result.exitCode).toBe(0);
    // The templates start the supervisor on every label: one that is not the ready label costs no GitHub call.
    expect(emu.requests.length).toBe(before);
    expect(result.outputs.matrix).toBe('[]');
    expect(result.summary).toContain("label 'bug' was added");
  });

  test('a schedule event polls; workflow_dispatch with an issue input handles that issue', async () => {
    const issue = await emu.createIssue({ ...repo, title: 'Polled work', labels: ['agent:ready'], user: 'maintainer' });
    const polled = await run({ event: { name: 'schedule', payload: webhookPayload('schedule') } });
    expect(polled.exitCode).toBe(0);
    expect(JSON.parse(polled.outputs.matrix!).map((m: { issue: number }) => m.issue)).toEqual([issue.number]);
    const again = await run({ event: { name: 'workflow_dispatch', payload: {} }, inputs: { issue: String(issue.number) } });
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.outputs.skipped!)[0].reason).toMatch(/already has agent PR/);
  });

  test('a push event fails with one line naming GITHUB_EVENT_NAME', async () => {
    const result = await run({ event: { name: 'push', payload: webhookPayload('push') } });
    expect(result.exitCode).toBe(1);
    const errors = result.annotations.filter((a) => a.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/^supervisor failed \(configuration\): GITHUB_EVENT_NAME: event 'push' cannot start the supervisor/);
    expect(result.summary).toContain('configuration');
  });

  test('an empty token fails naming the input, without calling GitHub', async () => {
    const before = emu.requests.length;
    const result = await run({ event: { name: 'schedule', payload: {} }, inputs: { 'github-token': '' } });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')!.message).toMatch(/input 'github-token': a GitHub token is required/);
    expect(emu.requests.length).toBe(before);
  });

  test('a malformed policy file fails naming the file and the key', async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'supervisor-policy-'));
    await mkdir(path.join(ws, '.github'));
    await writeFile(path.join(ws, '.github', 'agents.yml'), 'version: 1\nlimits:\n  max_issues: 3\n');
    const result = await run({ event: { name: 'schedule', payload: {} }, ws });
    expect(result.exitCode).toBe(1);
    const message = result.annotations.find((a) => a.level === 'error')!.message;
    expect(message).toContain('.github/agents.yml');
    expect(message).toContain("'limits.max_issues'");
    await rm(ws, { recursive: true, force: true });
  });

  test("a policy's own ready label: created once with a notice on the first poll, and its labeled event starts the flow", async () => {
    const ws = await mkdtemp(path.join(tmpdir(), 'supervisor-labels-'));
    await mkdir(path.join(ws, '.github'));
    await writeFile(path.join(ws, '.github', 'agents.yml'), 'version: 1\nlabels:\n  ready: "agent:go"\n');
    const polled = await run({ event: { name: 'schedule', payload: {} }, ws });
    expect(polled.exitCode).toBe(0);
    expect(polled.summary).toContain("created the missing label 'agent:go'");
    const again = await run({ event: { name: 'schedule', payload: {} }, ws });
    expect(again.exitCode).toBe(0);
    expect(again.summary).not.toContain('created the missing label');

    const issue = await emu.createIssue({ ...repo, title: 'Custom ready label', labels: ['agent:go'], user: 'maintainer' });
    const labeled = await run({ event: labeledEvent({ number: issue.number as number, title: 'Custom ready label' }, 'agent:go'), ws });
    expect(labeled.exitCode).toBe(0);
    expect(JSON.parse(labeled.outputs.matrix!).map((m: { issue: number }) => m.issue)).toEqual([issue.number]);
    await rm(ws, { recursive: true, force: true });
  });

  test('a bad max-issues input names the input', async () => {
    const result = await run({ event: { name: 'schedule', payload: {} }, inputs: { 'max-issues': 'lots' } });
    expect(result.exitCode).toBe(1);
    expect(result.annotations.find((a) => a.level === 'error')!.message).toMatch(/input 'max-issues'/);
  });
});
