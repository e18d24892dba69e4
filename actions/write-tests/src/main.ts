import { parseInputs, policySummary, summarySection, type ActionIO } from '@eternia/core';
import { builtinPromptsDir, createRoleRuntime, flowInputsSchema } from '@eternia/action-kit';
import type { DossierStore } from '@eternia/dossier';
import { WorkspaceGit, type RunTestsFn } from '@eternia/roles/delivery';
import { renderWriteTestsSummary, runWriteTests } from '@eternia/roles/write-tests';

const inputsSchema = flowInputsSchema;

export interface WriteTestsActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests reach local servers with the global fetch; the runner uses @actions/github's own. */
  fetch?: typeof fetch;
  dossierStore?: DossierStore;
  /** The built-in prompts; by default `prompts/` of this repository, two folders up from the bundle (dist/write-tests/index.js). */
  promptsDir?: string;
  runTests?: RunTestsFn;
}

/** Reads inputs, policy, PR and dossier, runs write-tests on the checked-out PR branch, and reports what it did. */
export async function run(deps: WriteTestsActionDeps): Promise<void> {
  const { io, env } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('write-tests', inputs, {
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

  const result = await runWriteTests({
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
    // Keep what the failed attempts cost (the ledger) and that they failed.
    try {
      runtime.dossier.recordRun({ role: 'write-tests', ...runIds, sha: runtime.pull.headSha, status: 'failure' });
      await runtime.saveDossier();
    } catch (saveError) {
      io.warning(`the dossier could not be saved after the failure: ${saveError instanceof Error ? saveError.message : String(saveError)}`);
    }
    throw error;
  });

  io.setOutput('commit', result.commit ?? '');
  io.setOutput('failing-tests', String(result.status === 'pushed' ? result.failingTests : 0));
  io.setOutput('frozen', String(result.frozen));
  // Frozen before any work: nothing is written, the dossier included.
  if (result.attempts > 0) {
    runtime.dossier.recordRun({ role: 'write-tests', ...runIds, sha: result.commit ?? (await git.headSha()), status: result.frozen ? 'skipped' : 'success' });
    await runtime.saveDossier();
  }
  await io.appendSummary(
    renderWriteTestsSummary(result) + '\n' + summarySection('Model calls', runtime.ledger.toMarkdown()) + policySummary(runtime.policyLoaded),
  );
}
