import { describe, test, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { ConfigurationError, GitHubApiError } from '@eternia/core';
import { checkFrozen, ensureLabel, labelExists, redModeStatus } from '@eternia/github';
import { FakeGitHub } from './fake-github.js';

let gh: FakeGitHub;
beforeAll(async () => {
  gh = await new FakeGitHub().start();
});
afterAll(() => gh.stop());
beforeEach(() => {
  gh.issues = [];
  gh.repoLabels.clear();
  gh.requests = [];
  gh.beforeCreateLabel = undefined;
});

const repo = { owner: 'o', repo: 'r' };
const freeze = { ...repo, pr: 7, issue: 7, freezeLabel: 'needs-human-review' };

describe('freeze label', () => {
  test('absent, then present (re-read from the API each time)', async () => {
    const octokit = gh.octokit();
    gh.issues = [{ number: 7, state: 'open', labels: ['bug', 'agent:ready'] }];
    expect(await checkFrozen(octokit, freeze)).toBeNull();

    gh.issues[0]!.labels.push('Needs-Human-Review');
    expect(await checkFrozen(octokit, freeze)).toBe('pr');
    expect(gh.requests.filter((r) => r.path.startsWith('/repos/o/r/issues/7/labels'))).toHaveLength(2);
  });

  test('the PR first, then its issue; labels the caller read with the PR are not read again', async () => {
    const octokit = gh.octokit();
    gh.issues = [
      { number: 7, state: 'open', labels: ['agent:ready'] },
      { number: 8, state: 'open', labels: ['needs-human-review'] },
    ];
    const target = { ...freeze, pr: 8, issue: 7 };
    expect(await checkFrozen(octokit, target)).toBe('pr');
    expect(await checkFrozen(octokit, { ...target, prLabels: ['bug'] })).toBeNull();
    gh.issues[0]!.labels.push('needs-human-review');
    gh.requests = [];
    expect(await checkFrozen(octokit, { ...target, prLabels: ['bug'] })).toBe('issue');
    expect(gh.requests.map((r) => r.path.split('?')[0])).toEqual(['/repos/o/r/issues/7/labels']);
  });

  test('reads every page of labels', async () => {
    gh.issues = [{ number: 7, state: 'open', labels: [...Array.from({ length: 150 }, (_, i) => `l${i}`), 'needs-human-review'] }];
    expect(await checkFrozen(gh.octokit(), freeze)).toBe('pr');
  });

  test('a missing issue is a GitHub error, not "not frozen"', async () => {
    await expect(checkFrozen(gh.octokit(), { ...freeze, issue: 99 })).rejects.toThrow(GitHubApiError);
  });

  test('an empty label name is a configuration error', async () => {
    await expect(checkFrozen(gh.octokit(), { ...freeze, freezeLabel: '', prLabels: [] })).rejects.toThrow(ConfigurationError);
  });
});

describe('red-mode', () => {
  test('only open issues carrying the label count; pull requests and closed issues do not', async () => {
    gh.issues = [
      { number: 1, state: 'closed', labels: ['red-mode'] },
      { number: 2, state: 'open', labels: ['bug'] },
      { number: 3, state: 'open', labels: ['red-mode'], pull_request: true },
    ];
    expect(await redModeStatus(gh.octokit(), { ...repo, redModeLabel: 'red-mode' })).toEqual({ active: false, issues: [] });

    gh.issues.push({ number: 9, state: 'open', labels: ['Red-Mode'] }, { number: 4, state: 'open', labels: ['red-mode', 'bug'] });
    expect(await redModeStatus(gh.octokit(), { ...repo, redModeLabel: 'red-mode' })).toEqual({ active: true, issues: [4, 9] });
    const query = new URL(gh.requests.at(-1)!.path, 'http://x').searchParams;
    expect(query.get('state')).toBe('open');
    expect(query.get('labels')).toBe('red-mode');
  });

  test('a label with a comma is refused', async () => {
    await expect(redModeStatus(gh.octokit(), { ...repo, redModeLabel: 'a,b' })).rejects.toThrow(/redModeLabel/);
  });
});

describe('labels', () => {
  test('labelExists: 200 and 404; names with spaces and colons are encoded', async () => {
    expect(await labelExists(gh.octokit(), { ...repo, name: 'agent:ready' })).toBe(false);
    gh.repoLabels.set('agent:ready', { name: 'agent:ready', color: '0e8a16', description: null });
    expect(await labelExists(gh.octokit(), { ...repo, name: 'agent:ready' })).toBe(true);
    gh.repoLabels.set('needs human review', { name: 'needs human review', color: 'ededed', description: null });
    expect(await labelExists(gh.octokit(), { ...repo, name: 'needs human review' })).toBe(true);
  });

  test('ensureLabel creates a missing label once', async () => {
    const octokit = gh.octokit();
    expect(await ensureLabel(octokit, { ...repo, name: 'red-mode', color: '#B60205', description: 'Production is unhealthy' })).toBe('created');
    expect(gh.repoLabels.get('red-mode')).toEqual({ name: 'red-mode', color: 'b60205', description: 'Production is unhealthy' });
    expect(await ensureLabel(octokit, { ...repo, name: 'red-mode', color: 'b60205' })).toBe('exists');
    expect(gh.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  test("a label created meanwhile (422 already_exists) is success", async () => {
    gh.beforeCreateLabel = (name) => gh.repoLabels.set(name, { name, color: '000000', description: null });
    expect(await ensureLabel(gh.octokit(), { ...repo, name: 'agent:ready', color: '0e8a16' })).toBe('exists');
  });

  test('other validation failures and bad colors throw', async () => {
    await expect(ensureLabel(gh.octokit(), { ...repo, name: 'x', color: 'red' })).rejects.toThrow(/color of label 'x'/);
    expect(gh.requests).toEqual([]);
  });
});
