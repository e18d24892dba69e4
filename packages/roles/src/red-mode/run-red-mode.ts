import type { Clock, Octokit } from '@eternia/core';
import { ensureLabel, githubCall, neutralizeMentions } from '@eternia/github';
import { probe, type ProbeResult, type ProbeSpec } from '../health/index.js';
import { EMPTY_STATE, nextState, readState, stateMarker, STATE_MARKER, type RedModeState } from './tracking-state.js';

export interface RedModeSettings {
  checks: readonly ProbeSpec[];
  retries: number;
  retryDelayMs: number;
  /** Failing runs in a row that raise red-mode. */
  raiseAfter: number;
  /** Passing runs in a row that clear it. */
  clearAfter: number;
  label: string;
  botLogin: string;
}

export interface RedModeDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  settings: RedModeSettings;
  fetch: typeof fetch;
  clock: Clock;
  log: { info(message: string): void; warning(message: string): void };
}

export type RedModeAction = 'raised' | 'cleared' | 'counted' | 'unchanged' | 'no-checks';

export interface RedModeResult {
  results: ProbeResult[];
  state: RedModeState;
  /** Whether red-mode is on after this run (as far as this action's tracking issue says). */
  active: boolean;
  action: RedModeAction;
  issue: number | null;
}

const TITLE = 'Red-mode: health checks failing';

/**
 * One scheduled run: probe every check, count this run into the debounce state kept in the tracking issue, and
 * raise red-mode (reopen or open the issue) after `raiseAfter` failing runs in a row, clear it (close with a note)
 * after `clearAfter` passing runs in a row. Writes only when something changed.
 */
export async function runRedMode(deps: RedModeDeps): Promise<RedModeResult> {
  const { octokit, repo, settings, clock } = deps;
  if (settings.checks.length === 0) {
    return { results: [], state: EMPTY_STATE, active: false, action: 'no-checks', issue: null };
  }
  const results = await Promise.all(
    settings.checks.map((spec) => probe(spec, { fetch: deps.fetch, clock, retries: settings.retries, retryDelayMs: settings.retryDelayMs })),
  );
  const failed = results.filter((r) => !r.ok);
  const tracking = await findTrackingIssue(deps);
  const previous = readState(tracking?.body) ?? EMPTY_STATE;
  if (tracking && !readState(tracking.body)) deps.log.warning(`#${tracking.number} holds no readable red-mode state; counting starts over`);
  const state = nextState(previous, { failed, passed: failed.length === 0 }, Math.max(settings.raiseAfter, settings.clearAfter));
  const wasActive = tracking?.state === 'open';
  const now = new Date(clock.now()).toISOString();
  const where = `${repo.owner}/${repo.repo}`;

  let action: RedModeAction = 'unchanged';
  let active = wasActive;
  if (!wasActive && state.failing >= settings.raiseAfter) {
    action = 'raised';
    active = true;
  } else if (wasActive && state.passing >= settings.clearAfter) {
    action = 'cleared';
    active = false;
  }
  const body = renderBody({ state, results, active, settings, now: action === 'unchanged' ? null : now, previousBody: tracking?.body ?? '' });

  if (!tracking) {
    // Nothing to remember on a healthy repository that never failed: no issue until the first failure.
    if (state.failing === 0) return { results, state, active: false, action: 'unchanged', issue: null };
    await ensureLabel(octokit, {
      ...repo,
      name: settings.label,
      color: 'b60205',
      description: 'Production or a preview is failing its health checks: only fix work',
    });
    const created = await githubCall(`opening the red-mode tracking issue in ${where}`, () =>
      octokit.rest.issues.create({ ...repo, title: TITLE, body, labels: [settings.label] }),
    );
    const number = created.data.number;
    if (!active) {
      // Below the threshold the issue only keeps the count: closed, so red-mode stays off.
      await githubCall(`closing tracking issue #${number} in ${where}`, () =>
        octokit.rest.issues.update({ ...repo, issue_number: number, state: 'closed', state_reason: 'not_planned' }),
      );
    }
    return { results, state, active, action: active ? 'raised' : 'counted', issue: number };
  }

  const number = tracking.number;
  if (action === 'raised') {
    await githubCall(`reopening red-mode issue #${number} in ${where}`, () =>
      octokit.rest.issues.update({ ...repo, issue_number: number, state: 'open', body }),
    );
    await comment(deps, number, `Red-mode raised at ${now}: ${failed.map((r) => `\`${r.name}\``).join(', ')} failed ${state.failing} runs in a row.`);
  } else if (action === 'cleared') {
    await comment(deps, number, `Red-mode cleared at ${now}: every check passed ${state.passing} runs in a row. Feature work resumes.`);
    await githubCall(`closing red-mode issue #${number} in ${where}`, () =>
      octokit.rest.issues.update({ ...repo, issue_number: number, state: 'closed', state_reason: 'completed', body }),
    );
  } else if (normalize(tracking.body ?? '') !== normalize(body)) {
    await githubCall(`updating red-mode issue #${number} in ${where}`, () => octokit.rest.issues.update({ ...repo, issue_number: number, body }));
    action = 'counted';
  }
  return { results, state, active, action, issue: number };
}

