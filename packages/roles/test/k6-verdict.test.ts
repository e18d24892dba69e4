/**
 * The k6 summary verdict on a summary in the documented handleSummary shape (k6 itself is not installable here:
 * it is not packaged by Debian and its release binaries cannot be downloaded on this machine).
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '@eternia/core';
import { k6Verdict, renderK6Report } from '../src/checks/index.js';

const fixture = readFileSync(new URL('./fixtures/k6-summary.json', import.meta.url), 'utf8');

describe('k6 verdict', () => {
  test('fails when any threshold failed, and reports each with the value it read', () => {
    const verdict = k6Verdict(fixture, 'summary.json');
    expect(verdict.passed).toBe(false);
    expect(verdict.thresholds).toEqual([
      { metric: 'http_req_duration', expression: 'p(95)<500', ok: false, observed: 'p(95)=612.34ms' },
      { metric: 'http_req_duration', expression: 'avg<300', ok: true, observed: 'avg=142.1ms' },
      { metric: 'http_req_failed', expression: 'rate<0.01', ok: true, observed: 'rate=0.58%' },
    ]);
    expect(verdict).toMatchObject({ requests: 1200, p95Ms: 612.34, durationMs: 30012.5 });
    const report = renderK6Report(verdict, 'perf/api.js');
    expect(report).toContain('## API performance: 1 threshold(s) failed');
    expect(report).toContain('| ❌ | `http_req_duration` | `p(95)<500` | p(95)=612.34ms |');
    expect(report).toContain('1200 requests, 0.58% failed, p95 612.34 ms');
  });

  test('passes when every threshold holds', () => {
    const green = JSON.parse(fixture);
    green.metrics.http_req_duration.thresholds['p(95)<500'].ok = true;
    expect(k6Verdict(JSON.stringify(green), 'summary.json').passed).toBe(true);
  });

  test('refuses what it cannot judge, naming the file', () => {
    const noThresholds = JSON.parse(fixture);
    for (const m of Object.values(noThresholds.metrics) as { thresholds?: unknown }[]) delete m.thresholds;
    expect(() => k6Verdict(JSON.stringify(noThresholds), 'out/summary.json')).toThrow(
      new ConfigurationError('has no thresholds: declare them in the script (options.thresholds), or the check can never fail', 'out/summary.json'),
    );
    expect(() => k6Verdict('not json', 'summary.json')).toThrow(ConfigurationError);
    const legacy = { metrics: { http_req_duration: { avg: 1, 'p(95)': 2, thresholds: { 'p(95)<500': false } } } };
    expect(() => k6Verdict(JSON.stringify(legacy), 'summary.json')).toThrow('--summary-export');
    expect(() => k6Verdict('{"metrics":{"x":{"type":"histogram","values":{}}}}', 's.json')).toThrow('is not a k6 summary: metrics.x.type');
  });
});
