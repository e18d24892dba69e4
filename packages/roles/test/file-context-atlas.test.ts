/** The delivery roles' file context with a query: the repo atlas adds the relevant files and a map, never a denied path. */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { collectFileContext, renderFileContext } from '@eternia/roles/delivery';

let workspace: string;
afterEach(async () => rm(workspace, { recursive: true, force: true }));

async function tree(files: Record<string, string>): Promise<string[]> {
  workspace = await mkdtemp(join(tmpdir(), 'file-context-atlas-'));
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(workspace, rel)), { recursive: true });
    await writeFile(join(workspace, rel), text);
  }
  return Object.keys(files).sort();
}

describe('collectFileContext with a query', () => {
  test('the atlas ranks the relevant library file in, and maps its symbols; denied files stay out of both', async () => {
    const tracked = await tree({
      'src/invoice/tax.ts': '/** VAT rules per country. */\nexport function computeVatRate(country: string): number {\n  return 0.2;\n}\n',
      'src/cart.ts': 'export function addToCart(item: string) {\n  return item;\n}\n',
      'secrets/vat-keys.ts': 'export const vatApiKey = "do-not-show";\n',
      'test/cart.test.ts': "test('cart', () => {});\n",
    });
    const context = await collectFileContext({
      workspace,
      tracked,
      wanted: ['src/cart.ts'],
      testGlobs: ['test/**'],
      deny: ['secrets/**'],
      query: 'Plan: compute the VAT rate for a country in the invoice tax module',
    });
    expect(context.files.map((f) => f.path)).toEqual(['src/cart.ts', 'src/invoice/tax.ts', 'test/cart.test.ts']);
    expect(context.map).toContain('src/invoice/tax.ts\n  2: export function computeVatRate(country: string): number');
    const rendered = renderFileContext(context);
    expect(rendered).toContain('repository map');
    expect(rendered).not.toContain('vat-keys');
    expect(rendered).not.toContain('do-not-show');
  });

  test('without a query nothing changes: the plan files and the tests, no map', async () => {
    const tracked = await tree({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 1;\n' });
    const context = await collectFileContext({ workspace, tracked, wanted: ['src/a.ts'], testGlobs: [], deny: [] });
    expect(context.files.map((f) => f.path)).toEqual(['src/a.ts']);
    expect(context.map).toBe('');
  });
});
