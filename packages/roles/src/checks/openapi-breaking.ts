/**
 * Breaking changes between two OpenAPI 3 documents, from a client's point of view: what a client that works against
 * the base can no longer do against the head. Written here after trying the libraries: openapi-diff 0.24.1 never
 * settles its promise on GitHub's own description (the process exits with the diff pending), oasdiff is a Go
 * program (this machine's Go is too old to build it), and @pb33f/openapi-changes downloads its binary at install.
 */
import { parse as parseYaml } from 'yaml';
import { ConfigurationError } from '@eternia/core';

export type BreakingCode =
  | 'path-removed'
  | 'operation-removed'
  | 'required-parameter-added'
  | 'parameter-became-required'
  | 'parameter-type-changed'
  | 'parameter-enum-value-removed'
  | 'request-body-became-required'
  | 'request-property-became-required'
  | 'success-response-removed'
  | 'response-property-removed'
  | 'response-property-type-changed';

export interface BreakingChange {
  code: BreakingCode;
  /** `GET /repos/{owner}/{repo}`, or the path alone for a removed path. */
  where: string;
  detail: string;
}

type Json = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Parses a JSON or YAML OpenAPI 3 document; anything else is a ConfigurationError naming the file. */
export function readOpenApi(text: string, file: string): Json {
  let doc: unknown;
  try {
    doc = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ConfigurationError(`cannot be parsed: ${(error as Error).message.split('\n')[0]}`, file);
  }
  if (!doc || typeof doc !== 'object' || typeof (doc as Json).openapi !== 'string' || !(doc as Json).openapi!.toString().startsWith('3.')) {
    throw new ConfigurationError("is not an OpenAPI 3 document (no 'openapi: 3.x' at the top)", file);
  }
  if (!(doc as Json).paths || typeof (doc as Json).paths !== 'object') throw new ConfigurationError("has no 'paths' object", file);
  return doc as Json;
}

export function breakingChanges(base: Json, head: Json): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const add = (code: BreakingCode, where: string, detail: string) => changes.push({ code, where, detail });
  const basePaths = base.paths as Json;
  const headPaths = head.paths as Json;
  const headByShape = new Map(Object.keys(headPaths).map((p) => [shape(p), p]));
  for (const path of Object.keys(basePaths).sort()) {
    // `/users/{id}` renamed to `/users/{user_id}` is the same URL for a client.
    const headPath = headPaths[path] ? path : headByShape.get(shape(path));
    if (!headPath) {
      add('path-removed', path, 'the path is gone');
      continue;
    }
    const baseItem = deref(base, basePaths[path]) as Json;
    const headItem = deref(head, headPaths[headPath]) as Json;
    for (const method of METHODS) {
      if (!baseItem[method]) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!headItem[method]) {
        add('operation-removed', where, 'the operation is gone');
        continue;
      }
      compareOperation(
        { doc: base, item: baseItem, op: deref(base, baseItem[method]) as Json },
        { doc: head, item: headItem, op: deref(head, headItem[method]) as Json },
        where,
        add,
      );
    }
  }
  return changes;
}

interface Side {
  doc: Json;
  item: Json;
  op: Json;
}

function compareOperation(base: Side, head: Side, where: string, add: (code: BreakingCode, where: string, detail: string) => void): void {
  const baseParams = parameters(base);
  const headParams = parameters(head);
  for (const [key, hp] of headParams) {
    const bp = baseParams.get(key);
    const name = `${hp.in} parameter '${hp.name}'`;
    if (!bp) {
      if (hp.required && hp.in !== 'path') add('required-parameter-added', where, `new required ${name}`);
      continue;
    }
    if (hp.required && !bp.required) add('parameter-became-required', where, `${name} is now required`);
    const bt = typeOf(base.doc, bp.schema);
    const ht = typeOf(head.doc, hp.schema);
    if (bt && ht && bt !== ht && !(bt === 'integer' && ht === 'number')) add('parameter-type-changed', where, `${name}: ${bt} → ${ht}`);
    const headEnum = enumOf(head.doc, hp.schema);
    // A head without an enum accepts anything: nothing was removed.
    const removed = headEnum.length === 0 ? [] : enumOf(base.doc, bp.schema).filter((v) => !headEnum.includes(v));
    if (removed.length > 0) {
      add('parameter-enum-value-removed', where, `${name} no longer accepts ${removed.map((v) => JSON.stringify(v)).join(', ')}`);
    }
  }

  const baseBody = deref(base.doc, base.op.requestBody) as Json | undefined;
  const headBody = deref(head.doc, head.op.requestBody) as Json | undefined;
  if (headBody?.required === true && baseBody?.required !== true) add('request-body-became-required', where, 'a request body is now required');
  if (baseBody && headBody) {
    const bs = jsonSchema(base.doc, baseBody);
    const hs = jsonSchema(head.doc, headBody);
    if (bs && hs) {
      const before = new Set(requiredOf(base.doc, bs));
      for (const prop of requiredOf(head.doc, hs))
        if (!before.has(prop)) add('request-property-became-required', where, `request property '${prop}' is now required`);
    }
  }

  const baseResponses = (base.op.responses ?? {}) as Json;
  const headResponses = (head.op.responses ?? {}) as Json;
  for (const status of Object.keys(baseResponses)) {
    if (!/^2(\d\d|XX)$/i.test(status)) continue;
    if (!headResponses[status]) {
      add('success-response-removed', where, `response ${status} is gone`);
      continue;
    }
    const bs = jsonSchema(base.doc, deref(base.doc, baseResponses[status]) as Json);
    const hs = jsonSchema(head.doc, deref(head.doc, headResponses[status]) as Json);
    if (!bs || !hs) continue;
    const bprops = propertiesOf(base.doc, bs);
    const hprops = propertiesOf(head.doc, hs);
    for (const [prop, schema] of bprops) {
      const now = hprops.get(prop);
      if (!now) {
        add('response-property-removed', where, `response ${status} property '${prop}' is gone`);
        continue;
      }
      const bt = typeOf(base.doc, schema);
      const ht = typeOf(head.doc, now);
      if (bt && ht && bt !== ht && !(bt === 'integer' && ht === 'number'))
        add('response-property-type-changed', where, `response ${status} property '${prop}': ${bt} → ${ht}`);
    }
  }
}

