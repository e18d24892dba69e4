import { serviceUrlProblem, type Clock, type Octokit } from '@eternia/core';
import { githubCall, upsertStickyComment, type StickyCommentResult } from '@eternia/github';
import { probe } from '../health/index.js';

export interface PreviewSettings {
  /** Services whose preview URL follows a pattern with {pr} and {sha} (a Fly app per PR). */
  services: readonly { name: string; urlPattern: string }[];
  /** Deployment environments read; empty: every environment whose latest status has an environment_url. */
  environments: readonly string[];
  healthPath: string;
  timeoutMs: number;
  botLogin: string;
}

export interface PreviewDeps {
  octokit: Octokit;
  repo: { owner: string; repo: string };
  settings: PreviewSettings;
  fetch: typeof fetch;
  clock: Clock;
  log: { info(message: string): void; warning(message: string): void };
}

export interface PreviewRow {
  service: string;
  url: string;
  /** 'healthy', or why not. */
  health: string;
  healthy: boolean;
  commit: string;
  source: 'deployment' | 'pattern';
}

export interface PreviewResult {
  pr: number;
  headSha: string;
  rows: PreviewRow[];
  comment: StickyCommentResult;
}

export const PREVIEW_COMMENT_KEY = 'preview';

/** The PR of a pull_request event, or the open PR whose head is a deployment_status event's commit or ref; null when none. */
export async function pullFromEvent(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  eventName: string,
  payload: unknown,
): Promise<{ number: number; headSha: string } | null> {
  const event = payload as { pull_request?: { number?: unknown; head?: { sha?: unknown } }; deployment?: { sha?: unknown; ref?: unknown } };
  if (eventName.startsWith('pull_request') && typeof event.pull_request?.number === 'number') {
    // The head now, not the payload's: a push since the event moved it.
    const { data } = await githubCall(`reading PR #${event.pull_request.number}`, () =>
      octokit.rest.pulls.get({ ...repo, pull_number: event.pull_request!.number as number }),
    );
    return { number: data.number, headSha: data.head.sha };
  }
  if (eventName === 'deployment_status' && typeof event.deployment?.sha === 'string') {
    const sha = event.deployment.sha;
    const ref = typeof event.deployment.ref === 'string' ? event.deployment.ref : '';
    const pulls = await githubCall(`listing open PRs of ${repo.owner}/${repo.repo}`, () =>
      octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', per_page: 100 }),
    );
    const pull =
      pulls.find((p) => p.head.sha === sha) ??
      pulls.find((p) => ref !== '' && p.head.ref === ref && p.head.repo?.full_name === `${repo.owner}/${repo.repo}`);
    return pull ? { number: pull.number, headSha: pull.head.sha } : null;
  }
  return null;
}

/** Gathers the PR's preview URLs, checks each one's health path, and writes the table into the PR's sticky comment. */
export async function runPreviewComment(deps: PreviewDeps, pull: { number: number; headSha: string }): Promise<PreviewResult> {
  const { settings } = deps;
  const targets = [...(await deploymentTargets(deps, pull.headSha)), ...patternTargets(settings, pull)];
  const rows: PreviewRow[] = [];
  for (const target of targets) {
    const url = healthUrl(target.url, settings.healthPath);
    const result = await probe(
      { name: target.service, url, expectedStatus: 200, timeoutMs: settings.timeoutMs },
      { fetch: deps.fetch, clock: deps.clock, retries: 1, retryDelayMs: 2000 },
    );
    rows.push({ ...target, healthy: result.ok, health: result.ok ? 'healthy' : result.error });
  }
  const comment = await upsertStickyComment(deps.octokit, {
    ...deps.repo,
    issueNumber: pull.number,
    key: PREVIEW_COMMENT_KEY,
    body: renderPreviewTable(rows, settings.healthPath, pull.headSha),
    botLogin: settings.botLogin,
  });
  return { pr: pull.number, headSha: pull.headSha, rows, comment };
}

type Target = Omit<PreviewRow, 'health' | 'healthy'>;

/** Each environment's newest deployment of the head commit whose newest status is a success with an environment_url (Vercel sets one). */
async function deploymentTargets(deps: PreviewDeps, sha: string): Promise<Target[]> {
  const { octokit, repo, settings } = deps;
  const deployments = await githubCall(`listing deployments of ${sha.slice(0, 7)}`, () =>
    octokit.paginate(octokit.rest.repos.listDeployments, { ...repo, sha, per_page: 100 }),
  );
  const wanted = new Set(settings.environments.map((e) => e.toLowerCase()));
  const seen = new Set<string>();
  const targets: Target[] = [];
  for (const deployment of deployments.sort((a, b) => b.id - a.id)) {
    const environment = deployment.environment;
    if ((wanted.size > 0 && !wanted.has(environment.toLowerCase())) || seen.has(environment)) continue;
    const { data: statuses } = await githubCall(`reading statuses of deployment ${deployment.id}`, () =>
      octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: deployment.id, per_page: 1 }),
    );
    const latest = statuses[0];
    if (!latest || latest.state !== 'success' || !latest.environment_url) continue;
    const problem = serviceUrlProblem(latest.environment_url);
    if (problem) {
      deps.log.warning(`deployment ${deployment.id} (${environment}): environment_url skipped: ${problem}`);
      continue;
    }
    seen.add(environment);
    targets.push({ service: environment, url: latest.environment_url, commit: deployment.sha, source: 'deployment' });
  }
  return targets;
}

function patternTargets(settings: PreviewSettings, pull: { number: number; headSha: string }): Target[] {
  return settings.services.map((s) => ({
    service: s.name,
    url: s.urlPattern.replaceAll('{pr}', String(pull.number)).replaceAll('{sha}', pull.headSha.slice(0, 7)),
    commit: pull.headSha,
    source: 'pattern' as const,
  }));
}

function healthUrl(base: string, healthPath: string): string {
  const url = new URL(base);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${healthPath}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

export function renderPreviewTable(rows: readonly PreviewRow[], healthPath: string, headSha: string): string {
  if (rows.length === 0) {
    return `## Preview environments\n\nNo preview URL for ${headSha.slice(0, 7)} yet (no successful deployment with an environment URL, no \`preview.services\` in the policy).\n`;
  }
  return [
    '## Preview environments',
    '',
    `| Service | URL | Health (\`${healthPath}\`) | Commit |`,
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${cell(r.service)} | ${cell(r.url)} | ${r.healthy ? '✅ healthy' : `❌ ${cell(r.health)}`} | ${r.commit.slice(0, 7)} |`),
    '',
  ].join('\n');
}

/** Table cells hold names and URLs from deployments (any app with deployments access can write them): no Markdown control. */
function cell(text: string): string {
  return text.replace(/[|\r\n<>`[\]]/g, (c) => `&#${c.charCodeAt(0)};`);
}
