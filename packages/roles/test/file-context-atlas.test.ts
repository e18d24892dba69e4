/** The delivery roles' file context with a query: the repo atlas adds the relevant files and a map, never a denied path. */
import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { applyPatch } from '@eternia/patch';
import type { DeliveryPlan } from '@eternia/roles/delivery';
import { collectFileContext, loadRepoAtlas, planMessage, planQuery, renderFileContext } from '@eternia/roles/delivery';

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

/** As the roles call it: with the atlas built in memory for the tree (no repo-atlas input). */
const collect = async (opts: Parameters<typeof collectFileContext>[0]) =>
  collectFileContext({ ...opts, atlas: await loadRepoAtlas({ workspace: opts.workspace, trackedFiles: opts.tracked.length }) });

describe('collectFileContext with a query', () => {
  test('the atlas ranks the relevant library file in, and maps its symbols; denied files stay out of both', async () => {
    const tracked = await tree({
      'src/invoice/tax.ts': '/** VAT rules per country. */\nexport function computeVatRate(country: string): number {\n  return 0.2;\n}\n',
      'src/cart.ts': 'export function addToCart(item: string) {\n  return item;\n}\n',
      'secrets/vat-keys.ts': 'export const vatApiKey = "do-not-show";\n',
      'test/cart.test.ts': "test('cart', () => {});\n",
    });
    const context = await collect({
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

  test('a file over the cap shows, for the query, an excerpt holding the part it is about', async () => {
    const handlers = Array.from({ length: 300 }, (_, i) => `export function handler${i}(value: number): number {\n  return value + ${i};\n}\n`).join(
      '',
    );
    const big = `import { readFileSync } from 'node:fs';\n\n${handlers}export function rotateSigningKeys(vault: string): string {\n  return vault; // rotate every signing key\n}\n`;
    const tracked = await tree({ 'src/handlers.ts': big });
    const wanted = { workspace, tracked, wanted: ['src/handlers.ts'], testGlobs: [], deny: [], maxFileChars: 3000 };
    const context = await collect({ ...wanted, query: 'Plan: rotate the signing keys held in the vault' });
    const [file] = context.files;
    expect(file?.content).toContain('export function rotateSigningKeys(vault: string): string {\n  return vault; // rotate every signing key\n}\n');
    expect(file?.content.length).toBeLessThanOrEqual(3000);
    expect(file?.omittedChars).toBeGreaterThan(0);
    const rendered = renderFileContext(context);
    expect(rendered).toMatch(
      /file src\/handlers\.ts \(an excerpt for the plan: lines 1–\d+, \d+–\d+ of 905; a line "… lines a–b not shown" stands for lines left out/,
    );
    // Without a query there is nothing to choose by: the first characters, as before.
    const plain = await collect(wanted);
    expect(plain.files[0]?.content).toBe(big.slice(0, 3000));
    expect(renderFileContext(plain)).toContain(`file src/handlers.ts (first 3000 characters; ${big.length - 3000} more not shown)`);
    // A diff written from the excerpt, the marker as context between two parts shown and the header's numbers read
    // off the marker, applies to the real file: the patch engine reads the marker as an elided gap.
    const lines = file!.content.split('\n');
    const at = lines.findIndex((line) => line.startsWith('export function rotateSigningKeys'));
    const [, from, to] = /^… lines (\d+)–(\d+) not shown$/.exec(lines[at - 1] ?? '') ?? [];
    expect(from).toBeDefined();
    const span = Number(to) + 2 - (Number(from) - 1) + 1;
    const hunk = [
      `@@ -${Number(from) - 1},${span} +${Number(from) - 1},${span} @@`,
      ...lines.slice(at - 2, at + 1).map((line) => ` ${line}`),
      '-  return vault; // rotate every signing key',
      '+  return vault.trim(); // rotate every signing key',
    ];
    const report = await applyPatch({ cwd: workspace, patch: `--- a/src/handlers.ts\n+++ b/src/handlers.ts\n${hunk.join('\n')}\n` });
    expect(report.ok && report.files[0]?.hunks[0]?.strategy).toBe('elided-gap');
    expect(await readFile(join(workspace, 'src/handlers.ts'), 'utf8')).toBe(big.replace('return vault;', 'return vault.trim();'));
  });

  test('a file of one line longer than the cap shows its first characters, even with a query', async () => {
    const line = `export const table = [${Array.from({ length: 2000 }, (_, i) => i).join(',')}];\n`;
    const tracked = await tree({ 'src/table.js': line });
    const context = await collect({
      workspace,
      tracked,
      wanted: ['src/table.js'],
      testGlobs: [],
      deny: [],
      maxFileChars: 1000,
      query: 'the table',
    });
    expect(context.files[0]).toEqual({ path: 'src/table.js', content: line.slice(0, 1000), omittedChars: line.length - 1000 });
  });

  test("the plan's text for the atlas: what it changes, not what it leaves out of scope, nor its JSON's keys", async () => {
    const tracked = await tree({
      'src/cart.ts':
        '/** Totals of a shopping cart. */\nexport function cartTotal(lines: number[]): number {\n  return lines.reduce((a, b) => a + b, 0);\n}\n',
      'src/billing/invoice.ts': '/** Invoices sent by the billing module. */\nexport function sendInvoice(id: string) {\n  return id;\n}\n',
      'src/steps/summary.ts':
        '/** A summary of the checkout steps, with a detail per step. */\nexport function stepSummary(steps: string[]) {\n  return steps.join();\n}\n',
    });
    const plan: DeliveryPlan['plan'] = {
      summary: 'Apply a percentage discount to the cart total.',
      steps: [{ title: 'Add applyDiscount next to cartTotal', detail: null, files: ['src/cart.ts'] }],
      files_likely_touched: ['src/cart.ts'],
      acceptance_criteria: [{ id: 'AC1', statement: 'A 10% discount takes a tenth off the total', test: 'unit test of applyDiscount' }],
      risks: ['rounding of cents'],
      out_of_scope: ['invoices and the billing module'],
    };
    const ranked = async (query: string) =>
      (await collect({ workspace, tracked, wanted: [], testGlobs: [], deny: [], query })).files.map((f) => f.path);
    expect(await ranked(planQuery(plan))).toEqual(['src/cart.ts']);
    // The fenced JSON reaches the module out of scope and the one named like the JSON's keys.
    const fromJson = await ranked(planMessage({ plan, files: ['src/cart.ts'], criterionIds: ['AC1'] }));
    expect(fromJson).toEqual(expect.arrayContaining(['src/cart.ts', 'src/billing/invoice.ts', 'src/steps/summary.ts']));
  });

  test('without a query nothing changes: the plan files and the tests, no map', async () => {
    const tracked = await tree({ 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 1;\n' });
    const context = await collect({ workspace, tracked, wanted: ['src/a.ts'], testGlobs: [], deny: [] });
    expect(context.files.map((f) => f.path)).toEqual(['src/a.ts']);
    expect(context.map).toBe('');
  });
});
