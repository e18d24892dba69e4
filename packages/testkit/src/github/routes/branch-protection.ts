import { ApiError, type EmulatorContext, type Handler, noContent, ok } from '../api-types.js';
import { permissionOf, repoApi } from '../shapes.js';
import type { RepoRecord } from '../state.js';

/** Branch protection, the parts that decide merging: required status checks (with `strict`) and enforce_admins. */

interface ProtectionRecord {
  strict: boolean;
  checks: { context: string; appId: number | null }[];
  enforceAdmins: boolean;
  reviews: unknown | null;
}

const store = new WeakMap<RepoRecord, Map<string, ProtectionRecord>>();

function protections(repo: RepoRecord): Map<string, ProtectionRecord> {
  let map = store.get(repo);
  if (!map) store.set(repo, (map = new Map()));
  return map;
}

/** The branch's protection as the emulator holds it (tests read it), or undefined. */
export function branchProtectionOf(repo: RepoRecord, branch: string): ProtectionRecord | undefined {
  return store.get(repo)?.get(branch);
}

async function adminBranch(req: Parameters<Handler>[0], ctx: EmulatorContext): Promise<{ repo: RepoRecord; branch: string }> {
  const repo = ctx.repo(req);
  // GitHub: branch protection needs admin rights; an installation token (GITHUB_TOKEN) cannot have administration.
  if (req.user.type === 'Bot') throw new ApiError(403, 'Resource not accessible by integration');
  if (permissionOf(repo, req.user) !== 'admin') throw new ApiError(404, 'Not Found');
  const branch = req.params.branch ?? '';
  if (!(await repo.git.refSha(`refs/heads/${branch}`))) throw new ApiError(404, 'Branch not found');
  return { repo, branch };
}

function statusChecksShape(ctx: EmulatorContext, repo: RepoRecord, branch: string, p: ProtectionRecord) {
  const url = `${repoApi(ctx, repo)}/branches/${encodeURIComponent(branch)}/protection/required_status_checks`;
  return {
    url,
    strict: p.strict,
    contexts: p.checks.map((c) => c.context),
    checks: p.checks.map((c) => ({ context: c.context, app_id: c.appId })),
    contexts_url: `${url}/contexts`,
  };
}

function protectionShape(ctx: EmulatorContext, repo: RepoRecord, branch: string, p: ProtectionRecord) {
  const url = `${repoApi(ctx, repo)}/branches/${encodeURIComponent(branch)}/protection`;
  return {
    url,
    required_status_checks: statusChecksShape(ctx, repo, branch, p),
    enforce_admins: { url: `${url}/enforce_admins`, enabled: p.enforceAdmins },
    required_linear_history: { enabled: false },
    allow_force_pushes: { enabled: false },
    allow_deletions: { enabled: false },
    required_conversation_resolution: { enabled: false },
  };
}

const get: Handler = async (req, ctx) => {
  const { repo, branch } = await adminBranch(req, ctx);
  const p = protections(repo).get(branch);
  if (!p) throw new ApiError(404, 'Branch not protected');
  return ok(protectionShape(ctx, repo, branch, p));
};

function checksFrom(body: { contexts?: string[]; checks?: { context: string; app_id?: number }[] }): ProtectionRecord['checks'] {
  if (body.checks && body.contexts) throw new ApiError(422, 'Validation Failed', { errors: ['Only one of checks or contexts may be given'] });
  const checks =
    body.checks?.map((c) => ({ context: c.context, appId: c.app_id ?? null })) ?? (body.contexts ?? []).map((context) => ({ context, appId: null }));
  return [...new Map(checks.map((c) => [c.context, c])).values()];
}

const put: Handler = async (req, ctx) => {
  const { repo, branch } = await adminBranch(req, ctx);
  const b = req.body;
  const p: ProtectionRecord = {
    strict: b.required_status_checks?.strict ?? false,
    checks: b.required_status_checks ? checksFrom(b.required_status_checks) : [],
    enforceAdmins: b.enforce_admins === true,
    reviews: b.required_pull_request_reviews ?? null,
  };
  protections(repo).set(branch, p);
  return ok(protectionShape(ctx, repo, branch, p));
};

const patchStatusChecks: Handler = async (req, ctx) => {
  const { repo, branch } = await adminBranch(req, ctx);
  const p = protections(repo).get(branch);
  if (!p) throw new ApiError(404, 'Branch not protected');
  if (typeof req.body.strict === 'boolean') p.strict = req.body.strict;
  if (req.body.checks || req.body.contexts) p.checks = checksFrom(req.body);
  return ok(statusChecksShape(ctx, repo, branch, p));
};

const remove: Handler = async (req, ctx) => {
  const { repo, branch } = await adminBranch(req, ctx);
  protections(repo).delete(branch);
  return noContent();
};

export const branchProtectionHandlers: Record<string, Handler> = {
  'repos/get-branch-protection': get,
  'repos/update-branch-protection': put,
  'repos/update-status-check-protection': patchStatusChecks,
  'repos/delete-branch-protection': remove,
};
