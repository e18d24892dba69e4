import type { Policy } from '@eternia/core';
import { fenceUntrusted, sanitizeUntrusted, type ChatMessage } from '@eternia/llm';
import type { PlanIssue } from './issue-context.js';
import type { RepoAtlasText } from './repo-atlas.js';
import type { TrackedFiles } from './tracked-files.js';

export interface PlanPromptLimits {
  /** policy.limits['issue-body-chars']. */
  bodyChars: number;
  commentChars: number;
  titleChars: number;
  atlasChars: number;
  listingChars: number;
}

export interface PlanPromptInput {
  systemPrompt: string;
  policy: Pick<Policy, 'paths' | 'tests-first'>;
  repository: string;
  files: TrackedFiles | null;
  atlas: RepoAtlasText | null;
  issue: PlanIssue;
  pr: number;
  limits: PlanPromptLimits;
}

/**
 * The planner's messages, ordered for the provider's prompt cache: the system prompt, the policy and the
 * repository context change rarely and come first; the issue (the task) comes last. Everything that came
 * from outside (file names, atlas, issue text) is fenced as data.
 */
export function planMessages(input: PlanPromptInput): { messages: ChatMessage[]; notes: string[] } {
  const notes: string[] = [];
  const { issue, limits } = input;

  const policy = [
    'Repository policy (set by the maintainers; it binds the plan):',
    `- Paths that may change: ${globList(input.policy.paths.allow)}`,
    `- Paths that must never change: ${globList(input.policy.paths.deny)}`,
    `- Test files: ${globList(input.policy.paths.tests)}`,
    input.policy['tests-first']
      ? '- Tests first: new tests are written and shown to fail before the implementation, so each acceptance criterion needs a test that fails today.'
      : '- Tests first is off: tests may come with the implementation.',
    'Name only files inside the paths that may change; files outside them are removed from the plan.',
  ].join('\n');

  const context: string[] = [`Repository: ${input.repository}`];
  if (input.files) {
    const shown = input.files.files.length;
    const heading = shown < input.files.total ? `tracked files (the first ${shown} of ${input.files.total})` : `tracked files (${shown})`;
    context.push(fenceUntrusted(heading, input.files.files.join('\n'), limits.listingChars));
    if (shown < input.files.total) notes.push(`The planner saw ${shown} of the repository's ${input.files.total} tracked files.`);
  } else {
    context.push('No file listing is available (the workspace is not a git checkout).');
    notes.push('No file listing was available to the planner (the workspace is not a git checkout).');
  }
  if (input.atlas) context.push(fenceUntrusted(`repo atlas (${input.atlas.source})`, input.atlas.text, limits.atlasChars));

  const task: string[] = [`Plan the work for issue #${issue.number} of ${input.repository}; the plan goes on pull request #${input.pr}.`];
  task.push(fenceUntrusted('issue title', issue.title, limits.titleChars));
  const bodyLength = Array.from(sanitizeUntrusted(issue.body)).length;
  if (issue.body.trim() === '') {
    task.push('The issue body is empty: plan from the title (and the comments, if any), and keep the plan small.');
    notes.push('The issue has no body; the plan rests on its title and comments.');
  } else {
    task.push(fenceUntrusted('issue body', issue.body, limits.bodyChars));
    if (bodyLength > limits.bodyChars) {
      notes.push(`The issue body has ${bodyLength} characters; the planner saw the first ${limits.bodyChars} (limits.issue-body-chars).`);
    }
  }
  if (issue.olderCommentsOmitted > 0) {
    task.push(`${issue.olderCommentsOmitted} older comment(s) are left out; the ${issue.comments.length} most recent follow.`);
    notes.push(`The planner saw the ${issue.comments.length} most recent comments; ${issue.olderCommentsOmitted} older ones were left out.`);
  }
  // Counted, not shown: the model must not read them, the human reading the plan should know they exist.
  if (issue.commentsAfterReady > 0) {
    notes.push(
      `${issue.commentsAfterReady} comment(s) written or edited after the ready label was added (${issue.readyLabeledAt}) were left out; relabel to include them.`,
    );
  }
  if (issue.commentsByOthers > 0) {
    notes.push(`${issue.commentsByOthers} comment(s) by authors without write access were left out (policy issue-text.comment-authors).`);
  }
  for (const comment of issue.comments) {
    task.push(fenceUntrusted(`comment by @${comment.author} at ${comment.createdAt}`, comment.body, limits.commentChars));
  }
  task.push("Answer with the plan as one JSON object of the schema 'plan'.");

  return {
    messages: [
      { role: 'system', content: input.systemPrompt },
      { role: 'system', content: policy },
      { role: 'user', content: context.join('\n\n') },
      { role: 'user', content: task.join('\n\n') },
    ],
    notes,
  };
}

function globList(globs: readonly string[]): string {
  return globs.length === 0 ? '(none)' : globs.map((g) => `\`${g}\``).join(', ');
}
