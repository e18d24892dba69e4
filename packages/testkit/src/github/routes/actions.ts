import { parse as parseYaml } from 'yaml';
import { ApiError, type EmulatorContext, type Handler, notFound, ok } from '../api-types.js';
import { paginate } from '../pagination.js';
import { suiteFor } from './checks.js';
import { minimalRepoShape, nodeId, repoApi, repoHtml, userShape } from '../shapes.js';
import {
  type ArtifactRecord,
  type JobRecord,
  type RepoRecord,
  type UserRecord,
  type WorkflowRecord,
  type WorkflowRunRecord,
  timestamp,
} from '../state.js';

/** GitHub Actions: workflows (from `.github/workflows/` in the repository), runs, jobs, logs, artifacts, dispatch. */

async function workflowFiles(repo: RepoRecord, ref: string): Promise<Array<{ path: string; content: string }>> {
  const sha = await repo.git.resolveCommit(ref);
  if (!sha) return [];
  const dir = await repo.git.entryAt(sha, '.github/workflows');
  if (!dir || dir.type !== 'tree') return [];
  const out = [];
  for (const e of await repo.git.tree(`${sha}:.github/workflows`)) {
    if (e.type !== 'blob' || !/\.ya?ml$/.test(e.path)) continue;
    out.push({ path: `.github/workflows/${e.path}`, content: ((await repo.git.blob(e.sha)) ?? Buffer.alloc(0)).toString('utf8') });
  }
  return out;
}

function workflowName(path: string, content: string): string {
  try {
    const doc = parseYaml(content) as { name?: unknown } | null;
    if (doc && typeof doc.name === 'string') return doc.name;
  } catch {
    // an unparsable workflow keeps its path as name, like GitHub
  }
  return path;
}

/** Registers workflows found on the default branch (ids stay stable per path). */
export async function syncWorkflows(ctx: EmulatorContext, repo: RepoRecord): Promise<WorkflowRecord[]> {
  for (const f of await workflowFiles(repo, repo.defaultBranch)) {
    const existing = repo.workflows.find((w) => w.path === f.path);
    if (existing) existing.name = workflowName(f.path, f.content);
    else repo.workflows.push({ id: ctx.state.newId(), path: f.path, name: workflowName(f.path, f.content), state: 'active', createdAt: timestamp() });
  }
  return repo.workflows;
}

export function workflowByIdOrFile(repo: RepoRecord, idOrFile: string): WorkflowRecord | undefined {
  return repo.workflows.find((w) => String(w.id) === idOrFile || w.path === idOrFile || w.path.split('/').pop() === idOrFile);
}

