/**
 * SARIF 2.1.0 in and out. Every log this role reads (from any scanner: CodeQL, semgrep, eslint, secretlint…) and
 * the one it writes is validated against the official OASIS schema (vendored in sarif-schema/, draft-04, compiled
 * once with Ajv's draft-04 build). An invalid log is a ConfigurationError naming the file and the schema path.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import type * as Sarif from './sarif-types.js';
import { ConfigurationError } from '@eternia/core';
import schema from './sarif-schema/sarif-schema-2.1.0.json' with { type: 'json' };
import type { ScanFinding, Level } from './finding.js';

// ajv-draft-04 and ajv-formats are CommonJS with a `default` export; NodeNext sees the module object.
type Ajv04Ctor = new (opts: Record<string, unknown>) => { compile(schema: unknown): ValidateFunction };
const Ajv04 = ((Ajv04Module as unknown as { default?: Ajv04Ctor }).default ?? Ajv04Module) as unknown as Ajv04Ctor;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: unknown) => unknown;

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv04({ strict: false, allErrors: false, logger: false, validateFormats: true });
  addFormats(ajv);
  compiled = ajv.compile(schema);
  return compiled;
}

/** The first schema violation, as `<instance path>: <message> (schema <schema path>)`; null when valid. */
export function sarifSchemaProblem(log: unknown): string | null {
  const validate = validator();
  if (validate(log)) return null;
  const error = (validate.errors ?? [])[0] as ErrorObject | undefined;
  if (!error) return 'does not match the SARIF 2.1.0 schema';
  const where = error.instancePath || '/';
  const extra = error.keyword === 'additionalProperties' ? ` '${String((error.params as { additionalProperty?: string }).additionalProperty)}'` : '';
  return `${where}: ${error.message ?? 'invalid'}${extra} (schema ${absoluteSchemaPath(error.instancePath, error.schemaPath)})`;
}

type SchemaNode = { $ref?: string; properties?: Record<string, SchemaNode>; items?: SchemaNode; additionalProperties?: SchemaNode | boolean };

/**
 * Ajv reports a schema path relative to the last `$ref` it followed (`#/properties/level/enum` inside a result);
 * walking the instance path through the schema names the definition (`#/definitions/result/properties/level/enum`).
 */
function absoluteSchemaPath(instancePath: string, schemaPath: string): string {
  const root = schema as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };
  let base = '#';
  const deref = (node: SchemaNode | undefined): SchemaNode | undefined => {
    for (let hops = 0; node?.$ref && hops < 10; hops++) {
      const name = /^#\/definitions\/(.+)$/.exec(node.$ref)?.[1];
      if (!name) return undefined;
      base = `#/definitions/${name}`;
      node = root.definitions[name];
    }
    return node;
  };
  let node: SchemaNode | undefined = root;
  const segments = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (const segment of segments) {
    node = deref(node);
    if (!node) return schemaPath;
    node =
      node.properties?.[segment] ??
      (/^\d+$/.test(segment) ? node.items : undefined) ??
      (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  if (!deref(node)) return schemaPath;
  return base + schemaPath.replace(/^#/, '');
}

/** Parses and validates one SARIF file; the error names the file (as given) and the schema path. */
export function readSarifFile(file: string, label = file): Sarif.Log {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(`cannot be read: ${(error as Error).message}`, `SARIF file ${label}`);
  }
  let log: unknown;
  try {
    log = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ConfigurationError(`is not JSON: ${(error as Error).message}`, `SARIF file ${label}`);
  }
  const problem = sarifSchemaProblem(log);
  if (problem) throw new ConfigurationError(`is not valid SARIF 2.1.0: ${problem}`, `SARIF file ${label}`);
  return log as Sarif.Log;
}

/**
 * The results of a SARIF log as findings with a repository-relative path and a line. Results without a physical
 * location in the workspace (a whole-project note, a file outside the checkout) are counted, not returned.
 * Snippets are never copied: a scanner may have put a secret there.
 */
export function sarifFindings(log: Sarif.Log, workspace: string, file: string): { findings: ScanFinding[]; unlocated: number } {
  const findings: ScanFinding[] = [];
  let unlocated = 0;
  for (const run of log.runs) {
    const tool = run.tool.driver.name;
    const rules = run.tool.driver.rules ?? [];
    const baseIds = run.originalUriBaseIds ?? {};
    for (const result of run.results ?? []) {
      const rule = result.ruleId ?? result.rule?.id ?? (result.ruleIndex !== undefined ? rules[result.ruleIndex]?.id : undefined) ?? 'unknown';
      const location = result.locations?.[0]?.physicalLocation;
      const uri =
        location?.artifactLocation?.uri ??
        (location?.artifactLocation?.index !== undefined ? run.artifacts?.[location.artifactLocation.index]?.location?.uri : undefined);
      const baseId = location?.artifactLocation?.uriBaseId;
      const line = location?.region?.startLine;
      const relative = uri ? workspacePath(uri, baseId ? baseIds[baseId]?.uri : undefined, workspace) : null;
      if (!relative || !line) {
        unlocated++;
        continue;
      }
      const ruleMeta = rules.find((r) => r.id === rule);
      const message = result.message.text ?? result.message.markdown ?? ruleMeta?.shortDescription?.text ?? rule;
      findings.push({
        source: 'sarif',
        tool,
        rule,
        level: levelOf(result.level ?? ruleMeta?.defaultConfiguration?.level),
        message,
        path: relative,
        line,
        ...(location?.region?.endLine && location.region.endLine > line ? { endLine: location.region.endLine } : {}),
        ...(ruleMeta?.helpUri ? { helpUri: ruleMeta.helpUri } : {}),
        origin: file,
      });
    }
  }
  return { findings, unlocated };
}

function levelOf(level: string | undefined): Level {
  return level === 'error' || level === 'note' || level === 'none' ? (level === 'none' ? 'note' : level) : 'warning';
}

/** A SARIF artifact URI as a path relative to the workspace, or null when it is not inside it. */
export function workspacePath(uri: string, baseUri: string | undefined, workspace: string): string | null {
  let absolute: string;
  try {
    if (/^file:/i.test(uri)) absolute = new URL(uri).pathname;
    else if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) return null;
    else {
      const decoded = decodeURIComponent(uri);
      const base = baseUri && /^file:/i.test(baseUri) ? new URL(baseUri).pathname : workspace;
      absolute = path.resolve(base, decoded);
    }
  } catch {
    return null;
  }
  const relative = path.relative(path.resolve(workspace), decodeURIComponent(absolute));
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return relative.split(path.sep).join('/');
}
