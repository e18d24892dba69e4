import type { Octokit } from '@eternia/core';
import { ConfigurationError } from '@eternia/core';

/** The agent PR a flow job works on, read fresh from the API. */
export interface AgentPull {
  number: number;
  issue: number;
  branch: string;
  headSha: string;
  base: string;
  /** The base branch's head as the PR records it. */
  baseSha: string;
  labels: string[];
  draft: boolean;
  state: string;
}

const ISSUE_MARKER = /<!-- eternia-agents:issue:(\d+) -->/;
const CLOSES = /\b(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?) #(\d+)\b/i;

/** The issue an agent PR works on: the supervisor's hidden marker, else a closing keyword. */
export function issueOfPullBody(body: string | null | undefined): number | null {
  const text = body ?? '';
  const match = ISSUE_MARKER.exec(text) ?? CLOSES.exec(text);
  return match ? Number(match[1]) : null;
}

export async function readAgentPull(octokit: Octokit, repo: { owner: string; repo: string }, number: number): Promise<AgentPull> {
  const { data } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
  const issue = issueOfPullBody(data.body);
  if (issue === null) {
    throw new ConfigurationError(`PR #${number} is not an agent PR: its body links no issue (open it with the supervisor)`, "input 'pr'");
  }
  return {
    number,
    issue,
    branch: data.head.ref,
    headSha: data.head.sha,
    base: data.base.ref,
    baseSha: data.base.sha,
    labels: data.labels.map((l) => l.name),
    draft: Boolean(data.draft),
    state: data.state,
  };
}
