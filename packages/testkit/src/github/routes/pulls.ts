import { ApiError, type ApiRequest, type EmulatorContext, type Handler, notFound, ok, validationFailed } from '../api-types.js';
import { paginate, sortBy } from '../pagination.js';
import { authorAssociation, labelShape, nodeId, reactionsShape, repoApi, repoHtml, repoShape, userShape } from '../shapes.js';
import { type IssueRecord, type RepoRecord, type ReviewCommentRecord, type ReviewRecord, timestamp } from '../state.js';
import { filesShape } from './commits.js';
import { WEB_FLOW, commitOr404, identityOf, repoCommitShape } from './git.js';
import { createIssueRecord, issueOr404, setIssueState } from './issues.js';

/** Pull requests, their reviews and review comments. A pull request is an issue record with `pull` info. */

type Pull = IssueRecord & { pull: NonNullable<IssueRecord['pull']> };

function pullOr404(repo: RepoRecord, raw: string | undefined): Pull {
  const issue = repo.issues.find((i) => i.number === Number(raw));
  if (!issue?.pull) throw notFound();
  return issue as Pull;
}

/** Head and base shas follow the branches, as on GitHub (a push updates an open pull request). */
async function refresh(repo: RepoRecord, p: Pull): Promise<void> {
  if (p.pull.merged) return;
  p.pull.headSha = (await repo.git.refSha(`refs/heads/${p.pull.headRef}`)) ?? p.pull.headSha;
  p.pull.baseSha = (await repo.git.refSha(`refs/heads/${p.pull.baseRef}`)) ?? p.pull.baseSha;
}

