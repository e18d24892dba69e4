/**
 * Reads and validates the consuming repository's `.github/agents.yml`. A missing file means the
 * defaults; anything else that is wrong (unreadable, YAML syntax, unknown key, wrong type, a secret)
 * is a ConfigurationError naming the file and the key, never a silent default.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { ConfigurationError } from '../errors.js';
import { baseType, schemaAt } from '../schema-text.js';
import { isSecretLookingName } from '../redact.js';
import { findSecrets, describeIssues, type Problem } from './problems.js';
import { BUILTIN_DENY, DEFAULT_POLICY, REMOVED_KEYS, policySchema, type Policy } from './schema.js';

export const DEFAULT_POLICY_FILE = '.github/agents.yml';

/** A policy file is a few dozen lines; anything this big is a mistake (or an attack on the parser). */
const MAX_POLICY_BYTES = 256 * 1024;

export interface LoadPolicyOptions {
  /** The checked-out repository (GITHUB_WORKSPACE). */
  workspace: string;
  /** Path of the policy file relative to the workspace. */
  file?: string;
  /** Reads a file as UTF-8; rejects with `code: 'ENOENT'` when it does not exist. Defaults to fs. */
  readFile?: (absolutePath: string) => Promise<string>;
}

export interface LoadedPolicy {
  policy: Policy;
  /** The file the policy came from (as given, relative to the workspace), or null when it does not exist. */
  source: string | null;
  /** Things the job summary should say: defaults used, built-in denied globs kept, secret-looking env names passed. */
  notices: string[];
}

export async function loadPolicy(options: LoadPolicyOptions): Promise<LoadedPolicy> {
  const file = options.file ?? DEFAULT_POLICY_FILE;
  const workspace = path.resolve(options.workspace);
  const absolute = path.resolve(workspace, file);
  const relative = path.relative(workspace, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new ConfigurationError('the policy file must be a file inside the repository', `policy file '${file}'`);
  }
  const read = options.readFile ?? ((p: string) => fsReadFile(p, 'utf8'));
  let text: string;
  try {
    text = await read(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT') {
      return { policy: DEFAULT_POLICY, source: null, notices: [`no ${file} in the repository; using the default policy`] };
    }
    if (code === 'EISDIR') throw new ConfigurationError('is a directory, expected a YAML file', file, { cause: error });
    throw new ConfigurationError(`cannot be read (${code ?? (error as Error)?.message ?? String(error)})`, file, { cause: error });
  }
  const { policy, notices } = parsePolicy(text, file);
  return { policy, source: file, notices };
}

/** Validates the text of a policy file; `file` names it in every message. */
export function parsePolicy(text: string, file: string = DEFAULT_POLICY_FILE): { policy: Policy; notices: string[] } {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) {
    throw new ConfigurationError(`is larger than ${MAX_POLICY_BYTES / 1024} KiB; a policy file is a few dozen lines`, file);
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const pos = syntax.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    const first =
      syntax.code === 'MULTIPLE_DOCS'
        ? "the file holds more than one YAML document (a second '---'); keep one"
        : syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigurationError(`YAML syntax error: ${first}`, where);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new ConfigurationError(`YAML error: ${(error as Error).message}`, file, { cause: error });
  }
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigurationError(
      `expected a mapping of settings (key: value) at the top level, got ${Array.isArray(raw) ? 'a list' : JSON.stringify(raw)}`,
      file,
    );
  }

  dropEmptySections(raw as Record<string, unknown>);
  const secrets = findSecrets(raw);
  if (secrets.length > 0) {
    throw new ConfigurationError(
      `${withLines(secrets, doc, lines).join('; ')}. The file is committed to the repository: pass secrets to the action as inputs ` +
        'from `secrets.*` instead, remove them from the file, and rotate any secret that was pushed.',
      file,
    );
  }

  const removed = Object.keys(raw as Record<string, unknown>).filter((key) => Object.hasOwn(REMOVED_KEYS, key));
  if (removed.length > 0) {
    const problems = removed.map((key) => ({ path: [key], text: `key '${key}' ${REMOVED_KEYS[key]}` }));
    throw new ConfigurationError(withLines(problems, doc, lines).join('; '), file);
  }

  const result = policySchema.safeParse(raw);
  if (!result.success) {
    const problems = describeIssues(policySchema, raw, result.error.issues);
    throw new ConfigurationError(withLines(problems, doc, lines).join('; '), file);
  }
  return { policy: result.data, notices: policyNotices(raw as Record<string, unknown>, result.data, file) };
}

/**
 * `limits:` with every line under it commented out is YAML null. An empty section means "use the
 * defaults" (as a missing one does); a null where a value belongs stays an error.
 */
function dropEmptySections(raw: Record<string, unknown>, schema: z.core.$ZodType = policySchema): void {
  for (const [key, value] of Object.entries(raw)) {
    const field = schemaAt(schema, [key]);
    const type = field ? baseType(field) : undefined;
    if (type !== 'object' && type !== 'record') continue;
    if (value === null) delete raw[key];
    else if (type === 'object' && value && typeof value === 'object' && !Array.isArray(value))
      dropEmptySections(value as Record<string, unknown>, field);
  }
}

/** What the summary should tell the user about how their file was read. */
function policyNotices(raw: Record<string, unknown>, policy: Policy, file: string): string[] {
  const notices: string[] = [];
  const userDeny = (raw.paths as { deny?: unknown } | undefined)?.deny;
  if (Array.isArray(userDeny)) {
    const missing = BUILTIN_DENY.filter((glob) => !userDeny.includes(glob));
    if (missing.length > 0) {
      notices.push(`${file}: paths.deny does not list ${missing.join(', ')}; built-in denied paths always apply, so they stay denied`);
    }
  }
  const secretNames = policy['env-allow'].filter((name) => !name.endsWith('*') && isSecretLookingName(name));
  if (secretNames.length > 0) {
    notices.push(
      `${file}: env-allow passes ${secretNames.join(', ')} to tool processes by exact name; code the model writes can read ${secretNames.length === 1 ? 'it' : 'them'}`,
    );
  }
  return notices;
}

function withLines(problems: readonly Problem[], doc: Document, lines: LineCounter): string[] {
  return problems.map((problem) => {
    const line = lineOf(doc, lines, problem.path);
    return line ? `${problem.text} (line ${line})` : problem.text;
  });
}

/** The line of the key at `path` (or of the closest existing parent) in the YAML source. */
function lineOf(doc: Document, lines: LineCounter, keyPath: readonly PropertyKey[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const key of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => (item.key as { value?: unknown } | null)?.value === key || String((item.key as { value?: unknown })?.value) === String(key),
      );
      if (!pair) break;
      offset = (pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as { range?: [number, number, number] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}
