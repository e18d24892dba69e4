/**
 * Which workflow runs another run may take a dossier from. A dossier artifact is written by whatever job of
 * whatever run uploads it: a fork PR's run, a workflow edited on some branch, or a job of another PR's flow can
 * all upload `dossier-pr-<n>-*`. So a dossier is read only from a run of this repository (not a fork's head),
 * of one of the trusted workflow files, that ran on the default branch or on the PR's agent branch, and whose
 * manifest names this repository, PR and branch. Even then it is data to re-check, never a source of
 * permissions (see the note on Dossier).
 */

/** The workflow files whose runs may hold a dossier, as GitHub reports a run's `path`. */
export const DEFAULT_DOSSIER_WORKFLOWS: readonly string[] = ['.github/workflows/agent-flow.yml', '.github/workflows/agent-step.yml'];

/** What a run must match; repositoryId and defaultBranch come from GET /repos/{owner}/{repo}. */
export interface TrustedRunRules {
  /** `owner/name`. */
  repository: string;
  repositoryId: number;
  defaultBranch: string;
  /** The PR's head branch (`agent/<n>-<slug>`). */
  agentBranch: string;
  workflows: readonly string[];
}

/**
 * A run as the REST API describes it. GET …/actions/runs/{id} gives every field (null when GitHub left one
 * out, which fails its check); an artifact listing's `workflow_run` gives only the ids and head branch, and a
 * field left undefined is not judged yet (the run itself is read before it is trusted).
 */
export interface RunFacts {
  id: number;
  repositoryId?: number | null;
  headRepositoryId?: number | null;
  headBranch?: string | null;
  event?: string | null;
  path?: string | null;
}

/** What a dossier says about itself (its manifest's repository, pr and branch). */
export interface DossierOrigin {
  repository: string;
  pr: number;
  branch: string;
}

export type ProvenanceCheck = 'repository' | 'fork' | 'workflow' | 'branch' | 'manifest' | 'unreadable';

/** A run refused as a dossier source: which run, which check, why. */
export interface Refusal {
  runId: number;
  check: ProvenanceCheck;
  reason: string;
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'pull_request_review', 'pull_request_review_comment']);

/** The first check the run fails, or null. Fields left undefined (listing facts) are not judged yet. */
export function runRefusal(run: RunFacts, rules: TrustedRunRules): Refusal | null {
  const refuse = (check: ProvenanceCheck, reason: string): Refusal => ({ runId: run.id, check, reason });
  if (run.repositoryId !== undefined && run.repositoryId !== rules.repositoryId) {
    return refuse('repository', `the run belongs to repository id ${run.repositoryId ?? 'unknown'}, not this repository (${rules.repositoryId})`);
  }
  if (run.headRepositoryId !== undefined && run.headRepositoryId !== rules.repositoryId) {
    const via = run.event && PULL_REQUEST_EVENTS.has(run.event) ? ` (a ${run.event} event from a fork)` : '';
    return refuse('fork', `the run's head repository (id ${run.headRepositoryId ?? 'unknown'}) is not this repository${via}`);
  }
  if (run.path !== undefined) {
    const path = workflowFile(run.path ?? '', rules.repository);
    if (path === null || !rules.workflows.includes(path)) {
      return refuse('workflow', `the run's workflow file ${JSON.stringify(run.path ?? '')} is not one of ${rules.workflows.join(', ')}`);
    }
  }
  if (run.headBranch !== undefined && run.headBranch !== rules.defaultBranch && run.headBranch !== rules.agentBranch) {
    // A workflow dispatched from another branch runs that branch's copy of the workflow file.
    return refuse(
      'branch',
      `the run's branch ${JSON.stringify(run.headBranch)} is neither the default branch ${JSON.stringify(rules.defaultBranch)} nor the PR's branch ${JSON.stringify(rules.agentBranch)}`,
    );
  }
  return null;
}

/**
 * The workflow file of a run's `path` inside this repository: `.github/workflows/x.yml` as runs report it, or
 * `owner/repo/.github/workflows/x.yml@ref` as GitHub's OpenAPI example has it (the ref is judged by the branch
 * check). Null when the path names another repository.
 */
export function workflowFile(path: string, repository: string): string | null {
  const at = path.lastIndexOf('@');
  const file = at >= 0 ? path.slice(0, at) : path;
  if (file.startsWith('.github/')) return file;
  const prefix = `${repository.toLowerCase()}/`;
  return file.toLowerCase().startsWith(prefix) ? file.slice(prefix.length) : null;
}

/** A refusal when the dossier names another repository, PR or branch than expected, else null. */
export function originRefusal(runId: number, found: DossierOrigin, expected: DossierOrigin): Refusal | null {
  const problems = [
    found.repository.toLowerCase() !== expected.repository.toLowerCase() ? `repository ${found.repository} (expected ${expected.repository})` : '',
    found.pr !== expected.pr ? `PR #${found.pr} (expected #${expected.pr})` : '',
    found.branch !== expected.branch ? `branch ${JSON.stringify(found.branch)} (expected ${JSON.stringify(expected.branch)})` : '',
  ].filter(Boolean);
  return problems.length ? { runId, check: 'manifest', reason: `its dossier manifest names ${problems.join(', ')}` } : null;
}

/** One line for a log or summary: `run 123 refused (workflow): …`. */
export function describeRefusal(refusal: Refusal): string {
  return `workflow run ${refusal.runId} refused (${refusal.check}): ${refusal.reason}`;
}
