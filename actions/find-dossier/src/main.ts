import { tmpdir } from 'node:os';
import { z } from 'zod';
import { codeBlock, ConfigurationError, createOctokit, parseInputs, readRunnerContext, requireToken, summarySection, type ActionIO } from '@eternia/core';
import { readAgentPull } from '@eternia/action-kit';
import { ArtifactDossierStore, defaultArtifactClient, describeRefusal, dossierFindBy, type ArtifactClientLike } from '@eternia/dossier';
import { findLatestDossierRun } from '@eternia/roles/dossier-lookup';

const inputsSchema = z.object({
  'github-token': z.string().optional(),
  pr: z.number().int().min(1),
  workflows: z.array(z.string().min(1)).optional(),
});

export interface FindDossierActionDeps {
  io: ActionIO;
  env: Record<string, string | undefined>;
  cwd: string;
  fetch?: typeof fetch;
  /** Overrides @actions/artifact's client, which reads other runs' dossiers through the REST API (tests). */
  artifactClient?: ArtifactClientLike;
}

/** Finds the agent PR's branch and the newest trusted workflow run that saved its dossier, for a step run by hand. */
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
  const store = new ArtifactDossierStore({ client: deps.artifactClient ?? defaultArtifactClient, tempDir: deps.env.RUNNER_TEMP || tmpdir() });
  const readOrigin = async (candidate: number) => {
    const findBy = dossierFindBy({ token, runId: candidate, ...repo })!;
    return (await store.loadFromRun(findBy, pull.number))?.manifest ?? null;
  };
  const { found, refused } = await findLatestDossierRun(
    octokit,
    { ...repo, pr: pull.number, branch: pull.branch, workflows: inputs.workflows, ...(runId ? { excludeRunId: runId } : {}) },
    { readOrigin },
  );

  io.setOutput('branch', pull.branch);
  io.setOutput('head-sha', pull.headSha);
  io.setOutput('issue', String(pull.issue));
  io.setOutput('found', String(found !== null));
  io.setOutput('run-id', found ? String(found.runId) : '');
  io.setOutput('artifact-name', found?.artifactName ?? '');
  const refusals = refused.map(describeRefusal);
  for (const line of refusals) io.warning(`dossier of PR #${pull.number}: ${line}`);
  const line = found
    ? `The newest trusted dossier of PR #${pull.number} is in workflow run ${found.runId} (\`${found.artifactName}\`, ${found.createdAt ?? 'date unknown'}).`
    : refused.length
      ? `No trusted dossier of PR #${pull.number} was found (${refused.length} refused, listed below): the step starts a new dossier.`
      : `No dossier artifact of PR #${pull.number} was found (none saved yet, or expired): the step starts a new dossier.`;
  io.info(line);
  await io.appendSummary(
    summarySection('Dossier lookup', [
      `Branch \`${pull.branch}\` at \`${pull.headSha.slice(0, 12)}\`, issue #${pull.issue}.`,
      '',
      line,
      ...(refusals.length ? ['', 'Refused as dossier sources (newest first):', '', codeBlock(refusals.join('\n'))] : []),
    ]),
  );
}
