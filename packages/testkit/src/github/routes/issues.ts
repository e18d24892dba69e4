import { ApiError, type ApiRequest, type EmulatorContext, type Handler, notFound, noContent, ok, validationFailed } from '../api-types.js';
import { paginate, sortBy } from '../pagination.js';
import { commentShape, issueShape, labelShape, permissionOf } from '../shapes.js';
import { type IssueRecord, type LabelRecord, type RepoRecord, type UserRecord, timestamp } from '../state.js';
import { listEvents, recordLabelChanges, recordRename } from './issue-events.js';

/** Issues, issue comments and labels. */

export function issueOr404(repo: RepoRecord, raw: string | undefined): IssueRecord {
  const issue = repo.issues.find((i) => i.number === Number(raw));
  if (!issue) throw notFound();
  return issue;
}

export function findLabel(repo: RepoRecord, name: string): LabelRecord | undefined {
  return repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
}

/** Labels named on an issue that do not exist yet are created, as GitHub does for users with push access. */
export function ensureLabel(ctx: EmulatorContext, repo: RepoRecord, name: string): LabelRecord {
  const existing = findLabel(repo, name);
  if (existing) return existing;
  const label: LabelRecord = { id: ctx.state.newId(), name, color: 'ededed', description: null, default: false };
  repo.labels.push(label);
  return label;
}

function labelNames(input: unknown): string[] {
  const list = Array.isArray(input) ? input : input && typeof input === 'object' && 'labels' in input ? (input as { labels: unknown }).labels : [];
  return (Array.isArray(list) ? list : []).map((l) => (typeof l === 'string' ? l : String((l as { name?: unknown }).name ?? ''))).filter(Boolean);
}

function assigneesFrom(ctx: EmulatorContext, body: { assignee?: string | null; assignees?: string[] }): UserRecord[] | undefined {
  if (Array.isArray(body.assignees)) return body.assignees.map((a) => ctx.state.user(a));
  if (typeof body.assignee === 'string') return [ctx.state.user(body.assignee)];
  if (body.assignee === null) return [];
  return undefined;
}

/** Creates an issue (used by the API and by the emulator's seed helper). */
export function createIssueRecord(
  ctx: EmulatorContext,
  repo: RepoRecord,
  input: { title: string; body?: string | null; labels?: string[]; assignees?: UserRecord[]; user: UserRecord },
): IssueRecord {
  const now = ctx.state.now();
  const issue: IssueRecord = {
    id: ctx.state.newId(),
    number: repo.nextNumber++,
    title: input.title,
    body: input.body ?? null,
    user: input.user,
    state: 'open',
    stateReason: null,
    labels: (input.labels ?? []).map((n) => ensureLabel(ctx, repo, n)),
    assignees: input.assignees ?? [],
    locked: false,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    closedBy: null,
  };
  repo.issues.push(issue);
  // GitHub records a labeled event for each label given at creation.
  recordLabelChanges(ctx, repo, issue, [], input.user);
  return issue;
}

export function setIssueState(issue: IssueRecord, state: 'open' | 'closed', by: UserRecord, reason?: string | null, now = timestamp()): void {
  if (issue.state === state) return;
  issue.state = state;
  issue.closedAt = state === 'closed' ? now : null;
  issue.closedBy = state === 'closed' ? by : issue.closedBy;
  issue.stateReason = state === 'closed' ? (reason ?? 'completed') : 'reopened';
}

function touch(ctx: EmulatorContext, issue: IssueRecord): void {
  issue.updatedAt = ctx.state.now();
}

const listForRepo: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const state = String(req.query.state ?? 'open');
  const wanted =
    typeof req.query.labels === 'string' && req.query.labels
      ? String(req.query.labels)
          .split(',')
          .map((s) => s.trim().toLowerCase())
      : [];
  const since = typeof req.query.since === 'string' ? req.query.since : undefined;
  const creator = typeof req.query.creator === 'string' ? req.query.creator.toLowerCase() : undefined;
  const assignee = typeof req.query.assignee === 'string' ? req.query.assignee.toLowerCase() : undefined;
  let items = repo.issues.filter(
    (i) =>
      (state === 'all' || i.state === state) &&
      wanted.every((w) => i.labels.some((l) => l.name.toLowerCase() === w)) &&
      (!since || i.updatedAt >= since) &&
      (!creator || i.user.login.toLowerCase() === creator) &&
      (!assignee ||
        (assignee === 'none'
          ? i.assignees.length === 0
          : assignee === '*'
            ? i.assignees.length > 0
            : i.assignees.some((a) => a.login.toLowerCase() === assignee))),
  );
  const sort = String(req.query.sort ?? 'created');
  const direction = req.query.direction === 'asc' ? 'asc' : 'desc';
  const countComments = (i: IssueRecord) => repo.comments.filter((c) => c.issueNumber === i.number).length;
  items = sortBy(
    items,
    (i) => (sort === 'updated' ? i.updatedAt : sort === 'comments' ? countComments(i) : i.createdAt),
    direction,
    (i) => i.id,
  );
  const { page, headers } = paginate(req, items);
  return ok(
    page.map((i) => issueShape(ctx, repo, i)),
    200,
    headers,
  );
};

