/** Markdown for the job summary: small builders, so every action's summary looks alike. */
import type { ErrorKind } from './errors.js';

/** Escapes text for use inside a markdown paragraph or table cell (untrusted text must not become markup). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A fenced block that the content cannot close early, whatever backticks it contains. */
export function codeBlock(text: string, language = ''): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** `## title` followed by lines or list items. */
export function summarySection(title: string, body: readonly string[] | string): string {
  const text = typeof body === 'string' ? body : body.join('\n');
  return `## ${escapeMarkdown(title)}\n\n${text}\n`;
}

/** What each kind of failure means for the reader, and what to do. */
const KIND_HINTS: Record<ErrorKind, string> = {
  configuration: "a problem with the action's inputs or the policy file; fix it and re-run.",
  github: 'a GitHub API call failed (permissions, a conflict, an outage or a rate limit).',
  model: 'the model provider failed or answered with something unusable.',
  'patch-refused': 'a proposed change broke the policy (paths, size, format) and was not applied.',
  'tests-failed': 'the tests did not pass within the allowed attempts.',
  'review-gate': "the review scored the change below the policy's review.min-score; read the review on the PR.",
  budget: 'the token or cost budget of this run is spent.',
  frozen: 'the freeze label is on this issue or pull request; the bot stops until a human removes it.',
  dossier: 'the state passed between jobs is missing or invalid.',
  internal: 'an unexpected error inside the action (a bug); the debug log has the stack.',
};

export function failureSummary(name: string, kind: ErrorKind, message: string): string {
  return summarySection(`${name} failed`, [`**Kind:** \`${kind}\` — ${KIND_HINTS[kind]}`, '', codeBlock(message)]);
}

/** How the policy was read: its source and the notices of loadPolicy (built-in denies kept, defaults used…). */
export function policySummary(loaded: { source: string | null; notices: readonly string[] }): string {
  const lines = [loaded.source ? `Policy read from \`${loaded.source}\`.` : 'No policy file; the defaults apply.'];
  if (loaded.notices.length > 0) lines.push('', ...loaded.notices.map((notice) => `- ${escapeMarkdown(notice)}`));
  return summarySection('Policy', lines);
}
