import { defineRole, flowInputsSchema, repoAtlasFile, repoAtlasInput } from '@eternia/action-kit';

/**
 * Reviews the agent PR's whole diff against its plan and test evidence: a rubric and line findings, left in the
 * dossier (proposal-review.json) for the publish job, which posts them. Posts and pushes nothing: this job talks
 * to the model, so it holds a read-only token.
 */
export const role = defineRole({
  name: 'review',
  inputs: flowInputsSchema.extend(repoAtlasInput),
  needs: { pull: true, model: true },
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { renderReviewSummary, reviewGit, runReview } = await import('@eternia/roles/review');
    const { runtime, pull } = ctx;
    const atlasFile = repoAtlasFile(ctx.inputs.repoAtlas, ctx.runner.workspace);
    const result = await runReview({
      octokit: ctx.octokit,
      repo: ctx.repo,
      pull,
      policy: ctx.policy,
      dossier: ctx.dossier,
      git: reviewGit(ctx.runner.workspace, ctx.env.RUNNER_TEMP || undefined),
      model: runtime.model,
      modelName: runtime.modelName,
      promptsDir: ctx.promptsDir,
      ...(runtime.configRoot ? { configRoot: runtime.configRoot } : {}),
      ...(atlasFile ? { atlasFile } : {}),
      runId: ctx.runner.runId,
      log: ctx.log,
    });
    if (result.status === 'frozen') {
      return {
        outputs: { status: 'frozen', 'lowest-score': '', findings: '0', blocking: '0', dropped: '0', feedback: 'false', frozen: 'true' },
        summary: renderReviewSummary(result),
        record: null,
      };
    }
    const { proposal } = result;
    return {
      outputs: {
        status: 'reviewed',
        'lowest-score': String(result.lowest.score),
        findings: String(proposal.findings.length),
        blocking: String(proposal.findings.filter((f) => f.severity === 'blocking').length),
        dropped: String(Object.values(proposal.dropped).reduce((a, b) => a + b, 0)),
        feedback: String(result.feedback),
        frozen: 'false',
      },
      summary: renderReviewSummary(result),
      record: { status: 'success', sha: proposal.headSha },
    };
  },
});
