import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Ajv as AjvInstance } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { type LoadedSpec, type OpenApiParameter, type RouteEntry, resolveRef } from './openapi-spec.js';

// ajv and ajv-formats are CommonJS with a `default` export; NodeNext sees the module object.
type AjvCtor = new (opts: Record<string, unknown>) => AjvInstance;
const Ajv = ((AjvModule as unknown as { default?: AjvCtor }).default ?? AjvModule) as unknown as AjvCtor;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvInstance) => AjvInstance;

export interface ValidationProblem {
  /** Where GitHub would answer: 404 for a bad path parameter, 422 for query and body problems, 400 for unreadable JSON. */
  status: 400 | 404 | 422;
  message: string;
}

interface CompiledOperation {
  path?: ValidateFunction;
  query?: ValidateFunction;
  body?: ValidateFunction;
  bodyRequired: boolean;
  queryParams: OpenApiParameter[];
  responses: Map<string, ValidateFunction | null>;
}

/** Checks requests (and, on demand, responses) against the operation's schemas; compiled lazily per operation. */
export class OpenApiValidator {
  private readonly ajv: AjvInstance;
  private readonly coercing: AjvInstance;
  private readonly compiled = new Map<string, CompiledOperation>();

  constructor(private readonly spec: LoadedSpec) {
    this.ajv = new Ajv({ strict: false, allErrors: false, logger: false, validateFormats: true });
    addFormats(this.ajv);
    // GitHub documents `default: ""` for several `format: uri` fields (deployment statuses): accept the empty string.
    const uri = (this.ajv as unknown as { formats: Record<string, unknown> }).formats.uri;
    const isUri = (s: string) =>
      uri instanceof RegExp
        ? uri.test(s)
        : typeof uri === 'function'
          ? (uri as (x: string) => boolean)(s)
          : (uri as { validate: (x: string) => boolean }).validate(s);
    this.ajv.addFormat('uri', (s: string) => s === '' || isUri(s));
    // Query and path values arrive as strings: coerce them the way GitHub reads them.
    this.coercing = new Ajv({ strict: false, logger: false, coerceTypes: 'array', useDefaults: false });
    addFormats(this.coercing);
  }

  /** Validates and coerces path and query parameters in place. */
  checkParameters(route: RouteEntry, pathParams: Record<string, string>, query: Record<string, unknown>): ValidationProblem | undefined {
    const op = this.operation(route);
    if (op.path && !op.path(pathParams)) return { status: 404, message: 'Not Found' };
    for (const p of op.queryParams) {
      if (p.required && query[p.name] === undefined) return { status: 422, message: `Invalid request.\n\n"${p.name}" wasn't supplied.` };
    }
    if (op.query && !op.query(query)) return { status: 422, message: `Invalid request.\n\n${describe(op.query.errors, 'query')}` };
    return undefined;
  }

  checkBody(route: RouteEntry, body: unknown, hasBody: boolean): ValidationProblem | undefined {
    const op = this.operation(route);
    if (!hasBody) {
      if (op.bodyRequired) return { status: 422, message: 'Invalid request.\n\nNo body was supplied.' };
      return undefined;
    }
    if (op.body && !op.body(body)) return { status: 422, message: `Invalid request.\n\n${describe(op.body.errors, 'body')}` };
    return undefined;
  }

  /** For the emulator's own tests: does a response body match the documented schema for that status? */
  checkResponse(route: RouteEntry, status: number, body: unknown): string | undefined {
    const op = this.operation(route);
    const key = String(status);
    if (!op.responses.has(key)) {
      const resp = route.operation.responses?.[key];
      if (!resp) {
        op.responses.set(key, null);
      } else {
        const resolved = resolveRef(this.spec.document, resp) as { content?: Record<string, { schema?: Record<string, unknown> }> };
        const schema = resolved.content?.['application/json']?.schema;
        op.responses.set(key, schema ? this.ajv.compile(this.standalone(schema)) : null);
      }
    }
    const documented = route.operation.responses?.[key];
    if (!documented) return `status ${status} is not documented for ${route.operationId}`;
    const fn = op.responses.get(key);
    if (fn && !fn(body))
      return `${route.operationId} ${status}: ${(fn.errors ?? [])
        .slice(0, 3)
        .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
        .join('; ')}`;
    return undefined;
  }

