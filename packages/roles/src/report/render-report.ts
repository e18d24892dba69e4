import { escapeMarkdown } from '@eternia/core';
import type { FlowReport, StageState } from './build-report.js';
import type { NextSteps } from './next-steps.js';
import type { TimelineStep } from './quality-view.js';

const MARK: Record<StageState, string> = {
  done: '✅',
  escalated: '🆘',
  frozen: '🧊',
  failed: '❌',
  cancelled: '⏹️',
  skipped: '⏭️',
  'not-run': '▫️',
};

const MAX_IDS = 15;

export interface RenderReportOptions {
  /** `https://github.com/<owner>/<repo>`: commits become links. */
  repoUrl?: string;
  /** The workflow run to link to. */
  runUrl?: string;
}

/** The final sticky PR comment: the timeline, the model ledger and the next steps. Ids and messages are data. */
export function renderReport(report: FlowReport, next: NextSteps, options: RenderReportOptions = {}): string {
  const commit = (sha: string | null) => {
    if (!sha) return 'no commit';
    const short = `\`${sha.slice(0, 7)}\``;
    return options.repoUrl && /^[0-9a-f]{40}$/.test(sha) ? `[${short}](${options.repoUrl}/commit/${sha})` : short;
  };
  const ids = (list: readonly string[]) => {
    if (list.length === 0) return 'none recorded';
    const shown = list.slice(0, MAX_IDS).map(codeCell).join(', ');
    return list.length > MAX_IDS ? `${shown} and ${list.length - MAX_IDS} more` : shown;
  };
  const { plan, tests, implement, ci } = report;
  const lines = [`## Agent flow report: ${headline(next.outcome)}`, ''];
  const usage = (step: TimelineStep) => {
    const u = report.usage[step];
    return u ? `${fmt(u.tokens)} tokens, $${u.costUsd.toFixed(4)}` : '—';
  };
  lines.push('| | stage | result | model |', '| --- | --- | --- | --- |');
  const planText =
    plan.state !== 'done'
      ? stateText(plan.state)
      : plan.criteriaCount === null
        ? 'plan posted'
        : `${plan.criteriaCount} acceptance criteria${plan.criteria.length ? ` (${ids(plan.criteria)})` : ''}`;
  lines.push(`| ${MARK[plan.state]} | plan | ${planText} | ${usage('plan')} |`);
  const testsText =
    tests.state === 'done'
      ? `${commit(tests.commit)} — red evidence: ${tests.failing.length} failing before the change: ${ids(tests.failing)}`
      : stateText(tests.state);
  lines.push(`| ${MARK[tests.state]} | tests first | ${testsText} | ${usage('tests')} |`);
  let implementText: string;
  if (implement.state === 'done') {
    const attempts = implement.attempts === null ? '' : ` after ${implement.attempts} attempt(s)`;
    const evidence = implement.passing.length > 0 ? `green evidence: ${ids(implement.passing)}` : 'tests green';
    implementText = `${commit(implement.commit)}${attempts} — ${evidence}`;
  } else if (implement.state === 'escalated') {
    implementText = `escalated${implement.attempts === null ? '' : ` after ${implement.attempts} attempt(s)`}; nothing pushed`;
  } else implementText = stateText(implement.state);
  lines.push(`| ${MARK[implement.state]} | implement | ${implementText} | ${usage('implement')} |`);
  const ciText =
    ci.state === 'done' && ci.result
      ? `\`${ci.result}\` on ${commit(ci.sha)}${ci.failing.length ? ` — failing: ${ids(ci.failing)}` : ''}`
      : stateText(ci.state);
  const ciMark = ci.state !== 'done' ? MARK[ci.state] : ci.result === 'success' ? '✅' : ci.result === 'failure' ? '❌' : '⚠️';
  lines.push(`| ${ciMark} | CI | ${ciText} | ${usage('ci')} |`);
  for (const row of report.quality) {
    // escapeMarkdown escapes '|' and folds newlines: a detail cannot split the table.
    const detail = (row.state === 'done' || row.state === 'failed') && row.detail ? escapeMarkdown(clip(row.detail, 300)) : stateText(row.state);
    const pushed = row.commit ? ` — pushed ${commit(row.commit)}` : '';
    lines.push(`| ${MARK[row.state]} | ${row.step} | ${detail}${pushed} | ${usage(row.step)} |`);
  }
  lines.push('');

  if (plan.summary) lines.push(`**Plan:** ${escapeMarkdown(clip(plan.summary, 400))}`, '');
  if (ci.message && ci.result !== 'success') lines.push(`**CI:** ${escapeMarkdown(clip(ci.message, 600))}`, '');

  lines.push('### Model usage', '');
  const t = report.ledger;
  if (!t || t.calls === 0) lines.push('No model calls recorded.', '');
  else {
    const cached = t.inputTokens === 0 ? 0 : t.cachedTokens / t.inputTokens;
    lines.push(
      `${t.calls} call(s): ${fmt(t.inputTokens)} input tokens (${pct(cached)} cached), ${fmt(t.outputTokens)} output tokens, about $${t.costUsd.toFixed(4)}.`,
      t.cacheShareAfterFirst === null ? '' : `Cached share of input after the first call: ${pct(t.cacheShareAfterFirst)}.`,
      '',
    );
  }

  lines.push('### Next steps', '', ...next.steps.map((s) => `- ${s}`), '');
  if (report.notes.length > 0)
    lines.push('<details><summary>Notes</summary>', '', ...report.notes.map((n) => `- ${escapeMarkdown(n)}`), '', '</details>', '');
  lines.push(`<sub>Head ${commit(report.headSha)}${options.runUrl ? ` · [workflow run](${options.runUrl})` : ''} · issue #${report.issue}</sub>`);
  return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n') + '\n';
}

function headline(outcome: NextSteps['outcome']): string {
  switch (outcome) {
    case 'green':
      return 'green, ready for a human review ✅';
    case 'escalated':
      return 'needs a human 🆘';
    case 'frozen':
      return `frozen 🧊`;
    case 'failed':
      return 'a job failed ❌';
    case 'ci-failed':
      return 'tests green, CI red ❌';
    case 'ci-unknown':
      return 'tests green, CI unknown ⚠️';
    default:
      return 'in progress';
  }
}

function stateText(state: StageState): string {
  switch (state) {
    case 'not-run':
      return 'not run yet';
    case 'skipped':
      return 'skipped in this run';
    case 'frozen':
      return 'stopped by the freeze label';
    case 'failed':
      return 'job failed (see its summary)';
    case 'cancelled':
      return 'cancelled';
    default:
      return state;
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** An id or check name as inline code that cannot end the code span or split a table cell. */
function codeCell(text: string): string {
  return `\`${clip(text, 200).replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}
