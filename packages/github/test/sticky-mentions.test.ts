import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createOctokit, type Octokit } from '@eternia/core';
import { neutralizeMentions, upsertStickyComment } from '@eternia/github';
import { startGitHubEmulator, type GitHubEmulator } from '@eternia/testkit';

const BOT = 'github-actions[bot]';
const repo = { owner: 'acme', repo: 'widgets' };
// What GitHub links and notifies: '@' at the start or after a non-word character, then a login or org/team.
const LIVE_MENTION = /(?:^|[^A-Za-z0-9_])@[A-Za-z0-9]/m;

let gh: GitHubEmulator;
let bot: Octokit;
let issueNumber: number;

beforeAll(async () => {
  gh = await startGitHubEmulator();
  gh.addToken('ghs_bot_token', BOT, { type: 'Bot' });
  await gh.createRepo({ owner: repo.owner, name: repo.repo, files: { 'README.md': '# w\n' } });
  issueNumber = Number((await gh.createIssue({ ...repo, title: 'x', body: '' })).number);
  bot = createOctokit({ token: 'ghs_bot_token', baseUrl: gh.url, fetch: globalThis.fetch, retries: 0 });
});
afterAll(() => gh.close());

function storedBody(id: number): string {
  return gh.state.repo(repo.owner, repo.repo)!.comments.find((c) => c.id === id)!.body;
}

describe('comments the bot posts do not notify anyone the text names', () => {
  test('a report quoting the model: @user, @org/team, mentions after punctuation and at line starts', async () => {
    const modelText = '@alice please merge.\nEscalating to @acme/security-team (cc:@bob, "@carol-x").\n- @dave1';
    const result = await upsertStickyComment(bot, { ...repo, issueNumber, key: 'report', body: `## Report\n${modelText}`, botLogin: BOT });
    const body = storedBody(result.id);
    expect(body.startsWith('<!-- eternia-agents:sticky:report -->\n## Report\n')).toBe(true);
    expect(body).not.toMatch(LIVE_MENTION);
    // Reads the same once the joiners are taken out.
    expect(body.replaceAll('\u200D', '')).toContain(modelText);
  });

  test('an escalation updated in place stays neutral; e-mail addresses are untouched', async () => {
    const first = await upsertStickyComment(bot, { ...repo, issueNumber, key: 'escalation', body: 'Best attempt failed.', botLogin: BOT });
    const second = await upsertStickyComment(bot, {
      ...repo,
      issueNumber,
      key: 'escalation',
      body: 'Still failing, ask @maintainers or dev@example.com',
      botLogin: BOT,
    });
    expect(second).toEqual({ id: first.id, action: 'updated' });
    expect(storedBody(first.id)).not.toMatch(LIVE_MENTION);
    expect(storedBody(first.id)).toContain('dev@example.com');
    // The same text again is recognised as unchanged (the stored body is the neutralised one).
    expect(
      await upsertStickyComment(bot, {
        ...repo,
        issueNumber,
        key: 'escalation',
        body: 'Still failing, ask @maintainers or dev@example.com',
        botLogin: BOT,
      }),
    ).toEqual({ id: first.id, action: 'unchanged' });
  });
});

describe('neutralizeMentions', () => {
  test('is idempotent and leaves text without mentions alone', () => {
    const once = neutralizeMentions('@a @b/c x@y');
    expect(once).toBe('@\u200Da @\u200Db/c x@y');
    expect(neutralizeMentions(once)).toBe(once);
    expect(neutralizeMentions('no mentions @ all, @-tags, @@')).toBe('no mentions @ all, @-tags, @@');
  });
});
