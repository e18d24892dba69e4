import { ApiError, type EmulatorContext, type Handler, notFound, ok } from '../api-types.js';
import { paginate } from '../pagination.js';
import { minimalRepoShape, nodeId, repoApi, repoHtml, userShape } from '../shapes.js';
import { type CheckRunRecord, type CheckSuiteRecord, type RepoRecord, type StatusRecord, type UserRecord, timestamp } from '../state.js';

/** Check runs and suites (GitHub Apps, e.g. GITHUB_TOKEN) and commit statuses. */

export function appShape(ctx: EmulatorContext, slug: string) {
  const id = [...slug].reduce((n, ch) => (n * 31 + ch.charCodeAt(0)) % 100000, 7) + 10000;
  const owner = ctx.state.user(slug === 'github-actions' ? 'github' : slug, 'Organization');
  return {
    id,
    slug,
    client_id: `Iv1.${slug}`,
    node_id: nodeId('App', id),
    owner: userShape(ctx, owner),
    name: slug === 'github-actions' ? 'GitHub Actions' : slug,
    description: '',
    external_url: `${ctx.html}/apps/${slug}`,
    html_url: `${ctx.html}/apps/${slug}`,
    created_at: '2018-07-30T09:30:17Z',
    updated_at: '2019-12-10T19:04:12Z',
    permissions: { checks: 'write', contents: 'write', issues: 'write', pull_requests: 'write', statuses: 'write', metadata: 'read' },
    events: [],
  };
}

function appSlugOf(user: UserRecord): string {
  return user.login.replace(/\[bot\]$/, '');
}

async function shaOr422(repo: RepoRecord, ref: string): Promise<string> {
  const sha = await repo.git.resolveCommit(ref);
  if (!sha) throw new ApiError(422, `No commit found for SHA: ${ref}`);
  return sha;
}

export function suiteFor(ctx: EmulatorContext, repo: RepoRecord, headSha: string, appSlug: string, headBranch: string | null): CheckSuiteRecord {
  let suite = repo.checkSuites.find((s) => s.headSha === headSha && s.appSlug === appSlug);
  if (!suite) {
    const now = timestamp();
    suite = { id: ctx.state.newId(), headSha, headBranch, appSlug, createdAt: now, updatedAt: now };
    repo.checkSuites.push(suite);
  }
  return suite;
}

export async function branchOf(repo: RepoRecord, sha: string): Promise<string | null> {
  const heads = await repo.git.listRefs('refs/heads/');
  return heads.find((h) => h.sha === sha)?.ref.slice('refs/heads/'.length) ?? null;
}

function runShape(ctx: EmulatorContext, repo: RepoRecord, r: CheckRunRecord) {
  const url = `${repoApi(ctx, repo)}/check-runs/${r.id}`;
  return {
    id: r.id,
    head_sha: r.headSha,
    node_id: nodeId('CheckRun', r.id),
    external_id: r.externalId,
    url,
    html_url: `${repoHtml(ctx, repo)}/runs/${r.id}`,
    details_url: r.detailsUrl,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    output: {
      title: r.output.title,
      summary: r.output.summary,
      text: r.output.text,
      annotations_count: r.output.annotations.length,
      annotations_url: `${url}/annotations`,
    },
    name: r.name,
    check_suite: { id: r.suiteId },
    app: appShape(ctx, r.appSlug),
    pull_requests: [],
  };
}

function suiteStatus(runs: CheckRunRecord[]): { status: string; conclusion: string | null } {
  if (runs.length === 0) return { status: 'queued', conclusion: null };
  if (runs.some((r) => r.status !== 'completed'))
    return { status: runs.some((r) => r.status === 'in_progress') ? 'in_progress' : 'queued', conclusion: null };
  const order = ['action_required', 'cancelled', 'timed_out', 'failure', 'neutral', 'skipped', 'stale', 'success'];
  const worst = runs.map((r) => r.conclusion ?? 'success').sort((a, b) => order.indexOf(a) - order.indexOf(b))[0]!;
  return { status: 'completed', conclusion: worst === 'skipped' || worst === 'neutral' ? 'success' : worst };
}

