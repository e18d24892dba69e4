import type { Octokit } from '@eternia/core';
import type { Dossier } from '@eternia/dossier';
import { checkFrozen, upsertStickyComment } from '@eternia/github';
import type { LedgerEntry, LedgerTotals } from '@eternia/llm';
import { buildReport, type FlowReport } from './build-report.js';
import type { FlowJobs } from './flow-jobs.js';
import { nextSteps, type NextSteps } from './next-steps.js';
import { renderReport } from './render-report.js';

export const REPORT_STICKY_KEY = 'report';
export const REPORT_FILE = 'report.md';

export interface ReportDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  pull: { number: number; issue: number; headSha: string; labels: readonly string[] };
  dossier: Dossier;
  jobs: FlowJobs;
  ledger: LedgerTotals | null;
  /** The ledger's calls: each step's tokens and cost in the timeline. */
  ledgerEntries?: readonly LedgerEntry[];
  freezeLabel: string;
  /** The login the token comments as, to find our own sticky comment. */
  botLogin: string;
  run: { runId: number; attempt: number };
  /** https://github.com, for links. */
  serverUrl: string;
  log: { info(message: string): void; warning(message: string): void };
}

export interface ReportResult {
  report: FlowReport;
  next: NextSteps;
  markdown: string;
  /** The sticky comment, or null when the freeze label kept the bot from writing. */
  comment: { id: number; action: 'created' | 'updated' | 'unchanged' } | null;
}

/**
 * The report role: reads whatever the dossier and the flow's jobs have, renders the final report and
 * keeps it in one sticky PR comment (key `report`). It never marks the PR ready for review: a human decides.
 * With the freeze label present it writes nothing to GitHub; the report goes to the dossier and the summary only.
 * The caller records the run entry (skipped when frozen) and saves the dossier.
 */
export async function runReport(deps: ReportDeps): Promise<ReportResult> {
  const { octokit, pull, dossier } = deps;
  const { owner, repo } = deps.repo;
  const frozenNow =
    (await checkFrozen(octokit, { owner, repo, pr: pull.number, issue: pull.issue, freezeLabel: deps.freezeLabel, prLabels: pull.labels })) !== null;

  const report = buildReport({
    pr: pull.number,
    issue: pull.issue,
    headSha: pull.headSha,
    dossier,
    jobs: deps.jobs,
    ledger: deps.ledger,
    ...(deps.ledgerEntries ? { ledgerEntries: deps.ledgerEntries } : {}),
    frozenNow,
  });
  const next = nextSteps(report, deps.freezeLabel);
  const repoUrl = `${deps.serverUrl.replace(/\/+$/, '')}/${owner}/${repo}`;
  const markdown = renderReport(report, next, {
    repoUrl,
    ...(deps.run.runId > 0 ? { runUrl: `${repoUrl}/actions/runs/${deps.run.runId}` } : {}),
  });
  dossier.writeText(REPORT_FILE, markdown);

  let comment: ReportResult['comment'] = null;
  if (frozenNow) {
    deps.log.warning(`the '${deps.freezeLabel}' label is on PR #${pull.number} or issue #${pull.issue}: the report is not posted`);
  } else {
    comment = await upsertStickyComment(octokit, {
      owner,
      repo,
      issueNumber: pull.number,
      key: REPORT_STICKY_KEY,
      body: markdown,
      botLogin: deps.botLogin,
    });
    deps.log.info(`report comment ${comment.action} (${comment.id}) on PR #${pull.number}`);
  }
  return { report, next, markdown, comment };
}
