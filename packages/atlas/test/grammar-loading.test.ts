/** Grammars load only for the languages a tree holds, with the compiler chosen for the tree's size; one needed later still links and parses. */
import { afterAll, expect, test } from '@jest/globals';
import { buildAtlas } from '../src/index.js';
import { BASELINE_ONLY_UP_TO_FILES, loadedGrammars, wasmCompilerFlag } from '../src/parser.js';
import { tempTree, type TempTree } from './temp-tree.js';

const trees: TempTree[] = [];
afterAll(() => trees.forEach((t) => t.cleanup()));

test('a TypeScript-only tree loads no Python grammar; a later tree with Python links it and maps its symbols', async () => {
  const ts = tempTree({ 'src/a.ts': 'export function alpha(): number {\n  return 1;\n}\n', 'src/b.js': 'export const beta = 2;\n' });
  trees.push(ts);
  const first = (await buildAtlas({ dir: ts.dir })).atlas;
  expect(first.files.flatMap((f) => f.symbols.map((s) => s.name))).toEqual(['alpha', 'beta']);
  expect(loadedGrammars()).toEqual(['tree-sitter-tsx']);

  const mixed = tempTree({ 'pkg/mod.py': 'def gamma():\n    return 3\n', 'src/c.ts': 'export const delta = 4;\n' });
  trees.push(mixed);
  const second = (await buildAtlas({ dir: mixed.dir })).atlas;
  expect(second.files.map((f) => [f.path, f.symbols.map((s) => s.name)])).toEqual([
    ['pkg/mod.py', ['gamma']],
    ['src/c.ts', ['delta']],
  ]);
  expect(loadedGrammars()).toEqual(['tree-sitter-tsx', 'tree-sitter-python']);
});

test('a tree of up to 2,000 files to parse uses the baseline wasm compiler only; a larger one lets V8 optimise', () => {
  expect(wasmCompilerFlag(0)).toBe('--liftoff-only');
  expect(wasmCompilerFlag(BASELINE_ONLY_UP_TO_FILES)).toBe('--liftoff-only');
  expect(wasmCompilerFlag(BASELINE_ONLY_UP_TO_FILES + 1)).toBeUndefined();
});
