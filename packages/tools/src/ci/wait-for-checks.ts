import { redactSecrets, toGitHubApiError, type Octokit } from '@eternia/core';
import { actionsJobId, logTail } from './job-log.js';
import { noChecksMessage } from './no-checks-message.js';

export interface CheckSummary {
  name: string;
  /** Check runs: queued, in_progress, completed…; commit statuses: pending or completed. */
  status: string;
  /** success, failure, neutral, cancelled, skipped, timed_out, action_required…; statuses: success, failure, error. Null while running. */
  conclusion: string | null;
  url: string | null;
  id: number;
  kind: 'check-run' | 'status';
}

export interface CheckAnnotation {
  path: string;
  line: number | null;
  message: string;
  level: string;
}

export interface FailingCheck {
  name: string;
  id: number;
  kind: 'check-run' | 'status';
  conclusion: string | null;
  annotations: CheckAnnotation[];
  /** Tail of the Actions job log, scrubbed; absent for other apps, statuses, or an expired log. */
  log?: string;
  /** The check run's output title and summary, or the status description. */
  summary?: string;
}

export type ChecksState = 'success' | 'failure' | 'pending-timeout' | 'no-checks';

export interface WaitForChecksResult {
  state: ChecksState;
  checks: CheckSummary[];
  failing: FailingCheck[];
  message: string;
  /** REST requests made, for the run's API budget. */
  requests: number;
  /** Details that could not be fetched (an expired log, a 403 on annotations…). */
  notes: string[];
}

export interface WaitForChecksOptions {
  owner: string;
  repo: string;
  sha: string;
  timeoutMs: number;
  pollMs: number;
  /** How long to wait for the first check or status before concluding that none will come. */
  noChecksGraceMs: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Checks (or status contexts) to leave out, such as the job that is waiting. */
  ignoreCheckNames?: string[];
  /** Lines kept from the end of a failing job's log. Default 150. */
  logLines?: number;
  /** Annotations read per failing check run. Default 50. */
  maxAnnotations?: number;
  /** Values to scrub from logs and annotations besides token-shaped strings. */
  secrets?: string[];
}

interface RawCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  details_url?: string | null;
  html_url?: string | null;
  app?: { slug?: string } | null;
  output?: { title?: string | null; summary?: string | null; annotations_count?: number } | null;
}

interface RawStatus {
  id: number;
  context: string;
  state: string;
  target_url?: string | null;
  description?: string | null;
}

const FAILING_CONCLUSIONS = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure', 'stale']);
const FAILING_STATES = new Set(['failure', 'error']);
const SUMMARY_LIMIT = 2000;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

function isComplete(check: CheckSummary): boolean {
  return check.status === 'completed';
}

