import { ConfigurationError, type Octokit } from '@eternia/core';
import { githubCall, httpStatus } from './api-error.js';
import { neutralizeMentions } from './neutralize-mentions.js';

// GitHub refuses comment bodies longer than this.
const MAX_BODY = 65536;

/** The hidden HTML comment that identifies a sticky comment, e.g. `<!-- eternia-agents:sticky:plan -->`. */
export function stickyMarker(key: string): string {
  // '--' or '>' inside the key would end the HTML comment early.
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(key)) {
    throw new ConfigurationError(
      `must be lower-case letters, digits and single '.', '_' or '-' separators, got ${JSON.stringify(key)}`,
      'sticky comment key',
    );
  }
  return `<!-- eternia-agents:sticky:${key} -->`;
}

export interface StickyCommentTarget {
  owner: string;
  repo: string;
  issueNumber: number;
  key: string;
  body: string;
  /** The login the bot writes as (e.g. `github-actions[bot]`); only its own comments are adopted. */
  botLogin: string;
}

export interface StickyCommentResult {
  id: number;
  action: 'created' | 'updated' | 'unchanged';
}

interface IssueComment {
  id: number;
  body?: string | null;
  user?: { login: string } | null;
  created_at: string;
}

/**
 * Creates the comment or updates the one the bot wrote before under the same key.
 * A marker in someone else's comment is ignored: it could have been seeded to make the bot edit it.
 * Duplicates from a race are resolved by keeping the oldest and deleting the rest.
 * Mentions in the body are neutralised (see neutralize-mentions.ts); the hidden marker is added after that.
 */
export async function upsertStickyComment(octokit: Octokit, target: StickyCommentTarget): Promise<StickyCommentResult> {
  const { owner, repo, issueNumber, botLogin } = target;
  if (botLogin.trim() === '') throw new ConfigurationError('must not be empty', 'botLogin');
  const marker = stickyMarker(target.key);
  // The body may quote the model or the issue: it must not notify anyone it names.
  const body = `${marker}\n${neutralizeMentions(target.body)}`;
  if (body.length > MAX_BODY) {
    throw new ConfigurationError(`is ${body.length} characters; GitHub accepts at most ${MAX_BODY}`, `sticky comment '${target.key}' body`);
  }
  const where = `#${issueNumber} in ${owner}/${repo}`;

  const comments: IssueComment[] = await githubCall(`listing comments of ${where}`, () =>
    octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 }),
  );
  const login = botLogin.toLowerCase();
  const ours = comments
    .filter((c) => c.user?.login.toLowerCase() === login && (c.body ?? '').includes(marker))
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);

  const [keep, ...duplicates] = ours;
  for (const duplicate of duplicates) {
    await githubCall(`deleting duplicate sticky comment ${duplicate.id} on ${where}`, async () => {
      try {
        await octokit.rest.issues.deleteComment({ owner, repo, comment_id: duplicate.id });
      } catch (error) {
        // Another run cleaning up the same race already deleted it.
        if (httpStatus(error) !== 404) throw error;
      }
    });
  }

  if (!keep) {
    const created = await githubCall(`creating sticky comment '${target.key}' on ${where}`, () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body }),
    );
    return { id: created.data.id, action: 'created' };
  }
  if (normalizeNewlines(keep.body ?? '') === normalizeNewlines(body)) return { id: keep.id, action: 'unchanged' };
  await githubCall(`updating sticky comment ${keep.id} on ${where}`, () =>
    octokit.rest.issues.updateComment({ owner, repo, comment_id: keep.id, body }),
  );
  return { id: keep.id, action: 'updated' };
}

function normalizeNewlines(text: string): string {
  return text.replace(/\r\n/g, '\n');
}
