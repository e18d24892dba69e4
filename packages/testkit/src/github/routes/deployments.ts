import { ApiError, type EmulatorContext, type Handler, notFound, ok } from '../api-types.js';
import { paginate } from '../pagination.js';
import { nodeId, repoApi, userShape } from '../shapes.js';
import { type DeploymentRecord, type DeploymentStatusRecord, type RepoRecord, timestamp } from '../state.js';

/** Deployments and deployment statuses. */

function deploymentShape(ctx: EmulatorContext, repo: RepoRecord, d: DeploymentRecord) {
  const url = `${repoApi(ctx, repo)}/deployments/${d.id}`;
  return {
    url,
    id: d.id,
    node_id: nodeId('Deployment', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: userShape(ctx, d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${url}/statuses`,
    repository_url: repoApi(ctx, repo),
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment,
    performed_via_github_app: null,
  };
}

function statusShape(ctx: EmulatorContext, repo: RepoRecord, s: DeploymentStatusRecord) {
  const deployment = `${repoApi(ctx, repo)}/deployments/${s.deploymentId}`;
  return {
    url: `${deployment}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DeploymentStatus', s.id),
    state: s.state,
    creator: userShape(ctx, s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    deployment_url: deployment,
    repository_url: repoApi(ctx, repo),
    environment_url: s.environmentUrl,
    log_url: s.logUrl,
    performed_via_github_app: null,
  };
}

const create: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const b = req.body;
  const sha = await repo.git.resolveCommit(String(b.ref));
  if (!sha) throw new ApiError(422, `No ref found for: ${b.ref}`);
  // Required contexts (all by default) must be green, as GitHub checks before creating a deployment.
  const required: string[] | undefined = b.required_contexts;
  const latest = new Map<string, string>();
  for (const s of repo.statuses.filter((x) => x.sha === sha).sort((x, y) => x.id - y.id)) latest.set(s.context, s.state);
  const failing = [...latest.entries()].filter(([c, state]) => (required === undefined || required.includes(c)) && state !== 'success');
  const missing = (required ?? []).filter((c) => !latest.has(c));
  if (failing.length || missing.length) {
    throw new ApiError(409, `Conflict: Commit status checks failed for ${b.ref}.`, {
      errors: [
        ...failing.map(([c, state]) => ({ contexts: [{ context: c, state }], resource: 'Deployment', field: 'required_contexts', code: 'invalid' })),
        ...missing.map((c) => ({
          contexts: [{ context: c, state: 'missing' }],
          resource: 'Deployment',
          field: 'required_contexts',
          code: 'invalid',
        })),
      ],
    });
  }
  const now = timestamp();
  const environment = b.environment ?? 'production';
  const d: DeploymentRecord = {
    id: ctx.state.newId(),
    sha,
    ref: String(b.ref),
    task: b.task ?? 'deploy',
    payload: typeof b.payload === 'string' ? safeJson(b.payload) : (b.payload ?? {}),
    environment,
    originalEnvironment: environment,
    description: b.description ?? null,
    creator: req.user,
    transientEnvironment: b.transient_environment === true,
    productionEnvironment: b.production_environment ?? environment === 'production',
    createdAt: now,
    updatedAt: now,
  };
  repo.deployments.push(d);
  return ok(deploymentShape(ctx, repo, d), 201);
};

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

const list: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const q = req.query;
  const items = repo.deployments
    .filter(
      (d) =>
        (!q.sha || d.sha === q.sha) &&
        (!q.ref || d.ref === q.ref) &&
        (!q.task || d.task === q.task) &&
        (!q.environment || d.environment === q.environment),
    )
    .sort((a, b) => b.id - a.id);
  const { page, headers } = paginate(req, items);
  return ok(
    page.map((d) => deploymentShape(ctx, repo, d)),
    200,
    headers,
  );
};

function deploymentOr404(repo: RepoRecord, raw: string | undefined): DeploymentRecord {
  const d = repo.deployments.find((x) => x.id === Number(raw));
  if (!d) throw notFound();
  return d;
}

const get: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(deploymentShape(ctx, repo, deploymentOr404(repo, req.params.deployment_id)));
};

const createStatus: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const d = deploymentOr404(repo, req.params.deployment_id);
  const b = req.body;
  const now = timestamp();
  const s: DeploymentStatusRecord = {
    id: ctx.state.newId(),
    deploymentId: d.id,
    state: b.state,
    description: b.description ?? '',
    environment: b.environment ?? d.environment,
    targetUrl: b.target_url ?? b.log_url ?? '',
    logUrl: b.log_url ?? b.target_url ?? '',
    environmentUrl: b.environment_url ?? '',
    creator: req.user,
    createdAt: now,
    updatedAt: now,
  };
  repo.deploymentStatuses.push(s);
  // auto_inactive (default true): a new success marks older deployments of the environment inactive.
  if (s.state === 'success' && b.auto_inactive !== false) {
    for (const other of repo.deployments.filter((x) => x.id !== d.id && x.environment === d.environment)) {
      const last = repo.deploymentStatuses.filter((x) => x.deploymentId === other.id).at(-1);
      if (last && last.state === 'success')
        repo.deploymentStatuses.push({ ...last, id: ctx.state.newId(), state: 'inactive', createdAt: now, updatedAt: now });
    }
  }
  d.updatedAt = now;
  return ok(statusShape(ctx, repo, s), 201);
};

const listStatuses: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const d = deploymentOr404(repo, req.params.deployment_id);
  const items = repo.deploymentStatuses.filter((s) => s.deploymentId === d.id).sort((a, b) => b.id - a.id);
  const { page, headers } = paginate(req, items);
  return ok(
    page.map((s) => statusShape(ctx, repo, s)),
    200,
    headers,
  );
};

export const deploymentHandlers: Record<string, Handler> = {
  'repos/create-deployment': create,
  'repos/list-deployments': list,
  'repos/get-deployment': get,
  'repos/create-deployment-status': createStatus,
  'repos/list-deployment-statuses': listStatuses,
};
