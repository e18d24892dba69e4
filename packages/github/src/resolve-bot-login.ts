import type { Octokit } from '@eternia/core';
import { httpStatus } from './api-error.js';

/**
 * The login our token writes as, so sticky comments are matched by author and commits are attributed.
 * An installation token (GITHUB_TOKEN, GitHub Apps) gets 403 on GET /user; then the configured bot login is used.
 */
export async function resolveBotLogin(octokit: Octokit, fallback: string): Promise<string> {
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
