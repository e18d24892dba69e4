import { z } from 'zod';
import { defineRole } from '@eternia/action-kit';

/**
 * Publishes what this run's write-tests or implement job proposed: re-validated against the default branch's
 * policy, applied in this job's own checkout, committed with hooks off and pushed. Runs nothing of the repository.
 */
export const role = defineRole({
  name: 'publish',
  inputs: z.object({
    'github-token': z.string().optional(),
    pr: z.number().int().min(1),
    proposal: z.enum(['tests', 'implement']),
    'policy-file': z.string().optional(),
    'bot-login': z.string().optional(),
  }),
  needs: { pull: true },
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { publishGits, renderPublishSummary, runPublish } = await import('@eternia/roles/publish');
    const { runtime, pull } = ctx;
    const workspace = ctx.runner.workspace;
    // git by absolute path on a fixed PATH, hooks off, no global config: an earlier step's PATH or a planted hook never runs.
    const gits = publishGits({ workspace, token: ctx.token, serverUrl: ctx.runner.serverUrl, tempDir: ctx.env.RUNNER_TEMP || undefined });
    const result = await runPublish({
      octokit: ctx.octokit,
      repo: ctx.repo,
      pull,
      policy: { ...ctx.policy, 'bot-login': await runtime.botLogin() },
      dossier: ctx.dossier,
      kind: ctx.inputs.proposal,
      runId: ctx.runner.runId,
      workspace,
      ...gits,
      log: ctx.log,
    });
    return {
      outputs: {
        status: result.status,
        commit: result.commit ?? '',
        'failing-tests': String(result.status === 'pushed' ? result.failingTests : 0),
        frozen: String(result.status === 'frozen'),
      },
      summary: renderPublishSummary(result, { policySource: runtime.policyLoaded.source, defaultBranch: runtime.defaultBranch }),
      record: result.status === 'frozen' ? null : { status: result.status === 'pushed' ? 'success' : 'failure', sha: result.commit ?? pull.headSha },
    };
  },
});
