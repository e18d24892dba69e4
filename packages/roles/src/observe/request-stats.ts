import type { Sample } from './prometheus-text.js';

/**
 * What one scrape says about a request-duration histogram, summed over its series: cumulative bucket counts by
 * upper bound, the request count and how many answered 5xx. Counters only grow, so two scrapes give a window.
 */
export interface HistogramSnapshot {
  /** Upper bound (seconds, '+Inf' as Infinity written "+Inf") to cumulative count. */
  buckets: Record<string, number>;
  count: number;
  errors5xx: number;
}

export interface WindowStats {
  requests: number;
  errors5xx: number;
  /** Percent of requests that answered 5xx. */
  errorRatePercent: number;
  /** Seconds, interpolated in the bucket as Prometheus' histogram_quantile does; null without requests. */
  p95Seconds: number | null;
}

/** Sums the histogram's series; null when the metrics hold no such histogram. */
export function snapshotHistogram(samples: readonly Sample[], histogram: string, statusLabel: string): HistogramSnapshot | null {
  const buckets: Record<string, number> = {};
  let count = 0;
  let errors5xx = 0;
  let seen = false;
  for (const s of samples) {
    if (s.name === `${histogram}_bucket`) {
      const le = s.labels.le;
      if (le === undefined) continue;
      seen = true;
      const key = boundKey(le);
      buckets[key] = (buckets[key] ?? 0) + s.value;
    } else if (s.name === `${histogram}_count`) {
      seen = true;
      count += s.value;
      if (/^5\d\d$/.test(s.labels[statusLabel] ?? '')) errors5xx += s.value;
    }
  }
  return seen ? { buckets, count, errors5xx } : null;
}

function boundKey(le: string): string {
  const n = le === '+Inf' || le === 'Inf' ? Infinity : Number(le);
  return n === Infinity ? '+Inf' : String(n);
}

/**
 * The requests between two scrapes. A counter that went down means the service restarted: the new scrape alone is
 * the window then (as Prometheus' rate() treats a reset).
 */
export function windowBetween(previous: HistogramSnapshot | null, current: HistogramSnapshot): HistogramSnapshot {
  if (!previous || current.count < previous.count) return current;
  const buckets: Record<string, number> = {};
  for (const [bound, value] of Object.entries(current.buckets)) buckets[bound] = Math.max(0, value - (previous.buckets[bound] ?? 0));
  return { buckets, count: current.count - previous.count, errors5xx: Math.max(0, current.errors5xx - previous.errors5xx) };
}

export function statsOf(window: HistogramSnapshot): WindowStats {
  const requests = window.count;
  return {
    requests,
    errors5xx: window.errors5xx,
    errorRatePercent: requests === 0 ? 0 : (window.errors5xx / requests) * 100,
    p95Seconds: quantile(0.95, window.buckets),
  };
}

/** histogram_quantile: find the bucket holding the rank, interpolate linearly inside it; the +Inf bucket answers its lower bound. */
export function quantile(q: number, buckets: Record<string, number>): number | null {
  const sorted = Object.entries(buckets)
    .map(([bound, count]) => ({ bound: bound === '+Inf' ? Infinity : Number(bound), count }))
    .sort((a, b) => a.bound - b.bound);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0 || sorted.at(-1)!.bound !== Infinity) return null;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { bound, count } of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      if (count === lowerCount) return bound;
      return lowerBound + (bound - lowerBound) * ((rank - lowerCount) / (count - lowerCount));
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}
