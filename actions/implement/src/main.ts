import { z } from 'zod';
import { parseInputs, policySummary, summarySection, TestsFailedError } from '@eternia/core';
import { builtinPromptsDir, createRoleRuntime, deliveryDeps, flowInputsSchema, type RoleActionDeps } from '@eternia/action-kit';
import type { RunTestsFn } from '@eternia/roles/delivery';
import { renderImplementSummary, runImplement } from '@eternia/roles/implement';

const inputsSchema = flowInputsSchema.extend({ 'install-command': z.string().optional() });

export interface ImplementActionDeps extends RoleActionDeps {
  runTests?: RunTestsFn;
}

/**
 * Reads inputs, the default branch's policy, PR and dossier, runs implement on the checked-out PR branch and
 * stores a green change as a proposal in the dossier for the publish job. Pushes nothing: this job runs
 * model-written code, so it must hold no write token. Not green within the attempts ends the step red (after the
 * dossier and summary are written); publish then posts the escalation comment.
 */
export async function run(deps: ImplementActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('implement', inputs, deps);
  const delivery = await deliveryDeps(runtime, { ...deps, installCommand: inputs.installCommand }, builtinPromptsDir(import.meta.url));
  const runIds = { runId: runtime.runner.runId, attempt: runtime.runner.runAttempt };

  const result = await runImplement(delivery)
    .catch(async (error: unknown) => {
      await runtime.saveAfterFailure(runtime.pull.headSha);
      throw error;
    })
    .finally(() => delivery.sandbox.close());

  io.setOutput('status', result.status);
  io.setOutput('attempts', String(result.attempts));
  if (result.attempts > 0) {
    const status = result.status === 'green' ? 'success' : result.status === 'frozen' ? 'skipped' : 'failure';
    runtime.dossier.recordRun({ role: 'implement', ...runIds, sha: runtime.pull.headSha, status });
    await runtime.saveDossier();
  }
  await io.appendSummary(
    renderImplementSummary(result) + '\n' + summarySection('Model calls', runtime.ledger.toMarkdown()) +
      summarySection('Sandbox', delivery.sandbox.describe()) + policySummary(runtime.policyLoaded),
  );
  if (result.status === 'escalated') {
    throw new TestsFailedError(
      `the tests did not pass within ${result.attempts} attempt(s); nothing was proposed. The best attempt is best-attempt.diff in the dossier; the publish job posts an escalation comment on PR #${runtime.pull.number}.`,
    );
  }
}
