import { sanitizeUntrusted } from '@eternia/llm';
import type { SecurityScanResult } from './run-security-scan.js';

const cell = (text: string): string => sanitizeUntrusted(text).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/** The job summary: the counts, then one row per finding on a changed line (messages are already masked). */
export function renderSecuritySummary(result: SecurityScanResult): string {
  const c = result.proposal.counts;
  const lines = [
    '## Security scan',
    '',
    '| | count |',
    '| --- | ---: |',
    `| findings | ${c.findings ?? 0} |`,
    `| on changed lines | ${c['on-changed-lines'] ?? 0} |`,
    `| on unchanged lines (counted, not fixed) | ${c['on-unchanged-lines'] ?? 0} |`,
    `| from SARIF files | ${c['sarif-results'] ?? 0} (${c['sarif-unlocated'] ?? 0} without a location in the workspace) |`,
    `| secrets (values masked) | ${c.secrets ?? 0} |`,
    `| vulnerable dependencies | ${c['vulnerable-dependencies'] ?? 0} |`,
    `| fixes kept / proposed | ${c['fixes-kept'] ?? 0} / ${c['fixes-proposed'] ?? 0} |`,
    `| comments for publish | ${c.comments ?? 0} |`,
    '',
  ];
  const changed = result.findings.filter((f) => f.changed);
  if (changed.length > 0) {
    lines.push('| tool | rule | location | level | outcome |', '| --- | --- | --- | --- | --- |');
    for (const f of changed.slice(0, 100)) {
      const outcome = f.fix === undefined ? 'comment' : f.fix.kept ? 'fixed (proposal)' : `comment; fix not kept: ${f.fix.reason}`;
      lines.push(`| ${cell(f.tool)} | \`${cell(f.rule)}\` | \`${cell(f.path)}:${f.line}\` | ${f.level} | ${outcome} |`);
    }
    if (changed.length > 100) lines.push('', `… and ${changed.length - 100} more (see security.sarif in the dossier).`);
    lines.push('');
  }
  lines.push(
    result.proposal.fix ? `A fix of ${result.proposal.fix.files.length} file(s) is proposed; the publish job applies it.` : 'No fix is proposed.',
    '',
  );
  return lines.join('\n');
}
