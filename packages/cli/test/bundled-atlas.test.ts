import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundledCli = path.join(root, 'dist/cli/index.js');

describe('the bundled eternia-agents CLI', () => {
  // Both grammars load at once when a repository mixes Python and TypeScript; web-tree-sitter links them into one
  // symbol table, and two links in flight used to fail ("bad export type for 'tree_sitter_…_external_scanner_create'").
  test('`atlas build` on a repository with Python and TypeScript files parses both, every time', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-cli-mixed-'));
    try {
      fs.writeFileSync(path.join(dir, 'a_invoice.py'), 'def render_invoice(order):\n    return order\n');
      fs.writeFileSync(path.join(dir, 'b_cart.ts'), 'export function addToCart(item: string) {\n  return item;\n}\n');
      for (let round = 0; round < 3; round++) {
        const { stdout, stderr } = await promisify(execFile)(process.execPath, [bundledCli, 'atlas', 'build', '--out', 'atlas.json'], {
          cwd: dir,
        }).catch((error: { stdout: string; stderr: string }) => error);
        expect(stderr.split('\n')[0]).toBe('');
        expect(stdout).toContain('2 files (2 parsed, 0 reused)');
        const atlas = JSON.parse(fs.readFileSync(path.join(dir, 'atlas.json'), 'utf8')) as {
          files: Array<{ path: string; symbols: Array<{ name: string }> }>;
        };
        expect(atlas.files.map((f) => [f.path, f.symbols.map((s) => s.name)])).toEqual([
          ['a_invoice.py', ['render_invoice']],
          ['b_cart.ts', ['addToCart']],
        ]);
        fs.rmSync(path.join(dir, 'atlas.json'));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
