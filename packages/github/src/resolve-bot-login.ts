import type { Octokit } from '@eternia/core';
import { httpStatus } from './api-error.js';

/**
 * The login our token writes as, so sticky comments are matched by author and commits are attributed.
 * An installation token (GITHUB_TOKEN, GitHub Apps) gets 403 on GET /user; then the configured bot login is used.
 * Such a token is known by its form (`ghs_…`, which octokit's token auth reports as an installation token), so it
 * is not sent to ask: every job would otherwise spend a round trip on an answer known in advance.
 */
export async function resolveBotLogin(octokit: Octokit, fallback: string): Promise<string> {
  const auth = (await octokit.auth().catch(() => null)) as { tokenType?: string } | null;
  if (auth?.tokenType === 'installation') return fallback;
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return data.login;
  } catch (error) {
    // 403 for installation tokens; any other client error also just means "cannot tell".
    const status = httpStatus(error);
    if (status !== undefined && status >= 400 && status < 500) return fallback;
    throw error;
  }
}