function simpleShape(ctx: EmulatorContext, repo: RepoRecord, p: Pull) {
  const api = `${repoApi(ctx, repo)}/pulls/${p.number}`;
  const html = `${repoHtml(ctx, repo)}/pull/${p.number}`;
  const issueApi = `${repoApi(ctx, repo)}/issues/${p.number}`;
  const side = (ref: string, sha: string) => ({
    label: `${repo.owner.login}:${ref}`,
    ref,
    sha,
    user: userShape(ctx, repo.owner),
    repo: repoShape(ctx, repo),
  });
  return {
    url: api,
    id: p.id,
    node_id: nodeId('PullRequest', p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issueApi,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(ctx, repo)}/pulls/comments{/number}`,
    comments_url: `${issueApi}/comments`,
    statuses_url: `${repoApi(ctx, repo)}/statuses/${p.pull.headSha}`,
    number: p.number,
    state: p.state,
    locked: p.locked,
    title: p.title,
    user: userShape(ctx, p.user),
    body: p.body,
    labels: p.labels.map((l) => labelShape(ctx, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: p.closedAt,
    merged_at: p.pull.mergedAt,
    merge_commit_sha: p.pull.mergeCommitSha,
    assignee: p.assignees[0] ? userShape(ctx, p.assignees[0]) : null,
    assignees: p.assignees.map((a) => userShape(ctx, a)),
    requested_reviewers: [],
    requested_teams: [],
    head: side(p.pull.headRef, p.pull.headSha),
    base: side(p.pull.baseRef, p.pull.baseSha),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: issueApi },
      comments: { href: `${issueApi}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi(ctx, repo)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi(ctx, repo)}/statuses/${p.pull.headSha}` },
    },
    author_association: authorAssociation(repo, p.user),
    auto_merge: null,
    draft: p.pull.draft,
  };
}

async function fullShape(ctx: EmulatorContext, repo: RepoRecord, p: Pull) {
  await refresh(repo, p);
  const base = (await repo.git.mergeBase(p.pull.baseSha, p.pull.headSha)) ?? p.pull.baseSha;
  const commits = await repo.git.commitsBetween(base, p.pull.headSha);
  const files = await repo.git.diffFiles(base, p.pull.headSha);
  const clean = p.pull.merged ? false : await mergeable(repo, p);
  return {
    ...simpleShape(ctx, repo, p),
    merged: p.pull.merged,
    mergeable: p.pull.merged ? null : clean,
    rebaseable: p.pull.merged ? null : clean,
    mergeable_state: p.pull.merged ? 'unknown' : p.pull.draft ? 'draft' : clean ? 'clean' : 'dirty',
    merged_by: p.pull.mergedBy ? userShape(ctx, p.pull.mergedBy) : null,
    comments: repo.comments.filter((c) => c.issueNumber === p.number).length,
    review_comments: repo.reviewComments.filter((c) => c.pullNumber === p.number).length,
    maintainer_can_modify: p.pull.maintainerCanModify,
    commits: commits.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
  };
}

async function mergeable(repo: RepoRecord, p: Pull): Promise<boolean> {
  return repo.git.mergesCleanly(p.pull.baseSha, p.pull.headSha);
}

function parseHead(repo: RepoRecord, head: string): { owner: string; ref: string } {
  const i = head.indexOf(':');
  return i >= 0 ? { owner: head.slice(0, i), ref: head.slice(i + 1) } : { owner: repo.owner.login, ref: head };
}

const list: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const state = String(req.query.state ?? 'open');
  const head = typeof req.query.head === 'string' && req.query.head ? parseHead(repo, req.query.head) : undefined;
  const base = typeof req.query.base === 'string' && req.query.base ? req.query.base : undefined;
  let pulls = repo.issues.filter(
    (i): i is Pull =>
      !!i.pull &&
      (state === 'all' || i.state === state) &&
      (!head || (i.pull.headRef === head.ref && i.pull.headOwner.toLowerCase() === head.owner.toLowerCase())) &&
      (!base || i.pull.baseRef === base),
  );
  const sort = String(req.query.sort ?? 'created');
  const direction = req.query.direction === 'asc' || (req.query.direction === undefined && sort === 'long-running') ? 'asc' : 'desc';
  pulls = sortBy(
    pulls,
    (p) => (sort === 'updated' ? p.updatedAt : p.createdAt),
    direction,
    (p) => p.id,
  );
  const { page, headers } = paginate(req, pulls);
  for (const p of page) await refresh(repo, p);
  return ok(
    page.map((p) => simpleShape(ctx, repo, p)),
    200,
    headers,
  );
};

const get: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(await fullShape(ctx, repo, pullOr404(repo, req.params.pull_number)));
};

const create: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const b = req.body;
  const head = parseHead(repo, String(b.head));
  const baseRef = String(b.base);
  return repo.git.exclusive(async () => {
    if (head.owner.toLowerCase() !== repo.owner.login.toLowerCase())
      throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    const headSha = await repo.git.refSha(`refs/heads/${head.ref}`);
    const baseSha = await repo.git.refSha(`refs/heads/${baseRef}`);
    if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (!headSha) throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    const existing = repo.issues.find((i) => i.pull && i.state === 'open' && i.pull.headRef === head.ref && i.pull.baseRef === baseRef);
    if (existing) {
      throw validationFailed([
        { resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner.login}:${head.ref}.` },
      ]);
    }
    const mergeBase = await repo.git.mergeBase(baseSha, headSha);
    if (!mergeBase || (await repo.git.commitsBetween(mergeBase, headSha)).length === 0) {
      throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${baseRef} and ${head.ref}` }]);
    }
    let issue: IssueRecord;
    if (typeof b.issue === 'number') {
      issue = issueOr404(repo, String(b.issue));
      if (issue.pull) throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: 'Issue is already a pull request' }]);
    } else {
      if (typeof b.title !== 'string' || !b.title) throw validationFailed([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
      issue = createIssueRecord(ctx, repo, { title: b.title, body: b.body ?? null, user: req.user });
    }
    issue.pull = {
      headRef: head.ref,
      headOwner: repo.owner.login,
      baseRef,
      draft: b.draft === true,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      headSha,
      baseSha,
      maintainerCanModify: b.maintainer_can_modify !== false,
    };
    return ok(await fullShape(ctx, repo, issue as Pull), 201, { location: `${repoApi(ctx, repo)}/pulls/${issue.number}` });
  });
};

const update: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  const b = req.body ?? {};
  if (typeof b.title === 'string') p.title = b.title;
  if (b.body !== undefined) p.body = b.body;
  if (typeof b.base === 'string') {
    if (!(await repo.git.refSha(`refs/heads/${b.base}`))) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    p.pull.baseRef = b.base;
  }
  if (typeof b.maintainer_can_modify === 'boolean') p.pull.maintainerCanModify = b.maintainer_can_modify;
  if (b.state === 'open' || b.state === 'closed') {
    if (p.pull.merged && b.state === 'open')
      throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: 'Cannot reopen a merged pull request' }]);
    setIssueState(p, b.state, req.user);
  }
  p.updatedAt = timestamp();
  return ok(await fullShape(ctx, repo, p));
};

const merge: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  const b = req.body ?? {};
  const { reply, update } = await repo.git.exclusive(async () => {
    await refresh(repo, p);
    if (p.pull.merged || p.state === 'closed') throw new ApiError(405, 'Pull Request is not mergeable');
    if (p.pull.draft) throw new ApiError(405, 'Pull Request is still a draft');
    if (b.sha && b.sha !== p.pull.headSha) throw new ApiError(409, 'Head branch was modified. Review and try the merge again.');
    const out = (await repo.git.run(['merge-tree', '--write-tree', p.pull.baseSha, p.pull.headSha], { allowFail: true })).toString().trim();
    if (!/^[0-9a-f]{40}$/.test(out)) throw new ApiError(405, 'Pull Request is not mergeable');
    const method = b.merge_method ?? 'merge';
    const title =
      b.commit_title ??
      (method === 'squash' ? `${p.title} (#${p.number})` : `Merge pull request #${p.number} from ${repo.owner.login}/${p.pull.headRef}`);
    const message = b.commit_message ? `${title}\n\n${b.commit_message}` : title;
    const parents = method === 'merge' ? [p.pull.baseSha, p.pull.headSha] : [p.pull.baseSha];
    const sha = await repo.git.commitTree(out, parents, message, identityOf(req.user), WEB_FLOW);
    if (!(await repo.git.updateRef(`refs/heads/${p.pull.baseRef}`, sha, p.pull.baseSha)))
      throw new ApiError(409, 'Base branch was modified. Review and try the merge again.');
    p.pull.merged = true;
    p.pull.mergedAt = timestamp();
    p.pull.mergedBy = req.user;
    p.pull.mergeCommitSha = sha;
    setIssueState(p, 'closed', req.user);
    const update = { ref: `refs/heads/${p.pull.baseRef}`, before: p.pull.baseSha, after: sha };
    return { reply: ok({ sha, merged: true, message: 'Pull Request successfully merged' }), update };
  });
  await ctx.pushed?.(repo, update, req.user);
  return reply;
};

