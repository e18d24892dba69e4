import { z } from 'zod';
import {
  createOctokit,
  loadPolicy,
  mergePolicy,
  parseInputs,
  policySummary,
  readRunnerContext,
  requireToken,
  type ActionIO,
} from '@eternia/core';
import { resolveBotLogin } from '@eternia/github';
import { renderSupervisorSummary, runSupervisor, triggerFromEvent } from '@eternia/roles/supervisor';

const inputsSchema = z.object({
  'github-token': z.string().optional(),
  'policy-file': z.string().optional(),
  'max-issues': z.string().optional(),
  issue: z.number().int().min(1).optional(),
  'bot-login': z.string().optional(),
});

export interface SupervisorActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Tests reach a local server with the global fetch; the runner uses @actions/github's own. */
  fetch?: typeof fetch;
}

/** Reads inputs, policy and event, then runs the supervisor role and reports what it did. */
export async function run(deps: SupervisorActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const token = requireToken(inputs.githubToken, 'github-token');
  io.setSecret(token);

  const runner = await readRunnerContext(deps.env, deps.cwd);
  const loaded = await loadPolicy({ workspace: runner.workspace, file: inputs.policyFile });
  const policy = mergePolicy(loaded.policy, [
    { input: 'max-issues', key: 'limits.max-issues', value: inputs.maxIssues },
    { input: 'bot-login', key: 'bot-login', value: inputs.botLogin },
  ]);

  const octokit = createOctokit({ token, baseUrl: runner.apiUrl, fetch: deps.fetch });
  const trigger = triggerFromEvent(runner.eventName, runner.payload, {
    readyLabel: policy.labels.ready,
    dispatchedIssue: inputs.issue,
  });
  const botLogin = await resolveBotLogin(octokit, policy['bot-login']);
  const result = await runSupervisor(
    {
      octokit,
      owner: runner.owner,
      repo: runner.repo,
      settings: {
        readyLabel: policy.labels.ready,
        freezeLabel: policy.labels.freeze,
        redModeLabel: policy.labels['red-mode'],
        fixLabels: [...policy.labels.fix],
        maxIssues: policy.limits['max-issues'],
        botLogin,
      },
      log: { info: (m) => io.info(m), warning: (m) => io.warning(m) },
    },
    trigger,
  );

  io.setOutput('matrix', JSON.stringify(result.matrix));
  io.setOutput('count', String(result.matrix.length));
  io.setOutput('skipped', JSON.stringify(result.skipped));
  for (const skip of result.skipped) io.info(`skipped: ${skip.reason}`);
  const source = trigger.kind === 'ignore' ? `${runner.eventName} (ignored)` : trigger.source;
  await io.appendSummary(renderSupervisorSummary(result, source) + '\n' + policySummary(loaded));
}
