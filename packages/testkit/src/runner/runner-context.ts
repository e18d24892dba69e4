import os from 'node:os';

/** What the caller says about the run; everything else gets GitHub-like defaults. */
export interface RunnerContextOptions {
  eventName: string;
  payload: Record<string, unknown>;
  workspace: string;
  runnerTemp: string;
  toolCache: string;
  actionPath: string;
  repository?: string;
  serverUrl?: string;
  apiUrl?: string;
  token?: string;
}

export interface RunnerContext {
  /** The `GITHUB_*` / `RUNNER_*` variables the runner sets for every step (files added per step). */
  env: Record<string, string>;
  /** The expression contexts (`github`, `runner`, …) input defaults may use. */
  expressions: Record<string, unknown>;
}

let nextRunId = 9000001;

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function runnerOs(): string {
  return ({ linux: 'Linux', darwin: 'macOS', win32: 'Windows' } as Record<string, string>)[process.platform] ?? 'Linux';
}

function runnerArch(): string {
  return ({ x64: 'X64', arm64: 'ARM64', arm: 'ARM', ia32: 'X86' } as Record<string, string>)[os.arch()] ?? 'X64';
}

/** GitHub.com's API lives on another host; GHES and emulators serve it under the server. */
function defaultApiUrl(serverUrl: string): string {
  return serverUrl === 'https://github.com' ? 'https://api.github.com' : `${serverUrl}/api/v3`;
}

function graphqlUrl(apiUrl: string): string {
  return apiUrl.endsWith('/api/v3') ? `${apiUrl.slice(0, -'/v3'.length)}/graphql` : `${apiUrl}/graphql`;
}

/** The ref and commit GitHub reports for an event, read from its payload as the runner's server does. */
function refAndSha(eventName: string, payload: Record<string, unknown>): { ref: string; sha: string; headRef: string; baseRef: string } {
  const repository = record(payload.repository);
  const defaultBranch = text(repository.default_branch) ?? 'main';
  const fallbackSha = '0000000000000000000000000000000000000000';
  if (eventName === 'push' && text(payload.ref)) {
    return { ref: text(payload.ref)!, sha: text(payload.after) ?? fallbackSha, headRef: '', baseRef: '' };
  }
  const pull = record(payload.pull_request);
  if (eventName.startsWith('pull_request') && pull.number !== undefined) {
    const head = record(pull.head);
    const base = record(pull.base);
    const target = eventName === 'pull_request_target';
    return {
      ref: target ? `refs/heads/${text(base.ref) ?? defaultBranch}` : `refs/pull/${text(pull.number)}/merge`,
      sha: (target ? text(base.sha) : (text(pull.merge_commit_sha) ?? text(head.sha))) ?? fallbackSha,
      headRef: text(head.ref) ?? '',
      baseRef: text(base.ref) ?? '',
    };
  }
  if (eventName === 'workflow_dispatch' && text(payload.ref)) {
    return { ref: text(payload.ref)!, sha: fallbackSha, headRef: '', baseRef: '' };
  }
  return { ref: `refs/heads/${defaultBranch}`, sha: fallbackSha, headRef: '', baseRef: '' };
}

export function buildRunnerContext(options: RunnerContextOptions): RunnerContext {
  const repositoryPayload = record(options.payload.repository);
  const repository = options.repository ?? text(repositoryPayload.full_name) ?? 'octo-org/octo-repo';
  const owner = repository.split('/')[0]!;
  const serverUrl = (options.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
  const apiUrl = (options.apiUrl ?? defaultApiUrl(serverUrl)).replace(/\/+$/, '');
  const { ref, sha, headRef, baseRef } = refAndSha(options.eventName, options.payload);
  const sender = record(options.payload.sender);
  const actor = text(sender.login) ?? 'octocat';
  const runId = String(nextRunId++);
  const refName = ref.replace(/^refs\/(heads|tags)\//, '');
  const workflowRef = `${repository}/.github/workflows/agents.yml@${ref}`;
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.eventName,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_REPOSITORY_ID: text(repositoryPayload.id) ?? '1',
    GITHUB_REPOSITORY_OWNER_ID: text(record(repositoryPayload.owner).id) ?? '1',
    GITHUB_SERVER_URL: serverUrl,
    GITHUB_API_URL: apiUrl,
    GITHUB_GRAPHQL_URL: graphqlUrl(apiUrl),
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: refName,
    GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_HEAD_REF: headRef,
    GITHUB_BASE_REF: baseRef,
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_ACTOR: actor,
    GITHUB_ACTOR_ID: text(sender.id) ?? '1',
    GITHUB_TRIGGERING_ACTOR: actor,
    GITHUB_JOB: 'agent',
    GITHUB_WORKFLOW: 'agents',
    GITHUB_WORKFLOW_REF: workflowRef,
    GITHUB_WORKFLOW_SHA: sha,
    GITHUB_ACTION: `__${repository.replace('/', '_')}`,
    GITHUB_ACTION_PATH: options.actionPath,
    GITHUB_ACTION_REPOSITORY: '',
    GITHUB_ACTION_REF: '',
    RUNNER_NAME: 'testkit-runner',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_OS: runnerOs(),
    RUNNER_ARCH: runnerArch(),
    RUNNER_TEMP: options.runnerTemp,
    RUNNER_TOOL_CACHE: options.toolCache,
  };
  const expressions = {
    github: {
      token: options.token ?? '',
      repository,
      repository_owner: owner,
      server_url: serverUrl,
      api_url: apiUrl,
      graphql_url: env.GITHUB_GRAPHQL_URL,
      workspace: options.workspace,
      event_name: options.eventName,
      event: options.payload,
      sha,
      ref,
      ref_name: refName,
      head_ref: headRef,
      base_ref: baseRef,
      actor,
      triggering_actor: actor,
      run_id: runId,
      run_number: '1',
      run_attempt: '1',
      job: env.GITHUB_JOB,
      workflow: env.GITHUB_WORKFLOW,
      workflow_ref: workflowRef,
      action_path: options.actionPath,
    },
    runner: { os: env.RUNNER_OS, arch: env.RUNNER_ARCH, temp: options.runnerTemp, tool_cache: options.toolCache, name: env.RUNNER_NAME },
    job: { status: 'success' },
    steps: {},
    strategy: {},
    matrix: {},
  };
  return { env, expressions };
}