interface Param {
  name: string;
  in: string;
  required: boolean;
  schema: unknown;
}

/** Path-level and operation-level parameters, the operation's winning, keyed by `in:name`. */
function parameters(side: Side): Map<string, Param> {
  const map = new Map<string, Param>();
  for (const raw of [...((side.item.parameters as unknown[]) ?? []), ...((side.op.parameters as unknown[]) ?? [])]) {
    const p = deref(side.doc, raw) as Json;
    if (typeof p?.name !== 'string' || typeof p.in !== 'string') continue;
    const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    map.set(key, { name: p.name, in: p.in, required: p.required === true || p.in === 'path', schema: p.schema });
  }
  return map;
}

/** The JSON body schema of a request body or response, if it has one. */
function jsonSchema(doc: Json, holder: Json | undefined): Json | null {
  const content = holder?.content as Json | undefined;
  if (!content) return null;
  const key = Object.keys(content).find((k) => /^application\/([a-z.+-]*\+)?json\b/i.test(k));
  const schema = key ? (deref(doc, (content[key] as Json)?.schema) as Json | undefined) : undefined;
  return schema ?? null;
}

/** Top-level properties, through $ref and allOf (an array answers its items' properties). */
function propertiesOf(doc: Json, schema: Json, depth = 0): Map<string, unknown> {
  const s = deref(doc, schema) as Json;
  const out = new Map<string, unknown>();
  if (!s || depth > 10) return out;
  if (s.type === 'array' && s.items) return propertiesOf(doc, s.items as Json, depth + 1);
  for (const [k, v] of Object.entries((s.properties as Json) ?? {})) out.set(k, v);
  for (const part of (s.allOf as Json[]) ?? []) for (const [k, v] of propertiesOf(doc, part, depth + 1)) out.set(k, v);
  return out;
}

function requiredOf(doc: Json, schema: Json, depth = 0): string[] {
  const s = deref(doc, schema) as Json;
  if (!s || depth > 10) return [];
  return [...((s.required as string[]) ?? []), ...((s.allOf as Json[]) ?? []).flatMap((part) => requiredOf(doc, part, depth + 1))];
}

function typeOf(doc: Json, schema: unknown): string | null {
  const s = deref(doc, schema) as Json | undefined;
  const t = s?.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return [...t].sort().join('|');
  return null;
}

/** The enum values of a schema; [] when it has none. */
function enumOf(doc: Json, schema: unknown): unknown[] {
  const s = deref(doc, schema) as Json | undefined;
  return Array.isArray(s?.enum) ? s.enum : [];
}

/** Follows local `$ref`s (`#/components/...`); a remote or broken one answers undefined. */
function deref(doc: Json, value: unknown, seen = 0): unknown {
  if (!value || typeof value !== 'object' || typeof (value as Json).$ref !== 'string') return value;
  if (seen > 20) return undefined;
  const ref = (value as Json).$ref as string;
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Json)[key] : undefined;
  }
  return deref(doc, node, seen + 1);
}

function shape(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

const MAX_ROWS = 200;

export function renderOpenApiReport(changes: readonly BreakingChange[], files: { base: string; head: string }): string {
  if (changes.length === 0) return `## OpenAPI diff: no breaking changes\n\n\`${files.base}\` (base) → \`${files.head}\` (head).\n`;
  const byCode = new Map<string, number>();
  for (const c of changes) byCode.set(c.code, (byCode.get(c.code) ?? 0) + 1);
  const cell = (t: string) => t.replace(/[|\r\n]/g, ' ').replace(/[<>`]/g, (c) => `&#${c.charCodeAt(0)};`);
  return [
    `## OpenAPI diff: ${changes.length} breaking change(s)`,
    '',
    `\`${files.base}\` (base) → \`${files.head}\` (head). ${[...byCode].map(([code, n]) => `${code}: ${n}`).join(', ')}.`,
    '',
    '| Change | Where | Detail |',
    '| --- | --- | --- |',
    ...changes.slice(0, MAX_ROWS).map((c) => `| ${c.code} | ${cell(c.where)} | ${cell(c.detail)} |`),
    ...(changes.length > MAX_ROWS ? ['', `…and ${changes.length - MAX_ROWS} more (the job summary and the \`changes\` output list them all).`] : []),
    '',
  ].join('\n');
}
