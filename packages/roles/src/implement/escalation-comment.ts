import { escapeMarkdown } from '@eternia/core';
import type { ImplementEvidence } from '../delivery/index.js';

export const ESCALATION_KEY = 'escalation';

/** The sticky PR comment when implement gives up: what happened, what is in the dossier, what a human can do. */
export function renderEscalationComment(
  e: ImplementEvidence,
  ctx: { branch: string; pr: number; attempts: number; stillFailing: readonly string[] },
): string {
  const lines = [
    `### implement: not green after ${ctx.attempts} attempt(s), a human is needed`,
    '',
    `The implementer could not make the tests pass within \`limits.attempts: ${ctx.attempts}\`. **Nothing was pushed**: \`${ctx.branch}\` still ends at \`${e.baseSha.slice(0, 12)}\`.`,
    '',
    '| Attempt | Outcome | Failing tests |',
    '| --- | --- | --- |',
    ...e.history.map((h) => `| ${h.attempt} | ${h.outcome} | ${h.failed ?? '–'} |`),
    '',
  ];
  if (e.best) {
    lines.push(
      `The closest attempt was #${e.best.attempt}${e.best.failed !== null ? ` with ${e.best.failed} failing test(s)` : ' (its patch was not applied)'}.`,
    );
    if (ctx.stillFailing.length > 0) {
      lines.push('', ...ctx.stillFailing.slice(0, 20).map((id) => `- ${escapeMarkdown(id)}`));
      if (ctx.stillFailing.length > 20) lines.push(`- … and ${ctx.stillFailing.length - 20} more`);
    }
    lines.push('');
  }
  lines.push(
    '**Next steps**',
    '',
    `1. Download this run's dossier artifact: \`${e.best?.diffFile ?? 'best-attempt.diff'}\` holds the closest attempt, \`${e.best?.outputFile ?? 'best-attempt-tests.txt'}\` its test output, \`implement.json\` every attempt.`,
    `2. Finish the change by hand on \`${ctx.branch}\` (the diff is a starting point), or correct the plan or the tests if they ask for the wrong thing.`,
    `3. Or let the bot try again: re-run the implement step for PR #${ctx.pr} (the per-step \`workflow_dispatch\` workflow), with more \`limits.attempts\` or a stronger \`models.implement\` in \`.github/agents.yml\`.`,
  );
  return lines.join('\n');
}
