/**
 * Plain-English descriptions of zod schemas and values, so that a bad input or policy key reads
 * `expected a whole number from 1 to 100, got "abc"` instead of zod's internal wording.
 * Shared by the input parser and the policy loader.
 */
import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

interface Def {
  type: string;
  innerType?: AnySchema;
  in?: AnySchema;
  out?: AnySchema;
  element?: AnySchema;
  valueType?: AnySchema;
  keyType?: AnySchema;
  shape?: Record<string, AnySchema>;
  entries?: Record<string, unknown>;
  values?: unknown[];
  options?: AnySchema[];
  checks?: Array<{ _zod: { def: { check: string; value?: unknown; inclusive?: boolean; minimum?: number; maximum?: number } } }>;
}

function def(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function description(schema: AnySchema): string | undefined {
  return (schema as unknown as { description?: string }).description;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/** The schema under optional/default/pipe wrappers: the one that says what a value must look like. */
export function unwrapSchema(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(current);
    if (description(current)) return current;
    if (WRAPPERS.has(d.type) && d.innerType) current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = def(d.in).type === 'transform' && d.out ? d.out : d.in;
    else return current;
  }
  return current;
}

/** True when the schema accepts null (a `nullable` somewhere in its wrappers). */
export function acceptsNull(schema: AnySchema): boolean {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(current);
    if (d.type === 'nullable') return true;
    if (WRAPPERS.has(d.type) && d.innerType) current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = d.in;
    else return false;
  }
  return false;
}

/** The kind of value a schema wants, for input coercion: 'boolean', 'number', 'array', 'string'… */
export function baseType(schema: AnySchema): string {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(current);
    if (WRAPPERS.has(d.type) && d.innerType) current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = d.in;
    else return d.type;
  }
  return 'unknown';
}

function numberRange(d: Def): { min?: number; max?: number; minExclusive: boolean; int: boolean } {
  let min: number | undefined;
  let max: number | undefined;
  let minExclusive = false;
  let int = false;
  for (const check of d.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'greater_than' && typeof c.value === 'number') {
      min = c.value;
      minExclusive = !c.inclusive;
    } else if (c.check === 'less_than' && typeof c.value === 'number') max = c.value;
    else if (c.check === 'number_format') int = true;
  }
  return { min, max, minExclusive, int };
}

/** "a whole number from 1 to 100", "a positive number", "true or false", "a list of glob patterns"… */
export function describeExpected(schema: AnySchema): string {
  const inner = unwrapSchema(schema);
  const text = description(inner) ?? describeBare(inner);
  return acceptsNull(schema) && !text.includes('null') ? `${text} (or null)` : text;
}

function describeBare(schema: AnySchema): string {
  const d = def(schema);
  switch (d.type) {
    case 'boolean':
      return 'true or false';
    case 'number': {
      const { min, max, minExclusive, int } = numberRange(d);
      const noun = int ? 'whole number' : 'number';
      if (min !== undefined && max !== undefined && max < Number.MAX_SAFE_INTEGER) return `a ${noun} from ${min} to ${max}`;
      if (min === 0 && minExclusive) return `a positive ${noun}`;
      if (min === 1 && int) return 'a positive whole number';
      if (min === 0) return `a ${noun} of 0 or more`;
      if (min !== undefined) return `a ${noun} of at least ${min}`;
      return `a ${noun}`;
    }
    case 'string':
      return ((schema as unknown as { minLength?: number | null }).minLength ?? 0) > 0 ? 'a non-empty string' : 'a string';
    case 'enum':
      return `one of ${Object.values(d.entries ?? {})
        .map((v) => `'${String(v)}'`)
        .join(', ')}`;
    case 'literal':
      return (d.values ?? []).map((v) => JSON.stringify(v)).join(' or ');
    case 'array':
      return d.element ? `a list (each item ${describeExpected(d.element)})` : 'a list';
    case 'object':
    case 'record':
      return 'a mapping of keys to values';
    case 'union':
      return (d.options ?? []).map((o) => describeExpected(o)).join(' or ');
    case 'null':
      return 'null';
    default:
      return 'a valid value';
  }
}

/** A value as it should appear after "got": strings quoted, long ones cut, lists and mappings named. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (Array.isArray(value)) return `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** The schema describing the value at `path` (object keys, record values, array items). */
export function schemaAt(schema: AnySchema, path: ReadonlyArray<PropertyKey>): AnySchema | undefined {
  let current: AnySchema | undefined = schema;
  for (const key of path) {
    if (!current) return undefined;
    const d = def(baseSchema(current));
    if (d.type === 'object' && d.shape) current = d.shape[String(key)];
    else if (d.type === 'record') current = d.valueType;
    else if (d.type === 'array') current = d.element;
    else return undefined;
  }
  return current;
}

/** Keys an object schema declares (for "did you mean"). */
export function declaredKeys(schema: AnySchema): string[] {
  const d = def(baseSchema(schema));
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

function baseSchema(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 20; i++) {
    const d = def(current);
    if (WRAPPERS.has(d.type) && d.innerType) current = d.innerType;
    else if (d.type === 'pipe' && d.in) current = d.in;
    else return current;
  }
  return current;
}

/** `limits.max-patch-lines`, `paths.deny[2]`, `budget.prices["gpt-4.1"].input`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** The raw value at `path` in a plain object tree. */
export function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key as string];
  }
  return current;
}

/** Edit distance, for "did you mean". Small inputs only (key names). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_v, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The closest known name to a mistyped one, if it is plausibly a typo (snake_case, case, 1–2 letters). */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const normal = (s: string) => s.toLowerCase().replace(/[_\s]/g, '-');
  const exactish = known.find((k) => normal(k) === normal(name));
  if (exactish) return exactish;
  // A shortened name ("cache" for "cached-input", "deny" for "denied") is a typo too.
  const prefixed = name.length >= 4 ? known.filter((k) => normal(k).startsWith(normal(name)) || normal(name).startsWith(normal(k))) : [];
  if (prefixed.length === 1) return prefixed[0];
  let best: { key: string; distance: number } | undefined;
  for (const key of known) {
    const distance = editDistance(normal(name), normal(key));
    if (!best || distance < best.distance) best = { key, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 4)) ? best.key : undefined;
}

/** The schema of the keys of the record at `path`, if there is a record there. */
export function recordKeySchema(schema: AnySchema, path: ReadonlyArray<PropertyKey>): AnySchema | undefined {
  const at = schemaAt(schema, path);
  if (!at) return undefined;
  const d = def(baseSchema(at));
  return d.type === 'record' ? d.keyType : undefined;
}