  private operation(route: RouteEntry): CompiledOperation {
    const existing = this.compiled.get(route.operationId);
    if (existing) return existing;
    const document = this.spec.document;
    const params = (route.operation.parameters ?? []).map((p) => resolveRef<OpenApiParameter>(document, p));
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const objectSchema = (list: OpenApiParameter[]) => ({
      type: 'object',
      properties: Object.fromEntries(list.map((p) => [p.name, this.standalone(p.schema ?? {})])),
      required: list.filter((p) => p.required).map((p) => p.name),
    });
    const content = route.operation.requestBody?.content ?? {};
    const bodySchema = content['application/json']?.schema ?? Object.values(content)[0]?.schema;
    const compiled: CompiledOperation = {
      path: pathParams.length ? this.coercing.compile(objectSchema(pathParams)) : undefined,
      query: queryParams.length ? this.coercing.compile(objectSchema(queryParams)) : undefined,
      body: bodySchema ? this.ajv.compile(this.standalone(bodySchema)) : undefined,
      bodyRequired: route.operation.requestBody?.required === true,
      queryParams,
      responses: new Map(),
    };
    this.compiled.set(route.operationId, compiled);
    return compiled;
  }

  /**
   * Copies a schema with every component it references (transitively) under `definitions`, so ajv compiles only
   * what one operation needs. OpenAPI 3.0 `nullable` becomes `anyOf [..., null]` (ajv rejects nullable without type).
   */
  private standalone(schema: Record<string, unknown>): Record<string, unknown> {
    const components = this.spec.document.components.schemas ?? {};
    const definitions: Record<string, unknown> = {};
    const pending: string[] = [];
    const convert = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(convert);
      if (!node || typeof node !== 'object') return node;
      const src = node as Record<string, unknown>;
      if (typeof src.$ref === 'string') {
        const m = /^#\/components\/schemas\/(.+)$/.exec(src.$ref);
        if (!m) throw new Error(`unsupported $ref ${src.$ref}`);
        if (!(m[1]! in definitions)) {
          definitions[m[1]!] = true;
          pending.push(m[1]!);
        }
        return { $ref: `#/definitions/${m[1]!}` };
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(src)) {
        if (k === 'nullable' || k === 'example' || k === 'examples') continue;
        // Keys of `properties` are names, not keywords: convert their values only.
        out[k] =
          k === 'properties' && v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, convert(s)])) : convert(v);
      }
      return src.nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
    };
    const root = convert(schema) as Record<string, unknown>;
    while (pending.length) {
      const name = pending.pop()!;
      definitions[name] = convert(components[name]);
    }
    return Object.keys(definitions).length ? { ...root, definitions } : root;
  }
}

/** GitHub-like wording: "For 'properties/title', 5 is not a string." */
function describe(errors: ErrorObject[] | null | undefined, where: string): string {
  const e = errors?.[0];
  if (!e) return `invalid ${where}`;
  if (e.keyword === 'required') return `"${String(e.params.missingProperty)}" wasn't supplied.`;
  const pointer = e.instancePath
    ? e.instancePath
        .slice(1)
        .split('/')
        .map((k) => `properties/${k}`)
        .join('/')
    : where;
  return `For '${pointer}', ${e.message ?? 'is invalid'}.`;
}

let shared: OpenApiValidator | undefined;

/** One validator per process: compiled operations are reused by every emulator. */
export function sharedValidator(spec: LoadedSpec): OpenApiValidator {
  shared ??= new OpenApiValidator(spec);
  return shared;
}
