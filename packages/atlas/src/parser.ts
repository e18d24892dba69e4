/** One tree-sitter runtime per process, its grammars loaded on first use. */
import { Language, Parser } from 'web-tree-sitter';
import { extractPython, extractTypeScript, type Extracted } from './extract.js';
import type { WasmName } from './grammar-source.js';
import type { ParsedLanguage } from './languages.js';

let runtime: Promise<void> | undefined;
// A lazy import: in the bundle this module holds the compressed grammars, loaded only when something is parsed.
const wasmBytes = async (name: WasmName): Promise<Uint8Array> => (await import('./grammar-source.js')).wasmBytes(name);
const languages = new Map<WasmName, Promise<Language>>();
// web-tree-sitter links every grammar into one shared symbol table; a second link started while the first is in
// flight sees its half-resolved symbols and fails ("bad export type for 'tree_sitter_tsx_external_scanner_create'").
// So grammars load one after another, whatever order the files come in.
// And all of them load before anything is parsed: linking a grammar after another has parsed a file took 1.5–4 s
// (measured with tree-sitter-python after tree-sitter-tsx), against 15–40 ms each up front.
let linking: Promise<unknown> = Promise.resolve();
const parsers = new Map<WasmName, Parser>();
const GRAMMARS: readonly WasmName[] = ['tree-sitter-tsx', 'tree-sitter-python'];

function grammarFor(language: ParsedLanguage): WasmName {
  if (language === 'python') return 'tree-sitter-python';
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
  if (languages.size === 0) for (const grammar of GRAMMARS) languages.set(grammar, loadInTurn(grammar));
  await Promise.all(languages.values());
  const parser = new Parser();
  parser.setLanguage(await (languages.get(name) as Promise<Language>));
  parsers.set(name, parser);
  return parser;
}

/** Parses `text`; a file the grammar cannot read at all yields no symbols rather than an error. */
export async function extract(language: ParsedLanguage, text: string): Promise<Extracted> {
  const parser = await parserFor(language);
  const tree = parser.parse(text);
  if (!tree) return { symbols: [], imports: [], doc: '' };
  try {
    return language === 'python' ? extractPython(tree.rootNode, text) : extractTypeScript(tree.rootNode, text);
  } finally {
    tree.delete();
  }
}
