import { z } from 'zod';
import { ConfigurationError, createOctokit, parseInputs, readRunnerContext, requireToken, summarySection, type ActionIO } from '@eternia/core';
import { readAgentPull } from '@eternia/action-kit';
import { findLatestDossierRun } from '@eternia/roles/dossier-lookup';

const inputsSchema = z.object({
  'github-token': z.string().optional(),
  pr: z.number().int().min(1),
});

export interface FindDossierActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: typeof fetch;
}

/** Finds the agent PR's branch and the newest workflow run that saved its dossier, for a step run by hand. */
export async function run(deps: FindDossierActionDeps): Promise<void> {
  const { io } = deps;
  const inputs = parseInputs(inputsSchema, io.getInput);
  const token = requireToken(inputs.githubToken, 'github-token', ['actions: read', 'pull-requests: read']);
  io.setSecret(token);
  const runner = await readRunnerContext(deps.env, deps.cwd);
  const repo = { owner: runner.owner, repo: runner.repo };
  const octokit = createOctokit({ token, baseUrl: runner.apiUrl, fetch: deps.fetch });

  const pull = await readAgentPull(octokit, repo, inputs.pr);
  if (pull.state !== 'open') throw new ConfigurationError(`PR #${pull.number} is ${pull.state}; agent steps run on open PRs only`, "input 'pr'");
  const runId = runner.runId || undefined;
  const found = await findLatestDossierRun(octokit, { ...repo, pr: pull.number, ...(runId ? { excludeRunId: runId } : {}) });

  io.setOutput('branch', pull.branch);
  io.setOutput('head-sha', pull.headSha);
  io.setOutput('issue', String(pull.issue));
  io.setOutput('found', String(found !== null));
  io.setOutput('run-id', found ? String(found.runId) : '');
  io.setOutput('artifact-name', found?.artifactName ?? '');
  const line = found
    ? `The newest dossier of PR #${pull.number} is in workflow run ${found.runId} (\`${found.artifactName}\`, ${found.createdAt ?? 'date unknown'}).`
    : `No dossier artifact of PR #${pull.number} was found (none saved yet, or expired): the step starts a new dossier.`;
  io.info(line);
  await io.appendSummary(summarySection('Dossier lookup', [`Branch \`${pull.branch}\` at \`${pull.headSha.slice(0, 12)}\`, issue #${pull.issue}.`, '', line]));
}
