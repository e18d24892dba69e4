import { ConfigurationError, FrozenError, type Octokit } from '@eternia/core';
import { githubCall } from './api-error.js';

export interface FreezeQuery {
  owner: string;
  repo: string;
  /** An issue or pull request number. */
  issueNumber: number;
  /** The policy's freeze label, `needs-human-review` by default. */
  freezeLabel: string;
}

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

/** Whether the issue or PR carries a freeze label now: labels are re-read from the API, never from the event payload. */
export async function isFrozen(octokit: Octokit, query: FreezeQuery): Promise<boolean> {
  const { owner, repo, issueNumber } = query;
  labelName(query.freezeLabel, 'freezeLabel');
  const labels = await githubCall(`reading labels of #${issueNumber} in ${owner}/${repo}`, () =>
    octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { owner, repo, issue_number: issueNumber, per_page: 100 }),
  );
  return labels.some((l) => isFreezeLabel(l.name, query.freezeLabel));
}

/** Throws FrozenError when the freeze label is present. Call it right before every push or write. */
export async function assertNotFrozen(octokit: Octokit, query: FreezeQuery & { action?: string }): Promise<void> {
  if (await isFrozen(octokit, query)) {
    throw new FrozenError(
      `#${query.issueNumber} in ${query.owner}/${query.repo} carries the '${query.freezeLabel}' label: ` +
        `a human must review it before the bot ${query.action ?? 'writes to it'} again`,
    );
  }
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
    .filter((i) => i.labels.some((l) => (typeof l === 'string' ? l : l.name ?? '').toLowerCase() === wanted))
    .map((i) => i.number)
    .sort((a, b) => a - b);
  return { active: issues.length > 0, issues };
}

function labelName(name: string, key: string): string {
  if (name.trim() === '') throw new ConfigurationError('must not be empty', key);
  return name.toLowerCase();
}
