/** `on:` as GitHub reads it: does an event start this workflow, and what are its typed inputs. */
import picomatch from 'picomatch';
import { ConfigurationError } from '@eternia/core';
import { isMapping } from './workflow-file.js';
import type { Mapping } from './workflow-file.js';

/** Events whose default activity types are a subset (GitHub docs, "Events that trigger workflows"). */
const DEFAULT_TYPES: Record<string, string[]> = {
  pull_request: ['opened', 'synchronize', 'reopened'],
  pull_request_target: ['opened', 'synchronize', 'reopened'],
};

function asList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

function refFilter(filter: Mapping, key: 'branches' | 'tags', name: string): boolean {
  const only = asList(filter[key]);
  const ignore = asList(filter[`${key}-ignore`]);
  if (only)
    return (
      picomatch.isMatch(
        name,
        only.filter((p) => !p.startsWith('!')),
      ) &&
      !picomatch.isMatch(
        name,
        only.filter((p) => p.startsWith('!')).map((p) => p.slice(1)),
      )
    );
  if (ignore) return !picomatch.isMatch(name, ignore);
  return true;
}

/** Why the event does or does not start the workflow. Path filters are not checked. */
export function matchTrigger(on: Record<string, unknown>, event: { name: string; payload: object }): { matched: boolean; reason: string } {
  if (!(event.name in on)) return { matched: false, reason: `the workflow is not triggered by '${event.name}' (on: ${Object.keys(on).join(', ')})` };
  const filter = on[event.name];
  const payload = event.payload as Mapping;
  if (event.name === 'schedule') {
    const crons = Array.isArray(filter) ? filter.map((entry) => (isMapping(entry) ? String(entry.cron) : '')) : [];
    if (typeof payload.schedule === 'string' && !crons.includes(payload.schedule))
      return { matched: false, reason: `no schedule '${payload.schedule}' (have ${crons.join(', ')})` };
    return { matched: true, reason: 'schedule' };
  }
  const filterMap = isMapping(filter) ? filter : {};
  const types = asList(filterMap.types) ?? DEFAULT_TYPES[event.name];
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  if (types && action !== undefined && !types.includes(action)) {
    return { matched: false, reason: `'${event.name}' activity '${action}' is not one of types [${types.join(', ')}]` };
  }
  if (event.name === 'push' && typeof payload.ref === 'string') {
    const ref = payload.ref;
    const ok = ref.startsWith('refs/tags/')
      ? (filterMap.tags !== undefined ||
          filterMap['tags-ignore'] !== undefined ||
          (filterMap.branches === undefined && filterMap['branches-ignore'] === undefined)) &&
        refFilter(filterMap, 'tags', ref.slice(10))
      : (filterMap.branches !== undefined ||
          filterMap['branches-ignore'] !== undefined ||
          (filterMap.tags === undefined && filterMap['tags-ignore'] === undefined)) &&
        refFilter(filterMap, 'branches', ref.replace(/^refs\/heads\//, ''));
    if (!ok) return { matched: false, reason: `push to '${ref}' is filtered out` };
  }
  if (event.name.startsWith('pull_request')) {
    const base = (payload.pull_request as Mapping | undefined)?.base as Mapping | undefined;
    if (typeof base?.ref === 'string' && !refFilter(filterMap, 'branches', base.ref))
      return { matched: false, reason: `pull request into '${base.ref}' is filtered out` };
  }
  return { matched: true, reason: event.name };
}

type InputKind = 'workflow_dispatch' | 'workflow_call';

function coerce(name: string, type: string, value: unknown, def: Mapping, kind: InputKind, where: string): unknown {
  const bad = (): never => {
    throw new ConfigurationError(`input '${name}' expects a ${type}, got ${JSON.stringify(value)}`, where);
  };
  switch (type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      // workflow_dispatch delivers text; workflow_call keeps types and refuses a mismatch.
      if (kind === 'workflow_dispatch' && (value === 'true' || value === 'false')) return value === 'true';
      return bad();
    case 'number':
      if (typeof value === 'number') return value;
      if (kind === 'workflow_dispatch' && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
      return bad();
    case 'choice': {
      const options = asList(def.options) ?? [];
      if (!options.includes(String(value)))
        throw new ConfigurationError(`input '${name}' must be one of [${options.join(', ')}], got ${JSON.stringify(value)}`, where);
      return String(value);
    }
    case 'string':
    case 'environment':
      if (typeof value === 'object' && value !== null) return bad();
      return String(value);
    default:
      throw new ConfigurationError(`input '${name}' has unknown type '${type}'`, where);
  }
}

/**
 * Validates given inputs against `on.<kind>.inputs`: unknown names, required without value, types,
 * defaults applied. `evaluateDefault` lets workflow_call defaults use `${{ github… }}`.
 */
export function resolveInputs(
  kind: InputKind,
  declared: unknown,
  given: Record<string, unknown>,
  where: string,
  evaluateDefault: (value: unknown) => unknown = (value) => value,
): Record<string, unknown> {
  const defs = isMapping(declared) ? declared : {};
  for (const name of Object.keys(given)) {
    if (!Object.keys(defs).some((key) => key.toLowerCase() === name.toLowerCase())) {
      throw new ConfigurationError(`input '${name}' is not defined in the ${kind} inputs (${Object.keys(defs).join(', ') || 'none'})`, where);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [name, rawDef] of Object.entries(defs)) {
    const def = isMapping(rawDef) ? rawDef : {};
    const type = typeof def.type === 'string' ? def.type : kind === 'workflow_dispatch' ? 'string' : '';
    if (!type) throw new ConfigurationError(`input '${name}' needs a 'type' (boolean, number or string)`, where);
    if (kind === 'workflow_call' && !['boolean', 'number', 'string'].includes(type))
      throw new ConfigurationError(`input '${name}' has type '${type}'; workflow_call allows boolean, number, string`, where);
    const givenKey = Object.keys(given).find((key) => key.toLowerCase() === name.toLowerCase());
    const value = givenKey !== undefined ? given[givenKey] : undefined;
    if (value === undefined || value === null) {
      if (def.required === true && def.default === undefined) throw new ConfigurationError(`required input '${name}' was not provided`, where);
      if (def.default !== undefined) out[name] = coerce(name, type, evaluateDefault(def.default), def, kind, where);
      else out[name] = type === 'boolean' ? false : type === 'number' ? 0 : '';
      continue;
    }
    out[name] = coerce(name, type, value, def, kind, where);
  }
  return out;
}

/** `secrets:` passed to a called workflow, checked against `on.workflow_call.secrets`. */
export function resolveCallSecrets(declared: unknown, given: Record<string, string>, inherit: boolean, where: string): Record<string, string> {
  const defs = isMapping(declared) ? declared : {};
  if (!inherit) {
    for (const name of Object.keys(given)) {
      if (!(name in defs)) throw new ConfigurationError(`secret '${name}' is not defined in the called workflow's workflow_call secrets`, where);
    }
  }
  for (const [name, def] of Object.entries(defs)) {
    if (isMapping(def) && def.required === true && given[name] === undefined)
      throw new ConfigurationError(`required secret '${name}' was not provided`, where);
  }
  return { ...given };
}
