/** Entry point: runs a workflow file as written, for one event, and reports every job and step. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { startAction } from '../runner/index.js';
import { ArtifactStore } from './artifact-store.js';
import { CacheStore } from './cache-steps.js';
import { git } from './checkout.js';
import { evaluateValue, interpolate } from './expressions.js';
import { runJobGraph } from './job-graph.js';
import { callReusableWorkflow } from './reusable-call.js';
import { matchTrigger, resolveCallSecrets, resolveInputs } from './triggers.js';
import { isMapping, loadWorkflow } from './workflow-file.js';
import type { ActionRunner, ActionStarter, RunContext, WorkflowLevel } from './run-context.js';
import type { RunWorkflowOptions, WorkflowRun } from './types.js';

type Payload = Record<string, unknown>;

async function remoteSha(remote: string, ref: string): Promise<string> {
  const line = await git(['ls-remote', remote, ref], tmpdir()).catch(() => '');
  return line.split(/\s+/)[0] ?? '';
}

async function eventRef(opts: RunWorkflowOptions): Promise<{ ref: string; sha: string }> {
  const payload = opts.event.payload as Payload;
  const pr = payload.pull_request as Payload | undefined;
  let ref = opts.ref;
  let sha = opts.sha;
  if (!ref && opts.event.name === 'push' && typeof payload.ref === 'string') ref = payload.ref;
  if (!ref && opts.event.name === 'pull_request' && pr) ref = `refs/pull/${String(payload.number ?? pr.number)}/merge`;
  if (!ref && opts.event.name === 'pull_request_target' && pr) ref = `refs/heads/${String((pr.base as Payload).ref)}`;
  if (!ref) {
    const fromPayload = (payload.repository as Payload | undefined)?.default_branch;
    const head =
      typeof fromPayload === 'string'
        ? `refs/heads/${fromPayload}`
        : (await git(['ls-remote', '--symref', opts.gitRemote, 'HEAD'], tmpdir()).catch(() => '')).match(/ref: (\S+)\s+HEAD/)?.[1];
    ref = head ?? 'refs/heads/main';
  }
  if (!sha && opts.event.name === 'push' && typeof payload.after === 'string') sha = payload.after;
  if (!sha && opts.event.name === 'pull_request' && pr) sha = String((pr.head as Payload).sha);
  if (!sha) sha = await remoteSha(opts.gitRemote, ref);
  return { ref, sha };
}

function refName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags|pull)\//, '');
}

function inside(file: string, dir: string): boolean {
  return file.startsWith(resolve(dir) + sep);
}

/** What the run uploaded and still has: by the upload-artifact step or by @actions/artifact inside an action. */
function artifactNames(run: RunContext): string[] {
  return [...new Set([...run.uploaded, ...run.artifacts.list(run.runId).map((a) => a.name)])].filter((name) => run.artifacts.find(run.runId, name));
}

/** The results service's store, which must be the run's artifact store, on github.com (the artifact client refuses GHES). */
function resultsStore(opts: RunWorkflowOptions): ArtifactStore {
  const service = opts.resultsService as NonNullable<RunWorkflowOptions['resultsService']>;
  if (opts.artifactsDir !== undefined && resolve(opts.artifactsDir) !== resolve(service.store.dir)) {
    throw new ConfigurationError(
      `must be the results service's store directory (${service.store.dir}) or absent`,
      "runWorkflow option 'artifactsDir'",
    );
  }
  const host = new URL(opts.serverUrl ?? 'https://github.com').hostname.toLowerCase();
  if (host !== 'github.com' && !host.endsWith('.ghe.com')) {
    throw new ConfigurationError(
      `'${opts.serverUrl}' is not github.com: @actions/artifact refuses GitHub Enterprise Server, so a results service needs serverUrl https://github.com`,
      "runWorkflow option 'serverUrl'",
    );
  }
  return service.store;
}

/** An action runner given by a test runs its post right after main, as it always did. */
function postAtOnce(runAction: ActionRunner): ActionStarter {
  return async (options) => {
    const run = await runAction(options);
    return { run, hasPost: false, finish: async () => run };
  };
}

