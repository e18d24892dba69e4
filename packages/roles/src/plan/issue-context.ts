import { ConfigurationError, type Octokit } from '@eternia/core';
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
  /** The most recent comments the planner may read, oldest first (see `readPlanIssue`). */
  comments: PlanIssueComment[];
  /** Comments by others left out because only the most recent ones are kept. */
  olderCommentsOmitted: number;
  /** When the ready label was last added: the text is read as it stood then. */
  readyLabeledAt: string;
  /** Comments left out because they were written or edited at or after `readyLabeledAt`. */
  commentsAfterReady: number;
  /** Comments left out because their author's association is not one the policy trusts. */
  commentsByOthers: number;
}

export interface ReadPlanIssueOptions {
  botLogin: string;
  maxComments: number;
  /** The policy's ready label (`labels.ready`). */
  readyLabel: string;
  /** The author associations whose comments are read (`issue-text.comment-authors`). */
  commentAuthors: readonly string[];
}

/**
 * The issue's body or title changed after the ready label was added: the text a human approved is gone.
 * A user-side problem (kind `configuration`) a human fixes by removing and re-adding the label.
 */
export class IssueEditedAfterReadyError extends ConfigurationError {}

const LAST_EDITED = `query($owner: String!, $name: String!, $number: Int!) {
  repository(owner: $owner, name: $name) { issue(number: $number) { lastEditedAt } }
}`;

interface IssueEvent {
  event: string;
  created_at: string;
  label?: { name: string } | null;
}

/** At or after: GitHub's timestamps have whole seconds, and an edit in the label's second may have followed it. */
function notBefore(time: string, mark: string): boolean {
  return Date.parse(time) >= Date.parse(mark);
}

/**
 * Reads the issue as it stood when the ready label was last added (from the issue's events): comments written
 * or edited since are left out and counted; a body (GraphQL `lastEditedAt`) or title edited since is refused,
 * because the human who added the label approved other text. Only comments whose author_association the policy
 * trusts are read (by default those with write access), never the bot's own.
 */
export async function readPlanIssue(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  issueNumber: number,
  opts: ReadPlanIssueOptions,
): Promise<PlanIssue> {
  const where = `issue #${issueNumber} in ${repo.owner}/${repo.repo}`;
  const { data: issue } = await githubCall(`reading ${where}`, () => octokit.rest.issues.get({ ...repo, issue_number: issueNumber }));
  const labels = issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((name) => name !== '');

  const events: IssueEvent[] = await githubCall(`listing the events of ${where}`, () =>
    octokit.paginate(octokit.rest.issues.listEvents, { ...repo, issue_number: issueNumber, per_page: 100 }),
  );
  const ready = opts.readyLabel.toLowerCase();
  const readyLabeledAt = events
    .filter((e) => e.event === 'labeled' && e.label?.name.toLowerCase() === ready)
    .map((e) => e.created_at)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);
  if (!readyLabeledAt) {
    throw new ConfigurationError(`has never been labeled '${opts.readyLabel}': add the label to start the agent`, where);
  }
  const relabel = `A human should read the issue as it is now, then remove the '${opts.readyLabel}' label and add it again (that starts the agent again).`;
  const renamed = events.find((e) => e.event === 'renamed' && notBefore(e.created_at, readyLabeledAt));
  if (renamed) {
    throw new IssueEditedAfterReadyError(
      `its title was edited at ${renamed.created_at}, after '${opts.readyLabel}' was added at ${readyLabeledAt}. ${relabel}`,
      where,
    );
  }
  const edited = await githubCall(`reading when the body of ${where} was last edited`, () =>
    octokit.graphql<{ repository: { issue: { lastEditedAt: string | null } | null } | null }>(LAST_EDITED, {
      owner: repo.owner,
      name: repo.repo,
      number: issueNumber,
    }),
  );
  const lastEditedAt = edited.repository?.issue?.lastEditedAt ?? null;
  if (lastEditedAt && notBefore(lastEditedAt, readyLabeledAt)) {
    throw new IssueEditedAfterReadyError(
      `its body was edited at ${lastEditedAt}, after '${opts.readyLabel}' was added at ${readyLabeledAt}. ${relabel}`,
      where,
    );
  }

  const comments: PlanIssueComment[] = [];
  let commentsAfterReady = 0;
  let commentsByOthers = 0;
  if (issue.comments > 0 && opts.maxComments > 0) {
    const all = await githubCall(`listing the comments of ${where}`, () =>
      octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 }),
    );
    const bot = opts.botLogin.toLowerCase();
    const trusted = new Set(opts.commentAuthors.map((a) => a.toUpperCase()));
    for (const c of all) {
      if ((c.user?.login ?? '').toLowerCase() === bot) continue;
      if (notBefore(c.created_at, readyLabeledAt) || notBefore(c.updated_at, readyLabeledAt)) commentsAfterReady++;
      else if (!trusted.has(c.author_association)) commentsByOthers++;
      else comments.push({ author: c.user?.login ?? 'ghost', createdAt: c.created_at, body: c.body ?? '' });
    }
  }
  const kept = opts.maxComments > 0 ? comments.slice(-opts.maxComments) : [];
  return {
    number: issueNumber,
    title: issue.title,
    body: issue.body ?? '',
    labels,
    comments: kept,
    olderCommentsOmitted: comments.length - kept.length,
    readyLabeledAt,
    commentsAfterReady,
    commentsByOthers,
  };
}
