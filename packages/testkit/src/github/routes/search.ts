import { type Handler, ok, validationFailed } from '../api-types.js';
import { paginate, sortBy } from '../pagination.js';
import { issueShape } from '../shapes.js';
import type { IssueRecord, RepoRecord } from '../state.js';

/** Issue search: the qualifiers the library uses (repo:, is:, type:, state:, label:, -label:, no:label, author:, in:) and plain words. */

interface Term {
  key?: string;
  value: string;
  negate: boolean;
}

export function parseQuery(q: string): Term[] {
  const terms: Term[] = [];
  const re = /(-?)(?:([a-z-]+):)?("([^"]*)"|\S+)/gi;
  for (const m of q.matchAll(re)) {
    const value = m[4] ?? m[3]!;
    if (m[2]) terms.push({ key: m[2].toLowerCase(), value, negate: m[1] === '-' });
    else terms.push({ value: m[1] + value, negate: false });
  }
  return terms;
}

function matches(repo: RepoRecord, i: IssueRecord, terms: Term[], words: string[], inFields: string[]): boolean {
  for (const t of terms) {
    let hit: boolean;
    const v = t.value.toLowerCase();
    switch (t.key) {
      case 'repo':
        hit = repo.fullName.toLowerCase() === v;
        break;
      case 'is':
      case 'type':
        hit =
          v === 'issue'
            ? !i.pull
            : v === 'pr' || v === 'pull-request'
              ? !!i.pull
              : v === 'open' || v === 'closed'
                ? i.state === v
                : v === 'merged'
                  ? !!i.pull?.merged
                  : v === 'draft'
                    ? !!i.pull?.draft
                    : true;
        break;
      case 'state':
        hit = i.state === v;
        break;
      case 'label':
        hit = v.split(',').some((name) => i.labels.some((l) => l.name.toLowerCase() === name));
        break;
      case 'no':
        hit = v === 'label' ? i.labels.length === 0 : v === 'assignee' ? i.assignees.length === 0 : true;
        break;
      case 'author':
        hit = i.user.login.toLowerCase() === v;
        break;
      case 'assignee':
        hit = i.assignees.some((a) => a.login.toLowerCase() === v);
        break;
      case 'head':
        hit = i.pull?.headRef === t.value;
        break;
      case 'base':
        hit = i.pull?.baseRef === t.value;
        break;
      default:
        hit = true; // in:, sort: and unknown qualifiers do not filter here
    }
    if (hit === t.negate) return false;
  }
  const haystack = inFields
    .map((f) =>
      f === 'title'
        ? i.title
        : f === 'body'
          ? (i.body ?? '')
          : f === 'comments'
            ? repo.comments
                .filter((c) => c.issueNumber === i.number)
                .map((c) => c.body)
                .join('\n')
            : '',
    )
    .join('\n')
    .toLowerCase();
  return words.every((w) => haystack.includes(w.toLowerCase()));
}

const searchIssues: Handler = async (req, ctx) => {
  const q = String(req.query.q ?? '');
  if (!q.trim()) throw validationFailed([{ resource: 'Search', field: 'q', code: 'missing' }]);
  const terms = parseQuery(q);
  const qualifiers = terms.filter((t) => t.key);
  const words = terms.filter((t) => !t.key).map((t) => t.value);
  const inFields = qualifiers.filter((t) => t.key === 'in').flatMap((t) => t.value.toLowerCase().split(','));
  const fields = inFields.length ? inFields : ['title', 'body'];
  // GitHub requires is:issue or is:pull-request on this endpoint since 2025; it still answers when neither is given.
  const found: Array<{ repo: RepoRecord; issue: IssueRecord }> = [];
  for (const repo of ctx.state.repos.values()) {
    for (const issue of repo.issues)
      if (
        matches(
          repo,
          issue,
          qualifiers.filter((t) => t.key !== 'in'),
          words,
          fields,
        )
      )
        found.push({ repo, issue });
  }
  const sort = String(req.query.sort ?? '');
  const direction = req.query.order === 'asc' ? 'asc' : 'desc';
  const sorted = sort
    ? sortBy(
        found,
        (f) =>
          sort === 'updated'
            ? f.issue.updatedAt
            : sort === 'comments'
              ? f.repo.comments.filter((c) => c.issueNumber === f.issue.number).length
              : f.issue.createdAt,
        direction,
        (f) => f.issue.id,
      )
    : found;
  const { page, headers } = paginate(req, sorted);
  return ok(
    {
      total_count: found.length,
      incomplete_results: false,
      search_type: 'lexical',
      // The documented search item has a string body (issues have null when empty).
      items: page.map((f) => ({ ...issueShape(ctx, f.repo, f.issue), body: f.issue.body ?? '', score: 1 })),
    },
    200,
    headers,
  );
};

export const searchHandlers: Record<string, Handler> = {
  'search/issues-and-pull-requests': searchIssues,
};
