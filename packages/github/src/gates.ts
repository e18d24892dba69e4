import { ConfigurationError, type Octokit } from '@eternia/core';
import { githubCall } from './api-error.js';

/** A pull request and the issue it works on: the freeze label on either stops the bot. */
export interface FreezeTarget {
  owner: string;
  repo: string;
  pr: number;
  /** The PR's own number when it works on no separate issue. */
  issue: number;
  /** The policy's freeze label, `needs-human-review` by default. */
  freezeLabel: string;
  /** The PR's labels, when the caller read the PR from the API in this job; without them they are read now. */
  prLabels?: readonly string[];
}

export type FrozenOn = 'pr' | 'issue';

/**
 * The freeze label every repository has, whatever its policy says: a policy (or a policy file an attacker managed to
 * change) can add its own freeze label but never make this one stop working.
 */
export const DEFAULT_FREEZE_LABEL = 'needs-human-review';

/** Whether a label stops the bot: the policy's freeze label or the default one (GitHub label names are case-insensitive). */
export function isFreezeLabel(name: string, policyFreezeLabel: string): boolean {
  const label = name.toLowerCase();
  return label === labelName(policyFreezeLabel, 'freezeLabel') || label === DEFAULT_FREEZE_LABEL;
}

/**
 * The one freeze check: where a freeze label is now (the PR first, then its issue), or null. Labels are read from
 * the API, never from the event payload, so a label added after the run started counts. Call it before every write.
 */
export async function checkFrozen(octokit: Octokit, target: FreezeTarget): Promise<FrozenOn | null> {
  labelName(target.freezeLabel, 'freezeLabel');
  const prLabels = target.prLabels ?? (await labelsOf(octokit, target, target.pr));
  if (prLabels.some((l) => isFreezeLabel(l, target.freezeLabel))) return 'pr';
  if (target.issue === target.pr) return null;
  const issueLabels = await labelsOf(octokit, target, target.issue);
  return issueLabels.some((l) => isFreezeLabel(l, target.freezeLabel)) ? 'issue' : null;
}

async function labelsOf(octokit: Octokit, target: FreezeTarget, issueNumber: number): Promise<string[]> {
  const { owner, repo } = target;
  const labels = await githubCall(`reading labels of #${issueNumber} in ${owner}/${repo}`, () =>
    octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { owner, repo, issue_number: issueNumber, per_page: 100 }),
  );
  return labels.map((l) => l.name);
}

export interface RedModeStatus {
  active: boolean;
  /** Open issues carrying the red-mode label, lowest number first. */
  issues: number[];
}

/** Red-mode is on while at least one open issue (not a pull request) carries the red-mode label. */
export async function redModeStatus(octokit: Octokit, query: { owner: string; repo: string; redModeLabel: string }): Promise<RedModeStatus> {
  const { owner, repo } = query;
  const wanted = labelName(query.redModeLabel, 'redModeLabel');
  if (wanted.includes(',')) throw new ConfigurationError('must not contain a comma (the issues API reads it as a list)', 'redModeLabel');
  const items = await githubCall(`listing open '${query.redModeLabel}' issues in ${owner}/${repo}`, () =>
    octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', labels: query.redModeLabel, per_page: 100 }),
  );
  // Check again here: the filter is the server's, and pull requests come back from this endpoint too.
  const issues = items
    .filter((i) => i.state === 'open' && !i.pull_request)
    .filter((i) => i.labels.some((l) => (typeof l === 'string' ? l : (l.name ?? '')).toLowerCase() === wanted))
    .map((i) => i.number)
    .sort((a, b) => a - b);
  return { active: issues.length > 0, issues };
}

function labelName(name: string, key: string): string {
  if (name.trim() === '') throw new ConfigurationError('must not be empty', key);
  return name.toLowerCase();
}
