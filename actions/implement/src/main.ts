import { parseInputs, policySummary, summarySection, TestsFailedError, type ActionIO } from '@eternia/core';
import { builtinPromptsDir, createRoleRuntime, flowInputsSchema } from '@eternia/action-kit';
import type { DossierStore } from '@eternia/dossier';
import { WorkspaceGit, type RunTestsFn } from '@eternia/roles/delivery';
import { renderImplementSummary, runImplement } from '@eternia/roles/implement';

const inputsSchema = flowInputsSchema;

export interface ImplementActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests reach local servers with the global fetch; the runner uses @actions/github's own. */
  fetch?: typeof fetch;
  dossierStore?: DossierStore;
  /** The built-in prompts; by default `prompts/` of this repository, two folders up from the bundle (dist/implement/index.js). */
  promptsDir?: string;
  runTests?: RunTestsFn;
}

/**
 * Reads inputs, policy, PR and dossier, runs implement on the checked-out PR branch, and reports what
 * it did. Not green within the attempts ends the step red (after the dossier and summary are written),
 * so the flow's later jobs do not run on an unfinished change.
 */
export async function run(deps: ImplementActionDeps): Promise<void> {
  const { io, env } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('implement', inputs, {
    io,
    env,
    cwd: deps.cwd,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.dossierStore ? { dossierStore: deps.dossierStore } : {}),
  });
  const policy = runtime.policy;
  const botLogin = await runtime.botLogin();
  const workspace = runtime.runner.workspace;
  const runIds = { runId: runtime.runner.runId, attempt: runtime.runner.runAttempt };
  const git = await runtime.git();

  const result = await runImplement({
    octokit: runtime.octokit,
    repo: runtime.repo,
    pull: runtime.pull,
    policy: { ...policy, 'bot-login': botLogin },
    dossier: runtime.dossier,
    git,
    workspaceGit: new WorkspaceGit({ cwd: workspace }),
    workspace,
    model: runtime.model,
    modelName: runtime.modelName,
    promptsDir: deps.promptsDir ?? builtinPromptsDir(import.meta.url),
    testEnv: env,
    ...(deps.runTests ? { runTests: deps.runTests } : {}),
    log: { info: (m) => io.info(m), warning: (m) => io.warning(m) },
  }).catch(async (error: unknown) => {
    try {
      runtime.dossier.recordRun({ role: 'implement', ...runIds, sha: runtime.pull.headSha, status: 'failure' });
      await runtime.saveDossier();
    } catch (saveError) {
      io.warning(`the dossier could not be saved after the failure: ${saveError instanceof Error ? saveError.message : String(saveError)}`);
    }
    throw error;
  });

  io.setOutput('commit', result.commit ?? '');
  io.setOutput('status', result.status);
  io.setOutput('attempts', String(result.attempts));
  if (result.attempts > 0) {
    const status = result.status === 'green' ? 'success' : result.status === 'frozen' ? 'skipped' : 'failure';
    runtime.dossier.recordRun({ role: 'implement', ...runIds, sha: result.commit ?? (await git.headSha()), status });
    await runtime.saveDossier();
  }
  await io.appendSummary(
    renderImplementSummary(result) + '\n' + summarySection('Model calls', runtime.ledger.toMarkdown()) + policySummary(runtime.policyLoaded),
  );
  if (result.status === 'escalated') {
    throw new TestsFailedError(
      `the tests did not pass within ${result.attempts} attempt(s); nothing was pushed. The best attempt is best-attempt.diff in the dossier and an escalation comment with next steps is on PR #${runtime.pull.number}.`,
    );
  }
}
