import { PatchRefusedError } from '@eternia/core';
import { defineRole, flowInputsSchema } from '@eternia/action-kit';

/**
 * Proposes the docs the PR's change needs and stores them in the dossier for the publish job. Pushes nothing and
 * runs no repository code; the model reads untrusted code and text here, so this job holds a read-only token.
 */
export const role = defineRole({
  name: 'scribe',
  inputs: flowInputsSchema,
  needs: { pull: true, model: true },
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { renderScribeSummary, runScribe, scribeGit } = await import('@eternia/roles/scribe');
    const { runtime, pull } = ctx;
    const workspace = ctx.runner.workspace;
    const result = await runScribe({
      octokit: ctx.octokit,
      repo: ctx.repo,
      pull,
      policy: ctx.policy,
      dossier: ctx.dossier,
      git: scribeGit({ workspace, tempDir: ctx.env.RUNNER_TEMP || undefined }),
      workspace,
      model: runtime.model,
      modelName: runtime.modelName,
      promptsDir: ctx.promptsDir,
      configRoot: runtime.configRoot,
      runId: ctx.runner.runId,
      log: ctx.log,
    });
    const files = result.status === 'proposed' ? result.proposal.patch.files.length : 0;
    return {
      outputs: { status: result.status, files: String(files), adr: result.status === 'proposed' ? (result.adr ?? '') : '' },
      summary: renderScribeSummary(result),
      // Frozen before any work: nothing is written, the dossier included.
      record: result.status === 'frozen' ? null : { status: result.status === 'refused' ? 'failure' : 'success' },
      ...(result.status === 'refused'
        ? {
            failure: new PatchRefusedError(
              `the docs patch was refused after ${result.attempts.length} turn(s); nothing was proposed for PR #${pull.number}. Last refusal: ${result.detail}`,
            ),
          }
        : {}),
    };
  },
});
