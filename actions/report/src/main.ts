import { z } from 'zod';
import { parseInputs, policySummary, type ActionIO } from '@eternia/core';
import { createRoleRuntime, flowInputsSchema } from '@eternia/action-kit';
import type { DossierStore } from '@eternia/dossier';
import { parseFlowJobs, runReport } from '@eternia/roles/report';

const inputsSchema = flowInputsSchema.extend({
  jobs: z.string().optional(),
});

export interface ReportActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: typeof fetch;
  dossierStore?: DossierStore;
}

/** Renders the flow's final report as a sticky PR comment, the job summary, and report.md in the dossier. */
export async function run(deps: ReportActionDeps): Promise<void> {
  const { io, env } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const jobs = parseFlowJobs(inputs.jobs ?? '');
  const runtime = await createRoleRuntime('report', inputs, {
    io,
    env,
    cwd: deps.cwd,
    ...(deps.dossierStore ? { dossierStore: deps.dossierStore } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const policy = runtime.policy;
  const botLogin = await runtime.botLogin();

  const result = await runReport({
    octokit: runtime.octokit,
    ...runtime.repo,
    pull: runtime.pull,
    dossier: runtime.dossier,
    jobs,
    ledger: runtime.ledger.totals(),
    freezeLabel: policy.labels.freeze,
    botLogin,
    run: { runId: runtime.runner.runId, attempt: runtime.runner.runAttempt },
    serverUrl: runtime.runner.serverUrl,
    log: { info: (m: string) => io.info(m), warning: (m: string) => io.warning(m) },
  });
  await runtime.saveDossier();

  io.setOutput('outcome', result.next.outcome);
  io.setOutput('comment-id', result.comment ? String(result.comment.id) : '');
  io.setOutput('frozen', String(result.report.frozenNow));
  const ledger = runtime.ledger.entries.length > 0 ? `\n## Model calls\n\n${runtime.ledger.toMarkdown()}\n` : '';
  await io.appendSummary(result.markdown + ledger + '\n' + policySummary(runtime.policyLoaded));
}
