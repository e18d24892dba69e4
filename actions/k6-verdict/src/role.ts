import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigurationError } from '@eternia/core';
import { defineRole } from '@eternia/action-kit';
import { resolveBotLogin, upsertStickyComment } from '@eternia/github';

/** Turns k6's summary JSON into a pass/fail step and a sticky PR comment. */
export const role = defineRole({
  name: 'k6-verdict',
  inputs: z.object({
    'github-token': z.string().optional(),
    'summary-file': z.string(),
    'script-name': z.string().optional(),
    pr: z.number().int().min(1).optional(),
    'bot-login': z.string().optional(),
  }),
  needs: {},
  tokenPermissions: ['pull-requests: write'],
  async run(ctx) {
    const { k6Verdict, pullNumberFromEvent, renderK6Report, workspaceFile } = await import('@eternia/roles/checks');
    const { inputs, runner } = ctx;
    const file = workspaceFile(inputs.summaryFile, 'summary-file', { workspace: runner.workspace, runnerTemp: ctx.env.RUNNER_TEMP });
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ConfigurationError(`cannot be read (${error.code ?? error.message}); did k6 run with handleSummary?`, inputs.summaryFile);
    });
    const verdict = k6Verdict(text, inputs.summaryFile);
    const report = renderK6Report(verdict, inputs.scriptName || inputs.summaryFile);
    const pr = inputs.pr ?? pullNumberFromEvent(runner.payload);
    let comment = '';
    if (pr !== null) {
      const botLogin = await resolveBotLogin(ctx.octokit, inputs.botLogin || 'github-actions[bot]');
      const result = await upsertStickyComment(ctx.octokit, { ...ctx.repo, issueNumber: pr, key: 'api-perf', body: report, botLogin });
      comment = String(result.id);
    }
    const failed = verdict.thresholds.filter((t) => !t.ok);
    return {
      outputs: { passed: String(verdict.passed), 'comment-id': comment },
      summary: report,
      ...(verdict.passed
        ? {}
        : { failure: new Error(`${failed.length} k6 threshold(s) failed: ${failed.map((t) => `${t.metric} ${t.expression}`).join(', ')}`) }),
    };
  },
});
