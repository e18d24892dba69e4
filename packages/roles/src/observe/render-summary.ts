import type { ServiceReport } from './run-observe.js';

const ms = (s: number | null | undefined) => (s === null || s === undefined ? 'n/a' : `${Math.round(s * 1000)} ms`);

export function renderObserveSummary(reports: readonly ServiceReport[]): string {
  if (reports.length === 0) return '## Observe\n\nNo services in the policy (`observe.services`); nothing was read.\n';
  const rows = reports.map((r) => {
    const result = r.problem
      ? `⚠️ ${r.problem.replace(/\|/g, ' ')}`
      : r.regressions.length > 0
        ? r.regressions.map((g) => `❌ ${g.kind} (#${g.issue}${g.opened ? ', opened' : ', already open'})`).join('; ')
        : r.baseline
          ? '✅ within thresholds'
          : 'baseline recorded';
    const now = r.current ? `${r.current.requests} req, ${r.current.errorRatePercent.toFixed(2)}% 5xx, p95 ${ms(r.current.p95Seconds)}` : '';
    const base = r.baseline ? `${r.baseline.errorRatePercent.toFixed(2)}% 5xx, p95 ${ms(r.baseline.p95Seconds)}` : '';
    return `| ${r.name} | ${now} | ${base} | ${result} |`;
  });
  return ['## Observe', '', '| Service | This window | Baseline | Result |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}
