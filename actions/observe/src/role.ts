import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError, loadPolicy, mergePolicy, systemClock } from '@eternia/core';
import { defineRole } from '@eternia/action-kit';
import { resolveBotLogin } from '@eternia/github';

/** Reads each service's /metrics, compares 5xx rate and p95 with the baseline and opens ready issues for regressions. */
export const role = defineRole({
  name: 'observe',
  inputs: z.object({
    'github-token': z.string().optional(),
    'policy-file': z.string().optional(),
    'baseline-file': z.string().optional(),
    'bot-login': z.string().optional(),
  }),
  needs: {},
  tokenPermissions: ['issues: write'],
  async run(ctx) {
    const { renderObserveSummary, runObserve } = await import('@eternia/roles/observe');
    const { workspaceFile } = await import('@eternia/roles/checks');
    const { inputs, deps, runner } = ctx;
    const loaded = await loadPolicy({ workspace: runner.workspace, file: inputs.policyFile });
    const policy = mergePolicy(loaded.policy, [{ input: 'bot-login', key: 'bot-login', value: inputs.botLogin }]);
    const observe = policy.observe;
    const runnerTemp = ctx.env.RUNNER_TEMP;
    const baselineInput = inputs.baselineFile ?? '';
    if (baselineInput.trim() === '' && !runnerTemp) throw new ConfigurationError('is empty and RUNNER_TEMP is not set; name a file', 'baseline-file');
    const baselineFile =
      baselineInput.trim() === ''
        ? path.join(runnerTemp!, 'eternia-observe', 'baseline.json')
        : workspaceFile(baselineInput, 'baseline-file', { workspace: runner.workspace, runnerTemp });
    const reports = await runObserve({
      octokit: ctx.octokit,
      repo: ctx.repo,
      settings: {
        services: observe.services.map((s) => ({
          name: s.name,
          metricsUrl: s['metrics-url'],
          logsUrl: s['logs-url'],
          histogram: s.histogram,
          statusLabel: s['status-label'],
        })),
        max5xxRateIncrease: observe['max-5xx-rate-increase'],
        maxP95IncreasePercent: observe['max-p95-increase-percent'],
        minRequests: observe['min-requests'],
        timeoutMs: observe['timeout-ms'],
        logLines: observe['log-lines'],
        // A regression is fix work: the first fix label lets it through red-mode too.
        issueLabels: [policy.labels.ready, ...policy.labels.fix.slice(0, 1)],
        botLogin: await resolveBotLogin(ctx.octokit, policy['bot-login']),
      },
      baselineFile,
      fetch: deps.fetch ?? globalThis.fetch,
      clock: { now: deps.now ?? systemClock.now, sleep: deps.sleep ?? systemClock.sleep },
      log: ctx.log,
    });
    const regressions = reports.flatMap((r) => r.regressions.map((g) => ({ service: r.name, kind: g.kind, issue: g.issue, opened: g.opened })));
    return {
      outputs: { regressions: JSON.stringify(regressions), 'baseline-file': baselineFile },
      summary: renderObserveSummary(reports),
      policy: loaded,
    };
  },
});
