import { escapeMarkdown, summarySection } from '@eternia/core';
import type { PublishResult } from './run-publish.js';

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
