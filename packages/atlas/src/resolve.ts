/** Turns an import as written into the file of the tree it names, when it names one. */
import path from 'node:path';
import type { PathAliases } from './path-aliases.js';
import { goResolver } from './resolve-go.js';
import { javaResolver } from './resolve-java.js';

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** One language's resolver: the tree files an import names (resolve-go.ts, resolve-java.ts). */
export type LanguageResolver = (from: string, source: string, names: readonly string[]) => string[];

export interface Resolver {
  resolve(from: string, language: string, source: string, names: readonly string[]): string[];
}

interface WorkspacePackage {
  name: string;
  dir: string;
  entry: string | null;
}

function dirOf(file: string): string {
  const dir = path.posix.dirname(file);
  return dir === '.' ? '' : dir;
}

function join(dir: string, rel: string): string | null {
  const joined = path.posix.normalize(dir === '' ? rel : `${dir}/${rel}`);
  return joined.startsWith('..') ? null : joined.replace(/\/$/, '');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The texts of the tree's files that say how imports resolve, by path. */
export interface ResolverConfigs {
  packageJsons: ReadonlyMap<string, string>;
  /** The tree's tsconfig `paths` and `baseUrl`, tried first for a bare specifier, as the compiler does. */
  aliases?: PathAliases;
  goMods?: ReadonlyMap<string, string>;
}

export function createResolver(files: readonly string[], { packageJsons, aliases, goMods = new Map() }: ResolverConfigs): Resolver {
  const set = new Set(files);
  // Built on the first import of their language.
  let go: LanguageResolver | undefined;
  let java: LanguageResolver | undefined;

  const tryTs = (base: string | null): string | null => {
    if (base === null) return null;
    if (set.has(base)) return base;
    const swapped = base.replace(/\.(m|c)?jsx?$/, '');
    if (swapped !== base) for (const ext of TS_EXTENSIONS) if (set.has(swapped + ext)) return swapped + ext;
    for (const ext of TS_EXTENSIONS) if (set.has(base + ext)) return base + ext;
    for (const ext of TS_EXTENSIONS) if (set.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
    return null;
  };

  // Workspace packages: `@scope/name` and `@scope/name/sub` resolve into the package's folder.
  const workspace: WorkspacePackage[] = [];
  for (const [file, text] of [...packageJsons].sort(([a], [b]) => compare(a, b))) {
    try {
      const json = JSON.parse(text) as { name?: unknown; main?: unknown; module?: unknown; exports?: unknown; source?: unknown; types?: unknown };
      if (typeof json.name !== 'string') continue;
      const dir = dirOf(file);
      const exported = typeof json.exports === 'string' ? json.exports : (json.exports as Record<string, unknown> | undefined)?.['.'];
      const candidates = [json.source, typeof exported === 'string' ? exported : undefined, json.module, json.main].filter(
        (c): c is string => typeof c === 'string',
      );
      const entry = candidates.map((c) => tryTs(join(dir, c))).find((c) => c !== null) ?? tryTs(join(dir, 'src/index')) ?? tryTs(join(dir, 'index'));
      workspace.push({ name: json.name, dir, entry: entry ?? null });
    } catch {
      // not JSON: no package here
    }
  }
  // One package per name: the first manifest in path order (nested copies of a package in node_modules share a
  // name), whatever order the manifests were read in.
  const byName = new Map<string, WorkspacePackage>();
  for (const pkg of workspace) if (!byName.has(pkg.name)) byName.set(pkg.name, pkg);
  /** The package `source` names, the longest name that is `source` or a folder prefix of it. */
  const packageOf = (source: string): WorkspacePackage | undefined => {
    for (let end = source.length; end > 0; end = source.lastIndexOf('/', end - 1)) {
      const pkg = byName.get(source.slice(0, end));
      if (pkg) return pkg;
    }
    return undefined;
  };

  // Python modules by dotted name, each from its package root (the first folder up without __init__.py).
  const modules = new Map<string, string[]>();
  const hasInit = (dir: string): boolean => set.has(dir === '' ? '__init__.py' : `${dir}/__init__.py`);
  for (const file of files) {
    if (!/\.pyi?$/.test(file)) continue;
    let dir = dirOf(file);
    while (dir !== '' && hasInit(dir)) dir = dirOf(dir);
    const rel = (dir === '' ? file : file.slice(dir.length + 1)).replace(/\.pyi?$/, '').replace(/\/__init__$/, '');
    const name = rel.split('/').join('.');
    const list = modules.get(name) ?? [];
    list.push(file);
    modules.set(name, list);
  }
  const pyModule = (name: string, near: string): string | null => {
    const list = modules.get(name);
    if (!list) return null;
    return [...list].sort((a, b) => commonPrefix(b, near) - commonPrefix(a, near) || a.localeCompare(b))[0] ?? null;
  };
  const pyRelative = (base: string, rest: string): string | null => {
    const stem = rest === '' ? base : join(base, rest.split('.').join('/'));
    if (stem === null) return null;
    for (const candidate of [`${stem}.py`, `${stem}/__init__.py`, `${stem}.pyi`])
      if (set.has(candidate.replace(/^\//, ''))) return candidate.replace(/^\//, '');
    return null;
  };

  return {
    resolve(from, language, source, names) {
      if (language === 'go') return (go ??= goResolver(files, goMods))(from, source, names).filter((file) => file !== from);
      if (language === 'java') return (java ??= javaResolver(files))(from, source, names).filter((file) => file !== from);
      const found = new Set<string>();
      if (language === 'python') {
        const dots = /^\.*/.exec(source)?.[0].length ?? 0;
        if (dots > 0) {
          let base: string | null = dirOf(from);
          for (let i = 1; i < dots && base !== null; i++) base = base === '' ? null : dirOf(base);
          if (base === null) return [];
          const rest = source.slice(dots);
          const target = pyRelative(base, rest);
          for (const name of names) {
            const sub = pyRelative(base, rest === '' ? name : `${rest}.${name}`);
            if (sub) found.add(sub);
          }
          if (target && (found.size === 0 || !target.endsWith('__init__.py'))) found.add(target);
        } else {
          const parts = source.split('.');
          for (const name of names) {
            const sub = pyModule(`${source}.${name}`, from);
            if (sub) found.add(sub);
          }
          for (let n = parts.length; n > 0 && found.size === 0; n--) {
            const target = pyModule(parts.slice(0, n).join('.'), from);
            if (target) found.add(target);
          }
        }
      } else if (source.startsWith('.')) {
        const target = tryTs(join(dirOf(from), source));
        if (target) found.add(target);
      } else {
        const aliased = aliases
          ?.candidates(from, source)
          .map(tryTs)
          .find((target) => target !== null);
        const pkg = aliased ? undefined : packageOf(source);
        if (aliased) found.add(aliased);
        else if (pkg) {
          const sub = source.slice(pkg.name.length + 1);
          const target =
            sub === '' ? pkg.entry : (tryTs(join(pkg.dir, sub)) ?? tryTs(join(pkg.dir, `src/${sub}`)) ?? tryTs(join(pkg.dir, `src/${sub}/index`)));
          if (target) found.add(target);
        } else {
          // Path aliases (`@/x`, `~/x`, baseUrl imports): tried against the root and src/.
          const bare = source.replace(/^[@~]\//, '');
          const target = tryTs(join('', bare)) ?? tryTs(join('src', bare));
          if (target && target !== from) found.add(target);
        }
      }
      found.delete(from);
      return [...found].sort();
    },
  };
}
