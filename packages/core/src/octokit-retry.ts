import type { Clock } from './clock.js';

/**
 * Status codes that are not retried here. 429 (and 403) rate limits belong to the throttling plugin, which
 * waits as long as GitHub says; the rest are answers that another attempt would not change.
 */
export const DO_NOT_RETRY: readonly number[] = [400, 401, 403, 404, 410, 422, 429, 451];

interface RequestOptions {
  method?: string;
  url?: string;
}
type RequestFn = (options: RequestOptions) => Promise<unknown>;
interface Hookable {
  hook: { wrap(name: 'request', fn: (request: RequestFn, options: RequestOptions) => Promise<unknown>): void };
}

/** Seconds before retry `attempt` (0-based): 1, 4, 9…, the schedule of @octokit/plugin-retry. */
export function retryDelaySeconds(attempt: number): number {
  return (attempt + 1) ** 2;
}

/**
 * Retries 5xx answers and failed connections (which @octokit/request reports as status 500) up to `retries`
 * times, waiting on the given clock. It replaces @octokit/plugin-retry, whose waits are timers inside
 * Bottleneck that no injected clock reaches.
 */
export function retryOnClock(retries: number, clock: Clock, log: { warn(m: string): void }) {
  return (octokit: Hookable): void => {
    octokit.hook.wrap('request', async (request, options) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await request(options);
        } catch (error) {
          const status = (error as { status?: unknown } | null)?.status;
          if (attempt >= retries || typeof status !== 'number' || status < 400 || DO_NOT_RETRY.includes(status)) throw error;
          const seconds = retryDelaySeconds(attempt);
          log.warn(`GitHub ${status} on ${options.method} ${options.url}; retry ${attempt + 1} in ${seconds}s`);
          await clock.sleep(seconds * 1000);
        }
      }
    });
  };
}
