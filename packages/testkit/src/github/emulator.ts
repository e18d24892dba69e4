import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@eternia/core';
import { ApiError, type ApiRequest, type ApiResponse, DOCS, type EmulatorContext, type Handler, notFound, ok } from './api-types.js';
import { type FaultRule, FaultInjector, type Faults } from './faults.js';
import { answerGraphql } from './graphql.js';
import { loadSpec, matchRoute, specLoaded } from './openapi-spec.js';
import { sharedValidator } from './openapi-validator.js';
import { RateLimiter, type RateResource, rateLimitHeaders } from './rate-limit.js';
import { type SimulateCiOptions, simulateCi } from './ci-simulator.js';
import {
  PUSH_HOOK_ROUTE,
  type PushEvent,
  type PushHandler,
  PushHub,
  installPushHook,
  parsePushUpdates,
  pushHookUrl,
  setPushHookListening,
} from './push-hook.js';
import type { GitIdentity } from './git-repo.js';
import { initBareRepo, seedCommit } from './repo-setup.js';
import { actionHandlers, knownRunRef, recordWorkflowRun, type WorkflowRunSeed } from './routes/actions.js';
import { branchProtectionHandlers } from './routes/branch-protection.js';
import { checkHandlers } from './routes/checks.js';
import { commitHandlers } from './routes/commits.js';
import { contentHandlers } from './routes/contents.js';
import { codeScanningHandlers } from './routes/code-scanning.js';
import { deploymentHandlers } from './routes/deployments.js';
import { gitHandlers, identityOf } from './routes/git.js';
import { issueHandlers } from './routes/issues.js';
import { pullHandlers } from './routes/pulls.js';
import { repoHandlers } from './routes/repos.js';
import { searchHandlers } from './routes/search.js';
import { answerArtifactRoute, type ArtifactCatalog } from '../artifacts/index.js';
import { EmulatorState, type RepoRecord, type UserRecord, timestamp } from './state.js';

export interface GitHubEmulatorOptions {
  /** Where bare repositories live; a temporary directory (removed on close) by default. */
  dataDir?: string;
  /** Check every request against GitHub's OpenAPI description (default true). */
  validate?: boolean;
  /** Also check every response of an emulated operation against its documented schema (default false; for the emulator's own tests). */
  validateResponses?: boolean;
  /** Requests per token per hour (core) and per minute (search). */
  rateLimit?: { core?: number; search?: number };
  /** Web root for html_url fields (default https://github.com). */
  htmlUrl?: string;
  /** Artifacts made through the results service emulator; the REST artifact routes then serve these. */
  catalog?: ArtifactCatalog;
  /** The time issues, comments, edits and issue events are stamped with (default: the wall clock). */
  clock?: () => Date;
  /** How a `delayMs` fault waits (a real timer by default); tests pass a clock's sleep to see the wait. */
  sleep?: (ms: number) => Promise<void>;
}

export interface RecordedRequest {
  method: string;
  /** Path with query string. */
  path: string;
  status: number;
  operationId?: string;
  token?: string;
  startedAt: number;
  durationMs: number;
  body?: unknown;
}

export interface Violation {
  method: string;
  path: string;
  kind: 'unknown-route' | 'parameter' | 'body' | 'not-emulated' | 'response' | 'emulator-error';
  operationId?: string;
  message: string;
}

export interface CreateRepoOptions {
  owner: string;
  name: string;
  defaultBranch?: string;
  files?: Record<string, string>;
  fromDir?: string;
  private?: boolean;
  description?: string;
}

type RepoRef = { owner: string; repo: string };

