import { ApiError, type EmulatorContext, type Handler, notFound, noContent, ok } from '../api-types.js';
import { type CommitInfo, type GitIdentity, ZERO_SHA } from '../git-repo.js';
import { nodeId, repoApi, repoHtml, userShape } from '../shapes.js';
import type { RepoRecord, UserRecord } from '../state.js';

/** Git database: refs, commits, trees, blobs — all read from and written to the bare repository. */

export function noreplyEmail(u: UserRecord): string {
  return `${u.id}+${u.login}@users.noreply.github.com`;
}

/** Who GitHub shows for a commit: the account whose noreply address (or login) matches. */
function accountFor(ctx: EmulatorContext, id: GitIdentity): ReturnType<typeof userShape> | null {
  const m = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/.exec(id.email);
  const login = m?.[1] ?? id.name;
  const u = ctx.state.users.get(login.toLowerCase());
  return u ? userShape(ctx, u) : null;
}

export function identityOf(u: UserRecord): GitIdentity {
  return { name: u.login, email: noreplyEmail(u) };
}

export const WEB_FLOW: GitIdentity = { name: 'GitHub', email: 'noreply@github.com' };

export async function commitOr404(repo: RepoRecord, sha: string): Promise<CommitInfo> {
  const info = await repo.git.commit(sha);
  if (!info) throw notFound();
  return info;
}

function verification() {
  return { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null };
}

function parentShapes(ctx: EmulatorContext, repo: RepoRecord, info: CommitInfo, kind: 'git' | 'repo') {
  return info.parents.map((p) => ({
    sha: p,
    url: kind === 'git' ? `${repoApi(ctx, repo)}/git/commits/${p}` : `${repoApi(ctx, repo)}/commits/${p}`,
    html_url: `${repoHtml(ctx, repo)}/commit/${p}`,
  }));
}

/** The `git-commit` shape. */
export function gitCommitShape(ctx: EmulatorContext, repo: RepoRecord, info: CommitInfo) {
  return {
    sha: info.sha,
    node_id: nodeId('Commit', info.sha),
    url: `${repoApi(ctx, repo)}/git/commits/${info.sha}`,
    html_url: `${repoHtml(ctx, repo)}/commit/${info.sha}`,
    author: { name: info.author.name, email: info.author.email, date: info.author.date },
    committer: { name: info.committer.name, email: info.committer.email, date: info.committer.date },
    tree: { sha: info.tree, url: `${repoApi(ctx, repo)}/git/trees/${info.tree}` },
    message: info.message.replace(/\n$/, ''),
    parents: parentShapes(ctx, repo, info, 'git'),
    verification: verification(),
  };
}

/** The `commit` shape of the commits API (without stats/files). */
export function repoCommitShape(ctx: EmulatorContext, repo: RepoRecord, info: CommitInfo) {
  const url = `${repoApi(ctx, repo)}/commits/${info.sha}`;
  return {
    sha: info.sha,
    node_id: nodeId('Commit', info.sha),
    commit: {
      author: { name: info.author.name, email: info.author.email, date: info.author.date },
      committer: { name: info.committer.name, email: info.committer.email, date: info.committer.date },
      message: info.message.replace(/\n$/, ''),
      tree: { sha: info.tree, url: `${repoApi(ctx, repo)}/git/trees/${info.tree}` },
      url: `${repoApi(ctx, repo)}/git/commits/${info.sha}`,
      comment_count: 0,
      verification: verification(),
    },
    url,
    html_url: `${repoHtml(ctx, repo)}/commit/${info.sha}`,
    comments_url: `${url}/comments`,
    author: accountFor(ctx, info.author),
    committer: accountFor(ctx, info.committer),
    parents: parentShapes(ctx, repo, info, 'repo'),
  };
}

export async function commitShortShape(ctx: EmulatorContext, repo: RepoRecord, sha: string) {
  return repoCommitShape(ctx, repo, await commitOr404(repo, sha));
}

export function refShape(ctx: EmulatorContext, repo: RepoRecord, r: { ref: string; sha: string; type: string }) {
  const kind = r.type === 'tag' ? 'tags' : r.type === 'tree' ? 'trees' : r.type === 'blob' ? 'blobs' : 'commits';
  return {
    ref: r.ref,
    node_id: nodeId('Ref', `${repo.id}:${r.ref}`),
    url: `${repoApi(ctx, repo)}/git/${r.ref}`,
    object: { type: r.type, sha: r.sha, url: `${repoApi(ctx, repo)}/git/${kind}/${r.sha}` },
  };
}

