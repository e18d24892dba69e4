/**
 * Names as the text writes them (`Session.get`, `JSONDecodeError`, `click.core`) against the names the files
 * define: a symbol, a class's method, a module by its file name, a file by its path. An exact name is stronger
 * evidence than its sub-words, which many files share.
 */
import { languageOf } from './languages.js';
import type { Atlas } from './schema.js';

const indexes = new WeakMap<Atlas, Map<string, number[]>>();

/**
 * Each name the files define → the files (positions in the atlas, ascending): a symbol, a method also by its own
 * name (`Class.method` and `method`), a module by its file's name (`core`, `click.core`; a package by its folder).
 * Built once per atlas.
 */
function definitionIndex(atlas: Atlas): Map<string, number[]> {
  const cached = indexes.get(atlas);
  if (cached) return cached;
  const index = new Map<string, number[]>();
  const add = (name: string, at: number) => {
    const list = index.get(name);
    if (!list) index.set(name, [at]);
    else if (list[list.length - 1] !== at) list.push(at);
  };
  atlas.files.forEach((file, at) => {
    const parts = file.path.replace(/\.[^./]+$/, '').split('/');
    // `pkg/__init__.py` and `src/index.ts` are named by their folder.
    if (/^(__init__|index)$/.test(parts[parts.length - 1] ?? '')) parts.pop();
    for (let from = parts.length - 1; from >= Math.max(0, parts.length - 3); from--) add(parts.slice(from).join('.'), at);
    for (const symbol of file.symbols) {
      add(symbol.name, at);
      const dot = symbol.name.lastIndexOf('.');
      if (dot >= 0) add(symbol.name.slice(dot + 1), at);
    }
  });
  indexes.set(atlas, index);
  return index;
}

/**
 * The files defining each of `names` (definitionIndex), or, for a path or a file name with its extension
 * (`src/pkg/packages.py`, `packages.py`), the files at that path or ending in it.
 */
export function definingFiles(atlas: Atlas, names: ReadonlyMap<string, number>): Map<string, number[]> {
  const found = new Map<string, number[]>();
  if (names.size === 0) return found;
  const index = definitionIndex(atlas);
  for (const name of names.keys()) {
    const files = index.get(name);
    if (files) found.set(name, files);
  }
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
