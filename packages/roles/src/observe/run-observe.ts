import { codeBlock, redactSecrets, type Clock, type Octokit } from '@eternia/core';
import { ensureLabel, githubCall, neutralizeMentions } from '@eternia/github';
import { sanitizeUntrusted } from '@eternia/llm';
import { readBaselines, writeBaselines, type BaselineFile } from './baseline-file.js';
import { MetricsFormatError, parsePrometheusText } from './prometheus-text.js';
import { snapshotHistogram, statsOf, windowBetween, type WindowStats } from './request-stats.js';

export interface ObservedService {
  name: string;
  metricsUrl: string;
  logsUrl?: string | undefined;
  histogram: string;
  statusLabel: string;
}

export interface ObserveSettings {
  services: readonly ObservedService[];
  max5xxRateIncrease: number;
  maxP95IncreasePercent: number;
  minRequests: number;
  timeoutMs: number;
  logLines: number;
  /** Labels of the regression issue: the ready label first (the supervisor picks it up). */
  issueLabels: readonly string[];
  botLogin: string;
}

export interface ObserveDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  settings: ObserveSettings;
  baselineFile: string;
  fetch: typeof fetch;
  clock: Clock;
  log: { info(message: string): void; warning(message: string): void };
}

export type RegressionKind = '5xx-rate' | 'p95-latency';

export interface Regression {
  kind: RegressionKind;
  baseline: number;
  current: number;
  /** The open issue for this service and kind: just opened, or the one already open. */
  issue: number;
  opened: boolean;
}

export interface ServiceReport {
  name: string;
  /** Why the service could not be judged (unreachable, no such histogram); empty when judged. */
  problem: string;
  current: WindowStats | null;
  baseline: WindowStats | null;
  regressions: Regression[];
}

const MAX_METRICS_BYTES = 8 * 1024 * 1024;
const MAX_LOG_BYTES = 256 * 1024;

/**
 * One observation: scrape each service's /metrics, take the window since the previous scrape, compare its 5xx rate
 * and p95 with the baseline (the last healthy window) and open one issue per service and kind of regression.
 */
export async function runObserve(deps: ObserveDeps): Promise<ServiceReport[]> {
  const { settings } = deps;
  const stored = await readBaselines(deps.baselineFile, deps.log.warning);
  const next: BaselineFile = { v: 1, services: { ...stored.services } };
  const at = new Date(deps.clock.now()).toISOString();
  const reports: ServiceReport[] = [];
  for (const service of settings.services) {
    const report = await observeService(deps, service, stored, next, at);
    reports.push(report);
  }
  await writeBaselines(deps.baselineFile, next);
  return reports;
}

async function observeService(
  deps: ObserveDeps,
  service: ObservedService,
  stored: BaselineFile,
  next: BaselineFile,
  at: string,
): Promise<ServiceReport> {
  const { settings } = deps;
  const report: ServiceReport = { name: service.name, problem: '', current: null, baseline: null, regressions: [] };
  let text: string;
  try {
    text = await fetchText(deps.fetch, service.metricsUrl, settings.timeoutMs, MAX_METRICS_BYTES);
  } catch (error) {
    report.problem = `metrics unreachable: ${(error as Error).message}`;
    return report;
  }
  let snapshot;
  try {
    snapshot = snapshotHistogram(parsePrometheusText(text), service.histogram, service.statusLabel);
  } catch (error) {
    if (!(error instanceof MetricsFormatError)) throw error;
    report.problem = `metrics are not in the Prometheus text format (${error.message})`;
    return report;
  }
  if (!snapshot) {
    report.problem = `no histogram '${service.histogram}' in the metrics`;
    return report;
  }
  const previous = stored.services[service.name];
  const current = statsOf(windowBetween(previous?.snapshot ?? null, snapshot));
  const baseline = previous?.baseline ?? null;
  report.current = current;
  report.baseline = baseline;

  const enough = current.requests >= settings.minRequests;
  const found: Omit<Regression, 'issue' | 'opened'>[] = [];
  if (enough && baseline && baseline.requests >= settings.minRequests) {
    if (current.errorRatePercent - baseline.errorRatePercent > settings.max5xxRateIncrease) {
      found.push({ kind: '5xx-rate', baseline: baseline.errorRatePercent, current: current.errorRatePercent });
    }
    if (baseline.p95Seconds !== null && current.p95Seconds !== null && baseline.p95Seconds > 0) {
      const increase = ((current.p95Seconds - baseline.p95Seconds) / baseline.p95Seconds) * 100;
      if (increase > settings.maxP95IncreasePercent) found.push({ kind: 'p95-latency', baseline: baseline.p95Seconds, current: current.p95Seconds });
    }
  }
  // The baseline stays the last healthy window: a regression must not become the normal the next run compares with.
  next.services[service.name] = { at, snapshot, baseline: enough && found.length === 0 ? current : baseline };
  if (found.length === 0) return report;

  const excerpt = service.logsUrl ? await logExcerpt(deps, service.logsUrl) : null;
  for (const regression of found) {
    const { issue, opened } = await ensureRegressionIssue(deps, service, regression, current, baseline!, excerpt);
    report.regressions.push({ ...regression, issue, opened });
  }
  return report;
}

