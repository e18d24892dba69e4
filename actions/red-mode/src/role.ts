import { z } from 'zod';
import { loadPolicy, mergePolicy, systemClock } from '@eternia/core';
import { defineRole } from '@eternia/action-kit';
import { resolveBotLogin } from '@eternia/github';

/** Probes the policy's health checks and raises or clears red-mode with a debounced tracking issue. */
export const role = defineRole({
  name: 'red-mode',
  inputs: z.object({
    'github-token': z.string().optional(),
    'policy-file': z.string().optional(),
    'bot-login': z.string().optional(),
  }),
  needs: {},
  tokenPermissions: ['issues: write'],
  async run(ctx) {
    const { renderRedModeSummary, runRedMode } = await import('@eternia/roles/red-mode');
    const { inputs, deps } = ctx;
    const loaded = await loadPolicy({ workspace: ctx.runner.workspace, file: inputs.policyFile });
    const policy = mergePolicy(loaded.policy, [{ input: 'bot-login', key: 'bot-login', value: inputs.botLogin }]);
    const health = policy.health;
    const clock = { now: deps.now ?? systemClock.now, sleep: deps.sleep ?? systemClock.sleep };
    const result = await runRedMode({
      octokit: ctx.octokit,
      repo: ctx.repo,
      settings: {
        checks: health.checks.map((c) => ({ name: c.name, url: c.url, expectedStatus: c['expected-status'], timeoutMs: c['timeout-ms'] })),
        retries: health.retries,
        retryDelayMs: health['retry-delay-ms'],
        raiseAfter: health['raise-after'],
        clearAfter: health['clear-after'],
        label: policy.labels['red-mode'],
        botLogin: await resolveBotLogin(ctx.octokit, policy['bot-login']),
      },
      fetch: deps.fetch ?? globalThis.fetch,
      clock,
      log: ctx.log,
    });
    return {
      outputs: {
        active: String(result.active),
        action: result.action,
        issue: result.issue === null ? '' : String(result.issue),
        failing: JSON.stringify(result.results.filter((r) => !r.ok).map((r) => r.name)),
      },
      summary: renderRedModeSummary(result),
      policy: loaded,
    };
  },
});