export interface GitHubEmulator {
  readonly url: string;
  readonly state: EmulatorState;
  readonly requests: RecordedRequest[];
  readonly violations: Violation[];
  readonly faults: Faults;
  /** Spec parse time of this process (0 when another emulator already paid it) and server start time, in ms. */
  readonly startup: { specLoadMs: number; totalMs: number };
  addToken(token: string, login: string, opts?: { type?: 'User' | 'Bot' }): void;
  createRepo(opts: CreateRepoOptions): Promise<{ fullName: string; bareDir: string; defaultBranch: string }>;
  bareRepoPath(owner: string, name: string): string;
  addCollaborator(ref: RepoRef, login: string, permission?: 'admin' | 'maintain' | 'write' | 'triage' | 'read'): void;
  /** Seed helpers: the same code paths as the API, acting as `user` (the repository owner by default). */
  createIssue(opts: RepoRef & { title: string; body?: string; labels?: string[]; user?: string }): Promise<Record<string, unknown>>;
  createComment(opts: RepoRef & { issueNumber: number; body: string; user?: string }): Promise<Record<string, unknown>>;
  createLabel(opts: RepoRef & { name: string; color?: string; description?: string }): Promise<Record<string, unknown>>;
  createPullRequest(
    opts: RepoRef & { title: string; head: string; base?: string; body?: string; draft?: boolean; user?: string },
  ): Promise<Record<string, unknown>>;
  createWorkflowRun(opts: RepoRef & WorkflowRunSeed): Promise<Record<string, unknown>>;
  /**
   * One commit of `files` on `branch` (created from `from`, the default branch unless given, when it does not
   * exist), written into the bare repository directly: seeding, so no push event fires. Returns the commit sha.
   */
  commitFiles(
    opts: RepoRef & { branch: string; from?: string; files: Record<string, string>; message: string; author?: GitIdentity },
  ): Promise<string>;
  /** Calls any emulated operation directly (no HTTP, no validation, not recorded). */
  invoke(
    operationId: string,
    opts: { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown; user?: string },
  ): Promise<ApiResponse>;
  /**
   * Called after every ref update pushed into a repository's bare repo (git push, through its post-receive hook,
   * and API ref writes). Handlers have finished when `git push` or the API call returns. Returns an unsubscribe.
   */
  onPush(handler: PushHandler): () => void;
  /**
   * Emulates a CI workflow: for each push to a branch matching `branches` (not tags, not deletions), a check run
   * `name` on the pushed sha by the GitHub Actions app, in_progress then completed, whose details_url names an
   * emulated job with a log. Returns an unsubscribe.
   */
  simulateCi(opts: SimulateCiOptions): () => void;
  close(): Promise<void>;
}

const HANDLERS: Record<string, Handler> = {
  ...repoHandlers,
  ...issueHandlers,
  ...pullHandlers,
  ...gitHandlers,
  ...contentHandlers,
  ...commitHandlers,
  ...checkHandlers,
  ...actionHandlers,
  ...deploymentHandlers,
  ...codeScanningHandlers,
  ...branchProtectionHandlers,
  ...searchHandlers,
};

/** The operation ids the emulator answers (others are recorded as violations of kind `not-emulated`). */
export const EMULATED_OPERATIONS: readonly string[] = [...Object.keys(HANDLERS), 'rate-limit/get'].sort();

function errorBody(status: number, message: string, extra: { errors?: unknown[]; documentation_url?: string } = {}) {
  return { message, ...(extra.errors ? { errors: extra.errors } : {}), documentation_url: extra.documentation_url ?? DOCS, status: String(status) };
}

