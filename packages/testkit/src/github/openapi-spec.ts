import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { processWide } from '../process/process-wide.js';

/** The parts of GitHub's OpenAPI description the emulator reads. */
export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Record<string, unknown>;
}
export interface OpenApiOperation {
  operationId: string;
  parameters?: Array<OpenApiParameter | { $ref: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Record<string, unknown> }> };
  responses?: Record<string, { $ref?: string; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: Record<string, Record<string, unknown>>;
}

/** One operation reachable by method + path template. */
export interface RouteEntry {
  method: string;
  template: string;
  operationId: string;
  operation: OpenApiOperation;
  /** Template segments: a string is literal, null is a parameter (its name is in paramNames). */
  segments: Array<string | null>;
  paramNames: string[];
}

export interface LoadedSpec {
  document: OpenApiDocument;
  routes: RouteEntry[];
  byOperationId: Map<string, RouteEntry>;
  loadMs: number;
}

const HTTP_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head']);

/** The description file of the pinned @octokit/openapi (read directly: the package index loads every variant). */
export function openApiFilePath(): string {
  return createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
}

/**
 * Parsed once per process: parsing the 13 MB description takes ~0.3 s on an idle machine and ~2 s on a loaded
 * 2-core one, and about twenty test files start an emulator: a jest worker parses it once, not once per file.
 * Nothing writes to it.
 */
const parsed = processWide<{ spec?: LoadedSpec }>('github-openapi-spec', () => ({}));

/** Whether this process has parsed the description already (for the emulator's startup figures). */
export function specLoaded(): boolean {
  return parsed.spec !== undefined;
}

export function loadSpec(): LoadedSpec {
  const cached = parsed.spec;
  if (cached) return cached;
  const started = performance.now();
  const document = JSON.parse(readFileSync(openApiFilePath(), 'utf8')) as OpenApiDocument;
  const routes: RouteEntry[] = [];
  const byOperationId = new Map<string, RouteEntry>();
  for (const [template, item] of Object.entries(document.paths)) {
    const parts = template.split('/').slice(1);
    const paramNames: string[] = [];
    const segments = parts.map((part) => {
      const m = /^\{(.+)\}$/.exec(part);
      if (m) {
        paramNames.push(m[1]!);
        return null;
      }
      return part;
    });
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const entry: RouteEntry = { method: method.toUpperCase(), template, operationId: operation.operationId, operation, segments, paramNames };
      routes.push(entry);
      byOperationId.set(operation.operationId, entry);
    }
  }
  const loaded: LoadedSpec = { document, routes, byOperationId, loadMs: performance.now() - started };
  parsed.spec = loaded;
  return loaded;
}

/** Resolves a local `#/components/...` reference. */
export function resolveRef<T>(document: OpenApiDocument, value: T | { $ref: string }): T {
  let current: unknown = value;
  for (let guard = 0; guard < 20 && current && typeof current === 'object' && '$ref' in current; guard++) {
    const ref = (current as { $ref: string }).$ref;
    if (!ref.startsWith('#/')) throw new Error(`unsupported $ref ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  }
  return current as T;
}

// Parameters whose values GitHub accepts with raw slashes (refs, file paths, "base...head").
const GREEDY_PARAMS = new Set(['ref', 'path', 'basehead', 'branch', 'environment_name', 'file_path']);

export interface RouteMatch {
  route: RouteEntry;
  params: Record<string, string>;
}

/**
 * Finds the operation for a method and raw (still percent-encoded) path. Literal segments beat parameters,
 * left to right, like GitHub's router (`/issues/comments` is not issue number "comments").
 */
export function matchRoute(spec: LoadedSpec, method: string, rawPath: string): RouteMatch | { methodNotAllowed: true } | undefined {
  const parts = rawPath.split('/').slice(1);
  let best: { route: RouteEntry; params: Record<string, string>; score: number[] } | undefined;
  let pathExists = false;
  for (const route of spec.routes) {
    const matched = matchSegments(route, parts);
    if (!matched) continue;
    if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) {
      pathExists = true;
      continue;
    }
    if (!best || compareScore(matched.score, best.score) > 0) best = { route, ...matched };
  }
  if (best) return { route: best.route, params: best.params };
  return pathExists ? { methodNotAllowed: true } : undefined;
}

function matchSegments(route: RouteEntry, parts: string[]): { params: Record<string, string>; score: number[] } | undefined {
  const { segments, paramNames } = route;
  const params: Record<string, string> = {};
  const score: number[] = [];
  let p = 0;
  let paramIndex = 0;
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    if (p >= parts.length) return undefined;
    if (seg !== null) {
      if (parts[p] !== seg) return undefined;
      score.push(2);
      p++;
      continue;
    }
    const name = paramNames[paramIndex++]!;
    const remainingLiterals = segments.length - s - 1;
    // A greedy parameter takes every part the rest of the template leaves over.
    const take = GREEDY_PARAMS.has(name) ? parts.length - p - remainingLiterals : 1;
    if (take < 1) return undefined;
    const raw = parts.slice(p, p + take);
    // Only a file path may be empty (the repository root: `/contents/`).
    if (raw.some((r) => r === '') && !(name === 'path' && raw.length === 1)) return undefined;
    try {
      params[name] = raw.map((r) => decodeURIComponent(r)).join('/');
    } catch {
      return undefined;
    }
    score.push(take === 1 ? 1 : 0);
    p += take;
  }
  if (p !== parts.length) return undefined;
  return { params, score };
}

function compareScore(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
