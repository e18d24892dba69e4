import { escapeMarkdown, summarySection } from '@eternia/core';
import type { PublishResult } from './run-publish.js';
import type { PublishQualityResult } from './run-publish-quality.js';

export function renderPublishSummary(result: PublishResult, ctx: { policySource: string | null; defaultBranch: string }): string {
  const policy = `Validated against the policy of the default branch \`${escapeMarkdown(ctx.defaultBranch)}\`${ctx.policySource ? '' : ' (defaults: no policy file there)'}.`;
  if (result.status === 'frozen') {
    return summarySection(`publish ${result.kind}: frozen`, ['The freeze label is on the PR or its issue: nothing was pushed or posted.']);
  }
  if (result.status === 'escalated') {
    return summarySection('publish implement: escalated', [
      'implement did not reach green, so there is nothing to push.',
      result.comment ? `The escalation comment was ${result.comment.action} on the PR.` : 'No escalation comment was written.',
    ]);
  }
  return summarySection(`publish ${result.kind}`, [
    `Pushed \`${result.commit.slice(0, 12)}\`${result.rebased ? ' (rebased onto a branch that moved)' : ''}: exactly ${result.files.map((f) => `\`${escapeMarkdown(f)}\``).join(', ')}.`,
    policy,
    'No repository code ran in this job: no install, no tests, git hooks off.',
  ]);
}

export function renderQualitySummary(result: PublishQualityResult): string {
  if (result.status === 'frozen')
    return summarySection('publish quality: frozen', ['The freeze label is on the PR or its issue: nothing more was posted or pushed.']);
  const p = result.placement;
  return summarySection('publish quality', [
    result.reviewId ? `Posted review ${result.reviewId} (event COMMENT).` : 'No new review: every finding was already on the PR.',
    `Inline comments: ${p.posted} posted, ${p.alreadyPosted} already posted, ${p.outsideDiff} not on a diff line, ${p.rejected} refused by GitHub.`,
    `Rubric in sticky comment ${result.stickyId}.`,
    ...result.commits.map(
      (c) => `Pushed the ${c.kind} commit \`${c.sha.slice(0, 12)}\`: ${c.files.map((f) => `\`${escapeMarkdown(f)}\``).join(', ')}.`,
    ),
    result.sarifPath ? `SARIF for code scanning: \`${escapeMarkdown(result.sarifPath)}\`.` : 'No SARIF in the dossier.',
    result.gate ? `**Gate failed:** ${escapeMarkdown(result.gate)}.` : 'Gate: passed (or review.min-score not set).',
    'No repository code and no model ran in this job.',
  ]);
}
