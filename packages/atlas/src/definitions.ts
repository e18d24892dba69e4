/**
 * Names as the text writes them (`Session.get`, `JSONDecodeError`, `click.core`) against the names the files
 * define: a symbol, a class's method, or a module by its file name. An exact name is stronger evidence than its
 * sub-words, which many files share; built once per atlas, so a query looks up only its own identifiers.
 */
import type { Atlas } from './schema.js';

export interface DefinitionIndex {
  /** Exact name → the files defining it (positions in the atlas's file list, ascending, no repeats). */
  files: Map<string, number[]>;
}

const indexes = new WeakMap<Atlas, DefinitionIndex>();

function define(files: Map<string, number[]>, name: string, at: number): void {
  const list = files.get(name);
  if (!list) files.set(name, [at]);
  else if (list[list.length - 1] !== at) list.push(at);
}

/** The names a file defines: each symbol (a method also as `Class.method`), and the module, bare and dotted. */
export function definitionIndex(atlas: Atlas): DefinitionIndex {
  const cached = indexes.get(atlas);
  if (cached) return cached;
  const files = new Map<string, number[]>();
  atlas.files.forEach((file, at) => {
    // The file by its path, whole or from any folder down (`src/requests/packages.py`, `packages.py`).
    const folders = file.path.split('/');
    for (let from = 0; from < folders.length; from++) define(files, folders.slice(from).join('/'), at);
    const parts = file.path.replace(/\.[^./]+$/, '').split('/');
    const stem = parts[parts.length - 1] ?? '';
    // `pkg/__init__.py` and `src/index.ts` are named by their folder.
    if (/^(__init__|index)$/.test(stem)) parts.pop();
    for (let from = parts.length - 1; from >= Math.max(0, parts.length - 3); from--) {
      const name = parts.slice(from).join('.');
      if (name) define(files, name, at);
    }
    for (const symbol of file.symbols) {
      define(files, symbol.name, at);
      const dot = symbol.name.lastIndexOf('.');
      if (dot >= 0) define(files, symbol.name.slice(dot + 1), at);
    }
  });
  for (const list of files.values()) list.sort((a, b) => a - b);
  const index = { files };
  indexes.set(atlas, index);
  return index;
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
