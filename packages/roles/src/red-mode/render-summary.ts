import type { RedModeResult } from './run-red-mode.js';

export function renderRedModeSummary(result: RedModeResult): string {
  if (result.action === 'no-checks') return '## Red-mode\n\nNo health checks in the policy (`health.checks`); nothing was checked.\n';
  const verdict = result.active ? '**on**' : 'off';
  const issue = result.issue ? ` (tracking issue #${result.issue})` : '';
  return [
    '## Red-mode',
    '',
    `Red-mode is ${verdict}${issue}; this run: ${result.action}. Failing runs in a row: ${result.state.failing}, passing: ${result.state.passing}.`,
    '',
    '| Check | Result | Tries |',
    '| --- | --- | --- |',
    ...result.results.map((r) => `| ${r.name} | ${r.ok ? `ok (${r.status})` : r.error.replace(/\|/g, ' ')} | ${r.attempts} |`),
    '',
  ].join('\n');
}
