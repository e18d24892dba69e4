import type { Octokit } from '@eternia/core';
import { githubCall } from '@eternia/github';

export interface PlanIssueComment {
  author: string;
  createdAt: string;
  body: string;
}

/** The issue as the planner sees it; every text field is untrusted. */
export interface PlanIssue {
  number: number;
  title: string;
  body: string;
  labels: string[];
  /** The most recent comments not written by the bot, oldest first. */
  comments: PlanIssueComment[];
  /** Comments by others left out because only the most recent ones are kept. */
  olderCommentsOmitted: number;
}

/** Reads the issue and its comments: two requests for an issue with up to 100 comments. */
export async function readPlanIssue(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  issueNumber: number,
  opts: { botLogin: string; maxComments: number },
): Promise<PlanIssue> {
  const where = `issue #${issueNumber} in ${repo.owner}/${repo.repo}`;
  const { data: issue } = await githubCall(`reading ${where}`, () => octokit.rest.issues.get({ ...repo, issue_number: issueNumber }));
  const labels = issue.labels.map((l) => (typeof l === 'string' ? l : l.name ?? '')).filter((name) => name !== '');

  let comments: PlanIssueComment[] = [];
  if (issue.comments > 0 && opts.maxComments > 0) {
    const all = await githubCall(`listing the comments of ${where}`, () =>
      octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 }),
    );
    const bot = opts.botLogin.toLowerCase();
    comments = all
      .filter((c) => (c.user?.login ?? '').toLowerCase() !== bot)
      .map((c) => ({ author: c.user?.login ?? 'ghost', createdAt: c.created_at, body: c.body ?? '' }));
  }
  const kept = opts.maxComments > 0 ? comments.slice(-opts.maxComments) : [];
  return {
    number: issueNumber,
    title: issue.title,
    body: issue.body ?? '',
    labels,
    comments: kept,
    olderCommentsOmitted: comments.length - kept.length,
  };
}
