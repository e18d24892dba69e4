/**
 * A job with `uses:` calling a reusable workflow: `./.github/workflows/x.yml` from the calling file's
 * own repository, `<library>/.github/workflows/x.yml@ref` from the library checkout. Inputs and secrets
 * are checked against the callee's `on.workflow_call`, its jobs run as "caller/callee", outputs map back.
 */
import { join } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { evaluateStringMap, evaluateValue, interpolate } from './expressions.js';
import { jobHeaderContexts } from './job-context.js';
import { evaluateConcurrency } from './job-runner.js';
import { runJobGraph } from './job-graph.js';
import { resolveCallSecrets, resolveInputs } from './triggers.js';
import { isMapping, loadWorkflow } from './workflow-file.js';
import type { CallArgs } from './job-graph.js';
import type { WorkflowLevel } from './run-context.js';
import type { JobResult } from './types.js';

const MAX_NESTING = 10;

export function refToFullRef(ref: string): string {
  if (/^[0-9a-f]{40}$/i.test(ref) || ref.startsWith('refs/')) return ref;
  return /^v\d/.test(ref) ? `refs/tags/${ref}` : `refs/heads/${ref}`;
}

function resolveCalledWorkflow(
  uses: string,
  level: WorkflowLevel,
  args: CallArgs,
): Omit<WorkflowLevel, 'doc' | 'inputs' | 'secrets' | 'idPrefix'> & { file: string } {
  const { opts } = args.run;
  if (uses.startsWith('./')) {
    return { file: join(level.root, uses), root: level.root, repository: level.repository, ref: level.ref, sha: level.sha };
  }
  const match = /^([^/@]+\/[^/@]+)\/(\.github\/workflows\/[^@]+\.ya?ml)@(.+)$/.exec(uses);
  if (!match)
    throw new ConfigurationError(
      "a reusable workflow is './.github/workflows/<file>.yml' or '<owner>/<repo>/.github/workflows/<file>.yml@<ref>'",
      `uses: ${uses}`,
    );
  const [, repository = '', path = '', ref = ''] = match;
  if (repository.toLowerCase() === opts.libraryRepository.toLowerCase()) {
    return {
      file: join(opts.libraryRoot, path),
      root: opts.libraryRoot,
      repository,
      ref: refToFullRef(ref),
      sha: /^[0-9a-f]{40}$/i.test(ref) ? ref : args.run.librarySha,
    };
  }
  if (repository.toLowerCase() === opts.repository.toLowerCase()) {
    return { file: join(opts.repoRoot, path), root: opts.repoRoot, repository, ref: refToFullRef(ref), sha: String(args.run.github.sha) };
  }
  throw new ConfigurationError(
    `reusable workflow from '${repository}' is not available in the test bench (only '${opts.libraryRepository}' and '${opts.repository}')`,
    `uses: ${uses}`,
  );
}

export async function callReusableWorkflow(args: CallArgs): Promise<JobResult[]> {
  const { run, level, jobId, def, needs, matrix, strategy } = args;
  const id = `${level.idPrefix}${jobId}`;
  const uses = String(def.uses);
  const caller: JobResult = {
    id,
    ...(matrix !== undefined && { matrix }),
    conclusion: 'failure',
    outputs: {},
    steps: [],
    permissions: def.permissions ?? level.doc.permissions,
    uses,
    workflowFile: level.doc.file,
  };
  try {
    if (level.idPrefix.split('/').length > MAX_NESTING)
      throw new ConfigurationError(`reusable workflows nested deeper than ${MAX_NESTING}`, `uses: ${uses}`);
    const header = jobHeaderContexts(run, level, needs);
    const scope = { contexts: { ...header, matrix: matrix ?? {}, strategy, secrets: { ...level.secrets, GITHUB_TOKEN: run.opts.token } } };
    if (typeof def.name === 'string') caller.name = interpolate(def.name, scope);
    const concurrency = evaluateConcurrency(def.concurrency, scope, `job '${jobId}' in ${level.doc.file}`);
    if (concurrency) caller.concurrency = concurrency;
    const target = resolveCalledWorkflow(uses, level, args);
    const doc = loadWorkflow(target.file);
    if (!('workflow_call' in doc.on)) throw new ConfigurationError("the called workflow has no 'on: workflow_call'", target.file);
    const callDef = isMapping(doc.on.workflow_call) ? doc.on.workflow_call : {};
    const where = `uses: ${uses} (job '${jobId}' in ${level.doc.file})`;
    const withValues = evaluateValue(def.with ?? {}, scope);
    if (!isMapping(withValues)) throw new ConfigurationError("'with' must be a mapping", where);
    const defaultsScope = { contexts: { github: run.github, inputs: {}, vars: run.opts.vars ?? {} } };
    const inputs = resolveInputs('workflow_call', callDef.inputs, withValues, where, (value) => evaluateValue(value, defaultsScope));
    const inherit = def.secrets === 'inherit';
    const given = inherit ? level.secrets : evaluateStringMap(def.secrets, scope, `secrets of ${where}`);
    const secrets = resolveCallSecrets(callDef.secrets, given, inherit, where);
    const child: WorkflowLevel = { ...target, doc, inputs, secrets, idPrefix: `${id}/` };
    const graph = await runJobGraph(child, run, callReusableWorkflow);
    const outputsScope = { contexts: { github: run.github, inputs, vars: run.opts.vars ?? {}, jobs: graph.results } };
    const outputs: Record<string, string> = {};
    for (const [name, spec] of Object.entries(isMapping(callDef.outputs) ? callDef.outputs : {})) {
      outputs[name] = isMapping(spec) && typeof spec.value === 'string' ? interpolate(spec.value, outputsScope) : '';
    }
    caller.outputs = outputs;
    caller.conclusion = graph.failed ? 'failure' : 'success';
    return [caller, ...graph.jobs];
  } catch (error) {
    caller.error = (error as Error).message;
    return [caller];
  }
}
