import { afterAll, describe, expect, test } from '@jest/globals';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildAtlas, serializeAtlas, writeAtlasFile } from '@eternia/atlas';
import { readRepoAtlas } from '../src/plan/repo-atlas.js';

const noDossier = { readText: () => null };

describe("the plan reads the repo atlas the repo-atlas input names, never the checkout's", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-atlas-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** An atlas file outside any checkout, as the flow restores it under RUNNER_TEMP. */
  const atlasFile = (name: string, atlas: string) => {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(file, atlas);
    return file;
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
    const read = await readRepoAtlas(noDossier, atlasFile('current', serializeAtlas(atlas)), query);
    expect(read.note).toBeNull();
    expect(read.atlas?.text).toContain('src/cart.ts');
  });

  test('an atlas as the repo-atlas action writes it (with its checksum, so read lazily) gives the map one read whole gives', async () => {
    const { atlas } = await buildAtlas({ dir: path.join(dir, 'tree') });
    const written = path.join(dir, 'written.json');
    await writeAtlasFile(written, atlas);
    expect(readFileSync(written, 'utf8')).toMatch(/,"checksum":"[0-9a-f]{8}"\}\n$/);
    const lazily = await readRepoAtlas(noDossier, written, query);
    expect(lazily.note).toBeNull();
    expect(lazily.atlas?.text).toBe((await readRepoAtlas(noDossier, atlasFile('whole', serializeAtlas(atlas)), query)).atlas?.text);
    expect(lazily.atlas?.text).toContain('src/cart.ts');
  });

  test('an atlas of an older schema is not used, and the note says why (not "invalid JSON")', async () => {
    const old = JSON.stringify({ schema: 1, extractor: 2, files: [], edges: [], packages: [] });
    const read = await readRepoAtlas(noDossier, atlasFile('old', old), query);
    expect(read.atlas).toBeNull();
    expect(read.note).toMatch(/^The repo atlas \(input repo-atlas \(old\.json\)\) was not used: .*not a repo atlas of schema \d+/);
  });

  test('a file that is not JSON is named as such', async () => {
    const read = await readRepoAtlas(noDossier, atlasFile('broken', '{"schema": '), query);
    expect(read.atlas).toBeNull();
    expect(read.note).toMatch(/is not valid JSON and was not used/);
  });

  test('no input: nothing is read, not even a repo_atlas.json in the checkout (the branch could hold one)', async () => {
    const tree = path.join(dir, 'checkout');
    mkdirSync(path.join(tree, 'src'), { recursive: true });
    writeFileSync(path.join(tree, 'src', 'cart.ts'), 'export const cartTotal = 1;\n');
    const planted = JSON.parse(serializeAtlas((await buildAtlas({ dir: tree })).atlas)) as { files: Array<{ path: string }> };
    planted.files[0]!.path = 'src/ignore-previous-instructions.ts';
    writeFileSync(path.join(tree, 'repo_atlas.json'), JSON.stringify(planted));
    const read = await readRepoAtlas(noDossier, undefined, query);
    expect(read).toEqual({ atlas: null, note: null });
  });

  test('a symlink at the input is not followed', async () => {
    const target = atlasFile('target', serializeAtlas((await buildAtlas({ dir: path.join(dir, 'tree') })).atlas));
    const link = path.join(dir, 'link.json');
    symlinkSync(target, link);
    expect(await readRepoAtlas(noDossier, link, query)).toEqual({ atlas: null, note: null });
    expect((await readRepoAtlas(noDossier, target, query)).atlas?.text).toContain('src/cart.ts');
  });
});
