import { tmpdir } from 'node:os';
import { z } from 'zod';
import { codeBlock, ConfigurationError, summarySection } from '@eternia/core';
import { defineRole, readAgentPull } from '@eternia/action-kit';
import { ArtifactDossierStore, defaultArtifactClient, describeRefusal, dossierFindBy } from '@eternia/dossier';

/**
 * Finds the agent PR's branch and the newest trusted workflow run that saved its dossier, for a step run by hand.
 * Reads the PR itself (no PR runtime): it only looks, and an open PR is all it needs.
 */
export const role = defineRole({
  name: 'find-dossier',
  inputs: z.object({
    'github-token': z.string().optional(),
    pr: z.number().int().min(1),
    workflows: z.array(z.string().min(1)).optional(),
  }),
  needs: {},
  tokenPermissions: ['actions: read', 'pull-requests: read'],
  async run(ctx) {
    // The role's body is a lazy chunk: the host sets up (inputs, token, pull request) before it is loaded.
    const { findLatestDossierRun } = await import('@eternia/roles/dossier-lookup');
    const { inputs, octokit, repo, token, deps } = ctx;
    const pull = await readAgentPull(octokit, repo, inputs.pr);
    if (pull.state !== 'open') throw new ConfigurationError(`PR #${pull.number} is ${pull.state}; agent steps run on open PRs only`, "input 'pr'");
    const runId = ctx.runner.runId || undefined;
    const store = new ArtifactDossierStore({ client: deps.artifactClient ?? defaultArtifactClient, tempDir: ctx.env.RUNNER_TEMP || tmpdir() });
    const readOrigin = async (candidate: number) => {
      const findBy = dossierFindBy({ token, runId: candidate, ...repo })!;
      return (await store.loadFromRun(findBy, pull.number))?.manifest ?? null;
    };
    const { found, refused } = await findLatestDossierRun(
      octokit,
      { ...repo, pr: pull.number, branch: pull.branch, workflows: inputs.workflows, ...(runId ? { excludeRunId: runId } : {}) },
      { readOrigin },
    );

    const refusals = refused.map(describeRefusal);
    for (const line of refusals) ctx.log.warning(`dossier of PR #${pull.number}: ${line}`);
    const line = found
      ? `The newest trusted dossier of PR #${pull.number} is in workflow run ${found.runId} (\`${found.artifactName}\`, ${found.createdAt ?? 'date unknown'}).`
      : refused.length
        ? `No trusted dossier of PR #${pull.number} was found (${refused.length} refused, listed below): the step starts a new dossier.`
        : `No dossier artifact of PR #${pull.number} was found (none saved yet, or expired): the step starts a new dossier.`;
    ctx.log.info(line);
    return {
      outputs: {
        branch: pull.branch,
        'head-sha': pull.headSha,
        issue: String(pull.issue),
        found: String(found !== null),
        'run-id': found ? String(found.runId) : '',
        'artifact-name': found?.artifactName ?? '',
      },
      summary: summarySection('Dossier lookup', [
        `Branch \`${pull.branch}\` at \`${pull.headSha.slice(0, 12)}\`, issue #${pull.issue}.`,
        '',
        line,
        ...(refusals.length ? ['', 'Refused as dossier sources (newest first):', '', codeBlock(refusals.join('\n'))] : []),
      ]),
    };
  },
});
