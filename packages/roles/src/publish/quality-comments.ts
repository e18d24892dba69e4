/**
 * What the quality publish posts: each finding as an inline comment (sanitised, mentions neutralised, its
 * fingerprint in a hidden marker), the review's body, and the sticky rubric comment.
 */
import { escapeMarkdown } from '@eternia/core';
import { neutralizeMentions } from '@eternia/github';
import { sanitizeUntrusted } from '@eternia/llm';
import { fingerprintMarker } from '../review/fingerprint.js';
import { renderRubricTable } from '../review/render-summary.js';
import { RUBRIC_KEYS, type DocsProposal, type Finding, type ReviewProposal, type SecurityProposal } from '../quality/proposals.js';

/** Model or scanner text as the bot posts it: nothing a reader would not see, nobody notified. */
export const clean = (text: string): string => neutralizeMentions(sanitizeUntrusted(text));

function fence(text: string, info: string): string {
  let longest = 2;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${text.replace(/\n$/, '')}\n${ticks}`;
}

export function findingBody(f: Finding): string {
  const label = f.source === 'security' ? `security${f.rule ? ` · ${clean(f.rule)}` : ''}` : 'review';
  const parts = [`**${f.severity === 'blocking' ? 'Blocking' : 'Nit'}** (${escapeMarkdown(label)}): ${escapeMarkdown(clean(f.title))}`];
  if (f.body.trim()) parts.push(clean(f.body));
  // The suggestion is code a human may commit with one click: cleaning it (a joiner after an `@decorator`, a tag
  // removed) would change that code, so one that cleaning would change is left out rather than posted altered.
  if (f.suggestion !== undefined) {
    if (clean(f.suggestion) === f.suggestion) parts.push(fence(f.suggestion, 'suggestion'));
    else parts.push('_A suggested change was left out: it holds text (a mention, markup or invisible characters) the bot does not post as is._');
  }
  parts.push(fingerprintMarker(f.fingerprint));
  return parts.join('\n\n');
}

export const REVIEW_MARKER = (headSha: string) => `<!-- eternia-agents:review:${headSha} -->`;
export const RUBRIC_STICKY_KEY = 'quality-review';

export function reviewBody(opts: { headSha: string; posted: number; blocking: number; unplaced: Finding[] }): string {
  const lines = [
    `Automated review of \`${opts.headSha.slice(0, 12)}\`: ${opts.posted} new inline comment(s), ${opts.blocking} blocking. The rubric is in the quality comment below.`,
  ];
  if (opts.unplaced.length > 0) {
    lines.push('', 'GitHub refused these as inline comments, so they are listed here:');
    for (const f of opts.unplaced)
      lines.push(`- \`${escapeMarkdown(f.path)}:${f.line}\` ${escapeMarkdown(clean(f.title))} ${fingerprintMarker(f.fingerprint)}`);
  }
  lines.push('', REVIEW_MARKER(opts.headSha));
  return lines.join('\n');
}

export function rubricComment(opts: {
  review: ReviewProposal | null;
  security: SecurityProposal | null;
  docs: DocsProposal | null;
  minScore: number | null;
  placed: { posted: number; alreadyPosted: number; outsideDiff: number; rejected: number };
  commits: Array<{ kind: string; sha: string }>;
}): string {
  const { review, security, docs } = opts;
  const out: string[] = ['## Quality review', ''];
  if (review) {
    const lowest = Math.min(...RUBRIC_KEYS.map((k) => review.rubric[k].score));
    out.push(
      `Reviewed \`${review.headSha.slice(0, 12)}\`. Lowest score ${lowest}/5${opts.minScore !== null ? ` (review.min-score: ${opts.minScore}${lowest < opts.minScore ? ', **below it**' : ''})` : ''}.`,
      '',
      renderRubricTable({
        ...(Object.fromEntries(
          RUBRIC_KEYS.map((k) => [k, { score: review.rubric[k].score, reason: clean(review.rubric[k].reason) }]),
        ) as ReviewProposal['rubric']),
      }),
      '',
    );
    if (review.summary.trim()) out.push(clean(review.summary), '');
    const dropped = Object.entries(review.dropped).map(([reason, n]) => `${n} ${escapeMarkdown(reason)}`);
    if (dropped.length > 0) out.push(`Model findings dropped before posting: ${dropped.join(', ')}.`, '');
  } else {
    out.push('No review this run.', '');
  }
  if (security) {
    const counts = Object.entries(security.counts).map(([k, n]) => `${escapeMarkdown(k)}: ${n}`);
    out.push(
      `**Security scan:** ${security.findings.length} finding(s) on changed lines${counts.length ? ` (${counts.join(', ')})` : ''}${security.fix ? '; a fix was proposed' : ''}.`,
      '',
    );
  }
  if (docs)
    out.push(
      `**Docs:** ${docs.patch ? 'a docs update was proposed.' : `no docs change — ${escapeMarkdown(clean(docs.reason || 'no reason given'))}`}`,
      '',
    );
  const p = opts.placed;
  out.push(
    `Inline comments: ${p.posted} posted, ${p.alreadyPosted} already on the PR, ${p.outsideDiff} not on a diff line (not posted), ${p.rejected} refused by GitHub.`,
  );
  for (const c of opts.commits) out.push(`Pushed ${escapeMarkdown(c.kind)} commit \`${c.sha.slice(0, 12)}\`.`);
  return out.join('\n');
}
