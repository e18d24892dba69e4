/** The files that use a change's files, from the atlas's reference graph, and their rendering within a budget. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { buildAtlas, dependentsOf, renderDependents, type Atlas } from '../src/index.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree;
let atlas: Atlas;

beforeAll(async () => {
  tree = tempTree({
    'src/price.ts': 'export function priceOf(id: string): number {\n  return id.length;\n}\nexport const CURRENCY = "EUR";\n',
    'src/cart.ts':
      "import { priceOf, CURRENCY } from './price.js';\nexport function total(ids: string[]): string {\n  return ids.map(priceOf).join(CURRENCY);\n}\n",
    'src/invoice.ts': "import { priceOf } from './price.js';\nexport const line = (id: string) => priceOf(id);\n",
    'src/secret/keys.ts': "import { priceOf } from '../price.js';\nexport const k = priceOf('x');\n",
    'test/price.test.ts': "import * as price from '../src/price.js';\ntest('price', () => price.priceOf('a'));\n",
    'src/alone.ts': 'export const alone = 1;\n',
  });
  atlas = (await buildAtlas({ dir: tree.dir })).atlas;
});
afterAll(() => tree.cleanup());

describe('dependentsOf', () => {
  test('lists every other file importing a changed file, with the names it imports', () => {
    const [price, ...others] = dependentsOf(atlas, ['src/price.ts', 'src/alone.ts', 'src/gone.ts']);
    expect(others).toEqual([]);
    expect(price?.path).toBe('src/price.ts');
    expect(price?.users.map((u) => u.path).sort()).toEqual(['src/cart.ts', 'src/invoice.ts', 'src/secret/keys.ts', 'test/price.test.ts']);
    expect(price?.users.find((u) => u.path === 'src/cart.ts')?.names).toEqual(['CURRENCY', 'priceOf']);
  });

  test('a path that may not be shown is left out, as a user and as a changed file', () => {
    const visible = (p: string) => !p.startsWith('src/secret/');
    expect(dependentsOf(atlas, ['src/price.ts'], { visible })[0]?.users.map((u) => u.path)).not.toContain('src/secret/keys.ts');
    expect(dependentsOf(atlas, ['src/price.ts'], { visible: (p) => p !== 'src/price.ts' })).toEqual([]);
  });
});

describe('renderDependents', () => {
  const changed = [
    {
      path: 'src/price.ts',
      users: ['a', 'b', 'c', 'd', 'e'].map((n) => ({ path: `src/${n}.ts`, names: Array.from({ length: 10 }, (_, i) => `name${i}`) })),
    },
  ];

  test('names each user and at most eight of its names', () => {
    const { text } = renderDependents(changed, 10_000);
    expect(text.split('\n')[0]).toBe('src/price.ts is imported by 5 file(s):');
    expect(text).toContain('  src/e.ts: name0, name1, name2, name3, name4, name5, name6, name7, …\n');
  });

  test('stays within the budget and says how many users it left out', () => {
    const count = (s: string) => s.length;
    const full = renderDependents(changed, 10_000, count);
    const cut = renderDependents(changed, 200, count);
    expect(cut.tokens).toBeLessThanOrEqual(200);
    expect(cut.text).toMatch(/ {2}… [1-4] more\n$/);
    const shown = cut.text.split('\n').filter((l) => l.startsWith('  src/')).length;
    expect(cut.text).toContain(`… ${5 - shown} more`);
    expect(full.text).not.toContain('more');
    expect(renderDependents(changed, 5, count)).toEqual({ text: '', tokens: 0 });
  });
});
