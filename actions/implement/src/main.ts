import { parseInputs, policySummary, summarySection, TestsFailedError } from '@eternia/core';
import { builtinPromptsDir, createRoleRuntime, deliveryDeps, flowInputsSchema, type RoleActionDeps } from '@eternia/action-kit';
import type { RunTestsFn } from '@eternia/roles/delivery';
import { renderImplementSummary, runImplement } from '@eternia/roles/implement';

const inputsSchema = flowInputsSchema;

export interface ImplementActionDeps extends RoleActionDeps {
  runTests?: RunTestsFn;
}

/**
 * Reads inputs, policy, PR and dossier, runs implement on the checked-out PR branch, and reports what
 * it did. Not green within the attempts ends the step red (after the dossier and summary are written),
 * so the flow's later jobs do not run on an unfinished change.
 */
export async function run(deps: ImplementActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('implement', inputs, deps);
  const delivery = await deliveryDeps(runtime, deps, builtinPromptsDir(import.meta.url));
  const runIds = { runId: runtime.runner.runId, attempt: runtime.runner.runAttempt };
  const git = delivery.git;

  const result = await runImplement(delivery).catch(async (error: unknown) => {
    await runtime.saveAfterFailure(runtime.pull.headSha);
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
