/**
 * Names as the text writes them (`Session.get`, `JSONDecodeError`, `click.core`) against the names the files
 * define: a symbol, a class's method, a module by its file name, a file by its path. An exact name is stronger
 * evidence than its sub-words, which many files share.
 */
import { symbolHeads } from './entry-text.js';
import { languageOf } from './languages.js';
import type { Atlas } from './schema.js';

/**
 * Per atlas: each file's module names, and each name asked for so far → the files defining it. A Map of every name
 * up front cost half a second on a large tree; a query's new names are instead found in one pass over the symbols.
 */
interface Definitions {
  modules: string[][];
  known: Map<string, number[]>;
}

const indexes = new WeakMap<Atlas, Definitions>();

/** A module by its file's name (`core`, `click.core`; a package by its folder): the file's own names, nearest first. */
function moduleNames(file: string): string[] {
  const parts = file.replace(/\.[^./]+$/, '').split('/');
  // `pkg/__init__.py` and `src/index.ts` are named by their folder.
  if (/^(__init__|index)$/.test(parts[parts.length - 1] ?? '')) parts.pop();
  const names: string[] = [];
  for (let from = parts.length - 1; from >= Math.max(0, parts.length - 3); from--) names.push(parts.slice(from).join('.'));
  return names;
}

/**
 * The files defining each of `names` (positions, ascending; empty when none): a symbol, a method also by its own
 * name (`Class.method` and `method`), a module by its file's name. Found once per name and kept.
 */
function definitionsOf(atlas: Atlas, names: readonly string[]): Map<string, number[]> {
  let all = indexes.get(atlas);
  if (!all) indexes.set(atlas, (all = { modules: atlas.files.map((file) => moduleNames(file.path)), known: new Map() }));
  const known = all.known;
  const asked = new Set(names.filter((name) => !known.has(name)));
  for (const name of asked) known.set(name, []);
  const add = (name: string, at: number) => {
    const list = known.get(name) as number[];
    if (list[list.length - 1] !== at) list.push(at);
  };
  if (asked.size > 0)
    atlas.files.forEach((file, at) => {
      for (const name of all.modules[at] as string[]) if (asked.has(name)) add(name, at);
      for (const { name } of symbolHeads(file)) {
        if (asked.has(name)) add(name, at);
        const dot = name.lastIndexOf('.');
        if (dot >= 0) {
          const member = name.slice(dot + 1);
          if (asked.has(member)) add(member, at);
        }
      }
    });
  return new Map(names.map((name) => [name, known.get(name) as number[]]));
}

/**
 * The files defining each of `names` (definitionsOf), or, for a path or a file name with its extension
 * (`src/pkg/packages.py`, `packages.py`), the files at that path or ending in it.
 */
export function definingFiles(atlas: Atlas, names: ReadonlyMap<string, number>): Map<string, number[]> {
  const found = new Map<string, number[]>();
  if (names.size === 0) return found;
  for (const [name, files] of definitionsOf(atlas, [...names.keys()])) if (files.length > 0) found.set(name, [...files]);
  // A path, or a file name with an extension the atlas knows (`core.py`, not `Session.get`).
  const paths = [...names.keys()].filter((name) => name.includes('/') || (name.includes('.') && languageOf(name) !== 'other'));
  const tails = paths.map((name) => `/${name}`);
  if (paths.length > 0)
    atlas.files.forEach((file, at) => {
      paths.forEach((name, k) => {
        if (file.path !== name && !file.path.endsWith(tails[k] as string)) return;
        const list = found.get(name);
        if (!list) found.set(name, [at]);
        else if (list[list.length - 1] !== at) list.push(at);
      });
    });
  return found;
}

/**
 * The identifiers of a text as written, dotted paths kept whole, with the weight each earns: a `code span` or an
 * identifier's shape (`snake_case`, `camelCase`, `a.b`, a call `f()`) says it names code; a plain word may not.
 */
export function mentionedNames(text: string): Map<string, number> {
  const names = new Map<string, number>();
  const codeSpans = new Set<string>();
  for (const span of text.match(/`[^`\n]+`/g) ?? []) for (const word of identifiers(span)) codeSpans.add(word);
  for (const word of identifiers(text)) {
    const shaped = codeSpans.has(word) || /[_./]|[a-z][A-Z]|^[A-Z][a-z0-9]*[A-Z]/.test(word);
    const weight = shaped ? 1 : /^[A-Z][a-z]/.test(word) ? 0.5 : 0.25;
    names.set(word, Math.max(names.get(word) ?? 0, weight));
    // `requests.exceptions.JSONDecodeError`: its shorter tails name the same thing.
    const parts = word.split('.');
    for (let from = 1; from < parts.length; from++) {
      const tail = parts.slice(from).join('.');
      if (tail) names.set(tail, Math.max(names.get(tail) ?? 0, weight));
    }
  }
  return names;
}

function identifiers(text: string): string[] {
  const words: string[] = [...(text.match(/[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*/g) ?? [])];
  // Paths as written: `src/requests/packages.py`, `lib/help.js`, and each tail of them.
  for (const path of text.match(/[\w.-]+(?:\/[\w.-]+)+/g) ?? []) {
    const parts = path.split('/');
    for (let from = 0; from < parts.length - 1; from++) words.push(parts.slice(from).join('/'));
  }
  return words.filter((word) => word.length > 1);
}