const listFiles: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  await refresh(repo, p);
  const base = (await repo.git.mergeBase(p.pull.baseSha, p.pull.headSha)) ?? p.pull.baseSha;
  const files = await filesShape(ctx, repo, base, p.pull.headSha, p.pull.headSha);
  for (const f of files) if (f.status !== 'removed') f.sha = (await repo.git.entryAt(p.pull.headSha, f.filename))?.sha ?? null;
  const { page, headers } = paginate(req, files);
  return ok(page, 200, headers);
};

const listCommits: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  await refresh(repo, p);
  const base = (await repo.git.mergeBase(p.pull.baseSha, p.pull.headSha)) ?? p.pull.baseSha;
  const { page, headers } = paginate(req, await repo.git.commitsBetween(base, p.pull.headSha));
  const items = [];
  for (const s of page) items.push(repoCommitShape(ctx, repo, await commitOr404(repo, s)));
  return ok(items, 200, headers);
};

// ---- reviews

function reviewShape(ctx: EmulatorContext, repo: RepoRecord, r: ReviewRecord) {
  const html = `${repoHtml(ctx, repo)}/pull/${r.pullNumber}#pullrequestreview-${r.id}`;
  const pr = `${repoApi(ctx, repo)}/pulls/${r.pullNumber}`;
  return {
    id: r.id,
    node_id: nodeId('PullRequestReview', r.id),
    user: userShape(ctx, r.user),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: pr,
    author_association: authorAssociation(repo, r.user),
    _links: { html: { href: html }, pull_request: { href: pr } },
    ...(r.submittedAt ? { submitted_at: r.submittedAt } : {}),
    commit_id: r.commitId,
  };
}

interface Hunk {
  header: string;
  lines: string[];
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
}

function parseHunks(patch: string | undefined): Hunk[] {
  const hunks: Hunk[] = [];
  for (const line of (patch ?? '').split('\n')) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (m)
      hunks.push({
        header: line,
        lines: [],
        oldStart: +m[1]!,
        oldCount: m[2] === undefined ? 1 : +m[2],
        newStart: +m[3]!,
        newCount: m[4] === undefined ? 1 : +m[4],
      });
    else hunks.at(-1)?.lines.push(line);
  }
  return hunks;
}

/**
 * GitHub only accepts review comments on lines inside the pull request's diff, and a multi-line comment's
 * start_line must come before its line in the same hunk. Returns the diff hunk up to that line.
 */