async function readRef(repo: RepoRecord, fullRef: string) {
  const refs = await repo.git.listRefs(fullRef);
  return refs.find((r) => r.ref === fullRef);
}

const getRef: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const ref = await readRef(repo, `refs/${req.params.ref}`);
  if (!ref) throw notFound();
  return ok(refShape(ctx, repo, ref));
};

const matchingRefs: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const refs = await repo.git.listRefs(`refs/${req.params.ref ?? ''}`);
  return ok(refs.map((r) => refShape(ctx, repo, r)));
};

function checkRefName(ref: string): void {
  // GitHub: a fully qualified name with at least two slashes, and a name git accepts.
  if (!/^refs\/[^/]+\/.+/.test(ref) || /(\.\.|[~^:?*[\\\s]|@\{|\/\/|\/$|\.lock$|^.*\/\.|\.$)/.test(ref)) {
    throw new ApiError(422, `${ref} is not a valid ref name.`);
  }
}

const createRef: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const ref = String(req.body.ref);
  const sha = String(req.body.sha);
  checkRefName(ref);
  const out = await repo.git.exclusive(async () => {
    const type = /^[0-9a-f]{40}$/.test(sha) ? await repo.git.objectType(sha) : undefined;
    if (!type) throw new ApiError(422, 'Object does not exist');
    if (!(await repo.git.updateRef(ref, sha, ZERO_SHA))) throw new ApiError(422, 'Reference already exists');
    return ok(refShape(ctx, repo, { ref, sha, type }), 201, { location: `${repoApi(ctx, repo)}/git/${ref}` });
  });
  await ctx.pushed?.(repo, { ref, before: ZERO_SHA, after: sha }, req.user);
  return out;
};

const updateRef: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const ref = `refs/${req.params.ref}`;
  const sha = String(req.body.sha);
  const { out, before } = await repo.git.exclusive(async () => {
    const current = await readRef(repo, ref);
    if (!current) throw new ApiError(422, 'Reference does not exist');
    const type = /^[0-9a-f]{40}$/.test(sha) ? await repo.git.objectType(sha) : undefined;
    if (!type) throw new ApiError(422, 'Object does not exist');
    if (req.body.force !== true && current.sha !== sha && !(await repo.git.isAncestor(current.sha, sha))) {
      throw new ApiError(422, 'Update is not a fast forward');
    }
    if (!(await repo.git.updateRef(ref, sha, current.sha))) throw new ApiError(422, 'Reference cannot be updated');
    return { out: ok(refShape(ctx, repo, { ref, sha, type })), before: current.sha };
  });
  // git runs no hook for an update that changes nothing; neither does the emulator.
  if (before !== sha) await ctx.pushed?.(repo, { ref, before, after: sha }, req.user);
  return out;
};

const deleteRef: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const ref = `refs/${req.params.ref}`;
  const before = await repo.git.exclusive(async () => {
    const current = await readRef(repo, ref);
    if (!current) throw new ApiError(422, 'Reference does not exist');
    await repo.git.deleteRef(ref);
    return current.sha;
  });
  await ctx.pushed?.(repo, { ref, before, after: ZERO_SHA }, req.user);
  return noContent();
};

const getCommit: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(gitCommitShape(ctx, repo, await commitOr404(repo, req.params.commit_sha ?? '')));
};

const createCommit: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const b = req.body;
  if ((await repo.git.objectType(String(b.tree))) !== 'tree') throw new ApiError(422, 'Tree SHA does not exist');
  const parents: string[] = b.parents ?? [];
  for (const p of parents) {
    if ((await repo.git.objectType(p)) !== 'commit') throw new ApiError(422, 'Parent SHA does not exist or is not a commit object');
  }
  const author: GitIdentity = b.author ? { name: b.author.name, email: b.author.email, date: b.author.date } : identityOf(req.user);
  const committer: GitIdentity = b.committer
    ? { name: b.committer.name, email: b.committer.email, date: b.committer.date }
    : b.author
      ? author
      : identityOf(req.user);
  const sha = await repo.git.commitTree(String(b.tree), parents, String(b.message), author, committer);
  return ok(gitCommitShape(ctx, repo, await commitOr404(repo, sha)), 201);
};

