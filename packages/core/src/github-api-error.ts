/**
 * One line for a failed GitHub API call: `GitHub 422 creating pull request: A pull request already exists for o:b`.
 * Kept apart from octokit.ts so that code which only reports errors does not load the client.
 */
import { GitHubApiError } from './errors.js';

interface RequestErrorLike {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

/** An @octokit/request-error RequestError (or one from another copy of the package). */
export function isRequestError(error: unknown): error is RequestErrorLike & Error {
  return error instanceof Error && typeof (error as { status?: unknown }).status === 'number' && 'request' in error;
}

/** GitHub's own words from a response body: the `errors[].message`s when there are any, else `message`. */
function githubMessage(data: unknown): string | undefined {
  if (!data || typeof data !== 'object') return typeof data === 'string' && data.trim() ? data.trim().slice(0, 300) : undefined;
  const body = data as { message?: unknown; errors?: unknown };
  const details = Array.isArray(body.errors)
    ? body.errors
        .map((e: unknown) => {
          if (typeof e === 'string') return e;
          const item = e as { message?: unknown; resource?: unknown; field?: unknown; code?: unknown };
          if (typeof item.message === 'string' && item.message) return item.message;
          return [item.resource, item.field, item.code].filter((part) => typeof part === 'string').join(' ');
        })
        .filter((text: string) => text.length > 0)
    : [];
  if (details.length > 0) return details.join('; ');
  return typeof body.message === 'string' && body.message ? body.message : undefined;
}

function header(error: RequestErrorLike, name: string): string | undefined {
  const value = error.response?.headers?.[name];
  return value === undefined ? undefined : String(value);
}

/** Why a 403/429 was a rate limit, when the headers say so. */
function rateLimitNote(error: RequestErrorLike): string {
  if (error.status !== 403 && error.status !== 429) return '';
  const retryAfter = header(error, 'retry-after');
  if (retryAfter) return ` (rate limited; GitHub asked to wait ${retryAfter}s, longer than this run accepts or after too many retries)`;
  if (header(error, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(error, 'x-ratelimit-reset'));
    const when = Number.isFinite(reset) && reset > 0 ? ` until ${new Date(reset * 1000).toISOString()}` : '';
    return ` (API rate limit exhausted${when})`;
  }
  return '';
}

/**
 * Turns whatever a GitHub call threw into a GitHubApiError whose message is one line: the status,
 * what we were doing (`what`, e.g. "creating pull request") and GitHub's message. A connection that
 * failed before any response reads "GitHub request failed …".
 */
export function toGitHubApiError(error: unknown, what: string): GitHubApiError {
  if (error instanceof GitHubApiError) return error;
  if (isRequestError(error)) {
    const fromBody = githubMessage(error.response?.data);
    // Octokit appends " - https://docs.github.com/…" to messages; the link is noise in a one-line reason.
    const fallback = error.message.replace(/ - https:\/\/docs\.github\.com\S*$/, '');
    const noResponse = !error.response;
    if (noResponse) {
      const cause = (error as { cause?: unknown }).cause;
      const detail = cause instanceof Error ? `${fallback}: ${cause.message}` : fallback;
      return new GitHubApiError(`GitHub request failed ${what}: ${oneLine(detail)}`, undefined, { cause: error });
    }
    const text = oneLine(fromBody ?? fallback);
    return new GitHubApiError(`GitHub ${error.status} ${what}: ${text}${rateLimitNote(error)}`, error.status, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new GitHubApiError(`GitHub request failed ${what}: ${oneLine(message)}`, undefined, { cause: error });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
