/**
 * The WebAssembly files of the parsers: the tree-sitter runtime (web-tree-sitter) and the grammars
 * (tree-sitter-wasms). Read from node_modules here; the dist build swaps this module for one that holds
 * them brotli-compressed (scripts/dist-plugins.mjs, `atlasGrammars`), so a bundled action needs no node_modules.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export type WasmName = 'tree-sitter' | 'tree-sitter-tsx' | 'tree-sitter-python' | 'tree-sitter-go' | 'tree-sitter-java';

/** Where each file is, as a package path (the dist plugin reads the same table). */
export const WASM_FILES: Record<WasmName, string> = {
  'tree-sitter': 'web-tree-sitter/tree-sitter.wasm',
  'tree-sitter-tsx': 'tree-sitter-wasms/out/tree-sitter-tsx.wasm',
  'tree-sitter-python': 'tree-sitter-wasms/out/tree-sitter-python.wasm',
  'tree-sitter-go': 'tree-sitter-wasms/out/tree-sitter-go.wasm',
  'tree-sitter-java': 'tree-sitter-wasms/out/tree-sitter-java.wasm',
};

const require = createRequire(import.meta.url);

export async function wasmBytes(name: WasmName): Promise<Uint8Array> {
  return new Uint8Array(await readFile(require.resolve(WASM_FILES[name])));
}
