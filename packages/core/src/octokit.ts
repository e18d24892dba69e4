import type { getOctokit } from '@actions/github';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { Octokit as OctokitCore } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { throttling } from '@octokit/plugin-throttling';
import { systemClock, type Clock } from './clock.js';
import { actionsUserAgent } from './early-request/index.js';
import { httpFetch } from './http-fetch.js';
import { pacingGroups, UNPACED } from './octokit-pacing.js';
import { retryOnClock } from './octokit-retry.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface OctokitFactoryOptions {
  token: string;
  /** GITHUB_API_URL; defaults to https://api.github.com. */
  baseUrl?: string;
  /** Replaces the transport (see requestFor); tests pass globalThis.fetch to reach a local server. */
  fetch?: typeof fetch;
  /** How often a request is retried after a 5xx, a dropped connection or a rate limit. */
  retries?: number;
  /** Longest wait, in seconds, the client accepts before a rate-limited retry. Longer waits fail instead. */
  maxRetryAfterSeconds?: number;
  log?: { debug(m: string): void; info(m: string): void; warn(m: string): void; error(m: string): void };
  /** Every wait (retry back-off, rate-limit waits, write pacing) sleeps on this clock; defaults to the system clock. */
  clock?: Clock;
}

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

function isLoopback(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname;
    return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/**
 * How requests reach GitHub: through @actions/github's undici fetch and proxy agent when the runner's proxy
 * variables (https_proxy, no_proxy…) route this URL through a proxy (that module, with @actions/http-client and
 * undici, loads on the first request); otherwise over node:http/https (`httpFetch`), which needs neither undici
 * nor Node's own fetch, whose first call compiles Node's built-in undici.
 */
function requestFor(baseUrl: string): { fetch: typeof fetch } {
  let proxied = false;
  try {
    proxied = getProxyUrl(new URL(baseUrl)) !== undefined;
  } catch {
    proxied = true; // an unparsable URL: let @actions/github decide, as before
  }
  if (!proxied) return { fetch: httpFetch as typeof fetch };
  let proxyFetch: Promise<typeof fetch> | undefined;
  const viaProxy = async (url: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    proxyFetch ??= import('@actions/github/lib/utils').then((utils) => (utils.defaults.request as { fetch: typeof fetch }).fetch);
    return (await proxyFetch)(url, init);
  };
  return { fetch: viaProxy as typeof fetch };
}

/** @actions/github's client: Octokit with the REST methods and pagination. */
const GitHubClient = OctokitCore.plugin(restEndpointMethods, paginateRest);

/** The one GitHub client of the library: REST with retries and rate-limit handling. */
export function createOctokit(options: OctokitFactoryOptions): Octokit {
  const retries = options.retries ?? 3;
  const maxWait = options.maxRetryAfterSeconds ?? 120;
  const log = options.log ?? { debug() {}, info() {}, warn() {}, error() {} };
  const clock = options.clock ?? systemClock;
  // The transport: @actions/github's proxy-aware fetch behind a proxy, else httpFetch, unless a fetch is injected.
  const baseUrl = options.baseUrl ?? process.env.GITHUB_API_URL ?? 'https://api.github.com';
  const request = options.fetch ? { fetch: options.fetch } : requestFor(baseUrl);
  // GitHub asks clients of its servers to space writes out; a loopback server (the test bench) has no such limit.
  const pacing = isLoopback(baseUrl) ? UNPACED : pacingGroups(clock);
  // Rate-limit waits happen in the handlers below, on the clock; the plugin itself then retries at once.
  const rateLimited = async (kind: string, retryAfter: number, opts: { method: string; url: string }, retryCount: number): Promise<boolean> => {
    const retrying = retryCount < retries && retryAfter <= maxWait;
    log.warn(
      `GitHub ${kind} on ${opts.method} ${opts.url}; ` +
        (retrying
          ? `retry ${retryCount + 1} in ${retryAfter}s`
          : `not retrying (wait ${retryAfter}s, limit ${maxWait}s, retries ${retryCount}/${retries})`),
    );
    if (retrying) await clock.sleep(retryAfter * 1000);
    return retrying;
  };
  // What @actions/github's getOctokit builds, without importing it at start (it reads the event payload and
  // sets up its proxy agent and undici fetch when imported): the same plugins, auth string and user agent.
  const Client = GitHubClient.plugin(secondaryLimitByHeader as never, retryOnClock(retries, clock, log) as never, throttling);
  const agent = actionsUserAgent(process.env);
  if (!options.token) throw new Error('Parameter token or opts.auth is required');
  return new Client({
    auth: `token ${options.token}`,
    ...(agent && { userAgent: agent }),
    baseUrl,
    request,
    log,
    throttle: {
      ...(pacing as object),
      retryAfterBaseValue: 0,
      onRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) =>
        rateLimited('rate limit', retryAfter, opts, retryCount),
      onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }, _o: unknown, retryCount: number) =>
        rateLimited('secondary rate limit', retryAfter, opts, retryCount),
    },
  }) as unknown as Octokit;
}
