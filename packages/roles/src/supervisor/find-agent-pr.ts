import type { Octokit } from '@eternia/core';
import { httpStatus as requestStatus } from '@eternia/github';

export interface AgentPullRequest {
  number: number;
  branch: string;
  url: string;
}

/**
 * The open agent PR of an issue, found through its branches `agent/{n}-*` rather than the title's slug,
 * so a renamed issue still finds the PR opened under its old title. `expectedBranch` is checked too,
 * for servers that do not list matching refs.
 */
export async function findAgentPullRequest(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  issueNumber: number,
  expectedBranch?: string,
): Promise<AgentPullRequest | null> {
  const branches = new Set<string>();
  try {
    const { data: refs } = await octokit.rest.git.listMatchingRefs({ ...repo, ref: `heads/agent/${issueNumber}-` });
    for (const ref of refs) branches.add(ref.ref.replace(/^refs\/heads\//, ''));
  } catch (error) {
    if (requestStatus(error) !== 404 || !expectedBranch) throw error;
  }
  if (expectedBranch && branches.size === 0) branches.add(expectedBranch);
  for (const branch of branches) {
    const { data: pulls } = await octokit.rest.pulls.list({ ...repo, state: 'open', head: `${repo.owner}:${branch}`, per_page: 10 });
    const pull = pulls[0];
    if (pull) return { number: pull.number, branch, url: pull.html_url };
  }
  return null;
}
