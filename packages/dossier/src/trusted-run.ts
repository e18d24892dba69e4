import { ConfigurationError, GitHubApiError, toGitHubApiError, type Octokit } from '@eternia/core';
import { DEFAULT_DOSSIER_WORKFLOWS, describeRefusal, runRefusal, type Refusal, type RunFacts, type TrustedRunRules } from './provenance.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

/** The rules for this repository: its id and default branch from GET /repos/{owner}/{repo} (one request). */
export async function readTrustedRunRules(
  octokit: Octokit,
  query: RepoRef & { agentBranch: string; workflows?: readonly string[] | undefined },
): Promise<TrustedRunRules> {
  const { owner, repo } = query;
  let data;
  try {
    ({ data } = await octokit.rest.repos.get({ owner, repo }));
  } catch (error) {
    throw toGitHubApiError(error, `reading repository ${owner}/${repo} (to check where a dossier comes from)`);
  }
  const workflows = query.workflows?.length ? query.workflows : DEFAULT_DOSSIER_WORKFLOWS;
  return { repository: data.full_name, repositoryId: data.id, defaultBranch: data.default_branch, agentBranch: query.agentBranch, workflows };
}

/** A run's facts from GET /repos/{owner}/{repo}/actions/runs/{id} (needs actions: read). */
export async function readRunFacts(octokit: Octokit, query: RepoRef & { runId: number }): Promise<RunFacts> {
  const { owner, repo, runId } = query;
  let data;
  try {
    ({ data } = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId }));
  } catch (error) {
    throw toGitHubApiError(error, `reading workflow run ${runId} of ${owner}/${repo} (the token needs actions: read)`);
  }
  return {
    id: data.id,
    repositoryId: data.repository?.id ?? null,
    headRepositoryId: data.head_repository?.id ?? null,
    headBranch: data.head_branch ?? null,
    event: data.event ?? null,
    path: data.path ?? null,
  };
}

/** The refusal of one run by id, or null when it may hold a dossier. A run this repository does not have (404) is refused. */
export async function checkDossierRun(octokit: Octokit, query: RepoRef & { runId: number; rules: TrustedRunRules }): Promise<Refusal | null> {
  let facts: RunFacts;
  try {
    facts = await readRunFacts(octokit, query);
  } catch (error) {
    if (error instanceof GitHubApiError && error.status === 404) {
      return { runId: query.runId, check: 'repository', reason: `${query.owner}/${query.repo} has no such workflow run (404)` };
    }
    throw error;
  }
  return runRefusal(facts, query.rules);
}

/**
 * For a run id the caller named (`dossier-run-id`): throws a ConfigurationError naming that input when the run
 * may not hold a dossier, so a forged run is never silently swapped for another one.
 */
export async function assertDossierRun(octokit: Octokit, query: RepoRef & { runId: number; rules: TrustedRunRules; input?: string }): Promise<void> {
  const refusal = await checkDossierRun(octokit, query);
  if (refusal) throw namedRunError(refusal, query.input);
}

/** The ConfigurationError for a refused run the caller named. */
export function namedRunError(refusal: Refusal, input = 'dossier-run-id'): ConfigurationError {
  return new ConfigurationError(`${describeRefusal(refusal)}; it is not used as the source of the dossier`, `input '${input}'`);
}
