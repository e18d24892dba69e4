import { parseInputs, policySummary, summarySection } from '@eternia/core';
import { builtinPromptsDir, createRoleRuntime, flowInputsSchema, type RoleActionDeps } from '@eternia/action-kit';
import { runPlan } from '@eternia/roles/plan';

const inputsSchema = flowInputsSchema;

export type PlanActionDeps = RoleActionDeps;

/** Reads inputs, policy, PR and dossier, runs the plan role, and reports what it did. */
export async function run(deps: PlanActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('plan', inputs, deps);
  const policy = runtime.policy;
  const botLogin = await runtime.botLogin();
  const runIds = { id: runtime.runner.runId, attempt: runtime.runner.runAttempt };

  const planning = runPlan({
    octokit: runtime.octokit,
    repo: runtime.repo,
    pull: runtime.pull,
    policy,
    model: runtime.model,
    modelName: runtime.modelName,
    promptsDir: deps.promptsDir ?? builtinPromptsDir(import.meta.url),
    dossier: runtime.dossier,
    workspace: runtime.runner.workspace,
    configRoot: runtime.configRoot,
    botLogin,
    run: runIds,
    log: { info: (m: string) => io.info(m), warning: (m: string) => io.warning(m) },
  });
  const result = await planning.catch(async (error: unknown) => {
    await runtime.saveAfterFailure(runtime.pull.headSha);
    throw error;
  });

  const pr = `#${runtime.pull.number}`;
  if (result.frozen) {
    io.setOutput('frozen', 'true');
    io.setOutput('plan-comment-id', '');
    io.setOutput('acceptance-criteria', '0');
    // Nothing is written while frozen, the dossier included.
    await io.appendSummary(
      summarySection(`Plan for ${pr}: frozen`, [
        `${result.frozenOn} carries the \`${result.label}\` label, so nothing was planned or written. Remove the label to let the bot continue.`,
      ]) + policySummary(runtime.policyLoaded),
    );
    return;
  }

  await runtime.saveDossier();
  io.setOutput('frozen', 'false');
  io.setOutput('plan-comment-id', String(result.commentId));
  io.setOutput('acceptance-criteria', String(result.plan.acceptance_criteria.length));
  await io.appendSummary(
    summarySection(`Plan for ${pr}`, [
      `Plan comment ${result.commentId} ${result.commentAction}; ${result.plan.acceptance_criteria.length} acceptance criteria, ${result.plan.steps.length} steps.`,
      ...(result.flagged.length > 0 ? ['', `${result.flagged.length} path(s) outside the policy were removed (see the plan's notes).`] : []),
    ]) +
      '\n' +
      result.markdown +
      '\n' +
      summarySection('Model calls', runtime.ledger.toMarkdown()) +
      policySummary(runtime.policyLoaded),
  );
}