export async function startGitHubEmulator(opts: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const started = performance.now();
  const hadSpec = specLoaded();
  const spec = loadSpec();
  const validator = sharedValidator(spec);
  const specLoadMs = hadSpec ? 0 : spec.loadMs;
  const validate = opts.validate ?? true;
  const ownsDataDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'gh-emu-')));
  const state = new EmulatorState(opts.clock);
  const faults = new FaultInjector();
  const limiter = new RateLimiter({ core: opts.rateLimit?.core ?? 5000, search: opts.rateLimit?.search ?? 30 });
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  let baseUrl = '';
  const bareDirs: string[] = [];
  // The hooks report pushes only while someone listens (see the hook script).
  const pushes = new PushHub((active) => bareDirs.forEach((dir) => setPushHookListening(dir, active)));
  const ciTimers = new Set<NodeJS.Timeout>();

  /** Runs the push handlers; a failing handler is a violation (the push itself already happened). */
  async function deliverPush(push: PushEvent): Promise<string[]> {
    const failures = await pushes.emit(push);
    const path = `/_emulator/hooks/push/${push.owner}/${push.repo}`;
    for (const f of failures) {
      violations.push({
        method: 'PUSH',
        path,
        kind: 'emulator-error',
        message: `push handler failed for ${push.ref}: ${f.error instanceof Error ? (f.error.stack ?? f.error.message) : String(f.error)}`,
      });
    }
    return failures.map((f) => (f.error instanceof Error ? f.error.message : String(f.error)));
  }

  const ctx: EmulatorContext = {
    state,
    get api() {
      return baseUrl;
    },
    html: (opts.htmlUrl ?? 'https://github.com').replace(/\/$/, ''),
    repo(req: ApiRequest): RepoRecord {
      const r = state.repo(req.params.owner ?? '', req.params.repo ?? '');
      if (!r) throw notFound();
      return r;
    },
    async pushed(repo, update, pusher) {
      await deliverPush({ owner: repo.owner.login, repo: repo.name, ...update, pusher: pusher?.login });
    },
  };

  const handlers: Record<string, Handler> = {
    ...HANDLERS,
    'rate-limit/get': async (req) => {
      const key = req.headers.authorization ?? '';
      const core = limiter.peek(key, 'core');
      const search = limiter.peek(key, 'search');
      const shape = (s: typeof core) => ({ limit: s.limit, remaining: s.remaining, reset: s.reset, used: s.used });
      return ok({ resources: { core: shape(core), search: shape(search) }, rate: shape(core) });
    },
  };

  async function internalRoute(method: string, path: string, rawBody: string, res: ServerResponse): Promise<boolean> {
    const hook = PUSH_HOOK_ROUTE.exec(path);
    if (hook && method === 'POST') {
      const repo = state.repo(decodeURIComponent(hook[1]!), decodeURIComponent(hook[2]!));
      let payload: { updates?: unknown; pusher?: unknown } = {};
      try {
        payload = JSON.parse(rawBody) as typeof payload;
      } catch {
        // answered below as a 400
      }
      if (!repo || typeof payload.updates !== 'string') {
        res.writeHead(repo ? 400 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: repo ? 'expected {"updates": "<old> <new> <ref> lines"}' : 'Not Found' }));
        return true;
      }
      const pusher = typeof payload.pusher === 'string' && payload.pusher ? payload.pusher : undefined;
      const errors: string[] = [];
      for (const u of parsePushUpdates(payload.updates)) {
        errors.push(...(await deliverPush({ owner: repo.owner.login, repo: repo.name, ...u, pusher })));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ delivered: true, errors }));
      return true;
    }
    const logs = /^\/_emulator\/logs\/([^/]+)\/([^/]+)\/jobs\/(\d+)$/.exec(path);
    if (logs) {
      const job = state.repo(decodeURIComponent(logs[1]!), decodeURIComponent(logs[2]!))?.jobs.find((j) => j.id === Number(logs[3]));
      res.writeHead(job ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(job ? job.log : 'Not Found');
      return true;
    }
    const raw = /^\/_emulator\/raw\/([^/]+)\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
    if (raw) {
      const repo = state.repo(decodeURIComponent(raw[1]!), decodeURIComponent(raw[2]!));
      const sha = repo && (await repo.git.resolveCommit(decodeURIComponent(raw[3]!)));
      const entry = sha ? await repo.git.entryAt(sha, raw[4]!.split('/').map(decodeURIComponent).join('/')) : undefined;
      const content = entry?.type === 'blob' ? await repo!.git.blob(entry.sha) : undefined;
      res.writeHead(content ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(content ?? '404: Not Found');
      return true;
    }
    return false;
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', baseUrl);
    const pathWithQuery = url.pathname + url.search;
    const auth = req.headers.authorization;
    const tokenMatch = auth ? /^(?:token|bearer)\s+(.+)$/i.exec(auth.trim()) : null;
    const token = tokenMatch?.[1];
    const rawBody = await readBody(req);
    const record: RecordedRequest = { method, path: pathWithQuery, status: 0, token, startedAt, durationMs: 0 };
    requests.push(record);
    const headers: Record<string, string> = {
      'x-github-request-id': randomUUID().toUpperCase(),
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
    };
    const send = (status: number, body?: unknown, extra: Record<string, string> = {}, raw?: string | Buffer, contentType?: string) => {
      record.status = status;
      record.durationMs = Date.now() - startedAt;
      const allHeaders: Record<string, string> = { ...headers, ...extra };
      let payload: string | Buffer | undefined;
      if (raw !== undefined) {
        payload = raw;
        allHeaders['content-type'] = contentType ?? 'application/octet-stream';
      } else if (body !== undefined) {
        payload = JSON.stringify(body);
        allHeaders['content-type'] = 'application/json; charset=utf-8';
      }
      if (payload !== undefined) allHeaders['content-length'] = String(Buffer.byteLength(payload));
      res.writeHead(status, allHeaders);
      res.end(method === 'HEAD' ? undefined : payload);
    };
    const violation = (kind: Violation['kind'], message: string, operationId?: string) => {
      violations.push({ method, path: pathWithQuery, kind, operationId, message });
    };

    if (url.pathname.startsWith('/_emulator/') && (await internalRoute(method, url.pathname, rawBody, res))) {
      record.status = res.statusCode;
      record.durationMs = Date.now() - startedAt;
      return;
    }

    // GitHub lists the root for both `/contents/` and `/contents` (what clients send for path "").
    const trimmed = /\/repos\/[^/]+\/[^/]+\/contents\/?$/.test(url.pathname)
      ? url.pathname.replace(/\/?$/, '/')
      : url.pathname.replace(/(.)\/+$/, '$1');
    const match = matchRoute(spec, method, trimmed);
    const route = match && 'route' in match ? match : undefined;
    record.operationId = route?.route.operationId;

    const fault = faults.take(method, url.pathname, record.operationId);
    if (fault) {
      if (fault.delayMs) await (opts.sleep ?? systemClock.sleep)(fault.delayMs);
      if (fault.drop) {
        record.status = 0;
        record.durationMs = Date.now() - startedAt;
        req.socket.destroy();
        return;
      }
      if (fault.status) return sendFault(fault, send, token);
    }

    // Authentication comes before routing on GitHub: a bad token gets 401 whatever the path.
    const user = token ? state.tokens.get(token) : undefined;
    if (!token) return send(401, errorBody(401, 'Requires authentication'));
    if (!user) return send(401, errorBody(401, 'Bad credentials'));

    const resource: RateResource = url.pathname.startsWith('/search/') ? 'search' : 'core';
    const rate = limiter.consume(token, resource);
    Object.assign(headers, rateLimitHeaders(rate));
    if (rate.exceeded && route?.route.operationId !== 'rate-limit/get') {
      return send(
        403,
        errorBody(
          403,
          `API rate limit exceeded for user ID ${user.id}. If you reach out to GitHub Support for help, please include the request ID ${headers['x-github-request-id']}.`,
          { documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' },
        ),
      );
    }

    // GraphQL is not in the OpenAPI description: the one query the library sends is checked and answered on its own.
    if (url.pathname === '/graphql' && method === 'POST') {
      record.operationId = 'graphql';
      const answer = answerGraphql(state, rawBody);
      if (answer.problem) violation('body', answer.problem, 'graphql');
      return send(answer.status, answer.body);
    }

    if (!route) {
      violation(
        'unknown-route',
        match ? `${method} is not an operation of ${url.pathname}` : `no operation in GitHub's OpenAPI description matches ${method} ${url.pathname}`,
      );
      return send(404, errorBody(404, 'Not Found'));
    }
    const operationId = route.route.operationId;

    let body: unknown;
    const hasBody = rawBody.trim().length > 0;
    if (hasBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        violation('body', 'request body is not JSON', operationId);
        return send(400, errorBody(400, 'Problems parsing JSON'));
      }
    }
    record.body = body;
    const query: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams) {
      const key = k.replace(/\[\]$/, '');
      query[key] = query[key] === undefined ? v : ([] as unknown[]).concat(query[key], v);
    }
    if (validate) {
      const paramProblem = validator.checkParameters(route.route, { ...route.params }, query);
      const bodyProblem = paramProblem ? undefined : validator.checkBody(route.route, body, hasBody);
      const problem = paramProblem ?? bodyProblem;
      if (problem) {
        violation(paramProblem ? 'parameter' : 'body', problem.message, operationId);
        return send(problem.status, errorBody(problem.status, problem.message, { documentation_url: `${DOCS}#${operationId}` }));
      }
    }

    // Artifacts live in the results service's store when one is attached: one set for the REST API and the runner.
    if (opts.catalog) {
      const reply = answerArtifactRoute(opts.catalog, method, url, true, baseUrl.replace(/\/$/, ''), (repository, runId) =>
        knownRunRef(ctx, repository, runId),
      );
      if (reply) return send(reply.status, reply.body, reply.headers);
    }
    const handler = handlers[operationId];
    if (!handler) {
      violation('not-emulated', `${operationId} is a GitHub operation the emulator does not implement`, operationId);
      return send(404, errorBody(404, 'Not Found'));
    }
    const apiReq: ApiRequest = { method, operationId, params: route.params, query, body, headers: req.headers, user, url };
    try {
      const out = await handler(apiReq, ctx);
      if (opts.validateResponses && out.raw === undefined && out.status < 300) {
        const problem = validator.checkResponse(route.route, out.status, out.body === undefined ? undefined : JSON.parse(JSON.stringify(out.body)));
        if (problem) violation('response', problem, operationId);
      }
      return send(out.status, out.body, out.headers, out.raw, out.contentType);
    } catch (e) {
      if (e instanceof ApiError) return send(e.status, errorBody(e.status, e.message, e.extra), e.extra.headers);
      violation('emulator-error', e instanceof Error ? (e.stack ?? e.message) : String(e), operationId);
      return send(500, errorBody(500, 'Server Error'));
    }
  }

  function sendFault(fault: FaultRule, send: (status: number, body?: unknown, extra?: Record<string, string>) => void, token: string | undefined) {
    const status = fault.status!;
    if (status === 500 || status === 502) {
      return send(status, status === 502 ? { message: 'Server Error' } : errorBody(500, 'Server Error'));
    }
    if (fault.forbidden) {
      return send(
        403,
        errorBody(403, 'Resource not accessible by integration', {
          documentation_url: 'https://docs.github.com/rest/issues/labels#create-a-label',
        }),
      );
    }
    const retryAfter = fault.retryAfter ?? 60;
    if (fault.secondaryRateLimit) {
      return send(
        status,
        errorBody(
          status,
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.',
          {
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          },
        ),
        { 'retry-after': String(retryAfter) },
      );
    }
    // Primary limit: budget spent until x-ratelimit-reset.
    const user = token ? state.tokens.get(token) : undefined;
    const reset = Math.ceil(Date.now() / 1000) + retryAfter;
    return send(
      status,
      errorBody(status, `API rate limit exceeded for user ID ${user?.id ?? 0}.`, {
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      }),
      {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
        'x-ratelimit-used': '5000',
        'x-ratelimit-resource': 'core',
        ...(fault.retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}),
      },
    );
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      violations.push({
        method: req.method ?? '',
        path: req.url ?? '',
        kind: 'emulator-error',
        message: e instanceof Error ? (e.stack ?? e.message) : String(e),
      });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify(errorBody(500, 'Server Error')));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const repoOrThrow = (ref: RepoRef): RepoRecord => {
    const r = state.repo(ref.owner, ref.repo);
    if (!r) throw new Error(`GitHub emulator: no repository ${ref.owner}/${ref.repo} (create it with createRepo first)`);
    return r;
  };

  async function invoke(
    operationId: string,
    o: { params?: Record<string, string | number>; query?: Record<string, unknown>; body?: unknown; user?: string },
  ): Promise<ApiResponse> {
    const handler = handlers[operationId];
    if (!handler) throw new Error(`GitHub emulator: operation ${operationId} is not emulated`);
    const params = Object.fromEntries(Object.entries(o.params ?? {}).map(([k, v]) => [k, String(v)]));
    const owner = params.owner ? state.repo(params.owner, params.repo ?? '')?.owner : undefined;
    const user = o.user ? state.user(o.user) : (owner ?? state.user('octocat'));
    const apiReq: ApiRequest = {
      method: 'POST',
      operationId,
      params,
      query: o.query ?? {},
      body: o.body ?? {},
      headers: {},
      user,
      url: new URL('/', baseUrl),
    };
    return handler(apiReq, ctx);
  }

  async function seeded(operationId: string, o: Parameters<typeof invoke>[1]): Promise<Record<string, unknown>> {
    try {
      return (await invoke(operationId, o)).body as Record<string, unknown>;
    } catch (e) {
      if (e instanceof ApiError)
        throw new Error(
          `GitHub emulator: ${operationId} failed with ${e.status} ${e.message}${e.extra.errors ? ` ${JSON.stringify(e.extra.errors)}` : ''}`,
        );
      throw e;
    }
  }

  const emulator: GitHubEmulator = {
    url: baseUrl,
    state,
    requests,
    violations,
    faults,
    startup: { specLoadMs, totalMs: performance.now() - started },
    addToken(token, login, o) {
      if (!token) throw new Error('addToken: token must not be empty');
      const user = state.user(login, o?.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User'));
      state.tokens.set(token, user);
      for (const repo of state.repos.values()) grantWrite(repo, user);
    },
    async createRepo(o) {
      if (!/^[A-Za-z0-9-]+$/.test(o.owner)) throw new Error(`createRepo: invalid owner "${o.owner}"`);
      if (!/^[A-Za-z0-9._-]+$/.test(o.name)) throw new Error(`createRepo: invalid repository name "${o.name}"`);
      if (state.repo(o.owner, o.name)) throw new Error(`createRepo: ${o.owner}/${o.name} already exists`);
      const defaultBranch = o.defaultBranch ?? 'main';
      const owner = state.user(o.owner);
      const bareDir = join(dataDir, o.owner, `${o.name}.git`);
      await mkdir(join(dataDir, o.owner), { recursive: true });
      const git = await initBareRepo(bareDir, { defaultBranch, files: o.files, fromDir: o.fromDir, author: identityOf(owner), name: o.name });
      await installPushHook(bareDir, pushHookUrl(baseUrl, o.owner, o.name));
      bareDirs.push(bareDir);
      setPushHookListening(bareDir, pushes.active);
      const repo: RepoRecord = {
        id: state.newId(),
        owner,
        name: o.name,
        fullName: `${o.owner}/${o.name}`,
        defaultBranch,
        description: o.description ?? null,
        private: o.private ?? false,
        createdAt: timestamp(),
        git,
        collaborators: new Map(),
        labels: [],
        issues: [],
        comments: [],
        reviews: [],
        reviewComments: [],
        checkSuites: [],
        checkRuns: [],
        statuses: [],
        workflows: [],
        workflowRuns: [],
        jobs: [],
        artifacts: [],
        deployments: [],
        deploymentStatuses: [],
        sarifUploads: [],
        nextNumber: 1,
      };
      for (const u of state.tokens.values()) grantWrite(repo, u);
      state.repos.set(repo.fullName.toLowerCase(), repo);
      return { fullName: repo.fullName, bareDir, defaultBranch };
    },
    commitFiles: (o) => {
      const repo = repoOrThrow(o);
      return seedCommit(
        { git: repo.git, defaultBranch: repo.defaultBranch, fullName: repo.fullName },
        { ...o, author: o.author ?? identityOf(repo.owner) },
      );
    },
    bareRepoPath(owner, name) {
      return repoOrThrow({ owner, repo: name }).git.dir;
    },
    addCollaborator(ref, login, permission = 'write') {
      repoOrThrow(ref).collaborators.set(state.user(login).login.toLowerCase(), permission);
    },
    createIssue: (o) =>
      seeded('issues/create', {
        params: { owner: repoOrThrow(o).owner.login, repo: o.repo },
        body: { title: o.title, body: o.body, labels: o.labels },
        user: o.user,
      }),
    createComment: (o) =>
      seeded('issues/create-comment', {
        params: { owner: o.owner, repo: o.repo, issue_number: o.issueNumber },
        body: { body: o.body },
        user: o.user,
      }),
    createLabel: (o) =>
      seeded('issues/create-label', { params: { owner: o.owner, repo: o.repo }, body: { name: o.name, color: o.color, description: o.description } }),
    createPullRequest: (o) =>
      seeded('pulls/create', {
        params: { owner: o.owner, repo: o.repo },
        body: { title: o.title, head: o.head, base: o.base ?? repoOrThrow(o).defaultBranch, body: o.body, draft: o.draft },
        user: o.user,
      }),
    async createWorkflowRun(o) {
      const repo = repoOrThrow(o);
      const run = await recordWorkflowRun(ctx, repo, o);
      return (await invoke('actions/get-workflow-run', { params: { owner: o.owner, repo: o.repo, run_id: run.id } })).body as Record<string, unknown>;
    },
    invoke,
    onPush: (handler) => pushes.on(handler),
    simulateCi(o) {
      if (!o || typeof o !== 'object') throw new Error('simulateCi: options must be an object');
      const repo = repoOrThrow({ owner: o.owner, repo: o.repo });
      const report = (push: PushEvent, error: unknown) => {
        violations.push({
          method: 'PUSH',
          path: `/_emulator/hooks/push/${push.owner}/${push.repo}`,
          kind: 'emulator-error',
          message: `simulateCi failed for ${push.ref}: ${error instanceof Error ? error.message : String(error)}`,
        });
      };
      return simulateCi({ ctx, hub: pushes, report, timers: ciTimers }, repo, o);
    },
    async close() {
      for (const t of ciTimers) clearTimeout(t);
      ciTimers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  emulator.startup.totalMs = performance.now() - started;
  return emulator;
}

function grantWrite(repo: RepoRecord, user: UserRecord): void {
  if (user.login.toLowerCase() === repo.owner.login.toLowerCase()) return;
  if (!repo.collaborators.has(user.login.toLowerCase())) repo.collaborators.set(user.login.toLowerCase(), 'write');
}
