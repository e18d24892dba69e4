import { z } from 'zod';
import { ConfigurationError } from '@eternia/core';

/**
 * k6's end-of-test summary as `handleSummary(data)` receives it (k6 ≥ 0.30; the template's script writes it with
 * `JSON.stringify(data)`): per metric its type, values, and per threshold expression `{ ok }`.
 */
const metricSchema = z.object({
  type: z.enum(['counter', 'gauge', 'rate', 'trend']),
  contains: z.string().optional(),
  values: z.record(z.string(), z.number().nullable()),
  thresholds: z.record(z.string(), z.object({ ok: z.boolean() })).optional(),
});
const summarySchema = z.object({
  metrics: z.record(z.string(), metricSchema),
  state: z.object({ testRunDurationMs: z.number().optional() }).loose().optional(),
});

export interface ThresholdResult {
  metric: string;
  expression: string;
  ok: boolean;
  /** The metric's values the expression reads, e.g. `p(95)=231.4ms`. */
  observed: string;
}

export interface K6Verdict {
  passed: boolean;
  thresholds: ThresholdResult[];
  /** A few headline numbers when the summary has them. */
  requests: number | null;
  failedRate: number | null;
  p95Ms: number | null;
  durationMs: number | null;
}

/** Reads the summary JSON; a summary without any threshold is refused (a perf check that cannot fail checks nothing). */
export function k6Verdict(text: string, file: string): K6Verdict {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigurationError('is not JSON; write it with handleSummary: `return { [file]: JSON.stringify(data) }`', file);
  }
  if (
    raw &&
    typeof raw === 'object' &&
    'metrics' in raw &&
    Object.values((raw as { metrics: object }).metrics).some((m) => m && typeof m === 'object' && !('values' in m))
  ) {
    throw new ConfigurationError("looks like a --summary-export file (no 'values' per metric); write handleSummary's data instead", file);
  }
  const parsed = summarySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigurationError(`is not a k6 summary: ${issue.path.join('.') || '(top)'}: ${issue.message}`, file);
  }
  const { metrics } = parsed.data;
  const thresholds: ThresholdResult[] = [];
  for (const [metric, m] of Object.entries(metrics).sort(([a], [b]) => a.localeCompare(b))) {
    for (const [expression, result] of Object.entries(m.thresholds ?? {})) {
      thresholds.push({ metric, expression, ok: result.ok, observed: observed(expression, m) });
    }
  }
  if (thresholds.length === 0) {
    throw new ConfigurationError('has no thresholds: declare them in the script (options.thresholds), or the check can never fail', file);
  }
  const value = (metric: string, key: string) => metrics[metric]?.values[key] ?? null;
  return {
    passed: thresholds.every((t) => t.ok),
    thresholds,
    requests: value('http_reqs', 'count'),
    failedRate: value('http_req_failed', 'rate'),
    p95Ms: value('http_req_duration', 'p(95)'),
    durationMs: parsed.data.state?.testRunDurationMs ?? null,
  };
}

/** The value an expression such as `p(95)<500` or `rate<0.01` reads, formatted with its unit. */
function observed(expression: string, metric: z.output<typeof metricSchema>): string {
  const key = /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*[<>=!]/.exec(expression)?.[1];
  if (!key) return '';
  const value = metric.values[key];
  if (value === undefined || value === null) return '';
  if (metric.contains === 'time') return `${key}=${round(value)}ms`;
  if (metric.type === 'rate') return `${key}=${round(value * 100)}%`;
  return `${key}=${round(value)}`;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}

export function renderK6Report(verdict: K6Verdict, scriptName: string): string {
  const rows = verdict.thresholds.map(
    (t) => `| ${t.ok ? '✅' : '❌'} | \`${t.metric}\` | \`${t.expression.replace(/[|`]/g, ' ')}\` | ${t.observed} |`,
  );
  const headline = [
    verdict.requests !== null ? `${verdict.requests} requests` : null,
    verdict.failedRate !== null ? `${round(verdict.failedRate * 100)}% failed` : null,
    verdict.p95Ms !== null ? `p95 ${round(verdict.p95Ms)} ms` : null,
  ].filter(Boolean);
  const failed = verdict.thresholds.filter((t) => !t.ok).length;
  return [
    `## API performance: ${verdict.passed ? 'passed' : `${failed} threshold(s) failed`}`,
    '',
    `k6 script \`${scriptName}\`${headline.length ? ` — ${headline.join(', ')}` : ''}.`,
    '',
    '| | Metric | Threshold | Observed |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
