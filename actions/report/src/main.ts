import { z } from 'zod';
import { mergePolicy, parseInputs, policySummary, type ActionIO } from '@eternia/core';

import { createRoleRuntime } from '@eternia/action-kit';
import type { DossierStore } from '@eternia/dossier';
import { parseFlowJobs, resolveBotLogin, runReport } from '@eternia/roles';

const inputsSchema = z.object({
  'github-token': z.string().optional(),
  pr: z.number().int().min(1),
  'policy-file': z.string().optional(),
  // Shared by every flow role; the report calls no model.
  'openai-api-key': z.string().optional(),
  'openai-base-url': z.string().optional(),
  model: z.string().optional(),
  'bot-login': z.string().optional(),
  // Read raw: it is JSON, checked by parseFlowJobs with a message that names the input.
  jobs: z.string().optional(),
  'dossier-run-id': z.number().int().min(1).optional(),
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
  const runtime = await createRoleRuntime('report', { githubToken: inputs.githubToken, pr: inputs.pr, policyFile: inputs.policyFile, dossierRunId: inputs.dossierRunId }, {
    io,
    env,
    cwd: deps.cwd,
    ...(deps.dossierStore ? { dossierStore: deps.dossierStore } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  const policy = mergePolicy(runtime.policy, [{ input: 'bot-login', key: 'bot-login', value: inputs.botLogin }]);
  const botLogin = await resolveBotLogin(runtime.octokit, policy['bot-login']);

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
