import { parseInputs, policySummary, summarySection } from '@eternia/core';
import { builtinPromptsDir, createRoleRuntime, deliveryDeps, flowInputsSchema, type RoleActionDeps } from '@eternia/action-kit';
import type { RunTestsFn } from '@eternia/roles/delivery';
import { renderWriteTestsSummary, runWriteTests } from '@eternia/roles/write-tests';

const inputsSchema = flowInputsSchema;

export interface WriteTestsActionDeps extends RoleActionDeps {
  runTests?: RunTestsFn;
}

/** Reads inputs, policy, PR and dossier, runs write-tests on the checked-out PR branch, and reports what it did. */
export async function run(deps: WriteTestsActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('write-tests', inputs, deps);
  const delivery = await deliveryDeps(runtime, deps, builtinPromptsDir(import.meta.url));
  const runIds = { runId: runtime.runner.runId, attempt: runtime.runner.runAttempt };
  const git = delivery.git;

  const result = await runWriteTests(delivery).catch(async (error: unknown) => {
    await runtime.saveAfterFailure(runtime.pull.headSha);
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