async function treeOr404(repo: RepoRecord, treeish: string): Promise<string> {
  const type = await repo.git.objectType(treeish);
  if (type === 'tree') return treeish;
  const commit = await repo.git.resolveCommit(treeish);
  if (!commit) throw notFound();
  return (await commitOr404(repo, commit)).tree;
}

async function treeShape(ctx: EmulatorContext, repo: RepoRecord, sha: string, recursive: boolean) {
  const entries = await repo.git.tree(sha, { recursive });
  return {
    sha,
    url: `${repoApi(ctx, repo)}/git/trees/${sha}`,
    tree: entries.map((e) => ({
      path: e.path,
      mode: e.mode,
      type: e.type,
      sha: e.sha,
      ...(e.type === 'blob' ? { size: e.size ?? 0 } : {}),
      url: `${repoApi(ctx, repo)}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}`,
    })),
    truncated: false,
  };
}

const getTree: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const sha = await treeOr404(repo, req.params.tree_sha ?? '');
  const recursive = req.query.recursive !== undefined && req.query.recursive !== '' && req.query.recursive !== 'false' && req.query.recursive !== '0';
  return ok(await treeShape(ctx, repo, sha, recursive));
};

const createTree: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const base: string | undefined = req.body.base_tree ?? undefined;
  if (base && (await repo.git.objectType(base)) !== 'tree') throw new ApiError(422, 'base_tree is not a valid tree oid');
  const entries = req.body.tree as Array<{ path: string; mode?: string; type?: string; sha?: string | null; content?: string }>;
  const changes: Array<{ path: string; mode?: string; sha: string | null }> = [];
  const inline: Array<{ at: number; content: Buffer }> = [];
  for (const entry of entries) {
    if (typeof entry.content === 'string') {
      inline.push({ at: changes.length, content: Buffer.from(entry.content, 'utf8') });
      changes.push({ path: entry.path, mode: entry.mode, sha: null });
    } else if (entry.sha === null) {
      changes.push({ path: entry.path, sha: null });
    } else if (entry.sha) {
      if (!(await repo.git.objectType(entry.sha))) throw new ApiError(422, 'GitRPC::BadObjectState');
      changes.push({ path: entry.path, mode: entry.mode, sha: entry.sha });
    } else {
      throw new ApiError(422, `Must supply either tree.sha or tree.content for ${entry.path}`);
    }
  }
  // Inline contents become blobs in one go.
  const shas = await repo.git.writeBlobs(inline.map((i) => i.content));
  inline.forEach((i, n) => ((changes[i.at] as { sha: string | null }).sha = shas[n] as string));
  const sha = await repo.git.buildTree(base, changes);
  return ok(await treeShape(ctx, repo, sha, false), 201);
};

const getBlob: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const sha = req.params.file_sha ?? '';
  const content = await repo.git.blob(sha);
  if (!content) throw notFound();
  return ok({
    sha,
    node_id: nodeId('Blob', sha),
    size: content.length,
    url: `${repoApi(ctx, repo)}/git/blobs/${sha}`,
    content: base64Lines(content),
    encoding: 'base64',
  });
};

const createBlob: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const encoding = req.body.encoding ?? 'utf-8';
  if (encoding !== 'utf-8' && encoding !== 'base64') throw new ApiError(422, `encoding must be utf-8 or base64`);
  const sha = await repo.git.writeBlob(Buffer.from(String(req.body.content), encoding === 'base64' ? 'base64' : 'utf8'));
  return ok({ url: `${repoApi(ctx, repo)}/git/blobs/${sha}`, sha }, 201);
};

/** GitHub wraps base64 content at 60 characters. */
export function base64Lines(buf: Buffer): string {
  const s = buf.toString('base64');
  return s.length ? `${s.match(/.{1,60}/g)!.join('\n')}\n` : '';
}

export const gitHandlers: Record<string, Handler> = {
  'git/get-ref': getRef,
  'git/list-matching-refs': matchingRefs,
  'git/create-ref': createRef,
  'git/update-ref': updateRef,
  'git/delete-ref': deleteRef,
  'git/get-commit': getCommit,
  'git/create-commit': createCommit,
  'git/get-tree': getTree,
  'git/create-tree': createTree,
  'git/get-blob': getBlob,
  'git/create-blob': createBlob,
};
