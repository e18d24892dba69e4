import type { EmulatorContext } from './api-types.js';
import type { CommentRecord, IssueRecord, LabelRecord, RepoRecord, UserRecord } from './state.js';

/** JSON shapes of GitHub's REST resources, built from records. Field sets follow the OpenAPI schemas. */

/** Legacy global node ids: base64 of "<len>:<Type><id>", as GitHub still returns for many objects. */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

export function userShape(ctx: EmulatorContext, u: UserRecord) {
  const api = `${ctx.api}/users/${encodeURIComponent(u.login)}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type === 'Bot' ? 'Bot' : u.type, u.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: u.type === 'Bot' ? `${ctx.html}/apps/${u.login.replace(/\[bot\]$/, '')}` : `${ctx.html}/${u.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function repoApi(ctx: EmulatorContext, repo: RepoRecord): string {
  return `${ctx.api}/repos/${repo.fullName}`;
}

export function repoHtml(ctx: EmulatorContext, repo: RepoRecord): string {
  return `${ctx.html}/${repo.fullName}`;
}

/** The `minimal-repository` fields (used inside pulls, runs, search results). */
export function minimalRepoShape(ctx: EmulatorContext, repo: RepoRecord) {
  const u = repoApi(ctx, repo);
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    owner: userShape(ctx, repo.owner),
    private: repo.private,
    html_url: repoHtml(ctx, repo),
    description: repo.description,
    fork: false,
    url: u,
    archive_url: `${u}/{archive_format}{/ref}`,
    assignees_url: `${u}/assignees{/user}`,
    blobs_url: `${u}/git/blobs{/sha}`,
    branches_url: `${u}/branches{/branch}`,
    collaborators_url: `${u}/collaborators{/collaborator}`,
    comments_url: `${u}/comments{/number}`,
    commits_url: `${u}/commits{/sha}`,
    compare_url: `${u}/compare/{base}...{head}`,
    contents_url: `${u}/contents/{+path}`,
    contributors_url: `${u}/contributors`,
    deployments_url: `${u}/deployments`,
    downloads_url: `${u}/downloads`,
    events_url: `${u}/events`,
    forks_url: `${u}/forks`,
    git_commits_url: `${u}/git/commits{/sha}`,
    git_refs_url: `${u}/git/refs{/sha}`,
    git_tags_url: `${u}/git/tags{/sha}`,
    hooks_url: `${u}/hooks`,
    issue_comment_url: `${u}/issues/comments{/number}`,
    issue_events_url: `${u}/issues/events{/number}`,
    issues_url: `${u}/issues{/number}`,
    keys_url: `${u}/keys{/key_id}`,
    labels_url: `${u}/labels{/name}`,
    languages_url: `${u}/languages`,
    merges_url: `${u}/merges`,
    milestones_url: `${u}/milestones{/number}`,
    notifications_url: `${u}/notifications{?since,all,participating}`,
    pulls_url: `${u}/pulls{/number}`,
    releases_url: `${u}/releases{/id}`,
    stargazers_url: `${u}/stargazers`,
    statuses_url: `${u}/statuses/{sha}`,
    subscribers_url: `${u}/subscribers`,
    subscription_url: `${u}/subscription`,
    tags_url: `${u}/tags`,
    teams_url: `${u}/teams`,
    trees_url: `${u}/git/trees{/sha}`,
  };
}

/** The `repository` / `full-repository` fields, with the caller's permissions. */
export function repoShape(ctx: EmulatorContext, repo: RepoRecord, viewer?: UserRecord) {
  const open = repo.issues.filter((i) => i.state === 'open').length;
  const level = viewer ? permissionOf(repo, viewer) : 'read';
  const rank = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(level);
  return {
    ...minimalRepoShape(ctx, repo),
    clone_url: `file://${repo.git.dir}`,
    git_url: `file://${repo.git.dir}`,
    ssh_url: `file://${repo.git.dir}`,
    svn_url: repoHtml(ctx, repo),
    mirror_url: null,
    homepage: null,
    language: null,
    forks: 0,
    forks_count: 0,
    stargazers_count: 0,
    watchers: 0,
    watchers_count: 0,
    size: 0,
    default_branch: repo.defaultBranch,
    open_issues: open,
    open_issues_count: open,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: repo.createdAt,
    created_at: repo.createdAt,
    updated_at: repo.createdAt,
    permissions: { admin: rank >= 4, maintain: rank >= 3, push: rank >= 2, triage: rank >= 1, pull: true },
    allow_rebase_merge: true,
    allow_squash_merge: true,
    allow_merge_commit: true,
    allow_auto_merge: false,
    delete_branch_on_merge: false,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    network_count: 0,
    subscribers_count: 0,
  };
}

export function permissionOf(repo: RepoRecord, user: UserRecord): 'admin' | 'maintain' | 'write' | 'triage' | 'read' {
  if (user.login.toLowerCase() === repo.owner.login.toLowerCase()) return 'admin';
  return repo.collaborators.get(user.login.toLowerCase()) ?? 'read';
}

export function authorAssociation(repo: RepoRecord, user: UserRecord): string {
  if (user.login.toLowerCase() === repo.owner.login.toLowerCase()) return 'OWNER';
  if (repo.collaborators.has(user.login.toLowerCase())) return 'COLLABORATOR';
  return 'NONE';
}

export function labelShape(ctx: EmulatorContext, repo: RepoRecord, l: LabelRecord) {
  return {
    id: l.id,
    node_id: nodeId('Label', l.id),
    url: `${repoApi(ctx, repo)}/labels/${encodeURIComponent(l.name)}`,
    name: l.name,
    color: l.color,
    default: l.default,
    description: l.description,
  };
}

export function reactionsShape(url: string) {
  return { url, total_count: 0, '+1': 0, '-1': 0, laugh: 0, hooray: 0, confused: 0, heart: 0, rocket: 0, eyes: 0 };
}

export function issueShape(ctx: EmulatorContext, repo: RepoRecord, i: IssueRecord) {
  const u = `${repoApi(ctx, repo)}/issues/${i.number}`;
  const html = `${repoHtml(ctx, repo)}/${i.pull ? 'pull' : 'issues'}/${i.number}`;
  const comments = repo.comments.filter((c) => c.issueNumber === i.number).length;
  return {
    url: u,
    repository_url: repoApi(ctx, repo),
    labels_url: `${u}/labels{/name}`,
    comments_url: `${u}/comments`,
    events_url: `${u}/events`,
    html_url: html,
    id: i.id,
    node_id: nodeId(i.pull ? 'PullRequest' : 'Issue', i.id),
    number: i.number,
    title: i.title,
    user: userShape(ctx, i.user),
    labels: i.labels.map((l) => labelShape(ctx, repo, l)),
    state: i.state,
    locked: i.locked,
    assignee: i.assignees[0] ? userShape(ctx, i.assignees[0]) : null,
    assignees: i.assignees.map((a) => userShape(ctx, a)),
    milestone: null,
    comments,
    created_at: i.createdAt,
    updated_at: i.updatedAt,
    closed_at: i.closedAt,
    closed_by: i.closedBy ? userShape(ctx, i.closedBy) : null,
    author_association: authorAssociation(repo, i.user),
    active_lock_reason: null,
    body: i.body,
    reactions: reactionsShape(`${u}/reactions`),
    timeline_url: `${u}/timeline`,
    performed_via_github_app: null,
    state_reason: i.stateReason,
    ...(i.pull
      ? {
          draft: i.pull.draft,
          pull_request: {
            url: `${repoApi(ctx, repo)}/pulls/${i.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: i.pull.mergedAt,
          },
        }
      : {}),
  };
}

export function commentShape(ctx: EmulatorContext, repo: RepoRecord, c: CommentRecord) {
  const issue = repo.issues.find((i) => i.number === c.issueNumber);
  const url = `${repoApi(ctx, repo)}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url,
    html_url: `${repoHtml(ctx, repo)}/${issue?.pull ? 'pull' : 'issues'}/${c.issueNumber}#issuecomment-${c.id}`,
    body: c.body,
    user: userShape(ctx, c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${repoApi(ctx, repo)}/issues/${c.issueNumber}`,
    author_association: authorAssociation(repo, c.user),
    performed_via_github_app: null,
    reactions: reactionsShape(`${url}/reactions`),
  };
}