const get: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(issueShape(ctx, repo, issueOr404(repo, req.params.issue_number)));
};

const create: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = createIssueRecord(ctx, repo, {
    title: String(req.body.title),
    body: req.body.body ?? null,
    labels: labelNames(req.body.labels ?? []),
    assignees: assigneesFrom(ctx, req.body),
    user: req.user,
  });
  return ok(issueShape(ctx, repo, issue), 201, { location: `${ctx.api}/repos/${repo.fullName}/issues/${issue.number}` });
};

const update: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = issueOr404(repo, req.params.issue_number);
  const b = req.body ?? {};
  const { title, labels } = issue;
  if (b.title !== undefined && b.title !== null) issue.title = String(b.title);
  if (b.body !== undefined && b.body !== issue.body) {
    issue.body = b.body;
    issue.lastEditedAt = ctx.state.now();
  }
  if (b.labels !== undefined) issue.labels = labelNames(b.labels).map((n) => ensureLabel(ctx, repo, n));
  recordRename(ctx, repo, issue, title, req.user);
  recordLabelChanges(ctx, repo, issue, labels, req.user);
  const assignees = assigneesFrom(ctx, b);
  if (assignees) issue.assignees = assignees;
  if (b.state === 'open' || b.state === 'closed') setIssueState(issue, b.state, req.user, b.state_reason, ctx.state.now());
  touch(ctx, issue);
  return ok(issueShape(ctx, repo, issue));
};

// ---- comments

function commentOr404(repo: RepoRecord, raw: string | undefined) {
  const c = repo.comments.find((x) => x.id === Number(raw));
  if (!c) throw notFound();
  return c;
}

function listCommentsOf(req: ApiRequest, ctx: EmulatorContext, repo: RepoRecord, filter: (n: number) => boolean) {
  const since = typeof req.query.since === 'string' ? req.query.since : undefined;
  const items = repo.comments.filter((c) => filter(c.issueNumber) && (!since || c.updatedAt >= since)).sort((a, b) => a.id - b.id);
  const { page, headers } = paginate(req, items);
  return ok(
    page.map((c) => commentShape(ctx, repo, c)),
    200,
    headers,
  );
}

const listComments: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = issueOr404(repo, req.params.issue_number);
  return listCommentsOf(req, ctx, repo, (n) => n === issue.number);
};

const listCommentsForRepo: Handler = async (req, ctx) => listCommentsOf(req, ctx, ctx.repo(req), () => true);

const getComment: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(commentShape(ctx, repo, commentOr404(repo, req.params.comment_id)));
};

const createComment: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = issueOr404(repo, req.params.issue_number);
  if (issue.locked && permissionOf(repo, req.user) === 'read') throw new ApiError(403, 'Unable to create comment because issue is locked.');
  const now = ctx.state.now();
  const comment = { id: ctx.state.newId(), issueNumber: issue.number, body: String(req.body.body), user: req.user, createdAt: now, updatedAt: now };
  repo.comments.push(comment);
  touch(ctx, issue);
  return ok(commentShape(ctx, repo, comment), 201, { location: `${ctx.api}/repos/${repo.fullName}/issues/comments/${comment.id}` });
};

const updateComment: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const comment = commentOr404(repo, req.params.comment_id);
  comment.body = String(req.body.body);
  comment.updatedAt = ctx.state.now();
  return ok(commentShape(ctx, repo, comment));
};

const deleteComment: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const comment = commentOr404(repo, req.params.comment_id);
  repo.comments.splice(repo.comments.indexOf(comment), 1);
  return noContent();
};

// ---- labels