function isFailing(check: CheckSummary): boolean {
  return check.kind === 'check-run' ? FAILING_CONCLUSIONS.has(check.conclusion ?? '') : FAILING_STATES.has(check.conclusion ?? '');
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

function validate(options: WaitForChecksOptions): void {
  for (const key of ['owner', 'repo', 'sha'] as const) {
    if (typeof options[key] !== 'string' || !options[key]) throw new TypeError(`waitForChecks: option '${key}' must be a non-empty string`);
  }
  for (const key of ['timeoutMs', 'pollMs', 'noChecksGraceMs'] as const) {
    if (!Number.isFinite(options[key]) || options[key] < 0)
      throw new TypeError(`waitForChecks: option '${key}' must be a number ≥ 0, got ${options[key]}`);
  }
  if (options.pollMs === 0) throw new TypeError("waitForChecks: option 'pollMs' must be greater than 0");
}

/**
 * Waits until every check run and commit status of `sha` has completed, then reports. Check runs
 * come from the Checks API (paginated, latest per name), statuses from the combined status. A
 * failing check run gets its annotations and, when GitHub Actions ran it, the tail of its job log.
 * `no-checks` means nothing at all appeared within the grace period: the message explains the
 * GITHUB_TOKEN trap. The clock and sleep are injectable so tests need not wait.
 */
export async function waitForChecks(octokit: Octokit, options: WaitForChecksOptions): Promise<WaitForChecksResult> {
  validate(options);
  const { owner, repo, sha } = options;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const ignored = new Set(options.ignoreCheckNames ?? []);
  const secrets = options.secrets ?? [];
  const notes: string[] = [];
  let requests = 0;
  const rawRuns = new Map<number, RawCheckRun>();
  const rawStatuses = new Map<number, RawStatus>();

  const listChecks = async (): Promise<CheckSummary[]> => {
    let runs: RawCheckRun[];
    let statuses: RawStatus[];
    try {
      runs = (await octokit.paginate(octokit.rest.checks.listForRef, { owner, repo, ref: sha, filter: 'latest', per_page: 100 }, (response) => {
        requests++;
        return response.data as unknown as RawCheckRun[];
      })) as RawCheckRun[];
    } catch (error) {
      throw toGitHubApiError(error, `listing check runs for ${sha}`);
    }
    try {
      requests++;
      // One page holds 100 contexts; the combined status already keeps only the latest per context.
      const combined = await octokit.rest.repos.getCombinedStatusForRef({ owner, repo, ref: sha, per_page: 100 });
      statuses = combined.data.statuses as RawStatus[];
    } catch (error) {
      throw toGitHubApiError(error, `reading commit statuses for ${sha}`);
    }
    const checks: CheckSummary[] = [];
    for (const run of runs) {
      if (ignored.has(run.name)) continue;
      rawRuns.set(run.id, run);
      checks.push({
        name: run.name,
        status: run.status,
        conclusion: run.status === 'completed' ? run.conclusion : null,
        url: run.html_url ?? run.details_url ?? null,
        id: run.id,
        kind: 'check-run',
      });
    }
    for (const status of statuses) {
      if (ignored.has(status.context)) continue;
      rawStatuses.set(status.id, status);
      const done = status.state !== 'pending';
      checks.push({
        name: status.context,
        status: done ? 'completed' : 'pending',
        conclusion: done ? status.state : null,
        url: status.target_url ?? null,
        id: status.id,
        kind: 'status',
      });
    }
    return checks;
  };

  const annotationsOf = async (run: RawCheckRun): Promise<CheckAnnotation[]> => {
    if (!run.output?.annotations_count) return [];
    try {
      requests++;
      const { data } = await octokit.rest.checks.listAnnotations({ owner, repo, check_run_id: run.id, per_page: options.maxAnnotations ?? 50 });
      return data.map((a) => ({
        path: a.path,
        line: a.start_line ?? null,
        message: redactSecrets(clip([a.title, a.message].filter(Boolean).join(': '), SUMMARY_LIMIT), secrets),
        level: a.annotation_level ?? 'failure',
      }));
    } catch (error) {
      notes.push(toGitHubApiError(error, `reading annotations of check run '${run.name}'`).message);
      return [];
    }
  };

  const logOf = async (run: RawCheckRun): Promise<string | undefined> => {
    const jobId = actionsJobId(run);
    if (jobId === null) return undefined;
    try {
      requests++;
      const { data } = await octokit.rest.actions.downloadJobLogsForWorkflowRun({ owner, repo, job_id: jobId });
      const text = typeof data === 'string' ? data : new TextDecoder().decode(data as unknown as ArrayBuffer);
      return logTail(text, options.logLines ?? 150, secrets);
    } catch (error) {
      // Logs expire and need actions:read; the annotations and the check's name still help.
      notes.push(toGitHubApiError(error, `downloading the log of job ${jobId} ('${run.name}')`).message);
      return undefined;
    }
  };

  const describeFailures = async (checks: CheckSummary[]): Promise<FailingCheck[]> => {
    const failing: FailingCheck[] = [];
    for (const check of checks.filter(isFailing)) {
      const entry: FailingCheck = { name: check.name, id: check.id, kind: check.kind, conclusion: check.conclusion, annotations: [] };
      if (check.kind === 'check-run') {
        const run = rawRuns.get(check.id)!;
        entry.annotations = await annotationsOf(run);
        const log = await logOf(run);
        if (log !== undefined) entry.log = log;
        const summary = [run.output?.title, run.output?.summary].filter(Boolean).join('\n');
        if (summary) entry.summary = redactSecrets(clip(summary, SUMMARY_LIMIT), secrets);
      } else {
        const description = rawStatuses.get(check.id)?.description;
        if (description) entry.summary = redactSecrets(clip(description, SUMMARY_LIMIT), secrets);
      }
      failing.push(entry);
    }
    return failing;
  };

  const start = now();
  const short = sha.slice(0, 12);
  for (;;) {
    const checks = await listChecks();
    const elapsed = now() - start;
    if (checks.length > 0 && checks.every(isComplete)) {
      const failing = await describeFailures(checks);
      if (failing.length === 0) {
        return { state: 'success', checks, failing, message: `All ${checks.length} checks passed for ${short}.`, requests, notes };
      }
      const names = failing.map((f) => `${f.name} (${f.conclusion})`).join(', ');
      return {
        state: 'failure',
        checks,
        failing,
        message: `${failing.length} of ${checks.length} checks failed for ${short}: ${names}.`,
        requests,
        notes,
      };
    }
    if (checks.length === 0 && (elapsed >= options.noChecksGraceMs || elapsed >= options.timeoutMs)) {
      return { state: 'no-checks', checks, failing: [], message: noChecksMessage(sha, elapsed), requests, notes };
    }
    if (checks.length > 0 && elapsed >= options.timeoutMs) {
      const running = checks.filter((c) => !isComplete(c));
      const names = running.map((c) => c.name).join(', ');
      // Checks that already failed are worth reporting even though others never finished.
      const failing = await describeFailures(checks);
      const failed = failing.length > 0 ? ` Already failed: ${failing.map((f) => f.name).join(', ')}.` : '';
      const message = `${running.length} of ${checks.length} checks were still running for ${short} after ${seconds(elapsed)}: ${names}.${failed}`;
      return { state: 'pending-timeout', checks, failing, message, requests, notes };
    }
    const deadline = checks.length === 0 ? Math.min(options.noChecksGraceMs, options.timeoutMs) : options.timeoutMs;
    await sleep(Math.max(1, Math.min(options.pollMs, deadline - elapsed)));
  }
}
