import { getOctokit } from '@actions/github';
import { defaults as actionsDefaults } from '@actions/github/lib/utils';
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

/**
 * Status codes plugin-retry leaves alone. 429 is on the list because rate limits belong to the
 * throttling plugin, which waits as long as GitHub says; plugin-retry would retry on its own
 * 1 s, 4 s, 9 s schedule and ignore `retry-after`.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

interface HookedError {
  status?: number;
  message: string;
  response?: { headers?: Record<string, string | undefined> };
}

/**
 * GitHub documents that a 403 or 429 carrying `retry-after` is a secondary rate limit, but the
 * throttling plugin only recognises one by the words "secondary rate" in the message. This plugin
 * (installed first, so its error hook runs closest to the request) adds those words when the
 * header is there and the primary limit is not exhausted, so the plugin waits `retry-after` seconds.
 */
function secondaryLimitByHeader(octokit: { hook: { error(name: 'request', fn: (error: HookedError) => never): void } }): void {
  octokit.hook.error('request', (error: HookedError): never => {
    const headers = error.response?.headers ?? {};
    if (
      (error.status === 403 || error.status === 429) &&
      headers['retry-after'] !== undefined &&
      headers['x-ratelimit-remaining'] !== '0' &&
      !/\bsecondary rate\b/i.test(error.message)
    ) {
      error.message = `${error.message} (secondary rate limit: retry-after ${headers['retry-after']}s)`;
    }
    throw error;
  });
}

/**
 * plugin-throttling spaces writes 1 s apart and notification-raising writes (issues, comments, pull
 * requests) 3 s apart, as GitHub asks of clients of its servers. A server on the loopback interface
 * (the emulator of the test bench, a local proxy) has no such limit, so there writes go out unpaced;
 * 403/429 answers are still honoured the same way everywhere.
 */
const unpaced = { key: () => ({ schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) => job(...args) }) };

function isLoopback(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** The one GitHub client of the library: REST with retries and rate-limit handling. */
export function createOctokit(options: OctokitFactoryOptions): Octokit {
  const retries = options.retries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 120;
  const log = options.log ?? { debug() {}, info() {}, warn() {}, error() {} };
  // Octokit merges `request` shallowly: keep @actions/github's proxy-aware fetch and agent unless a fetch is injected.
  // `retries` must not go into `request`: plugin-retry reads it there for every failure, and would then retry
  // even a 404 at once, with no wait. It belongs in `retry`, where only retryable statuses use it.
  const request = options.fetch ? { fetch: options.fetch } : { ...actionsDefaults.request };
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
  // Duck-typed Bottleneck groups: the plugin only calls `.key(id).schedule(options, job, ...args)` on them.
  const pacing = isLoopback(baseUrl) ? ({ write: unpaced, notifications: unpaced, search: unpaced } as {}) : {};
  return getOctokit(
    options.token,
    {
      baseUrl,
      request,
      log,
      retry: { retries, doNotRetry: DO_NOT_RETRY },
      throttle: {
        ...pacing,
        onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
          const retrying = retryCount < retries && retryAfter <= maxWait;
          log.warn(
            `GitHub rate limit on ${opts.method} ${opts.url}; ` +
              (retrying ? `retry ${retryCount + 1} in ${retryAfter}s` : `not retrying (wait ${retryAfter}s, limit ${maxWait}s, retries ${retryCount}/${retries})`),
          );
          return retrying;
        },
        onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) => {
          const retrying = retryCount < retries && retryAfter <= maxWait;
          log.warn(
            `GitHub secondary rate limit on ${opts.method} ${opts.url}; ` +
              (retrying ? `retry ${retryCount + 1} in ${retryAfter}s` : `not retrying (wait ${retryAfter}s, limit ${maxWait}s, retries ${retryCount}/${retries})`),
          );
          return retrying;
        },
      },
    },
    secondaryLimitByHeader as never,
    retry,
    throttling,
  );
}