const listLabelsForRepo: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const { page, headers } = paginate(req, repo.labels);
  return ok(
    page.map((l) => labelShape(ctx, repo, l)),
    200,
    headers,
  );
};

const getLabel: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const label = findLabel(repo, req.params.name ?? '');
  if (!label) throw notFound();
  return ok(labelShape(ctx, repo, label));
};

const createLabel: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const name = String(req.body.name);
  if (findLabel(repo, name)) throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
  const color = String(req.body.color ?? 'ededed').replace(/^#/, '');
  if (!/^[0-9a-fA-F]{6}$/.test(color)) throw validationFailed([{ resource: 'Label', code: 'invalid', field: 'color' }]);
  const label: LabelRecord = { id: ctx.state.newId(), name, color: color.toLowerCase(), description: req.body.description ?? null, default: false };
  repo.labels.push(label);
  return ok(labelShape(ctx, repo, label), 201);
};

const updateLabel: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const label = findLabel(repo, req.params.name ?? '');
  if (!label) throw notFound();
  if (typeof req.body.new_name === 'string') label.name = req.body.new_name;
  if (typeof req.body.color === 'string') label.color = req.body.color.replace(/^#/, '').toLowerCase();
  if (req.body.description !== undefined) label.description = req.body.description;
  return ok(labelShape(ctx, repo, label));
};

const deleteLabel: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const label = findLabel(repo, req.params.name ?? '');
  if (!label) throw notFound();
  repo.labels.splice(repo.labels.indexOf(label), 1);
  for (const i of repo.issues) i.labels = i.labels.filter((l) => l !== label);
  return noContent();
};

const listLabelsOnIssue: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = issueOr404(repo, req.params.issue_number);
  const { page, headers } = paginate(req, issue.labels);
  return ok(
    page.map((l) => labelShape(ctx, repo, l)),
    200,
    headers,
  );
};

const addLabels: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = issueOr404(repo, req.params.issue_number);
  const before = [...issue.labels];
  for (const name of labelNames(req.body)) {
    const label = ensureLabel(ctx, repo, name);
    if (!issue.labels.includes(label)) issue.labels.push(label);
  }
  recordLabelChanges(ctx, repo, issue, before, req.user);
  touch(ctx, issue);
  return ok(issue.labels.map((l) => labelShape(ctx, repo, l)));
};

const setLabels: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = issueOr404(repo, req.params.issue_number);
  const before = issue.labels;
  issue.labels = [...new Set(labelNames(req.body ?? []).map((n) => ensureLabel(ctx, repo, n)))];
  recordLabelChanges(ctx, repo, issue, before, req.user);
  touch(ctx, issue);
  return ok(issue.labels.map((l) => labelShape(ctx, repo, l)));
};

const removeLabel: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = issueOr404(repo, req.params.issue_number);
  const label = issue.labels.find((l) => l.name.toLowerCase() === (req.params.name ?? '').toLowerCase());
  if (!label) throw new ApiError(404, 'Label does not exist');
  issue.labels = issue.labels.filter((l) => l !== label);
  recordLabelChanges(ctx, repo, issue, [...issue.labels, label], req.user);
  touch(ctx, issue);
  return ok(issue.labels.map((l) => labelShape(ctx, repo, l)));
};

const removeAllLabels: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const issue = issueOr404(repo, req.params.issue_number);
  const before = issue.labels;
  issue.labels = [];
  recordLabelChanges(ctx, repo, issue, before, req.user);
  touch(ctx, issue);
  return noContent();
};

export const issueHandlers: Record<string, Handler> = {
  'issues/list-for-repo': listForRepo,
  'issues/get': get,
  'issues/create': create,
  'issues/update': update,
  'issues/list-comments': listComments,
  'issues/list-comments-for-repo': listCommentsForRepo,
  'issues/get-comment': getComment,
  'issues/create-comment': createComment,
  'issues/update-comment': updateComment,
  'issues/delete-comment': deleteComment,
  'issues/list-labels-for-repo': listLabelsForRepo,
  'issues/get-label': getLabel,
  'issues/create-label': createLabel,
  'issues/update-label': updateLabel,
  'issues/delete-label': deleteLabel,
  'issues/list-labels-on-issue': listLabelsOnIssue,
  'issues/add-labels': addLabels,
  'issues/set-labels': setLabels,
  'issues/remove-label': removeLabel,
  'issues/remove-all-labels': removeAllLabels,
  'issues/list-events': listEvents,
};