function workflowShape(ctx: EmulatorContext, repo: RepoRecord, w: WorkflowRecord) {
  return {
    id: w.id,
    node_id: nodeId('Workflow', w.id),
    name: w.name,
    path: w.path,
    state: w.state,
    created_at: w.createdAt,
    updated_at: w.createdAt,
    url: `${repoApi(ctx, repo)}/actions/workflows/${w.id}`,
    html_url: `${repoHtml(ctx, repo)}/blob/${repo.defaultBranch}/${w.path}`,
    badge_url: `${repoHtml(ctx, repo)}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

/** The run's head repository: a fork for a fork PR's run (as its own record, shaped with fork: true), else the repository. */
function headRepoOf(ctx: EmulatorContext, repo: RepoRecord, r: Pick<WorkflowRunRecord, 'headRepository'>): RepoRecord {
  if (!r.headRepository) return repo;
  const [owner = '', name = ''] = r.headRepository.split('/');
  const head = ctx.state.repo(owner, name);
  if (!head) throw new Error(`head repository ${r.headRepository} of a workflow run is not in the emulator`);
  return head;
}

function headRepoShape(ctx: EmulatorContext, repo: RepoRecord, r: WorkflowRunRecord) {
  const head = headRepoOf(ctx, repo, r);
  return head === repo ? minimalRepoShape(ctx, repo) : { ...minimalRepoShape(ctx, head), fork: true };
}

async function runShape(ctx: EmulatorContext, repo: RepoRecord, r: WorkflowRunRecord) {
  const w = repo.workflows.find((x) => x.id === r.workflowId);
  const url = `${repoApi(ctx, repo)}/actions/runs/${r.id}`;
  const info = await headRepoOf(ctx, repo, r).git.commit(r.headSha);
  return {
    id: r.id,
    name: w?.name ?? null,
    node_id: nodeId('WorkflowRun', r.id),
    check_suite_id: r.id + 1,
    check_suite_node_id: nodeId('CheckSuite', r.id + 1),
    head_branch: r.headBranch,
    head_sha: r.headSha,
    path: w?.path ?? '',
    display_title: r.displayTitle,
    run_number: r.runNumber,
    event: r.event,
    status: r.status,
    conclusion: r.conclusion,
    workflow_id: r.workflowId,
    url,
    html_url: `${repoHtml(ctx, repo)}/actions/runs/${r.id}`,
    pull_requests: [],
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    actor: userShape(ctx, r.actor),
    triggering_actor: userShape(ctx, r.actor),
    run_attempt: r.runAttempt,
    referenced_workflows: [],
    run_started_at: r.createdAt,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    check_suite_url: `${repoApi(ctx, repo)}/check-suites/${r.id + 1}`,
    artifacts_url: `${url}/artifacts`,
    cancel_url: `${url}/cancel`,
    rerun_url: `${url}/rerun`,
    previous_attempt_url: null,
    workflow_url: `${repoApi(ctx, repo)}/actions/workflows/${r.workflowId}`,
    head_commit: info
      ? {
          id: info.sha,
          tree_id: info.tree,
          message: info.message.replace(/\n$/, ''),
          timestamp: info.committer.date,
          author: { name: info.author.name, email: info.author.email },
          committer: { name: info.committer.name, email: info.committer.email },
        }
      : null,
    repository: minimalRepoShape(ctx, repo),
    head_repository: headRepoShape(ctx, repo, r),
  };
}

function jobShape(ctx: EmulatorContext, repo: RepoRecord, j: JobRecord) {
  const run = repo.workflowRuns.find((r) => r.id === j.runId);
  const w = run && repo.workflows.find((x) => x.id === run.workflowId);
  return {
    id: j.id,
    run_id: j.runId,
    run_url: `${repoApi(ctx, repo)}/actions/runs/${j.runId}`,
    run_attempt: run?.runAttempt ?? 1,
    node_id: nodeId('CheckRun', j.id),
    head_sha: run?.headSha ?? '',
    url: `${repoApi(ctx, repo)}/actions/jobs/${j.id}`,
    html_url: `${repoHtml(ctx, repo)}/actions/runs/${j.runId}/job/${j.id}`,
    status: j.status,
    conclusion: j.conclusion,
    created_at: j.startedAt,
    started_at: j.startedAt,
    completed_at: j.completedAt,
    name: j.name,
    steps: j.steps.map((s) => ({ ...s, started_at: j.startedAt, completed_at: j.completedAt })),
    check_run_url: `${repoApi(ctx, repo)}/check-runs/${j.id}`,
    labels: ['ubuntu-latest'],
    runner_id: 1,
    runner_name: 'GitHub Actions 1',
    runner_group_id: 1,
    runner_group_name: 'GitHub Actions',
    workflow_name: w?.name ?? null,
    head_branch: run?.headBranch ?? null,
  };
}

/** The `workflow_run` of an artifact (components/schemas/artifact). */
export function runRefShape(ctx: EmulatorContext, repo: RepoRecord, run: WorkflowRunRecord) {
  return {
    id: run.id,
    repository_id: repo.id,
    head_repository_id: headRepoOf(ctx, repo, run).id,
    head_branch: run.headBranch ?? '',
    head_sha: run.headSha,
  };
}

/** runRefShape for a run this emulator recorded, by repository name; undefined for runs it does not know. */
export function knownRunRef(ctx: EmulatorContext, repository: string, runId: number): ReturnType<typeof runRefShape> | undefined {
  const [owner = '', name = ''] = repository.split('/');
  const repo = ctx.state.repo(owner, name);
  const run = repo?.workflowRuns.find((r) => r.id === runId);
  return repo && run ? runRefShape(ctx, repo, run) : undefined;
}

function artifactShape(ctx: EmulatorContext, repo: RepoRecord, a: ArtifactRecord) {
  const run = repo.workflowRuns.find((r) => r.id === a.runId);
  const url = `${repoApi(ctx, repo)}/actions/artifacts/${a.id}`;
  const expires = new Date(Date.parse(a.createdAt) + 90 * 86400_000);
  return {
    id: a.id,
    node_id: nodeId('Artifact', a.id),
    name: a.name,
    size_in_bytes: a.sizeInBytes,
    url,
    archive_download_url: `${url}/zip`,
    expired: a.expired,
    created_at: a.createdAt,
    expires_at: timestamp(expires),
    updated_at: a.createdAt,
    digest: null,
    workflow_run: run ? runRefShape(ctx, repo, run) : null,
  };
}

export interface WorkflowRunSeed {
  /** Workflow file path (`.github/workflows/ci.yml`), file name or name; created when unknown. */
  workflow: string;
  headBranch?: string;
  headSha?: string;
  /** `owner/name` of another repository in the emulator the run's head comes from: a fork PR's run. */
  headRepository?: string;
  event?: string;
  status?: WorkflowRunRecord['status'];
  conclusion?: string | null;
  actor?: UserRecord;
  displayTitle?: string;
  inputs?: Record<string, unknown>;
  jobs?: Array<{
    name: string;
    conclusion?: string | null;
    status?: JobRecord['status'];
    log?: string;
    /** The log is past its retention: downloading it answers 410, as GitHub does. */
    logExpired?: boolean;
    steps?: Array<{ name: string; conclusion?: string | null }>;
    /** The output of the job's check run (with `checkRuns`). */
    output?: { title?: string; summary?: string; annotations?: CheckAnnotationSeed[] };
  }>;
  /** Also record each job's check run, as GitHub does for every Actions job: same id, by the github-actions app. */
  checkRuns?: boolean;
  artifacts?: Array<{ name: string; sizeInBytes?: number }>;
}

export interface CheckAnnotationSeed {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

/** Records a workflow run with its jobs and artifacts (used by dispatch and by tests that play CI). */
export async function recordWorkflowRun(ctx: EmulatorContext, repo: RepoRecord, seed: WorkflowRunSeed): Promise<WorkflowRunRecord> {
  await syncWorkflows(ctx, repo);
  let w = workflowByIdOrFile(repo, seed.workflow) ?? repo.workflows.find((x) => x.name === seed.workflow);
  if (!w) {
    const path = seed.workflow.includes('/') ? seed.workflow : `.github/workflows/${seed.workflow}`;
    w = { id: ctx.state.newId(), path, name: seed.workflow, state: 'active', createdAt: timestamp() };
    repo.workflows.push(w);
  }
  const headBranch = seed.headBranch ?? repo.defaultBranch;
  const headRepo = seed.headRepository ? headRepoOf(ctx, repo, seed) : repo;
  const headSha = seed.headSha ?? (await headRepo.git.resolveCommit(headBranch));
  if (!headSha) throw new Error(`recordWorkflowRun: no commit for ${headBranch} in ${repo.fullName}`);
  const now = timestamp();
  const status = seed.status ?? (seed.conclusion ? 'completed' : 'queued');
  const run: WorkflowRunRecord = {
    id: ctx.state.newId(),
    workflowId: w.id,
    runNumber: repo.workflowRuns.filter((r) => r.workflowId === w.id).length + 1,
    runAttempt: 1,
    event: seed.event ?? 'push',
    status,
    conclusion: seed.conclusion ?? null,
    headBranch,
    headSha,
    ...(seed.headRepository ? { headRepository: headRepo.fullName } : {}),
    displayTitle: seed.displayTitle ?? w.name,
    actor: seed.actor ?? repo.owner,
    inputs: seed.inputs ?? {},
    createdAt: now,
    updatedAt: now,
  };
  repo.workflowRuns.push(run);
  for (const j of seed.jobs ?? []) {
    const jobStatus = j.status ?? (j.conclusion ? 'completed' : status === 'completed' ? 'completed' : 'queued');
    const id = ctx.state.newId();
    repo.jobs.push({
      id,
      runId: run.id,
      name: j.name,
      status: jobStatus,
      conclusion: j.conclusion ?? (jobStatus === 'completed' ? (run.conclusion ?? 'success') : null),
      startedAt: now,
      completedAt: jobStatus === 'completed' ? now : null,
      steps: (j.steps ?? []).map((s, i) => ({ name: s.name, status: jobStatus, conclusion: s.conclusion ?? null, number: i + 1 })),
      log: j.log ?? '',
      ...(j.logExpired ? { logExpired: true } : {}),
    });
    if (seed.checkRuns) {
      const job = repo.jobs.at(-1)!;
      const suite = suiteFor(ctx, repo, headSha, 'github-actions', headBranch);
      repo.checkRuns.push({
        id,
        suiteId: suite.id,
        headSha,
        name: j.name,
        status: job.status,
        conclusion: job.conclusion,
        startedAt: now,
        completedAt: job.completedAt,
        detailsUrl: `${ctx.html}/${repo.fullName}/actions/runs/${run.id}/job/${id}`,
        externalId: null,
        output: { title: j.output?.title ?? null, summary: j.output?.summary ?? null, text: null, annotations: [...(j.output?.annotations ?? [])] },
        appSlug: 'github-actions',
      });
    }
  }
  for (const a of seed.artifacts ?? []) {
    repo.artifacts.push({ id: ctx.state.newId(), runId: run.id, name: a.name, sizeInBytes: a.sizeInBytes ?? 0, createdAt: now, expired: false });
  }
  return run;
}

const listWorkflows: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const all = await syncWorkflows(ctx, repo);
  const { page, headers } = paginate(req, all);
  return ok({ total_count: all.length, workflows: page.map((w) => workflowShape(ctx, repo, w)) }, 200, headers);
};

async function workflowOr404(ctx: EmulatorContext, repo: RepoRecord, idOrFile: string | undefined): Promise<WorkflowRecord> {
  await syncWorkflows(ctx, repo);
  const w = workflowByIdOrFile(repo, idOrFile ?? '');
  if (!w) throw notFound();
  return w;
}

const getWorkflow: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(workflowShape(ctx, repo, await workflowOr404(ctx, repo, req.params.workflow_id)));
};

const dispatch: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const w = await workflowOr404(ctx, repo, req.params.workflow_id);
  const ref = String(req.body.ref).replace(/^refs\/(heads|tags)\//, '');
  const sha = await repo.git.resolveCommit(ref);
  if (!sha) throw new ApiError(422, `No ref found for: ${req.body.ref}`);
  const file = (await workflowFiles(repo, sha)).find((f) => f.path === w.path);
  if (!file) throw notFound();
  let on: unknown;
  try {
    on = (parseYaml(file.content) as { on?: unknown } | null)?.on;
  } catch {
    throw new ApiError(422, `Invalid workflow file: ${w.path}`);
  }
  const triggers =
    typeof on === 'string'
      ? { [on]: null }
      : Array.isArray(on)
        ? Object.fromEntries(on.map((t) => [t, null]))
        : ((on ?? {}) as Record<string, unknown>);
  if (!('workflow_dispatch' in triggers)) throw new ApiError(422, "Workflow does not have 'workflow_dispatch' trigger");
  const declared = ((triggers.workflow_dispatch as { inputs?: Record<string, { required?: boolean; default?: unknown }> } | null)?.inputs ??
    {}) as Record<string, { required?: boolean; default?: unknown }>;
  const given = (req.body.inputs ?? {}) as Record<string, unknown>;
  const unexpected = Object.keys(given).filter((k) => !(k in declared));
  if (unexpected.length) throw new ApiError(422, `Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  for (const [name, spec] of Object.entries(declared)) {
    if (spec?.required && given[name] === undefined && spec.default === undefined) throw new ApiError(422, `Required input '${name}' not provided`);
  }
  const run = await recordWorkflowRun(ctx, repo, {
    workflow: w.path,
    headBranch: ref,
    headSha: sha,
    event: 'workflow_dispatch',
    actor: req.user,
    inputs: given,
  });
  if (req.body.return_run_details === true) {
    return ok({
      workflow_run_id: run.id,
      run_url: `${repoApi(ctx, repo)}/actions/runs/${run.id}`,
      html_url: `${repoHtml(ctx, repo)}/actions/runs/${run.id}`,
    });
  }
  return { status: 204 };
};

async function listRuns(req: Parameters<Handler>[0], ctx: EmulatorContext, repo: RepoRecord, workflowId?: number) {
  const q = req.query;
  const runs = repo.workflowRuns
    .filter(
      (r) =>
        (workflowId === undefined || r.workflowId === workflowId) &&
        (!q.branch || r.headBranch === q.branch) &&
        (!q.event || r.event === q.event) &&
        (!q.head_sha || r.headSha === q.head_sha) &&
        (!q.actor || r.actor.login === q.actor) &&
        (!q.status || r.status === q.status || r.conclusion === q.status),
    )
    .sort((a, b) => b.id - a.id);
  const { page, headers } = paginate(req, runs);
  const shaped = [];
  for (const r of page) shaped.push(await runShape(ctx, repo, r));
  return ok({ total_count: runs.length, workflow_runs: shaped }, 200, headers);
}

const listWorkflowRuns: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return listRuns(req, ctx, repo, (await workflowOr404(ctx, repo, req.params.workflow_id)).id);
};

