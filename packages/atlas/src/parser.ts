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
 * A build that parses TS/JS runs the grammars' WebAssembly with V8's baseline compiler only. Optimising the TSX
 * grammar's hot code (its lexer is one huge function) is what costs: on Node 24, the actions' runtime, it raised a
 * build's peak memory to 2.3–2.7 GB, against 0.2–0.7 GB baseline-only (node_modules, 20,496 files; the Python
 * standard library with 30 JS files added, where it also took 8.6 s against 5.1 s). Nor does it pay back with a
 * parse worker on 2 cores: node_modules built in 22.9 s optimised against 18.9 s (Node 24), 19.2 s against 18.5 s
 * (Node 20). Only one thread on Node 20 was faster optimised (10,843 files: 28.7 s against 37.1 s).
 */
/**
 * V8's baseline compiler only. Set while the process runs, `--liftoff-only` alone is not enough on Node 24: its
 * implications are applied only to flags given at start, so optimised code kept coming (2.3 GB, as if unset).
 */
export const BASELINE_ONLY = '--liftoff-only --no-wasm-tier-up --no-wasm-dynamic-tiering';
const isScript = (language: ParsedLanguage): boolean => language !== 'python' && language !== 'go' && language !== 'java';
/**
 * Without TS/JS, up to this many files to parse are left to the baseline compiler: optimising a grammar's hot
 * functions costs CPU in the background that a small tree never earns back.
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
  if (files.some(isScript)) return BASELINE_ONLY;
  const python = files.filter((language) => language === 'python').length;
  if (python > PYTHON_BASELINE_ONLY_UP_TO_FILES && python >= files.length - python) return undefined;
  return files.length > BASELINE_ONLY_UP_TO_FILES ? undefined : BASELINE_ONLY;
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