async function locateComment(
  repo: RepoRecord,
  p: Pull,
  c: { path: string; line?: number; side?: string; position?: number; start_line?: number },
): Promise<{ diffHunk: string; line: number | null; position: number | null }> {
  const where = await locateLine(repo, p, c);
  if (typeof c.start_line === 'number' && typeof c.position !== 'number') {
    if (c.start_line >= (c.line ?? 0)) throw new ApiError(422, 'Unprocessable Entity', { errors: ['start_line must precede the end line.'] });
    const start = await locateLine(repo, p, { ...c, line: c.start_line }).catch(() => null);
    // The start's hunk text is a prefix of the end's when both lie in the same hunk.
    const startHeader = start?.diffHunk.split('\n')[0];
    if (!start || startHeader !== where.diffHunk.split('\n')[0])
      throw new ApiError(422, 'Unprocessable Entity', { errors: ['Start line could not be resolved in the same hunk'] });
  }
  return where;
}

async function locateLine(
  repo: RepoRecord,
  p: Pull,
  c: { path: string; line?: number; side?: string; position?: number },
): Promise<{ diffHunk: string; line: number | null; position: number | null }> {
  const base = (await repo.git.mergeBase(p.pull.baseSha, p.pull.headSha)) ?? p.pull.baseSha;
  const file = (await repo.git.diffFiles(base, p.pull.headSha)).find((f) => f.filename === c.path);
  if (!file) throw new ApiError(422, 'Unprocessable Entity', { errors: ['Path could not be resolved'] });
  const hunks = parseHunks(file.patch);
  if (typeof c.position === 'number') {
    // position: lines below the first hunk header, counting later headers too
    let pos = 0;
    for (const h of hunks) {
      if (pos > 0) pos++;
      if (c.position <= pos + h.lines.length)
        return { diffHunk: [h.header, ...h.lines.slice(0, c.position - pos)].join('\n'), line: null, position: c.position };
      pos += h.lines.length;
    }
    throw new ApiError(422, 'Unprocessable Entity', { errors: ['Position could not be resolved'] });
  }
  const left = c.side === 'LEFT';
  let position = 0;
  for (const h of hunks) {
    let oldNo = h.oldStart;
    let newNo = h.newStart;
    if (position > 0) position++;
    for (let i = 0; i < h.lines.length; i++) {
      const l = h.lines[i]!;
      const kind = l[0];
      position++;
      const hit = left ? kind !== '+' && oldNo === c.line : kind !== '-' && newNo === c.line;
      if (hit) return { diffHunk: [h.header, ...h.lines.slice(0, i + 1)].join('\n'), line: c.line ?? null, position };
      if (kind !== '+') oldNo++;
      if (kind !== '-') newNo++;
    }
  }
  throw new ApiError(422, 'Unprocessable Entity', { errors: ['Line could not be resolved'] });
}

function reviewCommentShape(ctx: EmulatorContext, repo: RepoRecord, c: ReviewCommentRecord & { diffHunk?: string }) {
  const url = `${repoApi(ctx, repo)}/pulls/comments/${c.id}`;
  const html = `${repoHtml(ctx, repo)}/pull/${c.pullNumber}#discussion_r${c.id}`;
  const pr = `${repoApi(ctx, repo)}/pulls/${c.pullNumber}`;
  return {
    url,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: nodeId('PullRequestReviewComment', c.id),
    diff_hunk: c.diffHunk ?? '',
    path: c.path,
    position: c.position,
    original_position: c.position,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    ...(c.inReplyTo ? { in_reply_to_id: c.inReplyTo } : {}),
    user: userShape(ctx, c.user),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: html,
    pull_request_url: pr,
    author_association: authorAssociation(repo, c.user),
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pr } },
    start_line: c.startLine,
    original_start_line: c.startLine,
    start_side: c.startLine ? c.side : null,
    line: c.line,
    original_line: c.line,
    side: c.side,
    subject_type: 'line',
    reactions: reactionsShape(`${url}/reactions`),
  };
}

type CommentInput = { path: string; body: string; line?: number; side?: string; start_line?: number; position?: number; in_reply_to?: number };

