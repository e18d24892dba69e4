import type { SupervisorResult } from './run-supervisor.js';

/** The job summary: what was claimed and, for everything else, why not. */
export function renderSupervisorSummary(result: SupervisorResult, source: string): string {
  const lines = ['## eternia-agents supervisor', '', `Trigger: ${source}`, ''];
  if (result.redMode.active) {
    lines.push(`> [!WARNING]\n> red-mode is active (${result.redMode.issues.map((n) => `#${n}`).join(', ')}): only fix work is taken.`, '');
  }
  if (result.notices.length > 0) {
    lines.push(...result.notices.map((n) => `> [!NOTE]\n> ${n}`), '');
  }
  if (result.claimed.length > 0) {
    lines.push('| issue | Draft PR | branch |', '| --- | --- | --- |');
    for (const c of result.claimed) lines.push(`| #${c.issue} | #${c.pr} | \`${c.branch}\` |`);
    lines.push('');
  } else {
    lines.push('No issue claimed.', '');
  }
  if (result.skipped.length > 0) {
    lines.push('Skipped:', '');
    for (const s of result.skipped) lines.push(`- ${s.reason}`);
    lines.push('');
  }
  return lines.join('\n');
}
