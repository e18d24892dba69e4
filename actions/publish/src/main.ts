import { z } from 'zod';
import { parseInputs, policySummary, requireToken } from '@eternia/core';
import { createRoleRuntime, type RoleActionDeps } from '@eternia/action-kit';
import { publishGits, renderPublishSummary, runPublish } from '@eternia/roles/publish';

const inputsSchema = z.object({
  'github-token': z.string().optional(),
  pr: z.number().int().min(1),
  proposal: z.enum(['tests', 'implement']),
  'policy-file': z.string().optional(),
  'bot-login': z.string().optional(),
});

/**
 * Publishes what this run's write-tests or implement job proposed: re-validated against the default branch's
 * policy, applied in this job's own checkout, committed with hooks off and pushed. Runs nothing of the repository.
 */
export async function run(deps: RoleActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('publish', inputs, deps);
  const token = requireToken(inputs.githubToken, 'github-token');
  const workspace = runtime.runner.workspace;
  // git by absolute path on a fixed PATH, hooks off, no global config: an earlier step's PATH or a planted hook never runs.
  const gits = publishGits({ workspace, token, serverUrl: runtime.runner.serverUrl, tempDir: deps.env.RUNNER_TEMP || undefined });

  const result = await runPublish({
    octokit: runtime.octokit,
    repo: runtime.repo,
    pull: runtime.pull,
    policy: { ...runtime.policy, 'bot-login': await runtime.botLogin() },
    dossier: runtime.dossier,
    kind: inputs.proposal,
    runId: runtime.runner.runId,
    workspace,
    ...gits,
    log: { info: (m) => io.info(m), warning: (m) => io.warning(m) },
  }).catch(async (error: unknown) => {
    await runtime.saveAfterFailure(runtime.pull.headSha);
    throw error;
  });

  io.setOutput('status', result.status);
  io.setOutput('commit', result.commit ?? '');
  io.setOutput('failing-tests', String(result.status === 'pushed' ? result.failingTests : 0));
  io.setOutput('frozen', String(result.status === 'frozen'));
  if (result.status !== 'frozen') {
    runtime.dossier.recordRun({
      role: 'publish',
      runId: runtime.runner.runId,
      attempt: runtime.runner.runAttempt,
      sha: result.commit ?? runtime.pull.headSha,
      status: result.status === 'pushed' ? 'success' : 'failure',
    });
    await runtime.saveDossier();
  }
  await io.appendSummary(
    renderPublishSummary(result, { policySource: runtime.policyLoaded.source, defaultBranch: runtime.defaultBranch }) + policySummary(runtime.policyLoaded),
  );
}