async function suiteShape(ctx: EmulatorContext, repo: RepoRecord, s: CheckSuiteRecord) {
  const runs = repo.checkRuns.filter((r) => r.suiteId === s.id);
  const info = await repo.git.commit(s.headSha);
  return {
    id: s.id,
    node_id: nodeId('CheckSuite', s.id),
    head_branch: s.headBranch,
    head_sha: s.headSha,
    ...suiteStatus(runs),
    url: `${repoApi(ctx, repo)}/check-suites/${s.id}`,
    before: null,
    after: s.headSha,
    pull_requests: [],
    app: appShape(ctx, s.appSlug),
    repository: minimalRepoShape(ctx, repo),
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    head_commit: {
      id: s.headSha,
      tree_id: info?.tree ?? '',
      message: info?.message.replace(/\n$/, '') ?? '',
      timestamp: info?.committer.date ?? s.createdAt,
      author: info ? { name: info.author.name, email: info.author.email } : null,
      committer: info ? { name: info.committer.name, email: info.committer.email } : null,
    },
    latest_check_runs_count: runs.length,
    check_runs_url: `${repoApi(ctx, repo)}/check-suites/${s.id}/check-runs`,
    rerequestable: true,
    runs_rerequestable: true,
  };
}

function applyRunFields(r: CheckRunRecord, b: Record<string, unknown>): void {
  if (typeof b.name === 'string') r.name = b.name;
  if (typeof b.details_url === 'string') r.detailsUrl = b.details_url;
  if (typeof b.external_id === 'string') r.externalId = b.external_id;
  if (typeof b.started_at === 'string') r.startedAt = b.started_at;
  if (typeof b.status === 'string') r.status = b.status as CheckRunRecord['status'];
  if (typeof b.conclusion === 'string') {
    // A conclusion completes the run, as on GitHub.
    r.conclusion = b.conclusion;
    r.status = 'completed';
  }
  if (typeof b.completed_at === 'string') r.completedAt = b.completed_at;
  if (r.status === 'completed') {
    if (!r.conclusion) throw new ApiError(422, 'Invalid request.\n\nconclusion is required when status is completed.');
    r.completedAt ??= timestamp();
  }
  const out = b.output as { title?: string; summary?: string; text?: string; annotations?: unknown[] } | undefined;
  if (out) {
    r.output.title = out.title ?? r.output.title;
    r.output.summary = out.summary ?? r.output.summary;
    r.output.text = out.text ?? r.output.text;
    if (out.annotations) r.output.annotations.push(...out.annotations);
  }
}

const createRun: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  if (req.user.type !== 'Bot') throw new ApiError(403, 'You must authenticate via a GitHub App.');
  const headSha = String(req.body.head_sha);
  if ((await repo.git.resolveCommit(headSha)) !== headSha) throw new ApiError(422, 'Invalid request.\n\nNo commit found for SHA: ' + headSha);
  const slug = appSlugOf(req.user);
  const suite = suiteFor(ctx, repo, headSha, slug, await branchOf(repo, headSha));
  const run: CheckRunRecord = {
    id: ctx.state.newId(),
    suiteId: suite.id,
    headSha,
    name: String(req.body.name),
    status: 'queued',
    conclusion: null,
    startedAt: timestamp(),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null, annotations: [] },
    appSlug: slug,
  };
  applyRunFields(run, req.body);
  repo.checkRuns.push(run);
  suite.updatedAt = timestamp();
  return ok(runShape(ctx, repo, run), 201);
};

function runOr404(repo: RepoRecord, raw: string | undefined): CheckRunRecord {
  const r = repo.checkRuns.find((x) => x.id === Number(raw));
  if (!r) throw notFound();
  return r;
}

const updateRun: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const run = runOr404(repo, req.params.check_run_id);
  if (req.user.type !== 'Bot' || appSlugOf(req.user) !== run.appSlug) throw new ApiError(403, 'Resource not accessible by integration');
  applyRunFields(run, req.body ?? {});
  return ok(runShape(ctx, repo, run));
};

const getRun: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(runShape(ctx, repo, runOr404(repo, req.params.check_run_id)));
};

const listAnnotations: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const run = runOr404(repo, req.params.check_run_id);
  const { page, headers } = paginate(req, run.output.annotations as Array<Record<string, unknown>>);
  return ok(
    page.map((a) => ({
      path: a.path,
      blob_href: `${repoHtml(ctx, repo)}/blob/${run.headSha}/${String(a.path)}`,
      start_line: a.start_line,
      end_line: a.end_line,
      start_column: a.start_column ?? null,
      end_column: a.end_column ?? null,
      annotation_level: a.annotation_level ?? null,
      title: a.title ?? null,
      message: a.message ?? null,
      raw_details: a.raw_details ?? null,
    })),
    200,
    headers,
  );
};

