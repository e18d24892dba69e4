import { z } from 'zod';
import { parseInputs, policySummary, summarySection } from '@eternia/core';
import { builtinPromptsDir, createRoleRuntime, deliveryDeps, flowInputsSchema, type RoleActionDeps } from '@eternia/action-kit';
import type { RunTestsFn } from '@eternia/roles/delivery';
import { renderWriteTestsSummary, runWriteTests } from '@eternia/roles/write-tests';

const inputsSchema = flowInputsSchema.extend({ 'install-command': z.string().optional() });

export interface WriteTestsActionDeps extends RoleActionDeps {
  runTests?: RunTestsFn;
}

/**
 * Reads inputs, the default branch's policy, PR and dossier, runs write-tests on the checked-out PR branch and
 * stores the accepted tests as a proposal in the dossier for the publish job. Pushes nothing: this job runs the
 * model's tests, so it must hold no write token.
 */
export async function run(deps: WriteTestsActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('write-tests', inputs, deps);
  const delivery = await deliveryDeps(runtime, { ...deps, installCommand: inputs.installCommand }, builtinPromptsDir(import.meta.url));
  const runIds = { runId: runtime.runner.runId, attempt: runtime.runner.runAttempt };

  const result = await runWriteTests(delivery)
    .catch(async (error: unknown) => {
      await runtime.saveAfterFailure(runtime.pull.headSha);
      throw error;
    })
    .finally(() => delivery.sandbox.close());

  io.setOutput('status', result.status);
  io.setOutput('failing-tests', String(result.failingTests));
  io.setOutput('frozen', String(result.frozen));
  // Frozen before any work: nothing is written, the dossier included.
  if (result.attempts > 0) {
    runtime.dossier.recordRun({ role: 'write-tests', ...runIds, sha: runtime.pull.headSha, status: result.frozen ? 'skipped' : 'success' });
    await runtime.saveDossier();
  }
  await io.appendSummary(
    renderWriteTestsSummary(result) + '\n' + summarySection('Model calls', runtime.ledger.toMarkdown()) +
      summarySection('Sandbox', delivery.sandbox.describe()) + policySummary(runtime.policyLoaded),
  );
}
