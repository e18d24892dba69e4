import { z } from 'zod';
import { parseInputs, policySummary, type ActionIO } from '@eternia/core';
import { createRoleRuntime, flowInputsSchema } from '@eternia/action-kit';
import type { DossierStore } from '@eternia/dossier';
import { failingOutput, renderCiSummary, runCi } from '@eternia/roles/ci';

const inputsSchema = flowInputsSchema.extend({
  'timeout-minutes': z.number().min(0).max(360).default(20),
  'poll-seconds': z.number().min(1).max(600).default(15),
  'no-checks-minutes': z.number().min(0).max(60).default(3),
  'ignore-checks': z.array(z.string()).default([]),
});

export interface CiActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests reach a local server with the global fetch; the runner uses @actions/github's own. */
  fetch?: typeof fetch;
  dossierStore?: DossierStore;
  /** Tests skip the real waiting. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Waits for the CI of the agent PR's head commit and reports it: outputs, job summary, ci.json in the dossier. */
export async function run(deps: CiActionDeps): Promise<void> {
  const { io, env } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const runtime = await createRoleRuntime('ci', inputs, {
    io,
    env,
    cwd: deps.cwd,
    ...(deps.dossierStore ? { dossierStore: deps.dossierStore } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });

  const record = await runCi(
    {
      octokit: runtime.octokit,
      ...runtime.repo,
      pull: runtime.pull,
      freezeLabel: runtime.policy.labels.freeze,
      dossier: runtime.dossier,
      run: { runId: runtime.runner.runId, attempt: runtime.runner.runAttempt },
      log: { info: (m: string) => io.info(m), warning: (m: string) => io.warning(m) },
      secrets: [...io.secrets()],
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    },
    {
      timeoutMs: inputs.timeoutMinutes * 60_000,
      pollMs: inputs.pollSeconds * 1000,
      noChecksGraceMs: Math.min(inputs.noChecksMinutes, inputs.timeoutMinutes) * 60_000,
      ignoreCheckNames: inputs.ignoreChecks,
    },
  );
  await runtime.saveDossier();

  io.setOutput('state', record.state);
  io.setOutput('failing', failingOutput(record));
  io.setOutput('message', record.message);
  io.setOutput('sha', record.sha);
  io.setOutput('frozen', String(record.state === 'frozen'));
  await io.appendSummary(renderCiSummary(record) + '\n' + policySummary(runtime.policyLoaded));
}
