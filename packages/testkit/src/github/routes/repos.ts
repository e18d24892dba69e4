import { ApiError, type Handler, notFound, ok } from '../api-types.js';
import { paginate } from '../pagination.js';
import { permissionOf, repoApi, repoShape, userShape } from '../shapes.js';
import { commitShortShape } from './git.js';

/** Repository metadata, branches, collaborators' permissions, the authenticated user, rate limits. */

const getRepo: Handler = async (req, ctx) => ok(repoShape(ctx, ctx.repo(req), req.user));

const listBranches: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const refs = await repo.git.listRefs('refs/heads/');
  const { page, headers } = paginate(req, refs);
  return ok(
    page.map((r) => {
      const name = r.ref.slice('refs/heads/'.length);
      return { name, commit: { sha: r.sha, url: `${repoApi(ctx, repo)}/commits/${r.sha}` }, protected: false };
    }),
    200,
    headers,
  );
};

const getBranch: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const name = req.params.branch ?? '';
  const sha = await repo.git.refSha(`refs/heads/${name}`);
  if (!sha) throw new ApiError(404, 'Branch not found');
  const commit = await commitShortShape(ctx, repo, sha);
  return ok({
    name,
    commit,
    _links: { self: `${repoApi(ctx, repo)}/branches/${encodeURIComponent(name)}`, html: `${ctx.html}/${repo.fullName}/tree/${name}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${repoApi(ctx, repo)}/branches/${encodeURIComponent(name)}/protection`,
  });
};

const collaboratorPermission: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const login = req.params.username ?? '';
  const known = ctx.state.users.get(login.toLowerCase());
  if (!known) throw new ApiError(404, `${login} is not a user`);
  const permission = permissionOf(repo, known);
  const legacy = permission === 'maintain' ? 'write' : permission === 'triage' ? 'read' : permission;
  return ok({
    permission: legacy,
    role_name: permission,
    user: {
      ...userShape(ctx, known),
      permissions: {
        admin: permission === 'admin',
        maintain: ['admin', 'maintain'].includes(permission),
        push: ['admin', 'maintain', 'write'].includes(permission),
        triage: permission !== 'read',
        pull: true,
      },
      role_name: permission,
    },
  });
};

const getAuthenticated: Handler = async (req, ctx) => {
  // Installation tokens (GITHUB_TOKEN) are not users.
  if (req.user.type === 'Bot') throw new ApiError(403, 'Resource not accessible by integration');
  return ok({
    ...userShape(ctx, req.user),
    name: req.user.login,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: [...ctx.state.repos.values()].filter((r) => r.owner === req.user).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2020-01-01T00:00:00Z',
  });
};

const getUser: Handler = async (req, ctx) => {
  const u = ctx.state.users.get((req.params.username ?? '').toLowerCase());
  if (!u) throw notFound();
  return ok({
    ...userShape(ctx, u),
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2020-01-01T00:00:00Z',
  });
};

export const repoHandlers: Record<string, Handler> = {
  'repos/get': getRepo,
  'repos/list-branches': listBranches,
  'repos/get-branch': getBranch,
  'repos/get-collaborator-permission-level': collaboratorPermission,
  'users/get-authenticated': getAuthenticated,
  'users/get-by-username': getUser,
};
