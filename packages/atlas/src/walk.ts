/**
 * The files an atlas covers: every regular file under the root that .gitignore (each folder's, and
 * .git/info/exclude) does not exclude, less vendored and generated trees and binaries. Works the same on a
 * plain directory and in a checkout; symlinks are never followed.
 */
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Folders that hold someone else's code or build output, skipped wherever they are. */
export const SKIPPED_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'vendor',
  'third_party',
  'third-party',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  'site-packages',
  'dist',
  'build',
  'out',
  'coverage',
  '.next',
  '.nuxt',
  '.cache',
  '.turbo',
]);

const GENERATED_NAME = /(\.min\.(js|css)$|\.bundle\.js$|\.map$|-lock\.json$|\.lock$|_pb2(_grpc)?\.pyi?$|\.pb\.go$|\.generated\.\w+$)/;

/** Files too big to be hand-written source; counted as generated. */
export const MAX_FILE_BYTES = 1_000_000;

export function isGeneratedName(file: string): boolean {
  const base = path.posix.basename(file);
  return GENERATED_NAME.test(base) || base === 'package-lock.json' || base === 'repo_atlas.json';
}

/**
 * A declaration file is compiler output when the module it declares sits beside it (`x.d.ts` next to `x.js` or
 * `x.ts`); one alone (`typings/index.d.ts` for a JavaScript package, `env.d.ts`) is written by hand and mapped.
 */
export function isEmittedDeclaration(name: string, siblings: ReadonlySet<string>): boolean {
  const m = /^(.*)\.d\.([mc]?)ts$/.exec(name);
  if (!m) return false;
  const [, stem, flavour] = m;
  return [`${stem}.${flavour}js`, `${stem}.${flavour}ts`, `${stem}.${flavour}jsx`, `${stem}.tsx`].some((s) => siblings.has(s));
}

/** Binary: a NUL byte in the first 8000 bytes (git's own test). */
export function isBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

interface Scope {
  base: string;
  rules: Ignore;
}

// Synchronous calls: one thread-pool round trip per folder made the walk wait far longer than it worked.
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** Rules read as git reads them on a Linux runner (core.ignorecase false): `Gen/` does not hide `gen/`. */
const gitIgnoreRules = (): Ignore => ignore({ ignorecase: false });

/** Sorted paths relative to `root`, `/`-separated. */
export function listSourceFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const rootRules = gitIgnoreRules();
  rootRules.add(readText(path.join(root, '.git/info/exclude')));
  walk(root, '', [{ base: '', rules: rootRules }], found);
  return Promise.resolve(found.sort());
}

function ignored(scopes: readonly Scope[], rel: string, dir: boolean): boolean {
  // The deepest .gitignore that has an opinion wins; ignore() answers for one file's rules.
  let verdict = false;
  for (const scope of scopes) {
    const local = scope.base === '' ? rel : rel.slice(scope.base.length + 1);
    const result = scope.rules.test(dir ? `${local}/` : local);
    if (result.ignored) verdict = true;
    else if (result.unignored) verdict = false;
  }
  return verdict;
}

function walk(root: string, rel: string, scopes: Scope[], found: string[]): void {
  const abs = rel === '' ? root : path.join(root, rel);
  const entries = entriesOf(abs);
  const gitignore = entries.some((e) => e.isFile() && e.name === '.gitignore') ? readText(path.join(abs, '.gitignore')) : '';
  const here = gitignore ? [...scopes, { base: rel, rules: gitIgnoreRules().add(gitignore) }] : scopes;
  const names = new Set(entries.map((e) => e.name));
  for (const entry of entries) {
    const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
    if (entry.isDirectory()) {
      if (SKIPPED_FOLDERS.has(entry.name) || ignored(here, child, true)) continue;
      walk(root, child, here, found);
    } else if (entry.isFile()) {
      if (ignored(here, child, false) || isGeneratedName(child) || isEmittedDeclaration(entry.name, names)) continue;
      found.push(child);
    }
  }
}