const listRepoRuns: Handler = async (req, ctx) => listRuns(req, ctx, ctx.repo(req));

function runOr404(repo: RepoRecord, raw: string | undefined): WorkflowRunRecord {
  const r = repo.workflowRuns.find((x) => x.id === Number(raw));
  if (!r) throw notFound();
  return r;
}

const getRun: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(await runShape(ctx, repo, runOr404(repo, req.params.run_id)));
};

const listJobs: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const run = runOr404(repo, req.params.run_id);
  const jobs = repo.jobs.filter((j) => j.runId === run.id);
  const { page, headers } = paginate(req, jobs);
  return ok({ total_count: jobs.length, jobs: page.map((j) => jobShape(ctx, repo, j)) }, 200, headers);
};

function jobOr404(repo: RepoRecord, raw: string | undefined): JobRecord {
  const j = repo.jobs.find((x) => x.id === Number(raw));
  if (!j) throw notFound();
  return j;
}

const getJob: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return ok(jobShape(ctx, repo, jobOr404(repo, req.params.job_id)));
};

/** Like GitHub: a 302 to a short-lived URL outside the API that serves the plain-text log. */
const downloadJobLogs: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  const job = jobOr404(repo, req.params.job_id);
  if (job.logExpired) throw new ApiError(410, 'Gone');
  return { status: 302, headers: { location: `${ctx.api}/_emulator/logs/${repo.fullName}/jobs/${job.id}` } };
};