const listRunsForRef: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const sha = await shaOr422(repo, req.params.ref ?? '');
  const name = typeof req.query.check_name === 'string' ? req.query.check_name : undefined;
  const status = typeof req.query.status === 'string' ? req.query.status : undefined;
  let runs = repo.checkRuns.filter((r) => r.headSha === sha && (!name || r.name === name) && (!status || r.status === status));
  if (req.query.filter !== 'all') {
    // "latest" (the default): the most recent run per name
    const latest = new Map<string, CheckRunRecord>();
    for (const r of runs) latest.set(r.name, r);
    runs = [...latest.values()];
  }
  runs = runs.sort((a, b) => b.id - a.id);
  const { page, headers } = paginate(req, runs);
  return ok({ total_count: runs.length, check_runs: page.map((r) => runShape(ctx, repo, r)) }, 200, headers);
};

const listSuitesForRef: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const sha = await shaOr422(repo, req.params.ref ?? '');
  const suites = repo.checkSuites.filter((s) => s.headSha === sha);
  const { page, headers } = paginate(req, suites);
  const shaped = [];
  for (const s of page) shaped.push(await suiteShape(ctx, repo, s));
  return ok({ total_count: suites.length, check_suites: shaped }, 200, headers);
};

const getSuite: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const s = repo.checkSuites.find((x) => x.id === Number(req.params.check_suite_id));
  if (!s) throw notFound();
  return ok(await suiteShape(ctx, repo, s));
};

const listRunsInSuite: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const s = repo.checkSuites.find((x) => x.id === Number(req.params.check_suite_id));
  if (!s) throw notFound();
  const runs = repo.checkRuns.filter((r) => r.suiteId === s.id);
  const { page, headers } = paginate(req, runs);
  return ok({ total_count: runs.length, check_runs: page.map((r) => runShape(ctx, repo, r)) }, 200, headers);
};

// ---- commit statuses

function statusShape(ctx: EmulatorContext, repo: RepoRecord, s: StatusRecord) {
  return {
    url: `${repoApi(ctx, repo)}/statuses/${s.sha}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${s.creator.id}?v=4`,
    id: s.id,
    node_id: nodeId('StatusContext', s.id),
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    creator: userShape(ctx, s.creator),
  };
}

const createStatus: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const sha = await repo.git.resolveCommit(req.params.sha ?? '');
  if (!sha) throw new ApiError(422, `No commit found for SHA: ${req.params.sha}`);
  const now = timestamp();
  const s: StatusRecord = {
    id: ctx.state.newId(),
    sha,
    state: req.body.state,
    targetUrl: req.body.target_url ?? null,
    description: req.body.description ?? null,
    context: req.body.context ?? 'default',
    creator: req.user,
    createdAt: now,
    updatedAt: now,
  };
  repo.statuses.push(s);
  return ok(statusShape(ctx, repo, s), 201);
};

const listStatuses: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const sha = await repo.git.resolveCommit(req.params.ref ?? '');
  const items = sha ? repo.statuses.filter((s) => s.sha === sha).sort((a, b) => b.id - a.id) : [];
  const { page, headers } = paginate(req, items);
  return ok(
    page.map((s) => statusShape(ctx, repo, s)),
    200,
    headers,
  );
};

const combinedStatus: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const sha = await repo.git.resolveCommit(req.params.ref ?? '');
  if (!sha) throw notFound();
  const latest = new Map<string, StatusRecord>();
  for (const s of repo.statuses.filter((x) => x.sha === sha).sort((a, b) => a.id - b.id)) latest.set(s.context, s);
  const statuses = [...latest.values()];
  const state = statuses.some((s) => s.state === 'error' || s.state === 'failure')
    ? 'failure'
    : statuses.length === 0 || statuses.some((s) => s.state === 'pending')
      ? 'pending'
      : 'success';
  const { page, headers } = paginate(req, statuses);
  return ok(
    {
      state,
      statuses: page.map((s) => ({ ...statusShape(ctx, repo, s), required: false })),
      sha,
      total_count: statuses.length,
      repository: minimalRepoShape(ctx, repo),
      commit_url: `${repoApi(ctx, repo)}/commits/${sha}`,
      url: `${repoApi(ctx, repo)}/commits/${sha}/status`,
    },
    200,
    headers,
  );
};

export const checkHandlers: Record<string, Handler> = {
  'checks/create': createRun,
  'checks/update': updateRun,
  'checks/get': getRun,
  'checks/list-annotations': listAnnotations,
  'checks/list-for-ref': listRunsForRef,
  'checks/list-suites-for-ref': listSuitesForRef,
  'checks/get-suite': getSuite,
  'checks/list-for-suite': listRunsInSuite,
  'repos/create-commit-status': createStatus,
  'repos/list-commit-statuses-for-ref': listStatuses,
  'repos/get-combined-status-for-ref': combinedStatus,
};
