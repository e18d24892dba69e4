import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConfigurationError } from '@eternia/core';
import { defineRole } from '@eternia/action-kit';
import { resolveBotLogin, upsertStickyComment } from '@eternia/github';

/** Reports the breaking changes between the base and head OpenAPI documents as a sticky PR comment and a failing step. */
export const role = defineRole({
  name: 'openapi-diff',
  inputs: z.object({
    'github-token': z.string().optional(),
    'base-file': z.string(),
    'head-file': z.string(),
    pr: z.number().int().min(1).optional(),
    'fail-on-breaking': z.boolean().default(true),
    'bot-login': z.string().optional(),
  }),
  needs: {},
  tokenPermissions: ['pull-requests: write'],
  async run(ctx) {
    const { breakingChanges, pullNumberFromEvent, readOpenApi, renderOpenApiReport, workspaceFile } = await import('@eternia/roles/checks');
    const { inputs, runner } = ctx;
    const roots = { workspace: runner.workspace, runnerTemp: ctx.env.RUNNER_TEMP };
    const read = async (input: string, name: string) => {
      const file = workspaceFile(input, name, roots);
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new ConfigurationError(`cannot be read (${error.code ?? error.message})`, `${name} '${input}'`);
      });
      return readOpenApi(text, input);
    };
    const changes = breakingChanges(await read(inputs.baseFile, 'base-file'), await read(inputs.headFile, 'head-file'));
    const report = renderOpenApiReport(changes, { base: inputs.baseFile, head: inputs.headFile });
    const pr = inputs.pr ?? pullNumberFromEvent(runner.payload);
    let comment = '';
    if (pr !== null) {
      const botLogin = await resolveBotLogin(ctx.octokit, inputs.botLogin || 'github-actions[bot]');
      comment = String((await upsertStickyComment(ctx.octokit, { ...ctx.repo, issueNumber: pr, key: 'openapi-diff', body: report, botLogin })).id);
    }
    return {
      outputs: { breaking: String(changes.length), changes: JSON.stringify(changes), 'comment-id': comment },
      summary: report,
      ...(changes.length > 0 && inputs.failOnBreaking ? { failure: new Error(`${changes.length} breaking change(s) in the OpenAPI document`) } : {}),
    };
  },
});
