import type { Octokit } from '@eternia/core';
import { ConfigurationError } from '@eternia/core';
import { agentBranchName } from '@eternia/git';
import { labelExists, redModeStatus } from '@eternia/github';
import { claimIssue, type ClaimedIssue } from './claim-issue.js';
import { skipReason, type IssueFacts } from './eligibility.js';
import { findAgentPullRequest } from './find-agent-pr.js';
import type { SupervisorTrigger } from './trigger.js';

export interface SupervisorSettings {
  readyLabel: string;
  freezeLabel: string;
  redModeLabel: string;
  fixLabels: string[];
  maxIssues: number;
  botLogin: string;
}

export interface SupervisorDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  settings: SupervisorSettings;
  log: { info(message: string): void; warning(message: string): void };
}

export interface SupervisorResult {
  /** One entry per issue this run claimed: the next jobs' matrix. */
  matrix: Array<{ issue: number; pr: number; branch: string }>;
  claimed: ClaimedIssue[];
  skipped: Array<{ issue: number | null; reason: string }>;
  redMode: { active: boolean; issues: number[] };
}

type ListedIssue = Awaited<ReturnType<Octokit['rest']['issues']['get']>>['data'];

function factsOf(issue: ListedIssue): IssueFacts {
  return {
    number: issue.number,
    state: issue.state,
    isPullRequest: Boolean(issue.pull_request),
    labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))),
  };
}

/** Finds ready issues, applies the freeze and red-mode gates, and claims each eligible one. */
export async function runSupervisor(deps: SupervisorDeps, trigger: SupervisorTrigger): Promise<SupervisorResult> {
  const { octokit, settings, log } = deps;
  const { repo } = deps;
  const result: SupervisorResult = { matrix: [], claimed: [], skipped: [], redMode: { active: false, issues: [] } };
  if (trigger.kind === 'ignore') {
    result.skipped.push({ issue: null, reason: trigger.reason });
    return result;
  }

  const gates = { ready: settings.readyLabel, freeze: settings.freezeLabel, fix: settings.fixLabels };
  result.redMode = await redModeStatus(octokit, { ...repo, redModeLabel: settings.redModeLabel });
  if (result.redMode.active) log.warning(`red-mode is active (${result.redMode.issues.map((n) => `#${n}`).join(', ')})`);

  const { data: repository } = await octokit.rest.repos.get(repo);
  const ctx = { octokit, ...repo, defaultBranch: repository.default_branch, botLogin: settings.botLogin, freezeLabel: settings.freezeLabel };

  const consider = async (issue: ListedIssue): Promise<void> => {
    const reason = skipReason(factsOf(issue), gates, result.redMode);
    if (reason) {
      result.skipped.push({ issue: issue.number, reason });
      return;
    }
    const existing = await findAgentPullRequest(octokit, repo, issue.number, agentBranchName(issue.number, issue.title));
    if (existing) {
      result.skipped.push({ issue: issue.number, reason: `#${issue.number} already has agent PR #${existing.number} (${existing.branch})` });
      return;
    }
    const claimed = await claimIssue(ctx, issue);
    if (!claimed.created.pr) {
      // A concurrent supervisor opened the PR first; it owns the follow-up jobs.
      result.skipped.push({ issue: issue.number, reason: `#${issue.number} was claimed by a concurrent run (PR #${claimed.pr})` });
      return;
    }
    log.info(`#${issue.number}: Draft PR #${claimed.pr} on ${claimed.branch}`);
    result.claimed.push(claimed);
    result.matrix.push({ issue: claimed.issue, pr: claimed.pr, branch: claimed.branch });
  };

  if (trigger.kind === 'issue') {
    const { data: issue } = await octokit.rest.issues.get({ ...repo, issue_number: trigger.issueNumber });
    await consider(issue);
    return result;
  }

  if (!(await labelExists(octokit, { ...repo, name: settings.readyLabel }))) {
    throw new ConfigurationError(
      `label '${settings.readyLabel}' does not exist in ${repo.owner}/${repo.repo}; create it or set the ready label's name`,
      "policy key 'labels.ready'",
    );
  }
  const pages = octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
    ...repo,
    state: 'open',
    labels: settings.readyLabel,
    sort: 'created',
    direction: 'asc',
    per_page: 50,
  });
  for await (const page of pages) {
    for (const issue of page.data) {
      if (result.claimed.length >= settings.maxIssues) {
        result.skipped.push({ issue: issue.number, reason: `max-issues (${settings.maxIssues}) reached for this run; next run takes it` });
        return result;
      }
      await consider(issue as ListedIssue);
    }
  }
  return result;
}
