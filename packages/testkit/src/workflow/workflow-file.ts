/** Reads a workflow file as written and checks the few shapes the runner relies on, naming the file and key on error. */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ConfigurationError } from '@eternia/core';

export type Mapping = Record<string, unknown>;

export interface StepDef extends Mapping {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: unknown;
  with?: Mapping;
  env?: Mapping;
  shell?: string;
  'working-directory'?: string;
  'continue-on-error'?: unknown;
  'timeout-minutes'?: unknown;
}

export interface JobDef extends Mapping {
  name?: string;
  needs?: string | string[];
  if?: unknown;
  'runs-on'?: unknown;
  uses?: string;
  with?: Mapping;
  secrets?: 'inherit' | Mapping;
  strategy?: Mapping;
  env?: Mapping;
  outputs?: Mapping;
  steps?: StepDef[];
  permissions?: unknown;
  concurrency?: unknown;
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
  'continue-on-error'?: unknown;
  'timeout-minutes'?: unknown;
}

export interface WorkflowDoc {
  file: string;
  name?: string;
  /** `on:` normalised to a mapping of event name → its filter (null when none). */
  on: Record<string, unknown>;
  env?: Mapping;
  permissions?: unknown;
  concurrency?: unknown;
  defaults?: { run?: { shell?: string; 'working-directory'?: string } };
  jobs: Record<string, JobDef>;
}

export function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function normaliseOn(on: unknown, file: string): Record<string, unknown> {
  if (typeof on === 'string') return { [on]: null };
  if (Array.isArray(on) && on.every((item) => typeof item === 'string')) return Object.fromEntries(on.map((name: string) => [name, null]));
  if (isMapping(on)) return on;
  throw new ConfigurationError('must be an event name, a list of them or a mapping', `key 'on' in ${file}`);
}

export function loadWorkflow(file: string): WorkflowDoc {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot read workflow file (${(error as Error).message})`, file, { cause: error });
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ConfigurationError(`invalid YAML: ${(error as Error).message}`, file, { cause: error });
  }
  if (!isMapping(doc)) throw new ConfigurationError('a workflow must be a mapping', file);
  if (doc.on === undefined) throw new ConfigurationError("missing key 'on'", file);
  if (!isMapping(doc.jobs) || Object.keys(doc.jobs).length === 0) throw new ConfigurationError("missing or empty key 'jobs'", file);
  for (const [id, job] of Object.entries(doc.jobs)) {
    const where = `job '${id}' in ${file}`;
    if (!isMapping(job)) throw new ConfigurationError('must be a mapping', where);
    if (job.uses === undefined && !Array.isArray(job.steps)) throw new ConfigurationError("needs 'steps' (a list) or 'uses'", where);
    if (job.uses !== undefined && typeof job.uses !== 'string') throw new ConfigurationError("'uses' must be a string", where);
    for (const [index, step] of (Array.isArray(job.steps) ? job.steps : []).entries()) {
      if (!isMapping(step)) throw new ConfigurationError('must be a mapping', `step ${index + 1} of ${where}`);
      if ((step.uses === undefined) === (step.run === undefined))
        throw new ConfigurationError("needs exactly one of 'uses' and 'run'", `step ${index + 1} of ${where}`);
    }
  }
  return {
    file,
    name: typeof doc.name === 'string' ? doc.name : undefined,
    on: normaliseOn(doc.on, file),
    env: isMapping(doc.env) ? doc.env : undefined,
    permissions: doc.permissions,
    concurrency: doc.concurrency,
    defaults: isMapping(doc.defaults) ? (doc.defaults as WorkflowDoc['defaults']) : undefined,
    jobs: doc.jobs as Record<string, JobDef>,
  };
}
