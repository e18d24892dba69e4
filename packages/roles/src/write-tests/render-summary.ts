import { escapeMarkdown, summarySection } from '@eternia/core';
import { renderAttempts } from '../delivery/index.js';
import type { WriteTestsResult } from './run-write-tests.js';

export function renderWriteTestsSummary(result: WriteTestsResult): string {
  if (result.status === 'frozen') {
    return summarySection('write-tests: frozen', [
      'The freeze label is on the PR or its issue: nothing was proposed. A human must remove the label for the bot to continue.',
      '',
      ...renderAttempts(result.history),
    ]);
  }
  const e = result.proposal.evidence;
  const lines = [
    `Proposed **test: ${escapeMarkdown(e.summary)}** (${result.proposal.files.length} file(s)); the publish job re-validates it, commits and pushes. This job holds no write token.`,
    '',
    e.status === 'red'
      ? `Red evidence: ${e.failing.length} new test(s) fail on the unchanged code \`${e.codeSha.slice(0, 12)}\`.`
      : 'Tests-first is off in the policy: these tests were not required to fail first.',
    `Test files: ${e.testFiles.map((f) => `\`${f}\``).join(', ')}. Covers: ${e.covers.join(', ') || 'none named'}.`,
    '',
    ...e.failing.slice(0, 30).map((t) => `- ✖ ${escapeMarkdown(t.id)}`),
    '',
    ...renderAttempts(result.history),
  ];
  return summarySection('write-tests', lines);
}