export async function runWorkflow(opts: RunWorkflowOptions & { runAction?: ActionRunner; startAction?: ActionStarter }): Promise<WorkflowRun> {
  for (const key of ['workflowFile', 'repoRoot', 'libraryRoot', 'libraryRepository', 'repository', 'apiUrl', 'gitRemote'] as const) {
    if (typeof opts[key] !== 'string' || opts[key] === '') throw new ConfigurationError('is required', `runWorkflow option '${key}'`);
  }
  if (!/^[^/]+\/[^/]+$/.test(opts.repository))
    throw new ConfigurationError(`'${opts.repository}' is not owner/name`, "runWorkflow option 'repository'");
  const file = resolve(opts.workflowFile);
  const doc = loadWorkflow(file);
  const log = opts.log ?? (() => undefined);
  const store = opts.resultsService ? resultsStore(opts) : new ArtifactStore(opts.artifactsDir ?? mkdtempSync(join(tmpdir(), 'wf-artifacts-')));
  const runId = opts.runId ?? store.nextRunId();
  const trigger = matchTrigger(doc.on, opts.event);
  const called = !trigger.matched && 'workflow_call' in doc.on;
  if (!trigger.matched && !called) {
    log(`not triggered: ${trigger.reason}`);
    return { triggered: false, conclusion: 'skipped', runId, jobs: [], artifacts: [], outputs: {} };
  }

  const { ref, sha } = await eventRef(opts);
  const librarySha = (await git(['rev-parse', 'HEAD'], opts.libraryRoot).catch(() => '')) || '0'.repeat(40);
  const fromLibrary = inside(file, opts.libraryRoot) && !inside(file, opts.repoRoot);
  const owning = fromLibrary
    ? { root: opts.libraryRoot, repository: opts.libraryRepository, sha: librarySha }
    : { root: opts.repoRoot, repository: opts.repository, sha };
  const relativeFile = file.slice(resolve(owning.root).length + 1);

  const payload: Payload = { ...(opts.event.payload as Payload) };
  const github: Record<string, unknown> = {
    event_name: opts.event.name,
    event: payload,
    repository: opts.repository,
    repository_owner: opts.repository.split('/')[0],
    ref,
    ref_name: refName(ref),
    ref_type: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    sha,
    head_ref: opts.event.name.startsWith('pull_request')
      ? String(((payload.pull_request as Payload | undefined)?.head as Payload | undefined)?.ref ?? '')
      : '',
    base_ref: opts.event.name.startsWith('pull_request')
      ? String(((payload.pull_request as Payload | undefined)?.base as Payload | undefined)?.ref ?? '')
      : '',
    actor: opts.actor ?? String((payload.sender as Payload | undefined)?.login ?? 'octocat'),
    triggering_actor: opts.actor ?? String((payload.sender as Payload | undefined)?.login ?? 'octocat'),
    run_id: String(runId),
    run_number: String(runId),
    run_attempt: '1',
    server_url: opts.serverUrl ?? 'https://github.com',
    api_url: opts.apiUrl,
    graphql_url: `${opts.apiUrl.replace(/\/$/, '')}/graphql`,
    token: opts.token,
    workflow: doc.name ?? relativeFile,
    workflow_ref: `${owning.repository}/${relativeFile}@${ref}`,
    workflow_sha: owning.sha,
    retention_days: '90',
    secret_source: 'Actions',
  };

  let inputs: Record<string, unknown> = {};
  let secrets: Record<string, string> = { ...(opts.secrets ?? {}) };
  const where = `${opts.event.name} event for ${file}`;
  if (called) {
    const callDef = isMapping(doc.on.workflow_call) ? doc.on.workflow_call : {};
    const defaultsScope = { contexts: { github, inputs: {}, vars: opts.vars ?? {} } };
    inputs = resolveInputs('workflow_call', callDef.inputs, opts.inputs ?? {}, `workflow_call of ${file}`, (value) =>
      evaluateValue(value, defaultsScope),
    );
    secrets = resolveCallSecrets(callDef.secrets, secrets, true, `workflow_call of ${file}`);
  } else if (opts.event.name === 'workflow_dispatch') {
    const dispatch = doc.on.workflow_dispatch;
    inputs = resolveInputs(
      'workflow_dispatch',
      isMapping(dispatch) ? dispatch.inputs : undefined,
      opts.inputs ?? (payload.inputs as Record<string, unknown> | undefined) ?? {},
      where,
    );
    payload.inputs = Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, String(value)]));
  }

  const ownWorkDir = opts.workDir === undefined;
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'wf-run-'));
  const eventPath = join(workDir, `event-${runId}.json`);
  writeFileSync(eventPath, JSON.stringify(payload, null, 2));
  const run: RunContext = {
    opts,
    runId,
    eventPath,
    workDir,
    artifacts: store,
    caches: new CacheStore(opts.cacheDir ?? join(workDir, 'caches')),
    uploaded: [],
    github,
    startAction: opts.startAction ?? (opts.runAction ? postAtOnce(opts.runAction) : startAction),
    librarySha,
    log,
    cancelled: false,
  };
  const level: WorkflowLevel = { doc, root: owning.root, repository: owning.repository, ref, sha: owning.sha, inputs, secrets, idPrefix: '' };
  log(`run ${runId}: ${doc.name ?? relativeFile} on ${opts.event.name}${called ? ' (as workflow_call)' : ''}`);
  try {
    const graph = await runJobGraph(level, run, callReusableWorkflow);
    const outputs: Record<string, string> = {};
    if (called) {
      const callDef = isMapping(doc.on.workflow_call) ? doc.on.workflow_call : {};
      const scope = { contexts: { github, inputs, vars: opts.vars ?? {}, jobs: graph.results } };
      for (const [name, spec] of Object.entries(isMapping(callDef.outputs) ? callDef.outputs : {})) {
        outputs[name] = isMapping(spec) && typeof spec.value === 'string' ? interpolate(spec.value, scope) : '';
      }
    }
    return { triggered: true, conclusion: graph.failed ? 'failure' : 'success', runId, jobs: graph.jobs, artifacts: artifactNames(run), outputs };
  } finally {
    if (ownWorkDir && !opts.keepWorkDir && existsSync(workDir)) rmSync(workDir, { recursive: true, force: true });
    if (opts.artifactsDir === undefined && !opts.resultsService) rmSync(store.dir, { recursive: true, force: true });
  }
}
