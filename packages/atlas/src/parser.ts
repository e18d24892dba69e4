/** One tree-sitter runtime per process, its grammars loaded on first use. */
import v8 from 'node:v8';
import { Language, Parser } from 'web-tree-sitter';
import { extractPython, extractTypeScript, type Extracted } from './extract.js';
import { extractGo } from './extract-go.js';
import { extractJava } from './extract-java.js';
import type { WasmName } from './grammar-source.js';
import type { ParsedLanguage } from './languages.js';

let runtime: Promise<void> | undefined;
// A lazy import: in the bundle this module holds the compressed grammars, loaded only when something is parsed.
const wasmBytes = async (name: WasmName): Promise<Uint8Array> => (await import('./grammar-source.js')).wasmBytes(name);
const languages = new Map<WasmName, Promise<Language>>();
// web-tree-sitter links every grammar into one shared symbol table; a second link started while the first is in
// flight sees its half-resolved symbols and fails ("bad export type for 'tree_sitter_tsx_external_scanner_create'").
// So grammars load one after another, whatever order the files come in.
// And the ones the tree needs load before anything is parsed: linking a grammar after another has parsed a file took
// 1.5–4 s (measured with tree-sitter-python after tree-sitter-tsx), against 15–40 ms each up front. A grammar the
// tree does not need is not loaded at all: compiling one costs a second or more of CPU in V8's background threads.
let linking: Promise<unknown> = Promise.resolve();
const parsers = new Map<WasmName, Parser>();
const GRAMMARS: readonly WasmName[] = ['tree-sitter-tsx', 'tree-sitter-python', 'tree-sitter-go', 'tree-sitter-java'];
let upFront: ReadonlySet<WasmName> = new Set(GRAMMARS);

/**
 * Up to this many files to parse, V8 runs the grammars' WebAssembly with its baseline compiler only. By default it
 * also optimises the hot functions in the background, and the TSX lexer is one huge function: that costs 1.5–2.6 s
 * of CPU per process, which a small tree never earns back (measured on 1,367 files: 4.5 s of CPU against 6.0–7.2 s,
 * the same wall time), while a large one does (10,843 files: 28.7 s by default, 37.1 s baseline-only).
 */
export const BASELINE_ONLY_UP_TO_FILES = 2_000;
/**
 * The Python grammar optimises cheaply and then parses a third faster, so a tree of mostly Python is optimised from
 * far fewer files: the standard library (664 files) built in 3.1 s (3.8 s of CPU) by default against 3.6 s (4.2 s)
 * baseline-only; 79 files of click took the same either way; 50 files changed in the standard library, 0.8 s either
 * way but 1.2 s of CPU by default against 0.95 s.
 */
export const PYTHON_BASELINE_ONLY_UP_TO_FILES = 200;

/** The V8 flag for a build that will parse files of these languages (one entry per file), or none. */
export function wasmCompilerFlag(files: readonly ParsedLanguage[]): string | undefined {
  const python = files.filter((language) => language === 'python').length;
  const script = files.length - python;
  if (files.length > BASELINE_ONLY_UP_TO_FILES) return undefined;
  return python <= script || python <= PYTHON_BASELINE_ONLY_UP_TO_FILES ? '--liftoff-only' : undefined;
}

/**
 * Names the languages present and the language of each file about to be parsed, before the first parse: the
 * grammars present, and only those, load together, and the compiler is chosen for what will be parsed (it applies
 * to the whole process, so it is set only by the first build, before any grammar is compiled).
 */
export function expectLanguages(present: Iterable<ParsedLanguage>, toParse: readonly ParsedLanguage[]): void {
  if (languages.size > 0) return;
  upFront = new Set([...present].map(grammarFor));
  const flag = wasmCompilerFlag(toParse);
  if (flag && upFront.size > 0) v8.setFlagsFromString(flag);
}

/** In a parse worker: the grammars to load together (the compiler flag is the process's, set by the building thread). */
export function expectGrammars(present: Iterable<ParsedLanguage>): void {
  if (languages.size === 0) upFront = new Set([...present].map(grammarFor));
}

function grammarFor(language: ParsedLanguage): WasmName {
  if (language === 'python' || language === 'go' || language === 'java') return `tree-sitter-${language}`;
  // One grammar for all of TS/JS: TSX reads TypeScript, JavaScript and JSX. Only the old `<T>value` type
  // assertion of .ts files reads as an element there (a local parse error, recovered); the plain TypeScript
  // grammar would add 0.14 MB to the bundle (and the repository archive) for that.
  return 'tree-sitter-tsx';
}

function loadInTurn(name: WasmName): Promise<Language> {
  const language = linking.then(async () => Language.load(await wasmBytes(name)));
  linking = language.catch(() => undefined);
  return language;
}

async function parserFor(language: ParsedLanguage): Promise<Parser> {
  const name = grammarFor(language);
  const ready = parsers.get(name);
  if (ready) return ready;
  runtime ??= wasmBytes('tree-sitter').then((wasmBinary) => Parser.init({ wasmBinary } as object));
  await runtime;
  if (languages.size === 0) for (const grammar of GRAMMARS) if (upFront.has(grammar)) languages.set(grammar, loadInTurn(grammar));
  // One the tree was not expected to hold (or a later build of another tree) links late: slower, still correct.
  if (!languages.has(name)) languages.set(name, loadInTurn(name));
  await Promise.all(languages.values());
  const parser = new Parser();
  parser.setLanguage(await (languages.get(name) as Promise<Language>));
  parsers.set(name, parser);
  return parser;
}

/** The grammars this process has loaded or is loading, in order. */
export function loadedGrammars(): WasmName[] {
  return [...languages.keys()];
}

/** Parses `text`; a file the grammar cannot read at all yields no symbols rather than an error. */
export async function extract(language: ParsedLanguage, text: string): Promise<Extracted> {
  const parser = await parserFor(language);
  const tree = parser.parse(text);
  if (!tree) return { symbols: [], imports: [], doc: '' };
  try {
    switch (language) {
      case 'python':
        return extractPython(tree.rootNode, text);
      case 'go':
        return extractGo(tree.rootNode);
      case 'java':
        return extractJava(tree.rootNode);
      default:
        return extractTypeScript(tree.rootNode, text);
    }
  } finally {
    tree.delete();
  }
}