async function listArtifacts(req: Parameters<Handler>[0], ctx: EmulatorContext, repo: RepoRecord, runId?: number) {
  const name = typeof req.query.name === 'string' ? req.query.name : undefined;
  const items = repo.artifacts.filter((a) => (runId === undefined || a.runId === runId) && (!name || a.name === name)).sort((a, b) => b.id - a.id);
  const { page, headers } = paginate(req, items);
  return ok({ total_count: items.length, artifacts: page.map((a) => artifactShape(ctx, repo, a)) }, 200, headers);
}

const listRunArtifacts: Handler = async (req, ctx) => {
  const repo = ctx.repo(req);
  return listArtifacts(req, ctx, repo, runOr404(repo, req.params.run_id).id);
};

const listRepoArtifacts: Handler = async (req, ctx) => listArtifacts(req, ctx, ctx.repo(req));

export const actionHandlers: Record<string, Handler> = {
  'actions/list-repo-workflows': listWorkflows,
  'actions/get-workflow': getWorkflow,
  'actions/create-workflow-dispatch': dispatch,
  'actions/list-workflow-runs': listWorkflowRuns,
  'actions/list-workflow-runs-for-repo': listRepoRuns,
  'actions/get-workflow-run': getRun,
  'actions/list-jobs-for-workflow-run': listJobs,
  'actions/get-job-for-workflow-run': getJob,
  'actions/download-job-logs-for-workflow-run': downloadJobLogs,
  'actions/list-workflow-run-artifacts': listRunArtifacts,
  'actions/list-artifacts-for-repo': listRepoArtifacts,
};
