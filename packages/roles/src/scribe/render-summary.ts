import { escapeMarkdown, summarySection } from '@eternia/core';
import { clip, codeSpan, inlineText } from '../plan/markdown-text.js';
import type { ScribeResult } from './run-scribe.js';

export function renderScribeSummary(result: ScribeResult): string {
  const turns = result.attempts.map(
    (a) => `- turn ${a.attempt}: ${a.outcome}${a.outcome === 'accepted' || a.outcome === 'no-docs' ? '' : ` — ${inlineText(clip(a.detail, 300))}`}`,
  );
  switch (result.status) {
    case 'frozen':
      return summarySection('scribe: frozen', [
        'The freeze label is on the PR or its issue: nothing was proposed. A human must remove the label for the bot to continue.',
      ]);
    case 'no-docs':
      return summarySection('scribe: no docs needed', [inlineText(result.proposal.reason), '', ...turns]);
    case 'proposed': {
      const { patch } = result.proposal;
      return summarySection('scribe', [
        `Proposed **${escapeMarkdown(patch.subject)}** (${patch.files.length} file(s)): ${patch.files.map((f) => codeSpan(f)).join(', ')}. The publish job re-validates it against the default branch's policy, commits and pushes; this job holds no write token.`,
        ...(result.adr ? ['', `New ADR: ${codeSpan(result.adr)}.`] : []),
        '',
        inlineText(result.proposal.reason),
        '',
        ...turns,
      ]);
    }
    case 'refused':
      return summarySection('scribe: nothing proposed', [
        'The docs patch was refused, and refused again after one repair turn; nothing was proposed.',
        '',
        ...turns,
      ]);
  }
}
