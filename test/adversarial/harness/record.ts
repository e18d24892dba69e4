/**
 * What each adversarial test measured. With ADVERSARIAL_RECORD set (scripts/adversarial.mjs sets it) every
 * measurement is appended to that file as one JSON line, for the summary table; without it tests only assert.
 */
import { appendFileSync } from 'node:fs';

export const METRICS = ['escapes', 'secrets', 'lostCommits', 'duplicates', 'pushesAfterFreeze', 'capOverruns'] as const;
export type Metric = (typeof METRICS)[number];

export interface Measurement {
  /** Which test measured it. */
  test: string;
  counts: Partial<Record<Metric, number>>;
  /** Ids of the injection payloads this measurement covers. */
  payloads?: string[];
  /** Channels the payloads came through. */
  channels?: string[];
  /** Fault scenarios exercised. */
  faults?: string[];
  /** What went wrong, for the report when a count is not zero. */
  details?: string[];
}

export function record(measurement: Measurement): void {
  const file = process.env.ADVERSARIAL_RECORD;
  if (file) appendFileSync(file, `${JSON.stringify(measurement)}\n`);
}

/** The sum of all counts: each test asserts this is zero after recording it. */
export function total(measurement: Measurement): number {
  return METRICS.reduce((sum, m) => sum + (measurement.counts[m] ?? 0), 0);
}
