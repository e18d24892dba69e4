import { z } from 'zod';
import { defineRole, flowInputsSchema } from '@eternia/action-kit';

/** Waits for the CI of the agent PR's head commit and reports it: outputs, job summary, ci.json in the dossier. */
export const role = defineRole({
  name: 'ci',
  inputs: flowInputsSchema.extend({
    'timeout-minutes': z.number().min(0).max(360).default(20),
    'poll-seconds': z.number().min(1).max(600).default(15),
    'no-checks-minutes': z.number().min(0).max(60).default(3),
    'ignore-checks': z.array(z.string()).default([]),
  }),
  needs: { pull: true },
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { ciRunStatus, failingOutput, renderCiSummary, runCi } = await import('@eternia/roles/ci');
    const { inputs, deps } = ctx;
    const record = await runCi(
      {
        octokit: ctx.octokit,
        repo: ctx.repo,
        pull: ctx.pull,
        freezeLabel: ctx.policy.labels.freeze,
        dossier: ctx.dossier,
        run: { runId: ctx.runner.runId, attempt: ctx.runner.runAttempt },
        log: ctx.log,
        secrets: [...ctx.io.secrets()],
        ...(deps.sleep ? { sleep: deps.sleep } : {}),
        ...(deps.now ? { now: deps.now } : {}),
      },
      {
        timeoutMs: inputs.timeoutMinutes * 60_000,
        pollMs: inputs.pollSeconds * 1000,
        noChecksGraceMs: Math.min(inputs.noChecksMinutes, inputs.timeoutMinutes) * 60_000,
        ignoreCheckNames: inputs.ignoreChecks,
      },
    );
    return {
      outputs: {
        state: record.state,
        failing: failingOutput(record),
        message: record.message,
        sha: record.sha,
        frozen: String(record.state === 'frozen'),
      },
      summary: renderCiSummary(record),
      record: { status: ciRunStatus(record), sha: record.sha },
    };
  },
});
