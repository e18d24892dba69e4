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

  // A parse worker runs the bundle's chunk that holds the pool (its import.meta.url), not a source file.
  test('`atlas build --jobs 2` parses in a worker thread of the bundle and writes the bytes `--jobs 1` writes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-cli-jobs-'));
    try {
      for (let i = 0; i < 150; i++) {
        if (i % 2) fs.writeFileSync(path.join(dir, `report_${i}.py`), `def render_report_${i}(rows):\n    return rows\n`);
        else
          fs.writeFileSync(
            path.join(dir, `ledger${i}.ts`),
            `import { render } from './ledger0.js';\nexport function total${i}(): number {\n  return ${i};\n}\n`,
          );
      }
      const build = (jobs: string, out: string) =>
        promisify(execFile)(process.execPath, [bundledCli, 'atlas', 'build', '--jobs', jobs, '--out', out], { cwd: dir });
      const pooled = await build('2', path.join(os.tmpdir(), `${path.basename(dir)}-pooled.json`));
      const alone = await build('1', path.join(os.tmpdir(), `${path.basename(dir)}-alone.json`));
      expect(pooled.stderr).toBe('');
      expect(pooled.stdout).toMatch(/150 files \(150 parsed, [1-9]\d* of them by worker threads, 0 reused\)/);
      expect(alone.stdout).toContain('150 files (150 parsed, 0 reused)');
      const written = (name: string) => fs.readFileSync(path.join(os.tmpdir(), `${path.basename(dir)}-${name}.json`), 'utf8');
      expect(written('pooled')).toBe(written('alone'));
      expect(JSON.parse(written('pooled')).files.find((f: { path: string }) => f.path === 'report_7.py').symbols[0].name).toBe('render_report_7');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const name of ['pooled', 'alone']) fs.rmSync(path.join(os.tmpdir(), `${path.basename(dir)}-${name}.json`), { force: true });
    }
  }, 180_000);
});