async function addReviewComment(
  ctx: EmulatorContext,
  repo: RepoRecord,
  p: Pull,
  req: ApiRequest,
  c: CommentInput,
  reviewId: number | null,
  commitId: string,
) {
  const where = c.in_reply_to ? undefined : await locateComment(repo, p, c);
  const parent = c.in_reply_to ? repo.reviewComments.find((r) => r.id === c.in_reply_to && r.pullNumber === p.number) : undefined;
  if (c.in_reply_to && !parent) throw notFound();
  const now = timestamp();
  const record: ReviewCommentRecord & { diffHunk?: string } = {
    id: ctx.state.newId(),
    pullNumber: p.number,
    reviewId,
    user: req.user,
    body: c.body,
    path: parent?.path ?? c.path,
    line: parent?.line ?? where?.line ?? null,
    side: (parent?.side ?? (c.side === 'LEFT' ? 'LEFT' : 'RIGHT')) as 'LEFT' | 'RIGHT',
    startLine: c.start_line ?? null,
    position: parent?.position ?? where?.position ?? null,
    commitId,
    inReplyTo: parent?.id ?? null,
    createdAt: now,
    updatedAt: now,
    diffHunk: (parent as { diffHunk?: string } | undefined)?.diffHunk ?? where?.diffHunk,
  };
  repo.reviewComments.push(record);
  return record;
}

const createReview: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  await refresh(repo, p);
  const b = req.body ?? {};
  const event: string | undefined = b.event;
  const own = p.user.id === req.user.id;
  if (own && event === 'APPROVE') throw new ApiError(422, 'Unprocessable Entity', { errors: ['Review Can not approve your own pull request'] });
  if (own && event === 'REQUEST_CHANGES')
    throw new ApiError(422, 'Unprocessable Entity', { errors: ['Review Can not request changes on your own pull request'] });
  if ((event === 'REQUEST_CHANGES' || event === 'COMMENT') && !b.body && !(b.comments?.length > 0)) {
    throw new ApiError(422, 'Unprocessable Entity', { errors: [`Review body is required for ${event}`] });
  }
  const commitId: string = b.commit_id ?? p.pull.headSha;
  if (!(await repo.git.commit(commitId))) throw new ApiError(422, 'Unprocessable Entity', { errors: ['Commit could not be resolved'] });
  const state: ReviewRecord['state'] =
    event === 'APPROVE' ? 'APPROVED' : event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : event === 'COMMENT' ? 'COMMENTED' : 'PENDING';
  const review: ReviewRecord = {
    id: ctx.state.newId(),
    pullNumber: p.number,
    user: req.user,
    body: b.body ?? '',
    state,
    commitId,
    submittedAt: state === 'PENDING' ? null : timestamp(),
  };
  // Validate every inline comment before storing anything: GitHub rejects the whole review.
  for (const c of (b.comments ?? []) as CommentInput[]) if (!c.in_reply_to) await locateComment(repo, p, c);
  repo.reviews.push(review);
  for (const c of (b.comments ?? []) as CommentInput[]) await addReviewComment(ctx, repo, p, req, c, review.id, commitId);
  return ok(reviewShape(ctx, repo, review));
};

const listReviews: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  const { page, headers } = paginate(
    req,
    repo.reviews.filter((r) => r.pullNumber === p.number && (r.state !== 'PENDING' || r.user.id === req.user.id)),
  );
  return ok(
    page.map((r) => reviewShape(ctx, repo, r)),
    200,
    headers,
  );
};

const getReview: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  const r = repo.reviews.find((x) => x.pullNumber === p.number && x.id === Number(req.params.review_id));
  if (!r) throw notFound();
  return ok(reviewShape(ctx, repo, r));
};

const createReviewComment: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  await refresh(repo, p);
  const c = await addReviewComment(ctx, repo, p, req, req.body as CommentInput, null, String(req.body.commit_id));
  return ok(reviewCommentShape(ctx, repo, c), 201);
};

const listReviewComments: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const p = pullOr404(repo, req.params.pull_number);
  const { page, headers } = paginate(
    req,
    repo.reviewComments.filter((c) => c.pullNumber === p.number),
  );
  return ok(
    page.map((c) => reviewCommentShape(ctx, repo, c)),
    200,
    headers,
  );
};

export const pullHandlers: Record<string, Handler> = {
  'pulls/list': list,
  'pulls/get': get,
  'pulls/create': create,
  'pulls/update': update,
  'pulls/merge': merge,
  'pulls/list-files': listFiles,
  'pulls/list-commits': listCommits,
  'pulls/create-review': createReview,
  'pulls/list-reviews': listReviews,
  'pulls/get-review': getReview,
  'pulls/create-review-comment': createReviewComment,
  'pulls/list-review-comments': listReviewComments,
};
