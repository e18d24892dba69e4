import { z } from 'zod';
import { loadPolicy, mergePolicy } from '@eternia/core';
import { defineRole } from '@eternia/action-kit';
import { resolveBotLogin } from '@eternia/github';

/** Reads the policy and the event, then claims ready issues: a matrix of agent PRs for the flow's jobs. */
export const role = defineRole({
  name: 'supervisor',
  inputs: z.object({
    'github-token': z.string().optional(),
    'policy-file': z.string().optional(),
    'max-issues': z.string().optional(),
    issue: z.number().int().min(1).optional(),
    'bot-login': z.string().optional(),
  }),
  needs: {},
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { renderSupervisorSummary, runSupervisor, triggerFromEvent } = await import('@eternia/roles/supervisor');
    const { inputs, runner, octokit } = ctx;
    // The workspace's policy: the supervisor runs on the default branch's events, where no model has written.
    const loaded = await loadPolicy({ workspace: runner.workspace, file: inputs.policyFile });
    const policy = mergePolicy(loaded.policy, [
      { input: 'max-issues', key: 'limits.max-issues', value: inputs.maxIssues },
      { input: 'bot-login', key: 'bot-login', value: inputs.botLogin },
    ]);
    const trigger = triggerFromEvent(runner.eventName, runner.payload, { readyLabel: policy.labels.ready, dispatchedIssue: inputs.issue });
    // An event that is not the flow's (any other label added) ends here: no GitHub call, no model, a few seconds of runner.
    const botLogin = trigger.kind === 'ignore' ? policy['bot-login'] : await resolveBotLogin(octokit, policy['bot-login']);
    const result = await runSupervisor(
      {
        octokit,
        repo: ctx.repo,
        settings: {
          readyLabel: policy.labels.ready,
          freezeLabel: policy.labels.freeze,
          redModeLabel: policy.labels['red-mode'],
          fixLabels: [...policy.labels.fix],
          botPrLabel: policy.labels['bot-pr'],
          maxIssues: policy.limits['max-issues'],
          botLogin,
        },
        log: ctx.log,
      },
      trigger,
    );
    for (const skip of result.skipped) ctx.log.info(`skipped: ${skip.reason}`);
    const source = trigger.kind === 'ignore' ? `${runner.eventName} (ignored)` : trigger.source;
    return {
      outputs: { matrix: JSON.stringify(result.matrix), count: String(result.matrix.length), skipped: JSON.stringify(result.skipped) },
      summary: renderSupervisorSummary(result, source),
      policy: loaded,
    };
  },
});
