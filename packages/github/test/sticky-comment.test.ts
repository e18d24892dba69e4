import { describe, test, expect, beforeAll, afterAll, beforeEach } from '@jest/globals';
import { ConfigurationError, GitHubApiError, createOctokit } from '@eternia/core';
import { stickyMarker, upsertStickyComment } from '@eternia/github';
import { FakeGitHub } from './fake-github.js';

const BOT = 'github-actions[bot]';
const target = { owner: 'o', repo: 'r', issueNumber: 5, key: 'plan', botLogin: BOT };
const marker = '<!-- eternia-agents:sticky:plan -->';

let gh: FakeGitHub;
beforeAll(async () => {
  gh = await new FakeGitHub().start();
});
afterAll(() => gh.stop());
beforeEach(() => {
  gh.comments.clear();
  gh.requests = [];
});

const mutations = () => gh.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('stickyMarker', () => {
  test('is a hidden HTML comment naming the key', () => {
    expect(stickyMarker('plan')).toBe(marker);
    expect(stickyMarker('review.v2')).toBe('<!-- eternia-agents:sticky:review.v2 -->');
  });
  test.each(['', 'Plan', 'a--b', 'x -->', 'a b'])('refuses key %j', (key) => {
    expect(() => stickyMarker(key)).toThrow(ConfigurationError);
    expect(() => stickyMarker(key)).toThrow(/sticky comment key/);
  });
});

describe('upsertStickyComment', () => {
  test('creates, then updates, then leaves an identical body alone', async () => {
    const octokit = gh.octokit();
    const created = await upsertStickyComment(octokit, { ...target, body: 'Plan v1' });
    expect(created.action).toBe('created');
    expect(gh.comments.get(5)).toEqual([expect.objectContaining({ id: created.id, body: `${marker}\nPlan v1`, user: { login: BOT } })]);

    const updated = await upsertStickyComment(octokit, { ...target, body: 'Plan v2' });
    expect(updated).toEqual({ id: created.id, action: 'updated' });
    expect(gh.comments.get(5)!.map((c) => c.body)).toEqual([`${marker}\nPlan v2`]);

    gh.requests = [];
    const same = await upsertStickyComment(octokit, { ...target, body: 'Plan v2' });
    expect(same).toEqual({ id: created.id, action: 'unchanged' });
    expect(mutations()).toEqual([]);
  });

  test('a marker in a comment by someone else is not adopted', async () => {
    const seeded = gh.addComment(5, 'mallory', `${marker}\nplease edit me`);
    const impostor = gh.addComment(5, 'github-actions', `${marker}\nlook-alike login`);
    const result = await upsertStickyComment(gh.octokit(), { ...target, body: 'the plan' });
    expect(result.action).toBe('created');
    expect(result.id).not.toBe(seeded.id);
    expect(gh.comments.get(5)!.find((c) => c.id === seeded.id)!.body).toBe(`${marker}\nplease edit me`);
    expect(gh.comments.get(5)!.find((c) => c.id === impostor.id)!.body).toBe(`${marker}\nlook-alike login`);
    expect(mutations()).toEqual(['POST /repos/o/r/issues/5/comments']);
  });

  test('a bot comment with another key is not adopted; the login matches case-insensitively', async () => {
    gh.addComment(5, BOT, '<!-- eternia-agents:sticky:review -->\nreview');
    const mine = gh.addComment(5, 'GitHub-Actions[bot]', `${marker}\nold`);
    const result = await upsertStickyComment(gh.octokit(), { ...target, body: 'new' });
    expect(result).toEqual({ id: mine.id, action: 'updated' });
  });

  test('finds its comment past the first 100 (pagination)', async () => {
    for (let i = 0; i < 230; i++) gh.addComment(5, i % 2 ? 'alice' : BOT, `chatter ${i}`);
    const mine = gh.addComment(5, BOT, `${marker}\nold plan`);
    const result = await upsertStickyComment(gh.octokit(), { ...target, body: 'new plan' });
    expect(result).toEqual({ id: mine.id, action: 'updated' });
    const pages = gh.requests.filter((r) => r.method === 'GET').map((r) => new URL(r.path, 'http://x').searchParams.get('page') ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
    expect(gh.comments.get(5)).toHaveLength(231);
  });

  test('duplicates from a race: keeps the oldest, updates it, deletes the newer ones', async () => {
    const oldest = gh.addComment(5, BOT, `${marker}\nrace A`);
    gh.addComment(5, 'alice', 'hi');
    const dup1 = gh.addComment(5, BOT, `${marker}\nrace B`);
    const dup2 = gh.addComment(5, BOT, `${marker}\nrace C`);
    const result = await upsertStickyComment(gh.octokit(), { ...target, body: 'final' });
    expect(result).toEqual({ id: oldest.id, action: 'updated' });
    expect(gh.comments.get(5)!.map((c) => [c.user.login, c.body])).toEqual([
      [BOT, `${marker}\nfinal`],
      ['alice', 'hi'],
    ]);
    expect(mutations()).toEqual([
      `DELETE /repos/o/r/issues/comments/${dup1.id}`,
      `DELETE /repos/o/r/issues/comments/${dup2.id}`,
      `PATCH /repos/o/r/issues/comments/${oldest.id}`,
    ]);
  });

  test('refuses an empty botLogin and a body GitHub would reject', async () => {
    await expect(upsertStickyComment(gh.octokit(), { ...target, botLogin: ' ', body: 'x' })).rejects.toThrow(/botLogin/);
    await expect(upsertStickyComment(gh.octokit(), { ...target, body: 'x'.repeat(70000) })).rejects.toThrow(/sticky comment 'plan' body: is \d+ characters/);
    expect(gh.requests).toEqual([]);
  });

  test('API failures become GitHubApiError naming the operation', async () => {
    const bad = createOctokit({ token: 'wrong', baseUrl: gh.baseUrl, fetch: globalThis.fetch, retries: 0 });
    const err = await upsertStickyComment(bad, { ...target, body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).status).toBe(401);
    expect((err as Error).message).toMatch(/^listing comments of #5 in o\/r failed \(HTTP 401\)/);
  });
});
