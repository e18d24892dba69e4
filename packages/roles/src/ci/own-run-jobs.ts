import { toGitHubApiError, type Octokit } from '@eternia/core';

/**
 * The check-run names of the workflow run this job belongs to. A flow dispatched on the PR branch
 * (agent-step) puts its own jobs on the head commit; waiting for them would wait for ourselves.
 * Needs actions: read; without it the caller is told and carries on.
 */
export async function ownRunJobNames(
  octokit: Octokit,
  query: { owner: string; repo: string; runId: number },
): Promise<{ names: string[]; requests: number; note?: string }> {
  let requests = 0;
  try {
    const jobs = await octokit.paginate(
      octokit.rest.actions.listJobsForWorkflowRun,
      { owner: query.owner, repo: query.repo, run_id: query.runId, filter: 'all', per_page: 100 },
      (response) => {
        requests++;
        return response.data;
      },
    );
    return { names: [...new Set(jobs.map((job) => job.name))].sort(), requests };
  } catch (error) {
    const message = toGitHubApiError(error, `listing the jobs of this workflow run (${query.runId}) to leave them out`).message;
    return { names: [], requests: requests + 1, note: message };
  }
}
