import { describe, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const entry = path.join(root, 'packages/cli/src/cli-entry.ts');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [tsx, entry, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('eternia-agents dispatcher', () => {
  test('`atlas query` runs the atlas on a plain directory; everything else still goes to apply-patch', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-cli-test-'));
    try {
      fs.writeFileSync(path.join(dir, 'shipping.py'), 'def shipping_cost(weight):\n    return weight * 2\n');
      fs.writeFileSync(path.join(dir, 'tax.py'), 'def tax_rate(country):\n    return 0.2\n');
      const atlas = await run(['atlas', 'query', 'shipping cost by weight', '--json'], dir);
      expect(atlas).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(atlas.stdout).map((f: { path: string }) => f.path)).toEqual(['shipping.py']);
      const patch = await run(['apply-patch', '--cwd', dir], dir);
      expect(patch.code).toBe(2);
      expect(patch.stderr).toContain('--patch is required');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
