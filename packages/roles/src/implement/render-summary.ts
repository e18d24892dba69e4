import { escapeMarkdown, summarySection } from '@eternia/core';
import { renderAttempts } from '../delivery/index.js';
import type { ImplementResult } from './run-implement.js';

export function renderImplementSummary(result: ImplementResult): string {
  const e = result.evidence;
  const table = renderAttempts(e.history);
  if (result.status === 'frozen') {
    return summarySection('implement: frozen', [
      'The freeze label is on the PR or its issue: nothing was proposed. A human must remove it for the bot to continue.',
      '',
      ...table,
    ]);
  }
  if (result.status === 'escalated') {
    return summarySection('implement: escalated, nothing proposed', [
      `The tests did not pass within ${e.history.length} attempt(s). Nothing was proposed.`,
      e.best
        ? `The closest attempt (#${e.best.attempt}) is in the dossier as \`${e.best.diffFile}\`, its test output as \`${e.best.outputFile}\`.`
        : 'No attempt produced a diff.',
      'The publish job posts the escalation comment with next steps on the PR (unless the freeze label is present).',
      '',
      ...table,
    ]);
  }
  return summarySection('implement: green', [
    `Proposed **${e.kind}: ${escapeMarkdown(e.summary)}**; the publish job re-validates it, commits and pushes. This job holds no write token.`,
    `Green evidence: ${e.passing.length} test(s) pass, including ${e.redNowPassing.length} of the red tests.`,
    '',
    ...table,
  ]);
}
