import { codeBlock, escapeMarkdown } from '@eternia/core';
import type { CiRecord } from './ci-record.js';

const ICON: Record<CiRecord['state'], string> = {
  success: '✅',
  failure: '❌',
  'pending-timeout': '⏳',
  'no-checks': '⚠️',
  frozen: '🧊',
};

/** Markdown for the job summary. Check names, logs and annotations are CI output: shown as data, never as markup. */
export function renderCiSummary(record: CiRecord): string {
  const lines = [`## CI of ${record.sha.slice(0, 12)}: ${ICON[record.state]} \`${record.state}\``, '', escapeMarkdown(record.message), ''];
  if (record.state === 'no-checks') {
    lines.push(
      '> [!IMPORTANT]',
      "> Pushes made with the workflow's `GITHUB_TOKEN` start no workflows. Pass a GitHub App installation token (or a fine-grained PAT) as the `agent-token` secret so the agent's pushes run CI; see `packages/tools/docs/ci-app-token.md` in eternia/agents.",
      '',
    );
  }
  if (record.checks.length > 0) {
    lines.push('| check | kind | status | conclusion |', '| --- | --- | --- | --- |');
    for (const c of record.checks) lines.push(`| ${escapeMarkdown(c.name)} | ${c.kind} | ${c.status} | ${c.conclusion ?? ''} |`);
    lines.push('');
  }
  for (const f of record.failing) {
    lines.push(`### ❌ ${escapeMarkdown(f.name)} (${f.conclusion ?? 'failed'})`, '');
    const link = safeLink(f.url);
    if (link) lines.push(`[details](${link})`, '');
    if (f.summary) lines.push(codeBlock(f.summary), '');
    if (f.annotations.length > 0) {
      lines.push('Annotations:', '');
      for (const a of f.annotations)
        lines.push(`- \`${a.level}\` ${escapeMarkdown(a.path)}${a.line === null ? '' : `:${a.line}`}: ${escapeMarkdown(a.message)}`);
      lines.push('');
    }
    if (f.log) lines.push('<details><summary>end of the job log</summary>', '', codeBlock(f.log), '', '</details>', '');
  }
  if (record.ignored.length > 0)
    lines.push(`Left out (this run's own jobs and \`ignore-checks\`): ${record.ignored.map(escapeMarkdown).join(', ')}`, '');
  if (record.notes.length > 0) lines.push('Notes:', '', ...record.notes.map((n) => `- ${escapeMarkdown(n)}`), '');
  lines.push(`REST requests: ${record.requests}.`, '');
  return lines.join('\n');
}

/** Only http(s) links, with the characters that could end a markdown link escaped. */
function safeLink(url: string | null): string | null {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  return encodeURI(url).replace(/[()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
