import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { ConfigurationError, GitHubApiError, createOctokit } from '@eternia/core';
import { stickyMarker, upsertStickyComment } from '@eternia/github';
import { BOT, repo, startEmulatedRepo, type EmulatedRepo } from './emulated-repo.js';

const marker = '<!-- eternia-agents:sticky:plan -->';

let er: EmulatedRepo;
let target: { owner: string; repo: string; issueNumber: number; key: string; botLogin: string };
beforeEach(async () => {
  er = await startEmulatedRepo();
  const issueNumber = (await er.seed.rest.issues.create({ ...repo, title: 'x' })).data.number;
  target = { ...repo, issueNumber, key: 'plan', botLogin: BOT };
  er.forgetRequests();
});
afterEach(async () => {
  await er.close();
  expect(er.gh.violations).toEqual([]);
});

const mutations = () => er.gh.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
const addComment = async (login: string, body: string) => {
  const comment = await er.gh.createComment({ ...repo, issueNumber: target.issueNumber, body, user: login });
  return { id: Number(comment.id) };
};

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
    const octokit = er.octokit();
    const created = await upsertStickyComment(octokit, { ...target, body: 'Plan v1' });
    expect(created.action).toBe('created');
    expect(er.comments(target.issueNumber)).toEqual([{ id: created.id, body: `${marker}\nPlan v1`, login: BOT }]);

    const updated = await upsertStickyComment(octokit, { ...target, body: 'Plan v2' });
    expect(updated).toEqual({ id: created.id, action: 'updated' });
    expect(er.comments(target.issueNumber).map((c) => c.body)).toEqual([`${marker}\nPlan v2`]);

    er.forgetRequests();
    const same = await upsertStickyComment(octokit, { ...target, body: 'Plan v2' });
    expect(same).toEqual({ id: created.id, action: 'unchanged' });
    expect(mutations()).toEqual([]);
  });

  test('a marker in a comment by someone else is not adopted', async () => {
    const seeded = await addComment('mallory', `${marker}\nplease edit me`);
    const impostor = await addComment('github-actions', `${marker}\nlook-alike login`);
    const result = await upsertStickyComment(er.octokit(), { ...target, body: 'the plan' });
    expect(result.action).toBe('created');
    expect(result.id).not.toBe(seeded.id);
    expect(er.comments(target.issueNumber).find((c) => c.id === seeded.id)!.body).toBe(`${marker}\nplease edit me`);
    expect(er.comments(target.issueNumber).find((c) => c.id === impostor.id)!.body).toBe(`${marker}\nlook-alike login`);
    expect(mutations()).toEqual([`POST /repos/o/r/issues/${target.issueNumber}/comments`]);
  });

  test('a bot comment with another key is not adopted; the login matches case-insensitively', async () => {
    await addComment(BOT, '<!-- eternia-agents:sticky:review -->\nreview');
    const mine = await addComment(BOT, `${marker}\nold`);
    const result = await upsertStickyComment(er.octokit(), { ...target, botLogin: 'GitHub-Actions[bot]', body: 'new' });
    expect(result).toEqual({ id: mine.id, action: 'updated' });
  });

  test('finds its comment past the first 100 (pagination)', async () => {
    for (let i = 0; i < 230; i++) await addComment(i % 2 ? 'alice' : BOT, `chatter ${i}`);
    const mine = await addComment(BOT, `${marker}\nold plan`);
    const result = await upsertStickyComment(er.octokit(), { ...target, body: 'new plan' });
    expect(result).toEqual({ id: mine.id, action: 'updated' });
    const pages = er.gh.requests.filter((r) => r.method === 'GET').map((r) => new URL(r.path, 'http://x').searchParams.get('page') ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
    expect(er.comments(target.issueNumber)).toHaveLength(231);
  });

  test('duplicates from a race: keeps the oldest, updates it, deletes the newer ones', async () => {
    const oldest = await addComment(BOT, `${marker}\nrace A`);
    await addComment('alice', 'hi');
    const dup1 = await addComment(BOT, `${marker}\nrace B`);
    const dup2 = await addComment(BOT, `${marker}\nrace C`);
    const result = await upsertStickyComment(er.octokit(), { ...target, body: 'final' });
    expect(result).toEqual({ id: oldest.id, action: 'updated' });
    expect(er.comments(target.issueNumber).map((c) => [c.login, c.body])).toEqual([
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
    await expect(upsertStickyComment(er.octokit(), { ...target, botLogin: ' ', body: 'x' })).rejects.toThrow(/botLogin/);
    await expect(upsertStickyComment(er.octokit(), { ...target, body: 'x'.repeat(70000) })).rejects.toThrow(
      /sticky comment 'plan' body: is \d+ characters/,
    );
    expect(er.gh.requests).toEqual([]);
  });

  test('API failures become GitHubApiError naming the operation', async () => {
    const bad = createOctokit({ token: 'wrong', baseUrl: er.gh.url, fetch: globalThis.fetch, retries: 0 });
    const err = await upsertStickyComment(bad, { ...target, body: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitHubApiError);
    expect((err as GitHubApiError).status).toBe(401);
    expect((err as Error).message).toMatch(new RegExp(`^listing comments of #${target.issueNumber} in o/r failed \\(HTTP 401\\)`));
  });
});
