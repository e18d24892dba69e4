import type { BareGitRepo } from './git-repo.js';

/** In-memory records the emulator serves. Tests may read and change them directly: the API reads the same objects. */

export type AccountType = 'User' | 'Bot' | 'Organization';

export interface UserRecord {
  login: string;
  id: number;
  type: AccountType;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface PullInfo {
  headRef: string;
  headOwner: string;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: UserRecord | null;
  mergeCommitSha: string | null;
  /** Last head sha seen, kept when the branch is deleted. */
  headSha: string;
  baseSha: string;
  maintainerCanModify: boolean;
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: UserRecord;
  state: 'open' | 'closed';
  stateReason: string | null;
  labels: LabelRecord[];
  assignees: UserRecord[];
  locked: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: UserRecord | null;
  /** When the body was last edited (GraphQL `lastEditedAt`); null while it is as first written. */
  lastEditedAt?: string | null;
  /** Present when the issue is a pull request. */
  pull?: PullInfo;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: UserRecord;
  createdAt: string;
  updatedAt: string;
}

/** An entry of an issue's timeline as `GET …/issues/{n}/events` lists it (the kinds the emulator records). */
export interface IssueEventRecord {
  id: number;
  issueNumber: number;
  event: 'labeled' | 'unlabeled' | 'renamed';
  actor: UserRecord;
  createdAt: string;
  label?: { name: string; color: string };
  rename?: { from: string; to: string };
}

export interface ReviewRecord {
  id: number;
  pullNumber: number;
  user: UserRecord;
  body: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'PENDING' | 'DISMISSED';
  commitId: string;
  submittedAt: string | null;
}

export interface ReviewCommentRecord {
  id: number;
  pullNumber: number;
  reviewId: number | null;
  user: UserRecord;
  body: string;
  path: string;
  line: number | null;
  side: 'LEFT' | 'RIGHT';
  startLine: number | null;
  position: number | null;
  commitId: string;
  inReplyTo: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface CheckSuiteRecord {
  id: number;
  headSha: string;
  headBranch: string | null;
  appSlug: string;
  createdAt: string;
  updatedAt: string;
}

export interface CheckRunRecord {
  id: number;
  suiteId: number;
  headSha: string;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  startedAt: string | null;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations: unknown[] };
  appSlug: string;
}

export interface StatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  targetUrl: string | null;
  description: string | null;
  context: string;
  creator: UserRecord;
  createdAt: string;
  updatedAt: string;
}

export interface WorkflowRecord {
  id: number;
  path: string;
  name: string;
  state: 'active' | 'disabled_manually';
  createdAt: string;
}

export interface JobRecord {
  id: number;
  runId: number;
  name: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting';
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  steps: Array<{ name: string; status: string; conclusion: string | null; number: number }>;
  /** Plain-text log served by the job-logs download. */
  log: string;
  /** Past retention: the download answers 410. */
  logExpired?: boolean;
}

export interface ArtifactRecord {
  id: number;
  runId: number;
  name: string;
  sizeInBytes: number;
  createdAt: string;
  expired: boolean;
}

export interface WorkflowRunRecord {
  id: number;
  workflowId: number;
  runNumber: number;
  runAttempt: number;
  event: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  headBranch: string | null;
  headSha: string;
  /** `owner/name` of the head repository when it is another one (a fork PR's run); this repository when unset. */
  headRepository?: string;
  displayTitle: string;
  actor: UserRecord;
  inputs: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  originalEnvironment: string;
  description: string | null;
  creator: UserRecord;
  transientEnvironment: boolean;
  productionEnvironment: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DeploymentStatusRecord {
  id: number;
  deploymentId: number;
  state: string;
  description: string;
  environment: string;
  targetUrl: string;
  logUrl: string;
  environmentUrl: string;
  creator: UserRecord;
  createdAt: string;
  updatedAt: string;
}

export interface RepoRecord {
  id: number;
  owner: UserRecord;
  name: string;
  fullName: string;
  defaultBranch: string;
  description: string | null;
  private: boolean;
  createdAt: string;
  git: BareGitRepo;
  /** Permission level per login; tokens' users not listed get `write`, everyone else `read`. */
  collaborators: Map<string, 'admin' | 'maintain' | 'write' | 'triage' | 'read'>;
  labels: LabelRecord[];
  issues: IssueRecord[];
  comments: CommentRecord[];
  /** Issue events, oldest first; absent on records made before events were tracked. */
  issueEvents?: IssueEventRecord[];
  reviews: ReviewRecord[];
  reviewComments: ReviewCommentRecord[];
  checkSuites: CheckSuiteRecord[];
  checkRuns: CheckRunRecord[];
  statuses: StatusRecord[];
  workflows: WorkflowRecord[];
  workflowRuns: WorkflowRunRecord[];
  jobs: JobRecord[];
  artifacts: ArtifactRecord[];
  deployments: DeploymentRecord[];
  deploymentStatuses: DeploymentStatusRecord[];
  /** SARIF logs uploaded to code scanning, decoded. */
  sarifUploads: Array<{ id: string; commitSha: string; ref: string; sarif: unknown }>;
  nextNumber: number;
}

/** Everything the emulator knows. */
export class EmulatorState {
  readonly users = new Map<string, UserRecord>();
  readonly tokens = new Map<string, UserRecord>();
  readonly repos = new Map<string, RepoRecord>();
  private nextId = 1000;

  /** @param clock the emulator's time; tests pass their own to place events without sleeping. */
  constructor(readonly clock: () => Date = () => new Date()) {}

  /** The emulator clock's time, as GitHub writes timestamps. */
  now(): string {
    return timestamp(this.clock());
  }

  newId(): number {
    return this.nextId++;
  }

  /** The account for a login, created on first sight (a Bot when the login ends in `[bot]`). */
  user(login: string, type?: AccountType): UserRecord {
    const key = login.toLowerCase();
    let u = this.users.get(key);
    if (!u) {
      u = { login, id: this.newId(), type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') };
      this.users.set(key, u);
    } else if (type && u.type !== type) {
      u.type = type;
    }
    return u;
  }

  repo(owner: string, name: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  issue(repo: RepoRecord, number: number): IssueRecord | undefined {
    return repo.issues.find((i) => i.number === number);
  }
}

/** GitHub's timestamps: ISO 8601 in UTC without milliseconds. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
