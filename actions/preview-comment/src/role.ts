import { z } from 'zod';
import { loadPolicy, mergePolicy, systemClock } from '@eternia/core';
import { defineRole } from '@eternia/action-kit';
import { githubCall, resolveBotLogin } from '@eternia/github';

/** Lists a PR's preview environments with their health in one sticky comment. */
export const role = defineRole({
  name: 'preview-comment',
  inputs: z.object({
    'github-token': z.string().optional(),
    'policy-file': z.string().optional(),
    pr: z.number().int().min(1).optional(),
    'bot-login': z.string().optional(),
  }),
  needs: {},
  tokenPermissions: ['pull-requests: write', 'deployments: read'],
  async run(ctx) {
    const { pullFromEvent, runPreviewComment } = await import('@eternia/roles/preview-comment');
    const { inputs, deps, runner, octokit } = ctx;
    const loaded = await loadPolicy({ workspace: runner.workspace, file: inputs.policyFile });
    const policy = mergePolicy(loaded.policy, [{ input: 'bot-login', key: 'bot-login', value: inputs.botLogin }]);
    const pull =
      inputs.pr !== undefined
        ? await githubCall(`reading PR #${inputs.pr}`, async () => {
            const { data } = await octokit.rest.pulls.get({ ...ctx.repo, pull_number: inputs.pr! });
            return { number: data.number, headSha: data.head.sha };
          })
        : await pullFromEvent(octokit, ctx.repo, runner.eventName, runner.payload);
    if (!pull) {
      return {
        outputs: { pr: '', 'comment-id': '', healthy: 'true', services: '[]' },
        summary: `## Preview environments\n\nNo open pull request for this ${runner.eventName} event; nothing to comment on.\n`,
        policy: loaded,
      };
    }
    const preview = policy.preview;
    const result = await runPreviewComment(
      {
        octokit,
        repo: ctx.repo,
        settings: {
          services: preview.services.map((s) => ({ name: s.name, urlPattern: s['url-pattern'] })),
          environments: preview.environments,
          healthPath: preview['health-path'],
          timeoutMs: preview['timeout-ms'],
          botLogin: await resolveBotLogin(octokit, policy['bot-login']),
        },
        fetch: deps.fetch ?? globalThis.fetch,
        clock: { now: deps.now ?? systemClock.now, sleep: deps.sleep ?? systemClock.sleep },
        log: ctx.log,
      },
      pull,
    );
    const { renderPreviewTable } = await import('@eternia/roles/preview-comment');
    return {
      outputs: {
        pr: String(result.pr),
        'comment-id': String(result.comment.id),
        healthy: String(result.rows.every((r) => r.healthy)),
        services: JSON.stringify(result.rows.map((r) => ({ service: r.service, url: r.url, healthy: r.healthy }))),
      },
      summary: `${renderPreviewTable(result.rows, preview['health-path'], result.headSha)}\nSticky comment ${result.comment.id} ${result.comment.action} on #${result.pr}.\n`,
      policy: loaded,
    };
  },
});
