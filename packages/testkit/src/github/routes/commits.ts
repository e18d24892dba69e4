import { ApiError, type EmulatorContext, type Handler, notFound, ok } from '../api-types.js';
import { paginate } from '../pagination.js';
import { repoApi, repoHtml } from '../shapes.js';
import type { RepoRecord } from '../state.js';
import { commitOr404, repoCommitShape } from './git.js';

/** The commits API: one commit with its files, history of a branch, comparisons. */

const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

export async function filesShape(ctx: EmulatorContext, repo: RepoRecord, base: string, head: string, ref: string) {
  const files = await repo.git.diffFiles(base, head);
  return files.map((f) => ({
    sha: null as string | null,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${repoHtml(ctx, repo)}/blob/${ref}/${f.filename}`,
    raw_url: `${repoHtml(ctx, repo)}/raw/${ref}/${f.filename}`,
    contents_url: `${repoApi(ctx, repo)}/contents/${f.filename}?ref=${ref}`,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
  }));
}

async function blobShas(repo: RepoRecord, sha: string, files: Array<{ filename: string; sha: string | null; status: string }>) {
  for (const f of files) {
    if (f.status === 'removed') continue;
    f.sha = (await repo.git.entryAt(sha, f.filename))?.sha ?? null;
  }
}

const getCommit: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const ref = req.params.ref ?? '';
  const sha = await repo.git.resolveCommit(ref);
  if (!sha) throw new ApiError(422, `No commit found for SHA: ${ref}`);
  const info = await commitOr404(repo, sha);
  const files = await filesShape(ctx, repo, info.parents[0] ?? EMPTY_TREE, sha, sha);
  await blobShas(repo, sha, files);
  const additions = files.reduce((n, f) => n + f.additions, 0);
  const deletions = files.reduce((n, f) => n + f.deletions, 0);
  return ok({ ...repoCommitShape(ctx, repo, info), stats: { additions, deletions, total: additions + deletions }, files });
};

const listCommits: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const start = typeof req.query.sha === 'string' && req.query.sha ? req.query.sha : repo.defaultBranch;
  const sha = await repo.git.resolveCommit(start);
  if (!sha) {
    if ((await repo.git.listRefs('refs/heads/')).length === 0) throw new ApiError(409, 'Git Repository is empty.');
    throw notFound();
  }
  const shas = await repo.git.log(sha, { path: typeof req.query.path === 'string' && req.query.path ? req.query.path : undefined });
  const { page, headers } = paginate(req, shas);
  const items = [];
  for (const s of page) items.push(repoCommitShape(ctx, repo, await commitOr404(repo, s)));
  return ok(items, 200, headers);
};

const compare: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const basehead = req.params.basehead ?? '';
  const m = /^(.+?)\.{2,3}(.+)$/.exec(basehead);
  if (!m) throw notFound();
  const [baseSha, headSha] = await Promise.all([repo.git.resolveCommit(m[1]!), repo.git.resolveCommit(m[2]!)]);
  if (!baseSha || !headSha) throw notFound();
  const mergeBase = await repo.git.mergeBase(baseSha, headSha);
  if (!mergeBase) throw notFound();
  const ahead = await repo.git.commitsBetween(mergeBase, headSha);
  const behind = await repo.git.commitsBetween(mergeBase, baseSha);
  const status = ahead.length === 0 && behind.length === 0 ? 'identical' : behind.length === 0 ? 'ahead' : ahead.length === 0 ? 'behind' : 'diverged';
  const commits = [];
  for (const s of ahead.slice(0, 250)) commits.push(repoCommitShape(ctx, repo, await commitOr404(repo, s)));
  const files = await filesShape(ctx, repo, mergeBase, headSha, headSha);
  await blobShas(repo, headSha, files);
  const html = `${repoHtml(ctx, repo)}/compare/${basehead}`;
  return ok({
    url: `${repoApi(ctx, repo)}/compare/${basehead}`,
    html_url: html,
    permalink_url: `${repoHtml(ctx, repo)}/compare/${repo.owner.login}:${baseSha.slice(0, 7)}...${repo.owner.login}:${headSha.slice(0, 7)}`,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    base_commit: repoCommitShape(ctx, repo, await commitOr404(repo, baseSha)),
    merge_base_commit: repoCommitShape(ctx, repo, await commitOr404(repo, mergeBase)),
    status,
    ahead_by: ahead.length,
    behind_by: behind.length,
    total_commits: ahead.length,
    commits,
    files,
  });
};

export const commitHandlers: Record<string, Handler> = {
  'repos/get-commit': getCommit,
  'repos/list-commits': listCommits,
  'repos/compare-commits-with-basehead': compare,
};
