import type { Octokit } from '@eternia/core';
import { GitHubApiError } from '@eternia/core';
import { agentBranchName } from '@eternia/git';
import { upsertStickyComment } from '@eternia/github';
import { findAgentPullRequest } from './find-agent-pr.js';
import { httpStatus as requestStatus } from '@eternia/github';

export interface ClaimedIssue {
  issue: number;
  pr: number;
  branch: string;
  created: { branch: boolean; pr: boolean };
}

export interface ClaimContext {
  octokit: Octokit;
  owner: string;
  repo: string;
  defaultBranch: string;
  botLogin: string;
  freezeLabel: string;
  /** Put on the Draft PR (policy labels.bot-pr), so the repository can filter the bot's pull requests. */
  botPrLabel: string;
}

/**
 * Branch, Draft PR and claim comment for one issue. Every step reads a 422 conflict as "someone already did it"
 * and then verifies, so re-deliveries, re-runs and concurrent supervisors converge on one branch, PR and comment.
 */
export async function claimIssue(ctx: ClaimContext, issue: { number: number; title: string }): Promise<ClaimedIssue> {
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const branch = agentBranchName(issue.number, issue.title);
  const createdBranch = await ensureBranch(ctx, branch, issue.number);
  const { pr, created: createdPr } = await ensureDraftPullRequest(ctx, branch, issue);
  // Adding a label the PR already carries is a no-op, so re-deliveries converge here too.
  await ctx.octokit.rest.issues.addLabels({ ...repo, issue_number: pr, labels: [ctx.botPrLabel] });
  const claim = [
    `🤖 **eternia-agents** took this issue: branch \`${branch}\`, Draft PR #${pr}.`,
    '',
    `The plan follows on the PR. Add the \`${ctx.freezeLabel}\` label to the issue or the PR to stop the bot at any time.`,
  ].join('\n');
  await upsertStickyComment(ctx.octokit, { ...repo, issueNumber: issue.number, key: 'claim', body: claim, botLogin: ctx.botLogin });
  return { issue: issue.number, pr, branch, created: { branch: createdBranch, pr: createdPr } };
}

/**
 * GitHub refuses a PR whose head has no commits over its base, so the branch starts with an empty commit
 * (the base tree) made through the Git data API: no checkout is needed.
 */
async function ensureBranch(ctx: ClaimContext, branch: string, issueNumber: number): Promise<boolean> {
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const { data: base } = await ctx.octokit.rest.git.getRef({ ...repo, ref: `heads/${ctx.defaultBranch}` });
  const { data: baseCommit } = await ctx.octokit.rest.git.getCommit({ ...repo, commit_sha: base.object.sha });
  const { data: start } = await ctx.octokit.rest.git.createCommit({
    ...repo,
    message: `chore: start agent work on #${issueNumber}`,
    tree: baseCommit.tree.sha,
    parents: [base.object.sha],
  });
  try {
    await ctx.octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: start.sha });
    return true;
  } catch (error) {
    if (requestStatus(error) !== 422) throw error;
    // "Reference already exists": an earlier delivery or a concurrent supervisor made it. Verify it is there.
    await ctx.octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return false;
  }
}

async function ensureDraftPullRequest(
  ctx: ClaimContext,
  branch: string,
  issue: { number: number; title: string },
): Promise<{ pr: number; created: boolean }> {
  const repo = { owner: ctx.owner, repo: ctx.repo };
  const body = [
    `Closes #${issue.number}`,
    '',
    'Opened by eternia-agents. The plan and acceptance criteria follow as the first comment; tests come first, then the implementation.',
    '',
    `<!-- eternia-agents:issue:${issue.number} -->`,
  ].join('\n');
  try {
    const { data } = await ctx.octokit.rest.pulls.create({
      ...repo,
      head: branch,
      base: ctx.defaultBranch,
      title: `[agent] ${issue.title}`.slice(0, 256),
      body,
      draft: true,
    });
    return { pr: data.number, created: true };
  } catch (error) {
    if (requestStatus(error) !== 422) throw error;
    // "A pull request already exists": find it and carry on with it.
    const existing = await findAgentPullRequest(ctx.octokit, repo, issue.number, branch);
    if (!existing) {
      throw new GitHubApiError(`GitHub refused the Draft PR for #${issue.number} (422) and no open PR from '${branch}' exists`, 422, {
        cause: error,
      });
    }
    return { pr: existing.number, created: false };
  }
}
