import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { ConfigurationError, GitHubApiError, createOctokit } from '@eternia/core';
import { checkFrozen, ensureLabel, labelExists, redModeStatus } from '@eternia/github';
import { repo, startEmulatedRepo, type EmulatedRepo } from './emulated-repo.js';

let er: EmulatedRepo;
beforeEach(async () => {
  er = await startEmulatedRepo();
});
afterEach(async () => {
  await er.close();
  // Every request the code under test sent is one GitHub documents, with documented parameters.
  expect(er.gh.violations).toEqual([]);
});

const freezeLabel = 'needs-human-review';

async function openIssue(labels: string[]): Promise<number> {
  const { data } = await er.seed.rest.issues.create({ ...repo, title: 'x', labels });
  return data.number;
}

const requests = () => er.gh.requests.map((r) => ({ method: r.method, path: r.path }));

describe('freeze label', () => {
  test('absent, then present (re-read from the API each time)', async () => {
    const octokit = er.octokit();
    const number = await openIssue(['bug', 'agent:ready']);
    const freeze = { ...repo, pr: number, issue: number, freezeLabel };
    er.forgetRequests();
    expect(await checkFrozen(octokit, freeze)).toBeNull();

    await er.seed.rest.issues.addLabels({ ...repo, issue_number: number, labels: ['Needs-Human-Review'] });
    expect(await checkFrozen(octokit, freeze)).toBe('pr');
    expect(requests().filter((r) => r.path.startsWith(`/repos/o/r/issues/${number}/labels`) && r.method === 'GET')).toHaveLength(2);
  });

  test('the PR first, then its issue; labels the caller read with the PR are not read again', async () => {
    const octokit = er.octokit();
    const issue = await openIssue(['agent:ready']);
    const pr = await openIssue(['needs-human-review']);
    const target = { ...repo, pr, issue, freezeLabel };
    expect(await checkFrozen(octokit, target)).toBe('pr');
    expect(await checkFrozen(octokit, { ...target, prLabels: ['bug'] })).toBeNull();
    await er.seed.rest.issues.addLabels({ ...repo, issue_number: issue, labels: ['needs-human-review'] });
    er.forgetRequests();
    expect(await checkFrozen(octokit, { ...target, prLabels: ['bug'] })).toBe('issue');
    expect(requests().map((r) => r.path.split('?')[0])).toEqual([`/repos/o/r/issues/${issue}/labels`]);
  });

  test('reads every page of labels', async () => {
    const number = await openIssue([...Array.from({ length: 150 }, (_, i) => `l${i}`), 'needs-human-review']);
    er.forgetRequests();
    expect(await checkFrozen(er.octokit(), { ...repo, pr: number, issue: number, freezeLabel })).toBe('pr');
    expect(requests().filter((r) => r.path.startsWith(`/repos/o/r/issues/${number}/labels`)).length).toBeGreaterThan(1);
  });

  test('a missing issue is a GitHub error, not "not frozen"', async () => {
    await expect(checkFrozen(er.octokit(), { ...repo, pr: 99, issue: 99, freezeLabel })).rejects.toThrow(GitHubApiError);
  });

  test('an empty label name is a configuration error', async () => {
    await expect(checkFrozen(er.octokit(), { ...repo, pr: 1, issue: 1, freezeLabel: '', prLabels: [] })).rejects.toThrow(ConfigurationError);
  });
});

describe('red-mode', () => {
  test('only open issues carrying the label count; pull requests and closed issues do not', async () => {
    const closed = await openIssue(['red-mode']);
    await er.seed.rest.issues.update({ ...repo, issue_number: closed, state: 'closed' });
    await openIssue(['bug']);
    const main = (await er.seed.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
    await er.seed.rest.git.createRef({ ...repo, ref: 'refs/heads/feature', sha: main });
    await er.seed.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'f.txt',
      branch: 'feature',
      message: 'f',
      content: Buffer.from('f\n').toString('base64'),
    });
    const pull = (await er.seed.rest.pulls.create({ ...repo, title: 'p', head: 'feature', base: 'main' })).data.number;
    await er.seed.rest.issues.addLabels({ ...repo, issue_number: pull, labels: ['red-mode'] });
    expect(await redModeStatus(er.octokit(), { ...repo, redModeLabel: 'red-mode' })).toEqual({ active: false, issues: [] });

    const upper = await openIssue(['Red-Mode']);
    const both = await openIssue(['red-mode', 'bug']);
    er.forgetRequests();
    expect(await redModeStatus(er.octokit(), { ...repo, redModeLabel: 'red-mode' })).toEqual({ active: true, issues: [upper, both] });
    const query = new URL(er.gh.requests.at(-1)!.path, 'http://x').searchParams;
    expect(query.get('state')).toBe('open');
    expect(query.get('labels')).toBe('red-mode');
  });

  test('a label with a comma is refused', async () => {
    await expect(redModeStatus(er.octokit(), { ...repo, redModeLabel: 'a,b' })).rejects.toThrow(/redModeLabel/);
  });
});

describe('labels', () => {
  test('labelExists: 200 and 404; names with spaces and colons are encoded', async () => {
    expect(await labelExists(er.octokit(), { ...repo, name: 'agent:ready' })).toBe(false);
    await er.gh.createLabel({ ...repo, name: 'agent:ready', color: '0e8a16' });
    expect(await labelExists(er.octokit(), { ...repo, name: 'agent:ready' })).toBe(true);
    await er.gh.createLabel({ ...repo, name: 'needs human review', color: 'ededed' });
    expect(await labelExists(er.octokit(), { ...repo, name: 'needs human review' })).toBe(true);
  });

  test('ensureLabel creates a missing label once', async () => {
    const octokit = er.octokit();
    expect(await ensureLabel(octokit, { ...repo, name: 'red-mode', color: '#B60205', description: 'Production is unhealthy' })).toBe('created');
    const { data } = await er.seed.rest.issues.getLabel({ ...repo, name: 'red-mode' });
    expect({ name: data.name, color: data.color, description: data.description }).toEqual({
      name: 'red-mode',
      color: 'b60205',
      description: 'Production is unhealthy',
    });
    er.forgetRequests();
    expect(await ensureLabel(octokit, { ...repo, name: 'red-mode', color: 'b60205' })).toBe('exists');
    expect(requests().filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  test('a label created meanwhile (422 already_exists) is success', async () => {
    // Another client creates the label between this client's look-up and its create.
    const racing = createOctokit({
      token: 'test-token',
      baseUrl: er.gh.url,
      retries: 0,
      fetch: async (url: string | URL | Request, init?: RequestInit) => {
        if (init?.method === 'POST' && String(url).endsWith('/repos/o/r/labels'))
          await er.gh.createLabel({ ...repo, name: 'agent:ready', color: '000000' });
        return globalThis.fetch(url, init);
      },
    });
    expect(await ensureLabel(racing, { ...repo, name: 'agent:ready', color: '0e8a16' })).toBe('exists');
    expect(er.gh.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([422]);
  });

  test('other validation failures and bad colors throw', async () => {
    er.forgetRequests();
    await expect(ensureLabel(er.octokit(), { ...repo, name: 'x', color: 'red' })).rejects.toThrow(/color of label 'x'/);
    expect(er.gh.requests).toEqual([]);
  });
});
