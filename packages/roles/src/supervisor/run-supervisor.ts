import type { Octokit } from '@eternia/core';
import { agentBranchName } from '@eternia/git';
import { redModeStatus } from '@eternia/github';
import { claimIssue, type ClaimedIssue } from './claim-issue.js';
import { skipReason, type IssueFacts } from './eligibility.js';
import { findAgentPullRequest } from './find-agent-pr.js';
import { ensureFlowLabels } from './flow-labels.js';
import type { SupervisorTrigger } from './trigger.js';

export interface SupervisorSettings {
  readyLabel: string;
  freezeLabel: string;
  redModeLabel: string;
  fixLabels: string[];
  /** Put on every Draft PR the supervisor opens (policy labels.bot-pr). */
  botPrLabel: string;
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
  /** Labels of the policy this run created because the repository lacked them. */
  labelsCreated: string[];
  /** What the job summary should say besides claims and skips (labels created or missing). */
  notices: string[];
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
  const result: SupervisorResult = { matrix: [], claimed: [], skipped: [], redMode: { active: false, issues: [] }, labelsCreated: [], notices: [] };
  if (trigger.kind === 'ignore') {
    result.skipped.push({ issue: null, reason: trigger.reason });
    return result;
  }

  // The first run in a repository creates the labels the policy names; later runs find them in one listing call.
  const labels = await ensureFlowLabels(octokit, repo, settings);
  result.labelsCreated = labels.created;
  if (labels.created.length > 0) {
    const notice = `created the missing label${labels.created.length === 1 ? '' : 's'} ${labels.created.map((l) => `'${l}'`).join(', ')} (named in the policy's labels.*)`;
    result.notices.push(notice);
    log.info(notice);
  }
  for (const { name, key } of labels.missing) {
    const notice = `label '${name}' (policy key '${key}') does not exist and this token may not create it: create it once in the repository, or give the supervisor job \`issues: write\``;
    result.notices.push(notice);
    log.warning(notice);
  }
  const readyMissing = labels.missing.some((l) => l.name === settings.readyLabel);

  const gates = { ready: settings.readyLabel, freeze: settings.freezeLabel, fix: settings.fixLabels };
  result.redMode = await redModeStatus(octokit, { ...repo, redModeLabel: settings.redModeLabel });
  if (result.redMode.active) log.warning(`red-mode is active (${result.redMode.issues.map((n) => `#${n}`).join(', ')})`);

  const { data: repository } = await octokit.rest.repos.get(repo);
  const ctx = {
    octokit,
    ...repo,
    defaultBranch: repository.default_branch,
    botLogin: settings.botLogin,
    freezeLabel: settings.freezeLabel,
    botPrLabel: settings.botPrLabel,
  };

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

  if (readyMissing) {
    // No issue can carry a label that does not exist: nothing to poll, and nothing to fail on every 15 minutes.
    result.skipped.push({ issue: null, reason: `no issue can carry '${settings.readyLabel}' (policy key 'labels.ready'): the label does not exist` });
    return result;
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
