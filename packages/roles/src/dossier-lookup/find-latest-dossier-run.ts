import { ConfigurationError, DossierError, toGitHubApiError, type Octokit } from '@eternia/core';
import {
  checkDossierRun,
  dossierArtifactName,
  originRefusal,
  readTrustedRunRules,
  runRefusal,
  type DossierOrigin,
  type Refusal,
  type RunFacts,
} from '@eternia/dossier';

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
  /** The PR's head branch: runs on it (or on the default branch) may hold its dossier, and the manifest must name it. */
  branch: string;
  /** Workflow files whose runs may hold a dossier (a run's `path`); DEFAULT_DOSSIER_WORKFLOWS when empty. */
  workflows?: readonly string[] | undefined;
  /** Leave this run out (the run that is looking). */
  excludeRunId?: number;
}

export interface DossierLookupDeps {
  /**
   * What the run's dossier says about itself (its manifest's repository, pr, branch), or null when the run holds
   * none after all. Throwing DossierError refuses the run as unreadable.
   */
  readOrigin(runId: number): Promise<DossierOrigin | null>;
}

export interface DossierLookup {
  /** The newest run that passed every check, or null: then the step starts a new dossier. */
  found: LatestDossierRun | null;
  /** Newer runs left out, newest first, each with the check it failed. */
  refused: Refusal[];
}

/**
 * The newest workflow run that saved a dossier for the PR and may be trusted with it, through
 * `GET /repos/{owner}/{repo}/actions/artifacts?name=dossier-pr-<n>-1` (needs actions: read).
 *
 * The REST filter matches a name exactly, so the lookup relies on how ArtifactDossierStore names
 * revisions: every run that saves a PR's dossier starts at revision 1 (`dossier-pr-<n>-1`), so that
 * one name finds every such run. Expired artifacts cannot be downloaded and are skipped.
 * GitHub lists artifacts newest first and one page holds 100 runs.
 *
 * Any job of any run can upload an artifact with that name, so candidates are checked newest first
 * (runRefusal, then originRefusal on the dossier's own manifest) and the first that passes wins: a forged
 * newer dossier is named in `refused` and the genuine older one is used.
 */
export async function findLatestDossierRun(octokit: Octokit, query: FindLatestDossierQuery, deps: DossierLookupDeps): Promise<DossierLookup> {
  const { owner, repo, pr } = query;
  if (!Number.isInteger(pr) || pr < 1) throw new ConfigurationError(`must be a pull request number, got ${JSON.stringify(pr)}`, "input 'pr'");
  const name = dossierArtifactName(pr, 1);
  let artifacts;
  try {
    ({
      data: { artifacts },
    } = await octokit.rest.actions.listArtifactsForRepo({ owner, repo, name, per_page: 100 }));
  } catch (error) {
    throw toGitHubApiError(error, `listing artifacts named '${name}' in ${owner}/${repo} (the token needs actions: read)`);
  }
  const candidates = artifacts
    .filter((a) => a.name === name && !a.expired && a.workflow_run?.id)
    .filter((a) => a.workflow_run!.id !== query.excludeRunId)
    .sort((a, b) => time(b.created_at) - time(a.created_at) || b.id - a.id);
  const refused: Refusal[] = [];
  if (candidates.length === 0) return { found: null, refused };

  const rules = await readTrustedRunRules(octokit, { owner, repo, agentBranch: query.branch, workflows: query.workflows });
  const expected: DossierOrigin = { repository: `${owner}/${repo}`, pr, branch: query.branch };
  const seen = new Set<number>();
  for (const artifact of candidates) {
    const runId = artifact.workflow_run!.id!;
    if (seen.has(runId)) continue;
    seen.add(runId);
    // The listing already says whose run it is: a fork's or another branch's run costs no further request.
    const refusal =
      runRefusal(listingFacts(runId, artifact.workflow_run!), rules) ??
      (await checkDossierRun(octokit, { owner, repo, runId, rules })) ??
      (await originOf(deps, runId, expected));
    if (refusal) {
      refused.push(refusal);
      continue;
    }
    return { found: { runId, artifactName: artifact.name, artifactId: artifact.id, createdAt: artifact.created_at ?? null }, refused };
  }
  return { found: null, refused };
}

async function originOf(deps: DossierLookupDeps, runId: number, expected: DossierOrigin): Promise<Refusal | null> {
  let origin: DossierOrigin | null;
  try {
    origin = await deps.readOrigin(runId);
  } catch (error) {
    if (error instanceof DossierError) return { runId, check: 'unreadable', reason: error.message };
    throw error;
  }
  if (!origin) return { runId, check: 'unreadable', reason: 'the run holds no dossier of the PR that can be downloaded' };
  return originRefusal(runId, origin, expected);
}

function listingFacts(runId: number, run: { repository_id?: number; head_repository_id?: number; head_branch?: string }): RunFacts {
  return {
    id: runId,
    ...(run.repository_id !== undefined ? { repositoryId: run.repository_id } : {}),
    ...(run.head_repository_id !== undefined ? { headRepositoryId: run.head_repository_id } : {}),
    ...(run.head_branch !== undefined ? { headBranch: run.head_branch } : {}),
  };
}

function time(value: string | null | undefined): number {
  const parsed = value ? Date.parse(value) : NaN;
  return Number.isNaN(parsed) ? 0 : parsed;
}
