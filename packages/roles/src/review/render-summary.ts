import { escapeMarkdown, summarySection } from '@eternia/core';
import { RUBRIC_KEYS, type Rubric } from '../quality/proposals.js';
import type { ReviewResult } from './run-review.js';

export function renderRubricTable(rubric: Rubric): string {
  const rows = RUBRIC_KEYS.map((k) => `| ${k} | ${rubric[k].score}/5 | ${escapeMarkdown(rubric[k].reason)} |`);
  return ['| Rubric | Score | Reason |', '| --- | --- | --- |', ...rows].join('\n');
}

export function renderReviewSummary(result: ReviewResult): string {
  if (result.status === 'frozen') return summarySection('review: frozen', ['The freeze label is on the PR or its issue: nothing was reviewed.']);
  const { proposal } = result;
  const blocking = proposal.findings.filter((f) => f.severity === 'blocking').length;
  const dropped = Object.entries(proposal.dropped).map(([reason, n]) => `${n} ${reason}`);
  return summarySection('review', [
    `Reviewed ${result.files} file(s) in ${result.chunks} part(s) (${result.calls} model call(s)).`,
    `${proposal.findings.length} finding(s) on diff lines (${blocking} blocking); dropped before any API call: ${dropped.length > 0 ? dropped.join(', ') : 'none'}.`,
    result.feedback
      ? `The blocking findings are left for implement's next round (round ${result.round}).`
      : `No feedback round for implement (round ${result.round}${blocking > 0 ? ', review.feedback-rounds reached' : ', nothing blocking'}).`,
    'The publish job posts the review (one COMMENT review, the rubric as a sticky comment).',
    '',
    renderRubricTable(proposal.rubric),
  ]);
}
