import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createOctokit, type Octokit } from '@eternia/core';
import { type GitHubEmulator, startGitHubEmulator } from '../src/github/index.js';

describe('GitHub emulator: issues, labels, comments, search', () => {
  let emu: GitHubEmulator;
  let gh: Octokit;
  let bot: Octokit;
  const repo = { owner: 'acme', repo: 'widgets' };

  beforeAll(async () => {
    emu = await startGitHubEmulator({ validateResponses: true });
    emu.addToken('user-token', 'alice');
    emu.addToken('bot-token', 'github-actions[bot]', { type: 'Bot' });
    await emu.createRepo({ owner: 'acme', name: 'widgets' });
    gh = createOctokit({ token: 'user-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    bot = createOctokit({ token: 'bot-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
  });
  afterAll(async () => {
    // Every response of these tests matched GitHub's documented schema, and no request broke the spec.
    const violations = [...emu.violations];
    await emu.close();
    expect(violations).toEqual([]);
  });

  test('answers 401 without a token and with an unknown one, in GitHub’s error shape', async () => {
    const none = await fetch(`${emu.url}/repos/acme/widgets`);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ message: 'Requires authentication', documentation_url: expect.any(String) });
    const unknown = createOctokit({ token: 'nope', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    await expect(unknown.rest.repos.get(repo)).rejects.toMatchObject({ status: 401, message: expect.stringContaining('Bad credentials') });
  });

  test('repos.get returns the default branch, permissions and rate-limit headers that count down per token', async () => {
    const first = await gh.rest.repos.get(repo);
    expect(first.data.default_branch).toBe('main');
    expect(first.data.full_name).toBe('acme/widgets');
    expect(first.data.permissions).toMatchObject({ push: true, admin: false });
    expect(first.headers['x-ratelimit-limit']).toBe('5000');
    expect(first.headers['x-ratelimit-resource']).toBe('core');
    const second = await gh.rest.repos.get(repo);
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(Number(first.headers['x-ratelimit-remaining']) - 1);
    expect(Number(second.headers['x-ratelimit-used'])).toBe(Number(first.headers['x-ratelimit-used']) + 1);
    const other = await bot.rest.repos.get(repo);
    expect(other.headers['x-ratelimit-remaining']).toBe('4999');
  });

  test('a 404 has GitHub’s shape', async () => {
    const res = await fetch(`${emu.url}/repos/acme/missing`, { headers: { authorization: 'token user-token' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found', documentation_url: expect.stringContaining('docs.github.com'), status: '404' });
  });

  test('GET /user works for a user token and is refused to an installation (Bot) token', async () => {
    expect((await gh.rest.users.getAuthenticated()).data.login).toBe('alice');
    await expect(bot.rest.users.getAuthenticated()).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
  });

  test('issues: create with labels, filter by state and labels, paginate with Link headers', async () => {
    for (let i = 1; i <= 7; i++) {
      await gh.rest.issues.create({ ...repo, title: `issue ${i}`, labels: i % 2 ? ['agent:ready'] : ['bug'] });
    }
    const page1 = await gh.rest.issues.listForRepo({ ...repo, labels: 'agent:ready', per_page: 2, direction: 'asc', sort: 'created' });
    expect(page1.data.map((i) => i.title)).toEqual(['issue 1', 'issue 3']);
    expect(page1.headers.link).toContain('rel="next"');
    expect(page1.headers.link).toContain('rel="last"');
    const all = await gh.paginate(gh.rest.issues.listForRepo, { ...repo, labels: 'agent:ready', per_page: 2 });
    expect(all.map((i) => i.title)).toEqual(['issue 7', 'issue 5', 'issue 3', 'issue 1']);
    expect(all[0]!.labels).toEqual([expect.objectContaining({ name: 'agent:ready', color: 'ededed' })]);

    await gh.rest.issues.update({ ...repo, issue_number: 1, state: 'closed' });
    const open = await gh.paginate(gh.rest.issues.listForRepo, { ...repo, labels: 'agent:ready' });
    expect(open.map((i) => i.number)).toEqual([7, 5, 3]);
    const closed = await gh.rest.issues.get({ ...repo, issue_number: 1 });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'completed', closed_by: expect.objectContaining({ login: 'alice' }) });
  });

  test('labels: create, 422 already_exists, add and remove on an issue, 404 for a label not on the issue', async () => {
    const created = await gh.rest.issues.createLabel({ ...repo, name: 'needs-human-review', color: 'b60205', description: 'freeze' });
    expect(created.status).toBe(201);
    await expect(gh.rest.issues.createLabel({ ...repo, name: 'Needs-Human-Review' })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }] } },
    });
    const added = await gh.rest.issues.addLabels({ ...repo, issue_number: 2, labels: ['needs-human-review'] });
    expect(added.data.map((l) => l.name).sort()).toEqual(['bug', 'needs-human-review']);
    const removed = await gh.rest.issues.removeLabel({ ...repo, issue_number: 2, name: 'bug' });
    expect(removed.data.map((l) => l.name)).toEqual(['needs-human-review']);
    await expect(gh.rest.issues.removeLabel({ ...repo, issue_number: 2, name: 'bug' })).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining('Label does not exist'),
    });
    expect((await gh.rest.issues.getLabel({ ...repo, name: 'needs-human-review' })).data.color).toBe('b60205');
  });

  test('comments: create, list with pagination, update, delete — and the state object is the one the API serves', async () => {
    for (let i = 0; i < 5; i++) await bot.rest.issues.createComment({ ...repo, issue_number: 3, body: `c${i}` });
    const all = await bot.paginate(bot.rest.issues.listComments, { ...repo, issue_number: 3, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(all[0]!.user?.login).toBe('github-actions[bot]');
    expect(all[0]!.user?.type).toBe('Bot');
    const updated = await bot.rest.issues.updateComment({ ...repo, comment_id: all[0]!.id, body: 'edited' });
    expect(updated.data.body).toBe('edited');
    await bot.rest.issues.deleteComment({ ...repo, comment_id: all[1]!.id });
    const stateComments = emu.state.repo('acme', 'widgets')!.comments.filter((c) => c.issueNumber === 3);
    expect(stateComments.map((c) => c.body)).toEqual(['edited', 'c2', 'c3', 'c4']);
    expect((await bot.rest.issues.get({ ...repo, issue_number: 3 })).data.comments).toBe(4);
  });

  test('seed helpers go through the same code as the API', async () => {
    const issue = await emu.createIssue({ ...repo, title: 'Seeded via helper', body: 'flaky login test', labels: ['bug'], user: 'bob' });
    const viaApi = await gh.rest.issues.get({ ...repo, issue_number: issue.number as number });
    expect(viaApi.data.user?.login).toBe('bob');
    expect(viaApi.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['bug']);
    await emu.createComment({ ...repo, issueNumber: issue.number as number, body: 'seeded comment' });
    expect((await gh.rest.issues.listComments({ ...repo, issue_number: issue.number as number })).data[0]!.user?.login).toBe('acme');
  });

  test('search issues: repo:, is:, label:, state:, in:title and plain words; search has its own rate limit', async () => {
    const res = await gh.rest.search.issuesAndPullRequests({ q: 'repo:acme/widgets is:issue is:open label:agent:ready issue' });
    expect(res.data.items.map((i) => i.number).sort()).toEqual([3, 5, 7]);
    expect(res.headers['x-ratelimit-resource']).toBe('search');
    expect(res.headers['x-ratelimit-limit']).toBe('30');
    const words = await gh.rest.search.issuesAndPullRequests({ q: 'repo:acme/widgets login in:body' });
    expect(words.data.items.map((i) => i.title)).toEqual(['Seeded via helper']);
    const titleOnly = await gh.rest.search.issuesAndPullRequests({ q: 'repo:acme/widgets login in:title' });
    expect(titleOnly.data.total_count).toBe(0);
    const negated = await gh.rest.search.issuesAndPullRequests({ q: 'repo:acme/widgets state:open -label:agent:ready -label:bug' });
    expect(negated.data.items.map((i) => i.number)).toEqual([2]);
  });

  test('the primary rate limit runs out per token with a 403 and x-ratelimit-remaining: 0', async () => {
    const small = await startGitHubEmulator({ rateLimit: { core: 2 } });
    try {
      small.addToken('t', 'carol');
      await small.createRepo({ owner: 'carol', name: 'r' });
      const c = createOctokit({ token: 't', baseUrl: small.url, fetch: globalThis.fetch, retries: 0, maxRetryAfterSeconds: 0 });
      await c.rest.repos.get({ owner: 'carol', repo: 'r' });
      const last = await c.rest.repos.get({ owner: 'carol', repo: 'r' });
      expect(last.headers['x-ratelimit-remaining']).toBe('0');
      await expect(c.rest.repos.get({ owner: 'carol', repo: 'r' })).rejects.toMatchObject({
        status: 403,
        response: { headers: expect.objectContaining({ 'x-ratelimit-remaining': '0' }) },
      });
    } finally {
      await small.close();
    }
  });
});