interface TrackingIssue {
  number: number;
  state: string;
  body: string | null;
}

/** The bot's own tracking issue (open or closed), newest first; issues others opened with the label are not adopted. */
async function findTrackingIssue(deps: RedModeDeps): Promise<TrackingIssue | null> {
  const { octokit, repo, settings } = deps;
  const items = await githubCall(`listing '${settings.label}' issues in ${repo.owner}/${repo.repo}`, () =>
    octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'all',
      labels: settings.label,
      creator: settings.botLogin,
      sort: 'created',
      direction: 'desc',
      per_page: 100,
    }),
  );
  const login = settings.botLogin.toLowerCase();
  const ours = items.find((i) => !i.pull_request && i.user?.login.toLowerCase() === login && (i.body ?? '').includes(`<!-- ${STATE_MARKER} `));
  return ours ? { number: ours.number, state: ours.state, body: ours.body ?? null } : null;
}

async function comment(deps: RedModeDeps, issue: number, body: string): Promise<void> {
  await githubCall(`commenting on red-mode issue #${issue}`, () =>
    deps.octokit.rest.issues.createComment({ ...deps.repo, issue_number: issue, body: neutralizeMentions(body) }),
  );
}

function renderBody(input: {
  state: RedModeState;
  results: readonly ProbeResult[];
  active: boolean;
  settings: RedModeSettings;
  now: string | null;
  previousBody: string;
}): string {
  const { state, results, active, settings } = input;
  const lines = [
    active
      ? `**Red-mode is on.** The supervisor takes only fix work (issues labeled with a \`labels.fix\` label) until every health check passes ${settings.clearAfter} runs in a row.`
      : `Red-mode is off. It is raised after ${settings.raiseAfter} failing runs in a row; this issue keeps the count between runs.`,
    '',
    `Failing runs in a row: ${state.failing} of ${settings.raiseAfter} · passing runs in a row: ${state.passing} of ${settings.clearAfter}`,
    '',
    '| Check | URL | Result | Failing since |',
    '| --- | --- | --- | --- |',
    ...results.map((r) => `| ${cell(r.name)} | ${cell(r.url)} | ${r.ok ? `✅ ${r.status}` : `❌ ${cell(r.error)}`} | ${state.since[r.name] ?? ''} |`),
  ];
  const changed = input.now ?? /<!-- eternia-agents:red-mode-changed ([^ ]+) -->/.exec(input.previousBody)?.[1];
  if (changed) lines.push('', `Last raised or cleared: ${changed}`, `<!-- eternia-agents:red-mode-changed ${changed} -->`);
  lines.push('', stateMarker(state));
  return neutralizeMentions(lines.join('\n'));
}

function cell(text: string): string {
  return text.replace(/[|\r\n]/g, ' ').replace(/`/g, "'");
}

function normalize(text: string): string {
  return text.replace(/\r\n/g, '\n').trim();
}
