import type { Octokit } from '@eternia/core';
import type { Dossier, RunStatus } from '@eternia/dossier';
import { checkFrozen } from '@eternia/github';
import { waitForChecks, type FailingCheck, type WaitForChecksResult } from '@eternia/tools';
import { CI_FILE, CiRecordSchema, type CiRecord } from './ci-record.js';
import { ownRunJobNames } from './own-run-jobs.js';

export interface CiPull {
  number: number;
  issue: number;
  headSha: string;
  labels: readonly string[];
}

export interface CiDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  /** The agent PR, read fresh at the start of the job (so headSha is the commit implement pushed). */
  pull: CiPull;
  freezeLabel: string;
  dossier: Dossier;
  /** This workflow run (GITHUB_RUN_ID / GITHUB_RUN_ATTEMPT); runId 0 outside Actions. */
  run: { runId: number; attempt: number };
  log: { info(message: string): void; warning(message: string): void };
  /** Scrubbed from logs and annotations besides token-shaped strings. */
  secrets?: string[];
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface CiOptions {
  timeoutMs: number;
  pollMs: number;
  /** How long to wait for a first check before concluding that none will come. */
  noChecksGraceMs: number;
  /** Extra check or status names to leave out. */
  ignoreCheckNames?: readonly string[];
  logLines?: number;
}

/**
 * The verify role: waits for the checks of the PR's head commit (leaving out this run's own jobs),
 * then writes ci.json to the dossier. The freeze label stops it before it waits.
 * The caller records the run entry (ciRunStatus) and saves the dossier.
 */
export async function runCi(deps: CiDeps, options: CiOptions): Promise<CiRecord> {
  const { octokit, pull, dossier } = deps;
  const { owner, repo } = deps.repo;
  const clock = deps.clock ?? (() => new Date());
  const sha = pull.headSha;

  const freeze = await frozen(deps);
  if (freeze.frozen) {
    const record = save(dossier, {
      sha,
      state: 'frozen',
      message: `The '${deps.freezeLabel}' label is on PR #${pull.number} or issue #${pull.issue}: CI was not awaited; a human decides what happens next.`,
      checks: [],
      failing: [],
      ignored: [],
      notes: [],
      requests: freeze.requests,
      checkedAt: clock().toISOString(),
    });
    return record;
  }

  const notes: string[] = [];
  let requests = freeze.requests;
  const ignored = new Set(options.ignoreCheckNames ?? []);
  if (deps.run.runId > 0) {
    const own = await ownRunJobNames(octokit, { owner, repo, runId: deps.run.runId });
    requests += own.requests;
    for (const name of own.names) ignored.add(name);
    if (own.note) notes.push(own.note);
  }
  deps.log.info(`waiting for the checks of ${sha.slice(0, 12)} (PR #${pull.number}); leaving out ${ignored.size} name(s) of this run and the inputs`);

  const result: WaitForChecksResult = await waitForChecks(octokit, {
    owner,
    repo,
    sha,
    timeoutMs: options.timeoutMs,
    pollMs: options.pollMs,
    noChecksGraceMs: options.noChecksGraceMs,
    ignoreCheckNames: [...ignored],
    ...(options.logLines ? { logLines: options.logLines } : {}),
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });

  const urls = new Map(result.checks.map((c) => [`${c.kind}:${c.id}`, c.url]));
  const record = save(dossier, {
    sha,
    state: result.state,
    message: result.message,
    checks: result.checks.map(({ name, status, conclusion, url, kind }) => ({ name, status, conclusion, url, kind })),
    failing: result.failing.map((f) => failingEntry(f, urls.get(`${f.kind}:${f.id}`) ?? null)),
    ignored: [...ignored].sort(),
    notes: [...notes, ...result.notes],
    requests: requests + result.requests,
    checkedAt: clock().toISOString(),
  });
  if (result.state !== 'success') deps.log.warning(result.message);
  return record;
}

/** The PR's labels were read with the PR; the issue's are read now (one request, unless the PR is frozen). */
async function frozen(deps: CiDeps): Promise<{ frozen: boolean; requests: number }> {
  const { pull } = deps;
  const on = await checkFrozen(deps.octokit, {
    ...deps.repo,
    pr: pull.number,
    issue: pull.issue,
    freezeLabel: deps.freezeLabel,
    prLabels: pull.labels,
  });
  return { frozen: on !== null, requests: on === 'pr' || pull.issue === pull.number ? 0 : 1 };
}

function failingEntry(f: FailingCheck, url: string | null): CiRecord['failing'][number] {
  return {
    name: f.name,
    conclusion: f.conclusion,
    kind: f.kind,
    url,
    summary: f.summary ?? null,
    annotations: f.annotations.map((a) => ({ path: a.path, line: a.line, level: a.level, message: a.message })),
    log: f.log ?? null,
  };
}

function save(dossier: Dossier, record: CiRecord): CiRecord {
  dossier.writeJson(CI_FILE, record, CiRecordSchema);
  return record;
}

/** The dossier run entry's status for a CI record: frozen is skipped, anything but green a failure. */
export function ciRunStatus(record: Pick<CiRecord, 'state'>): RunStatus {
  if (record.state === 'frozen') return 'skipped';
  return record.state === 'success' ? 'success' : 'failure';
}
