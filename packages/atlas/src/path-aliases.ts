/**
 * TypeScript's `paths` and `baseUrl` (tsconfig.json, jsconfig.json), read from the tree's own config files: an
 * import such as `@ui/button` names the file the compiler would load. A config applies to the files under its
 * folder, the nearest one winning, as in an editor. Its `extends` chain is followed through the tree's files only:
 * a path out of the tree or into a package is left unread, so a config cannot make the build read the runner's
 * files (`/proc/self/environ`, `/dev/zero`). Only configs named like one (tsconfig*.json, jsconfig*.json) are read:
 * the build keeps their text, and a change to one resolves every import again (edge-reuse.ts).
 */
import path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';

/** Files an `extends` may name, and the configs that apply to a folder (tsconfig.json, jsconfig.json). */
export function isTsconfig(file: string): boolean {
  return /^[tj]sconfig(\.[\w.-]+)?\.json$/.test(path.posix.basename(file));
}

const APPLIES = ['tsconfig.json', 'jsconfig.json'];

/**
 * Targets tried per pattern: real configs list one to three, and a config written to slow the build down (every
 * import of the tree tries each target) gets no further.
 */
const MAX_TARGETS = 8;

/** How deep an `extends` chain is followed; a longer one (or a cycle) keeps what was read so far. */
const MAX_EXTENDS = 16;

interface Options {
  /** The folder `paths` targets are relative to: the baseUrl, else the folder of the config that set `paths`. */
  base: string;
  paths: Array<[pattern: string, targets: string[]]> | null;
  /** Whether a baseUrl is set: then a bare specifier also names a file under it. */
  baseUrl: boolean;
}

export interface PathAliases {
  /** Tree paths (without an extension, as written after substitution) `specifier` may name from `from`, in order. */
  candidates(from: string, specifier: string): string[];
}

function dirOf(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

/** `rel` from `dir` inside the tree, or null when it leaves it. */
function inTree(dir: string, rel: string): string | null {
  const joined = path.posix.normalize(path.posix.join(dir === '' ? '.' : dir, rel));
  if (joined === '..' || joined.startsWith('../') || path.posix.isAbsolute(joined)) return null;
  return joined === '.' ? '' : joined.replace(/\/$/, '');
}

function compilerOptions(text: string): { extends: string[]; baseUrl?: string; paths?: Record<string, unknown> } {
  const errors: ParseError[] = [];
  const json = parse(text, errors, { allowTrailingComma: true }) as unknown;
  if (!json || typeof json !== 'object' || Array.isArray(json)) return { extends: [] };
  const record = json as Record<string, unknown>;
  const raw = record.extends;
  const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((e): e is string => typeof e === 'string') : [];
  const options = record.compilerOptions;
  if (!options || typeof options !== 'object') return { extends: list };
  const { baseUrl, paths } = options as Record<string, unknown>;
  const pathsRecord = paths && typeof paths === 'object' && !Array.isArray(paths) ? (paths as Record<string, unknown>) : undefined;
  return { extends: list, ...(typeof baseUrl === 'string' && { baseUrl }), ...(pathsRecord && { paths: pathsRecord }) };
}

interface Declared {
  /** The baseUrl as a tree folder, from the config that set it. */
  baseUrl: string | null;
  paths: Array<[pattern: string, targets: string[]]> | null;
  /** The folder of the config that set `paths`. */
  pathsDir: string | null;
}

/**
 * The baseUrl and paths in effect for the config at `file`: its own over those it extends, later `extends` entries
 * over earlier ones, each relative to the config that set it. `${configDir}` is the folder of the config in use.
 */
function declared(file: string, texts: ReadonlyMap<string, string>, configDir: string, depth: number, seen: ReadonlySet<string>): Declared {
  const own = compilerOptions(texts.get(file) ?? '');
  let result: Declared = { baseUrl: null, paths: null, pathsDir: null };
  if (depth < MAX_EXTENDS && !seen.has(file))
    for (const parent of own.extends) {
      // Only a relative path to a config of the tree: a package's config is not among the tree's files.
      if (!parent.startsWith('.')) continue;
      const target = inTree(dirOf(file), parent);
      const found = target === null ? undefined : [target, `${target}.json`].find((t) => isTsconfig(t) && texts.has(t));
      if (!found) continue;
      const inherited = declared(found, texts, configDir, depth + 1, new Set([...seen, file]));
      result = {
        baseUrl: inherited.baseUrl ?? result.baseUrl,
        ...(inherited.paths ? { paths: inherited.paths, pathsDir: inherited.pathsDir } : { paths: result.paths, pathsDir: result.pathsDir }),
      };
    }
  const here = dirOf(file);
  const template = path.posix.relative(here || '.', configDir || '.') || '.';
  if (own.baseUrl !== undefined) result.baseUrl = inTree(here, own.baseUrl.replaceAll('${configDir}', template));
  if (own.paths) {
    result.paths = Object.entries(own.paths)
      .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
      .map(([pattern, targets]) => [
        pattern,
        targets.filter((t): t is string => typeof t === 'string').map((t) => t.replaceAll('${configDir}', template)),
      ]);
    result.pathsDir = here;
  }
  return result;
}

function effectiveOptions(file: string, texts: ReadonlyMap<string, string>): Options {
  const { baseUrl, paths, pathsDir } = declared(file, texts, dirOf(file), 0, new Set());
  // Without a baseUrl, paths are relative to the config that declared them.
  return { base: baseUrl ?? pathsDir ?? '', paths, baseUrl: baseUrl !== null };
}

/** The pattern TypeScript picks: an exact key, else the `prefix*suffix` key with the longest prefix. */
function matchPattern(paths: ReadonlyArray<[string, string[]]>, specifier: string): { targets: string[]; star: string } | null {
  let best: { targets: string[]; star: string; prefix: number } | null = null;
  for (const [pattern, targets] of paths) {
    const star = pattern.indexOf('*');
    if (star < 0) {
      if (pattern === specifier) return { targets, star: '' };
      continue;
    }
    if (pattern.indexOf('*', star + 1) >= 0) continue; // TypeScript allows one `*`
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (!best || prefix.length > best.prefix)
      best = { targets, star: specifier.slice(prefix.length, specifier.length - suffix.length), prefix: prefix.length };
  }
  return best;
}

export function pathAliases(texts: ReadonlyMap<string, string>): PathAliases {
  const byDir = new Map<string, Options>();
  for (const name of APPLIES)
    for (const file of [...texts.keys()].filter((f) => path.posix.basename(f) === name).sort()) {
      const dir = dirOf(file);
      if (!byDir.has(dir)) byDir.set(dir, effectiveOptions(file, texts));
    }
  const nearest = (from: string): Options | undefined => {
    for (let dir = dirOf(from); ; dir = dirOf(dir)) {
      const options = byDir.get(dir);
      if (options || dir === '') return options;
    }
  };
  return {
    candidates(from, specifier) {
      const options = byDir.size === 0 ? undefined : nearest(from);
      if (!options) return [];
      const out: string[] = [];
      const matched = options.paths ? matchPattern(options.paths, specifier) : null;
      for (const target of (matched?.targets ?? []).slice(0, MAX_TARGETS)) {
        const rel = inTree(options.base, target.replace('*', matched?.star ?? ''));
        if (rel !== null) out.push(rel);
      }
      if (options.baseUrl) {
        const rel = inTree(options.base, specifier);
        if (rel !== null) out.push(rel);
      }
      return out;
    },
  };
}
