/** Grammars load only for the languages a tree holds, with the compiler chosen for the tree's size; one needed later still links and parses. */
import { afterAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ParsedLanguage } from '../src/languages.js';
import { BASELINE_ONLY, BASELINE_ONLY_UP_TO_FILES, PYTHON_BASELINE_ONLY_UP_TO_FILES, wasmCompilerFlag } from '../src/parser.js';
import { tempTree, type TempTree } from './temp-tree.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const trees: TempTree[] = [];
afterAll(() => trees.forEach((t) => t.cleanup()));

// Which grammars a process has loaded is process-wide state: the check runs in a process of its own.
const probe = `
import { buildAtlas } from './src/index.ts';
import { loadedGrammars } from './src/parser.ts';
const [tsDir, mixedDir] = process.argv.slice(-2);
const first = (await buildAtlas({ dir: tsDir })).atlas;
const afterFirst = loadedGrammars();
const second = (await buildAtlas({ dir: mixedDir })).atlas;
console.log(JSON.stringify({
  first: first.files.flatMap((f) => f.symbols.map((s) => s.name)),
  afterFirst,
  second: second.files.map((f) => [f.path, f.symbols.map((s) => s.name)]),
  afterSecond: loadedGrammars(),
}));
`;

test('a TypeScript-only tree loads no Python grammar; a later tree with Python links it and maps its symbols', () => {
  const ts = tempTree({ 'src/a.ts': 'export function alpha(): number {\n  return 1;\n}\n', 'src/b.js': 'export const beta = 2;\n' });
  const mixed = tempTree({ 'pkg/mod.py': 'def gamma():\n    return 3\n', 'src/c.ts': 'export const delta = 4;\n' });
  trees.push(ts, mixed);
  const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe, ts.dir, mixed.dir], {
    cwd: packageRoot,
    encoding: 'utf8',
  });
  const seen = JSON.parse(stdout) as Record<string, unknown>;
  expect(seen.first).toEqual(['alpha', 'beta']);
  expect(seen.afterFirst).toEqual(['tree-sitter-tsx']);
  expect(seen.second).toEqual([
    ['pkg/mod.py', ['gamma']],
    ['src/c.ts', ['delta']],
  ]);
  expect(seen.afterSecond).toEqual(['tree-sitter-tsx', 'tree-sitter-python']);
});

test('any TS/JS to parse, or up to 2,000 files of other languages, use the baseline wasm compiler only; over 200 of mostly Python, or more files, let V8 optimise', () => {
  const files = (script: number, python: number, go = 0): ParsedLanguage[] => [
    ...Array<ParsedLanguage>(script).fill('typescript'),
    ...Array<ParsedLanguage>(python).fill('python'),
    ...Array<ParsedLanguage>(go).fill('go'),
  ];
  expect(wasmCompilerFlag([])).toBe(BASELINE_ONLY);
  expect(wasmCompilerFlag(files(1, 0))).toBe(BASELINE_ONLY);
  // Optimising the TSX grammar cost 2 GB more memory on Node 24, and no time with a parse worker.
  expect(wasmCompilerFlag(files(50_000, 0))).toBe(BASELINE_ONLY);
  expect(wasmCompilerFlag(files(30, 700))).toBe(BASELINE_ONLY);
  expect(wasmCompilerFlag(['javascript', ...files(0, 700)])).toBe(BASELINE_ONLY);
  expect(wasmCompilerFlag(['tsx', ...files(0, 700)])).toBe(BASELINE_ONLY);
  // The Python grammar pays for its optimisation from a few hundred files.
  expect(wasmCompilerFlag(files(0, PYTHON_BASELINE_ONLY_UP_TO_FILES))).toBe(BASELINE_ONLY);
  expect(wasmCompilerFlag(files(0, PYTHON_BASELINE_ONLY_UP_TO_FILES + 1))).toBeUndefined();
  expect(wasmCompilerFlag(files(0, 400, 300))).toBeUndefined();
  expect(wasmCompilerFlag(files(0, 300, 400))).toBe(BASELINE_ONLY);
  expect(wasmCompilerFlag(files(0, 0, BASELINE_ONLY_UP_TO_FILES))).toBe(BASELINE_ONLY);
  expect(wasmCompilerFlag(files(0, 0, BASELINE_ONLY_UP_TO_FILES + 1))).toBeUndefined();
});
