import { summarySection } from '@eternia/core';
import { defineRole, flowInputsSchema, repoAtlasFile, repoAtlasInput } from '@eternia/action-kit';

/** Plans the agent PR's issue: a sticky plan comment and plan.json in the dossier. */
export const role = defineRole({
  name: 'plan',
  inputs: flowInputsSchema.extend(repoAtlasInput),
  needs: { pull: true, model: true },
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { runPlan } = await import('@eternia/roles/plan');
    const { runtime, pull } = ctx;
    const atlasFile = repoAtlasFile(ctx.inputs.repoAtlas, ctx.runner.workspace);
    const result = await runPlan({
      octokit: ctx.octokit,
      repo: ctx.repo,
      pull,
      policy: ctx.policy,
      model: runtime.model,
      modelName: runtime.modelName,
      promptsDir: ctx.promptsDir,
      dossier: ctx.dossier,
      workspace: ctx.runner.workspace,
      ...(atlasFile ? { atlasFile } : {}),
      configRoot: runtime.configRoot,
      botLogin: await runtime.botLogin(),
      log: ctx.log,
    });

    const pr = `#${pull.number}`;
    if (result.frozen) {
      return {
        outputs: { frozen: 'true', 'plan-comment-id': '', 'acceptance-criteria': '0' },
        summary: summarySection(`Plan for ${pr}: frozen`, [
          `${result.frozenOn} carries the \`${result.label}\` label, so nothing was planned or written. Remove the label to let the bot continue.`,
        ]),
        // Nothing is written while frozen, the dossier included.
        record: null,
      };
    }
    const criteria = result.plan.acceptance_criteria.length;
    return {
      outputs: { frozen: 'false', 'plan-comment-id': String(result.commentId), 'acceptance-criteria': String(criteria) },
      summary:
        summarySection(`Plan for ${pr}`, [
          `Plan comment ${result.commentId} ${result.commentAction}; ${criteria} acceptance criteria, ${result.plan.steps.length} steps.`,
          ...(result.flagged.length > 0 ? ['', `${result.flagged.length} path(s) outside the policy were removed (see the plan's notes).`] : []),
        ]) +
        '\n' +
        result.markdown,
      record: { status: 'success' },
    };
  },
});
