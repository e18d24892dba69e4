/** Injectable failures: what GitHub (or the network in between) does on a bad day. */
export interface FaultRule {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Path (without query) to match: a RegExp, or a string that must equal the path. Any when omitted. */
  path?: RegExp | string;
  /** Operation id to match, e.g. `issues/create`. */
  operationId?: string;
  /** How many matching requests fail (default 1; Infinity for all). */
  times?: number;
  status?: 500 | 502 | 403 | 429;
  /** Seconds sent in `retry-after` (rate limits). */
  retryAfter?: number;
  /** 403/429 as a secondary rate limit (message GitHub's clients look for) instead of the primary one. */
  secondaryRateLimit?: boolean;
  /** 403 as a missing permission ("Resource not accessible by integration"), as GITHUB_TOKEN without the scope gets. */
  forbidden?: boolean;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** Wait this long before answering (alone: a slow but successful response). */
  delayMs?: number;
}

export interface Faults {
  add(rule: FaultRule): void;
  clear(): void;
}

export class FaultInjector implements Faults {
  private rules: Array<{ rule: FaultRule; left: number }> = [];

  add(rule: FaultRule): void {
    if (rule.status === undefined && !rule.drop && rule.delayMs === undefined) {
      throw new Error('faults.add: a rule needs status, drop or delayMs');
    }
    if (rule.times !== undefined && !(rule.times > 0)) throw new Error(`faults.add: times must be positive, got ${rule.times}`);
    this.rules.push({ rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first live rule matching the request, consumed once. */
  take(method: string, path: string, operationId: string | undefined): FaultRule | undefined {
    for (const entry of this.rules) {
      const r = entry.rule;
      if (entry.left <= 0) continue;
      if (r.method && r.method.toUpperCase() !== method) continue;
      if (r.operationId && r.operationId !== operationId) continue;
      if (r.path !== undefined && (typeof r.path === 'string' ? r.path !== path : !r.path.test(path))) continue;
      entry.left--;
      return r;
    }
    return undefined;
  }
}