/** Reads at most `maxBytes` of the answer; a non-2xx answer or a timeout is an error. */
async function fetchText(fetchFn: typeof fetch, url: string, timeoutMs: number, maxBytes: number): Promise<string> {
  let response: Response;
  try {
    response = await fetchFn(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'text/plain' } });
  } catch (error) {
    const name = (error as Error)?.name;
    throw new Error(
      name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${timeoutMs} ms` : ((error as Error)?.message ?? String(error)),
    );
  }
  if (response.status < 200 || response.status > 299) {
    await response.body?.cancel().catch(() => {});
    throw new Error(`HTTP ${response.status}`);
  }
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new Error(`the answer is larger than ${Math.round(maxBytes / 1024)} KiB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The last lines of the logs that look like errors (else the last lines), cleaned: logs are untrusted text that
 * ends up in an issue the planner reads, so invisible characters, HTML and secrets are removed, lines are cut short,
 * and the excerpt is fenced as code.
 */
async function logExcerpt(deps: ObserveDeps, url: string): Promise<string> {
  let text: string;
  try {
    text = await fetchText(deps.fetch, url, deps.settings.timeoutMs, MAX_LOG_BYTES * 4);
  } catch (error) {
    return `(logs unavailable: ${(error as Error).message})`;
  }
  const lines = sanitizeUntrusted(text.slice(-MAX_LOG_BYTES))
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '');
  const errors = lines.filter((l) => /\b(error|exception|fatal|panic|timeout|5\d\d)\b/i.test(l));
  const chosen = (errors.length > 0 ? errors : lines).slice(-deps.settings.logLines).map((l) => (l.length > 300 ? `${l.slice(0, 300)}…` : l));
  if (chosen.length === 0) return '(the logs endpoint returned no lines)';
  return codeBlock(redactSecrets(chosen.join('\n'), []), 'text');
}

function dedupMarker(service: string, kind: RegressionKind): string {
  return `<!-- eternia-agents:observe:${service.toLowerCase()}:${kind} -->`;
}

async function ensureRegressionIssue(
  deps: ObserveDeps,
  service: ObservedService,
  regression: Omit<Regression, 'issue' | 'opened'>,
  current: WindowStats,
  baseline: WindowStats,
  excerpt: string | null,
): Promise<{ issue: number; opened: boolean }> {
  const { octokit, repo, settings } = deps;
  const marker = dedupMarker(service.name, regression.kind);
  const ready = settings.issueLabels[0]!;
  const open = await githubCall(`listing the bot's open issues in ${repo.owner}/${repo.repo}`, () =>
    octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: 'open', creator: settings.botLogin, per_page: 100 }),
  );
  const login = settings.botLogin.toLowerCase();
  const existing = open.find((i) => !i.pull_request && i.user?.login.toLowerCase() === login && (i.body ?? '').includes(marker));
  if (existing) return { issue: existing.number, opened: false };

  for (const name of settings.issueLabels) await ensureLabel(octokit, { ...repo, name, color: name === ready ? '0e8a16' : 'd73a4a' });
  const what = regression.kind === '5xx-rate' ? '5xx rate' : 'p95 latency';
  const title = `${service.name}: ${what} regressed (${format(regression.kind, regression.baseline)} → ${format(regression.kind, regression.current)})`;
  const body = [
    `The observe action saw the ${what} of \`${service.name}\` regress beyond the policy's threshold after a deploy.`,
    '',
    '| | Baseline (last healthy window) | This window |',
    '| --- | --- | --- |',
    `| Requests | ${baseline.requests} | ${current.requests} |`,
    `| 5xx | ${baseline.errors5xx} (${baseline.errorRatePercent.toFixed(2)}%) | ${current.errors5xx} (${current.errorRatePercent.toFixed(2)}%) |`,
    `| p95 latency | ${seconds(baseline.p95Seconds)} | ${seconds(current.p95Seconds)} |`,
    '',
    `Thresholds: 5xx rate +${settings.max5xxRateIncrease} percentage points, p95 +${settings.maxP95IncreasePercent}%. Metrics: ${service.metricsUrl} (histogram \`${service.histogram}\`).`,
    '',
    ...(excerpt ? ['Log excerpt (untrusted text from the service, cleaned):', '', excerpt, ''] : []),
    marker,
  ].join('\n');
  const created = await githubCall(`opening a regression issue for ${service.name} in ${repo.owner}/${repo.repo}`, () =>
    octokit.rest.issues.create({ ...repo, title, body: neutralizeMentions(body), labels: [...settings.issueLabels] }),
  );
  return { issue: created.data.number, opened: true };
}

function format(kind: RegressionKind, value: number): string {
  return kind === '5xx-rate' ? `${value.toFixed(2)}%` : seconds(value);
}

function seconds(value: number | null): string {
  return value === null ? 'n/a' : `${Math.round(value * 1000)} ms`;
}
