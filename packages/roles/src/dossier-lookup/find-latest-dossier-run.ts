import { ConfigurationError, toGitHubApiError, type Octokit } from '@eternia/core';
import { dossierArtifactName } from '@eternia/dossier';

export interface LatestDossierRun {
  /** The workflow run whose artifacts hold the newest dossier of the PR. */
  runId: number;
  /** The artifact found (the run's first dossier revision; the store then loads the run's highest). */
  artifactName: string;
  artifactId: number;
  createdAt: string | null;
}

export interface FindLatestDossierQuery {
  owner: string;
  repo: string;
  pr: number;
  /** Leave this run out (the run that is looking). */
  excludeRunId?: number;
}

/**
 * The newest workflow run that saved a dossier for the PR, through
 * `GET /repos/{owner}/{repo}/actions/artifacts?name=dossier-pr-<n>-1` (needs actions: read).
 *
 * The REST filter matches a name exactly, so the lookup relies on how ArtifactDossierStore names
 * revisions: every run that saves a PR's dossier starts at revision 1 (`dossier-pr-<n>-1`), so that
 * one name finds every such run. Expired artifacts cannot be downloaded and are skipped.
 * One request: GitHub lists artifacts newest first and one page holds 100 runs.
 */
export async function findLatestDossierRun(octokit: Octokit, query: FindLatestDossierQuery): Promise<LatestDossierRun | null> {
  const { owner, repo, pr } = query;
  if (!Number.isInteger(pr) || pr < 1) throw new ConfigurationError(`must be a pull request number, got ${JSON.stringify(pr)}`, "input 'pr'");
  const name = dossierArtifactName(pr, 1);
  let artifacts;
  try {
    ({ data: { artifacts } } = await octokit.rest.actions.listArtifactsForRepo({ owner, repo, name, per_page: 100 }));
  } catch (error) {
    throw toGitHubApiError(error, `listing artifacts named '${name}' in ${owner}/${repo} (the token needs actions: read)`);
  }
  const candidates = artifacts
    .filter((a) => a.name === name && !a.expired && a.workflow_run?.id)
    .filter((a) => a.workflow_run!.id !== query.excludeRunId)
    .sort((a, b) => time(b.created_at) - time(a.created_at) || b.id - a.id);
  const newest = candidates[0];
  if (!newest) return null;
  return { runId: newest.workflow_run!.id!, artifactName: newest.name, artifactId: newest.id, createdAt: newest.created_at ?? null };
}

function time(value: string | null | undefined): number {
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? 0 : parsed;
}
