import { parseInputs, policySummary, summarySection, type ActionIO } from '@eternia/core';
import { builtinPromptsDir, createRoleRuntime, flowInputsSchema } from '@eternia/action-kit';
import type { DossierStore } from '@eternia/dossier';
import { runPlan } from '@eternia/roles/plan';

const inputsSchema = flowInputsSchema;

export interface PlanActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests reach local servers with the global fetch; the runner uses @actions/github's own. */
  fetch?: typeof fetch;
  dossierStore?: DossierStore;
  /** The built-in prompts; by default `prompts/` of this repository, two folders up from the bundle (dist/plan/index.js). */
  promptsDir?: string;
}

/** Reads inputs, policy, PR and dossier, runs the plan role, and reports what it did. */
export async function run(deps: PlanActionDeps): Promise<void> {
  const { io, env } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('plan', inputs, {
    io,
    env,
    cwd: deps.cwd,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.dossierStore ? { dossierStore: deps.dossierStore } : {}),
  });
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
    botLogin,
    run: runIds,
    log: { info: (m: string) => io.info(m), warning: (m: string) => io.warning(m) },
  });
  const result = await planning.catch(async (error: unknown) => {
    // Keep what the failed attempt cost (the ledger) and that it failed, for the run's budget and the record.
    try {
      runtime.dossier.recordRun({ role: 'plan', runId: runIds.id, attempt: runIds.attempt, sha: runtime.pull.headSha, status: 'failure' });
      await runtime.saveDossier();
    } catch (saveError) {
      io.warning(`the dossier could not be saved after the failure: ${saveError instanceof Error ? saveError.message : String(saveError)}`);
    }
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
