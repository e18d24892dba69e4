import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAtlas, serializeAtlas } from '@eternia/atlas';
import { readRepoAtlas } from '../src/plan/repo-atlas.js';

const noDossier = { readText: () => null };

describe('the plan reads the workspace repo_atlas.json', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-atlas-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const workspace = (name: string, atlas: string) => {
    const root = path.join(dir, name);
    mkdirSync(root);
    writeFileSync(path.join(root, 'repo_atlas.json'), atlas);
    return root;
  };
  const query = { text: 'cart total', tokenBudget: 2000 };

  test('a current atlas becomes the map for the issue', async () => {
    const tree = path.join(dir, 'tree');
    mkdirSync(path.join(tree, 'src'), { recursive: true });
    writeFileSync(
      path.join(tree, 'src', 'cart.ts'),
      'export function cartTotal(prices: number[]): number {\n  return prices.reduce((a, b) => a + b, 0);\n}\n',
    );
    const { atlas } = await buildAtlas({ dir: tree });
    const read = await readRepoAtlas(noDossier, workspace('current', serializeAtlas(atlas)), query);
    expect(read.note).toBeNull();
    expect(read.atlas?.text).toContain('src/cart.ts');
  });

  test('an atlas of an older schema is not used, and the note says why (not "invalid JSON")', async () => {
    const old = JSON.stringify({ schema: 1, extractor: 2, files: [], edges: [], packages: [] });
    const read = await readRepoAtlas(noDossier, workspace('old', old), query);
    expect(read.atlas).toBeNull();
    expect(read.note).toMatch(/^The repo atlas \(workspace repo_atlas\.json\) was not used: .*not a repo atlas of schema \d+/);
  });

  test('a file that is not JSON is named as such', async () => {
    const read = await readRepoAtlas(noDossier, workspace('broken', '{"schema": '), query);
    expect(read.atlas).toBeNull();
    expect(read.note).toMatch(/is not valid JSON and was not used/);
  });
});
