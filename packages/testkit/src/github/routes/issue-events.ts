import { type EmulatorContext, type Handler, notFound, ok } from '../api-types.js';
import { paginate } from '../pagination.js';
import { nodeId, repoApi, userShape } from '../shapes.js';
import type { IssueEventRecord, IssueRecord, LabelRecord, RepoRecord, UserRecord } from '../state.js';

/** Issue events (labeled, unlabeled, renamed) with the emulator clock's time, and `GET …/issues/{n}/events`. */

export function issueEventsOf(repo: RepoRecord): IssueEventRecord[] {
  repo.issueEvents ??= [];
  return repo.issueEvents;
}

/** Records `labeled`/`unlabeled` for the difference between two label sets, as GitHub does for every way of changing them. */
export function recordLabelChanges(
  ctx: EmulatorContext,
  repo: RepoRecord,
  issue: IssueRecord,
  before: readonly LabelRecord[],
  actor: UserRecord,
): void {
  const createdAt = ctx.state.now();
  const events = issueEventsOf(repo);
  for (const label of issue.labels.filter((l) => !before.includes(l))) {
    events.push({
      id: ctx.state.newId(),
      issueNumber: issue.number,
      event: 'labeled',
      actor,
      createdAt,
      label: { name: label.name, color: label.color },
    });
  }
  for (const label of before.filter((l) => !issue.labels.includes(l))) {
    events.push({
      id: ctx.state.newId(),
      issueNumber: issue.number,
      event: 'unlabeled',
      actor,
      createdAt,
      label: { name: label.name, color: label.color },
    });
  }
}

export function recordRename(ctx: EmulatorContext, repo: RepoRecord, issue: IssueRecord, from: string, actor: UserRecord): void {
  if (from === issue.title) return;
  issueEventsOf(repo).push({
    id: ctx.state.newId(),
    issueNumber: issue.number,
    event: 'renamed',
    actor,
    createdAt: ctx.state.now(),
    rename: { from, to: issue.title },
  });
}

function eventShape(ctx: EmulatorContext, repo: RepoRecord, e: IssueEventRecord) {
  return {
    id: e.id,
    node_id: nodeId(e.event === 'labeled' ? 'LabeledEvent' : e.event === 'unlabeled' ? 'UnlabeledEvent' : 'RenamedTitleEvent', e.id),
    url: `${repoApi(ctx, repo)}/issues/events/${e.id}`,
    actor: userShape(ctx, e.actor),
    event: e.event,
    commit_id: null,
    commit_url: null,
    created_at: e.createdAt,
    performed_via_github_app: null,
    ...(e.label ? { label: e.label } : {}),
    ...(e.rename ? { rename: e.rename } : {}),
  };
}

export const listEvents: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const number = Number(req.params.issue_number);
  if (!repo.issues.some((i) => i.number === number)) throw notFound();
  const { page, headers } = paginate(
    req,
    issueEventsOf(repo).filter((e) => e.issueNumber === number),
  );
  return ok(
    page.map((e) => eventShape(ctx, repo, e)),
    200,
    headers,
  );
};
