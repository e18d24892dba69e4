import path from 'node:path';
import { z } from 'zod';
import { ReviewGateError } from '@eternia/core';
import { defineRole } from '@eternia/action-kit';

/**
 * Publishes what this run's write-tests or implement job proposed: re-validated against the default branch's
 * policy, applied in this job's own checkout, committed with hooks off and pushed. Runs nothing of the repository.
 * `proposal: quality` publishes review, security-scan and scribe: one COMMENT review, the sticky rubric, the
 * security fix and docs patches, the SARIF file for upload-sarif; below review.min-score it then fails.
 */
export const role = defineRole({
  name: 'publish',
  inputs: z.object({
    'github-token': z.string().optional(),
    pr: z.number().int().min(1),
    proposal: z.enum(['tests', 'implement', 'quality']),
    'policy-file': z.string().optional(),
    'bot-login': z.string().optional(),
  }),
  needs: { pull: true },
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { publishGits, renderPublishSummary, renderQualitySummary, runPublish, runPublishQuality } = await import('@eternia/roles/publish');
    const { runtime, pull } = ctx;
    const workspace = ctx.runner.workspace;
    // git by absolute path on a fixed PATH, hooks off, no global config: an earlier step's PATH or a planted hook never runs.
    const gits = publishGits({ workspace, token: ctx.token, serverUrl: ctx.runner.serverUrl, tempDir: ctx.env.RUNNER_TEMP || undefined });
    if (ctx.inputs.proposal === 'quality') {
      const quality = await runPublishQuality({
        octokit: ctx.octokit,
        repo: ctx.repo,
        pull,
        policy: { ...ctx.policy, 'bot-login': await runtime.botLogin() },
        dossier: ctx.dossier,
        runId: ctx.runner.runId,
        workspace,
        ...gits,
        outputDir: ctx.env.RUNNER_TEMP || path.dirname(workspace),
        log: ctx.log,
      });
      const published = quality.status === 'published' ? quality : null;
      return {
        outputs: {
          status: quality.status,
          commit: published?.commits.at(-1)?.sha ?? '',
          'failing-tests': '0',
          frozen: String(quality.status === 'frozen'),
          'review-id': published?.reviewId ? String(published.reviewId) : '',
          'comments-posted': String(published?.placement.posted ?? 0),
          'sarif-file': published?.sarifPath ?? '',
        },
        summary: renderQualitySummary(quality),
        record:
          quality.status === 'frozen'
            ? null
            : { status: published?.gate ? 'failure' : 'success', sha: published?.commits.at(-1)?.sha ?? pull.headSha },
        ...(published?.gate ? { failure: new ReviewGateError(published.gate) } : {}),
      };
    }
    const kind = ctx.inputs.proposal;
    const result = await runPublish({
      octokit: ctx.octokit,
      repo: ctx.repo,
      pull,
      policy: { ...ctx.policy, 'bot-login': await runtime.botLogin() },
      dossier: ctx.dossier,
      kind,
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
      } as Record<string, string>,
      summary: renderPublishSummary(result, { policySource: runtime.policyLoaded.source, defaultBranch: runtime.defaultBranch }),
      record: result.status === 'frozen' ? null : { status: result.status === 'pushed' ? 'success' : 'failure', sha: result.commit ?? pull.headSha },
    };
  },
});
