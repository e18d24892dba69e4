import { ApiError, type EmulatorContext, type Handler, notFound, ok } from '../api-types.js';
import type { TreeEntry } from '../git-repo.js';
import { repoApi, repoHtml } from '../shapes.js';
import type { RepoRecord } from '../state.js';
import { WEB_FLOW, base64Lines, commitOr404, gitCommitShape, identityOf } from './git.js';

/** The contents API: read files and directories at a ref, and commit single-file changes to a branch. */

function entryType(e: TreeEntry): 'file' | 'dir' | 'submodule' | 'symlink' {
  if (e.type === 'tree') return 'dir';
  if (e.type === 'commit') return 'submodule';
  return e.mode === '120000' ? 'symlink' : 'file';
}

/** Where raw file bytes are served (outside the REST surface, like raw.githubusercontent.com). */
export function rawUrl(ctx: EmulatorContext, repo: RepoRecord, ref: string, path: string): string {
  return `${ctx.api}/_emulator/raw/${repo.fullName}/${encodeURIComponent(ref)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function entryShape(ctx: EmulatorContext, repo: RepoRecord, e: TreeEntry, ref: string) {
  const type = entryType(e);
  const encodedPath = e.path.split('/').map(encodeURIComponent).join('/');
  const self = `${repoApi(ctx, repo)}/contents/${encodedPath}?ref=${encodeURIComponent(ref)}`;
  const git = `${repoApi(ctx, repo)}/git/${type === 'dir' ? 'trees' : 'blobs'}/${e.sha}`;
  const html = `${repoHtml(ctx, repo)}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${e.path}`;
  return {
    name: e.path.split('/').pop() ?? '',
    path: e.path,
    sha: e.sha,
    size: type === 'file' || type === 'symlink' ? (e.size ?? 0) : 0,
    url: self,
    html_url: html,
    git_url: git,
    download_url: type === 'file' ? rawUrl(ctx, repo, ref, e.path) : null,
    type,
    _links: { self, git, html },
  };
}

const getContent: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const ref = typeof req.query.ref === 'string' && req.query.ref ? req.query.ref : repo.defaultBranch;
  const sha = await repo.git.resolveCommit(ref);
  if (!sha) throw new ApiError(404, `No commit found for the ref ${ref}`);
  const path = (req.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const entry = await repo.git.entryAt(sha, path);
  if (!entry) throw notFound();
  const accept = String(req.headers.accept ?? '');
  if (entry.type === 'tree') {
    const children = await repo.git.tree(path ? `${sha}:${path}` : sha);
    return ok(children.map((c) => entryShape(ctx, repo, { ...c, path: path ? `${path}/${c.path}` : c.path }, ref)));
  }
  const content = (await repo.git.blob(entry.sha)) ?? Buffer.alloc(0);
  if (/vnd\.github(\.v3)?\.raw/.test(accept)) return { status: 200, raw: content, contentType: 'application/vnd.github.raw; charset=utf-8' };
  return ok({ ...entryShape(ctx, repo, entry, ref), content: base64Lines(content), encoding: 'base64' });
};

async function commitFileChange(
  req: Parameters<Handler>[0],
  ctx: EmulatorContext,
  change: (current: TreeEntry | undefined) => Promise<string | null>,
) {
  const repo = ctx.repo(req);
  const path = (req.params.path ?? '').replace(/^\/+|\/+$/g, '');
  if (!path) throw new ApiError(422, 'path cannot be blank');
  const branch = typeof req.body.branch === 'string' && req.body.branch ? req.body.branch : repo.defaultBranch;
  const result = await repo.git.exclusive(async () => {
    const head = await repo.git.refSha(`refs/heads/${branch}`);
    const branchCount = (await repo.git.listRefs('refs/heads/')).length;
    // An empty repository accepts the first commit on any branch; otherwise the branch must exist.
    if (!head && branchCount > 0) throw new ApiError(404, `Branch ${branch} not found`);
    const current = head ? await repo.git.entryAt(head, path) : undefined;
    if (current?.type === 'tree') throw new ApiError(422, `${path} is a directory`);
    const blobSha = await change(current);
    const baseTree = head ? (await commitOr404(repo, head)).tree : undefined;
    const tree = await repo.git.buildTree(baseTree, [{ path, sha: blobSha }]);
    const b = req.body;
    const author = b.author ? { name: b.author.name, email: b.author.email, date: b.author.date } : identityOf(req.user);
    const committer = b.committer ? { name: b.committer.name, email: b.committer.email, date: b.committer.date } : b.author ? WEB_FLOW : author;
    const sha = await repo.git.commitTree(tree, head ? [head] : [], String(b.message), author, committer);
    if (!(await repo.git.updateRef(`refs/heads/${branch}`, sha, head ?? '0'.repeat(40))))
      throw new ApiError(409, `${branch} was updated concurrently`);
    const info = await commitOr404(repo, sha);
    const entry = blobSha ? await repo.git.entryAt(sha, path) : undefined;
    return {
      created: !current,
      update: { ref: `refs/heads/${branch}`, before: head ?? '0'.repeat(40), after: sha },
      body: {
        content: entry ? entryShape(ctx, repo, entry, branch) : null,
        commit: gitCommitShape(ctx, repo, info),
      },
    };
  });
  await ctx.pushed?.(repo, result.update, req.user);
  return result;
}

const createOrUpdate: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const result = await commitFileChange(req, ctx, async (current) => {
    const given = req.body.sha as string | undefined;
    if (current && !given) throw new ApiError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
    if (current && given !== current.sha) throw new ApiError(409, `${current.path} does not match ${given}`);
    return repo.git.writeBlob(Buffer.from(String(req.body.content), 'base64'));
  });
  return ok(result.body, result.created ? 201 : 200);
};

const deleteFile: Handler = async (req, ctx) => {
  const result = await commitFileChange(req, ctx, async (current) => {
    if (!current) throw notFound();
    if (req.body.sha !== current.sha) throw new ApiError(409, `${current.path} does not match ${String(req.body.sha)}`);
    return null;
  });
  return ok(result.body);
};

export const contentHandlers: Record<string, Handler> = {
  'repos/get-content': getContent,
  'repos/create-or-update-file-contents': createOrUpdate,
  'repos/delete-file': deleteFile,
};
