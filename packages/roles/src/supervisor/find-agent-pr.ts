import type { Octokit } from '@eternia/core';

export interface AgentPullRequest {
  number: number;
  branch: string;
  url: string;
}

/**
 * The open agent PR of an issue, found through its branches `agent/{n}-*` rather than the title's slug,
 * so a renamed issue still finds the PR opened under its old title.
 */
export async function findAgentPullRequest(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  issueNumber: number,
): Promise<AgentPullRequest | null> {
  const { data: refs } = await octokit.rest.git.listMatchingRefs({ ...repo, ref: `heads/agent/${issueNumber}-` });
  for (const ref of refs) {
    const branch = ref.ref.replace(/^refs\/heads\//, '');
    const { data: pulls } = await octokit.rest.pulls.list({ ...repo, state: 'open', head: `${repo.owner}:${branch}`, per_page: 10 });
    const pull = pulls[0];
    if (pull) return { number: pull.number, branch, url: pull.html_url };
  }
  return null;
}
