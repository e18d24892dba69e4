import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitFactoryOptions {
  token: string;
  /** GITHUB_API_URL; defaults to https://api.github.com. */
  baseUrl?: string;
  /** @actions/github 9 fetches with undici's own fetch; tests pass globalThis.fetch to reach a local server. */
  fetch?: typeof fetch;
  /** How often a request is retried after a 5xx, a dropped connection or a rate limit. */
  retries?: number;
  /** Longest wait, in seconds, the client accepts before a rate-limited retry. Longer waits fail instead. */
  maxRetryAfterSeconds?: number;
  log?: { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void };
}

/** The one GitHub client of the library: REST with retries and rate-limit handling. */
export function createOctokit(options: OctokitFactoryOptions): Octokit {
  const retries = options.retries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 120;
  const log = options.log ?? { debug() {}, info() {}, warn() {}, error() {} };
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl ?? 'https://api.github.com',
      request: options.fetch ? { fetch: options.fetch, retries } : { retries },
      log,
      retry: { retries },
      throttle: {
        onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
          log.warn(`GitHub rate limit on ${opts.method} ${opts.url}; retry ${retryCount + 1} in ${retryAfter}s`);
          return retryCount < retries && retryAfter <= maxWait;
        },
        onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
          log.warn(`GitHub secondary rate limit on ${opts.method} ${opts.url}; retry ${retryCount + 1} in ${retryAfter}s`);
          return retryCount < retries && retryAfter <= maxWait;
        },
      },
    },
    retry,
    throttling,
  );
}
