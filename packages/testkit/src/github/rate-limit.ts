/** Per-token hourly budgets reported in `x-ratelimit-*` headers, like GitHub's REST API. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  reset: number;
  used: number;
  resource: string;
}

export type RateResource = 'core' | 'search';

export class RateLimiter {
  private readonly windows = new Map<string, { reset: number; used: number }>();

  constructor(private readonly limits: Record<RateResource, number>) {}

  /** Counts one request; `exceeded` when the budget was already spent. */
  consume(key: string, resource: RateResource, now = Date.now()): RateLimitState & { exceeded: boolean } {
    const id = `${resource}\0${key}`;
    let w = this.windows.get(id);
    const windowSeconds = resource === 'search' ? 60 : 3600;
    if (!w || w.reset * 1000 <= now) {
      w = { reset: Math.floor(now / 1000) + windowSeconds, used: 0 };
      this.windows.set(id, w);
    }
    const limit = this.limits[resource];
    const exceeded = w.used >= limit;
    if (!exceeded) w.used++;
    return { limit, remaining: limit - w.used, reset: w.reset, used: w.used, resource, exceeded };
  }

  peek(key: string, resource: RateResource, now = Date.now()): RateLimitState {
    const w = this.windows.get(`${resource}\0${key}`);
    const limit = this.limits[resource];
    if (!w || w.reset * 1000 <= now)
      return { limit, remaining: limit, reset: Math.floor(now / 1000) + (resource === 'search' ? 60 : 3600), used: 0, resource };
    return { limit, remaining: limit - w.used, reset: w.reset, used: w.used, resource };
  }
}

export function rateLimitHeaders(s: RateLimitState): Record<string, string> {
  return {
    'x-ratelimit-limit': String(s.limit),
    'x-ratelimit-remaining': String(s.remaining),
    'x-ratelimit-reset': String(s.reset),
    'x-ratelimit-used': String(s.used),
    'x-ratelimit-resource': s.resource,
  };
}
