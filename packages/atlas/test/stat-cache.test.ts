import { describe, expect, test, afterEach } from '@jest/globals';
import fs, { type Stats } from 'node:fs';
import path from 'node:path';
import { buildAtlas, parseAtlas, serializeAtlas } from '../src/index.js';
import { openStatCache, RACY_MS } from '../src/stat-cache.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

const stat = (over: Partial<Stats>): Stats => ({ size: 10, ino: 7, mtimeMs: 1_000, ctimeMs: 1_000, ...over }) as Stats;

describe('stat cache', () => {
  test('a hash is given back only for the same size, inode, mtime and ctime; recent changes are never remembered', async () => {
    tree = tempTree();
    const file = path.join(tree.dir, 'cache.json');
    const first = await openStatCache(file, '/repo', 1_000 + RACY_MS + 1);
    first.remember('old.ts', stat({}), 'a'.repeat(64));
    first.remember('racy.ts', stat({ ctimeMs: 1_001 + RACY_MS }), 'b'.repeat(64));
    await first.save();
    const second = await openStatCache(file, '/repo', 50_000);
    expect(second.hashOf('old.ts', stat({}))).toBe('a'.repeat(64));
    for (const changed of [{ size: 11 }, { ino: 8 }, { mtimeMs: 1_000.5 }, { ctimeMs: 2_000 }])
      expect(second.hashOf('old.ts', stat(changed))).toBeNull();
    expect(second.hashOf('racy.ts', stat({ ctimeMs: 1_001 + RACY_MS }))).toBeNull();
    // Another tree's cache, or a file that is not one, is an empty cache.
    expect((await openStatCache(file, '/elsewhere', 50_000)).hashOf('old.ts', stat({}))).toBeNull();
    fs.writeFileSync(file, '{not json');
    expect((await openStatCache(file, '/repo', 50_000)).hashOf('old.ts', stat({}))).toBeNull();
  });

  test('with a previous atlas, unchanged files are not read; a file replaced under the same size and mtime is', async () => {
    const files: Record<string, string> = { 'package.json': '{"name": "demo"}' };
    for (let i = 0; i < 10; i++) files[`src/m${i}.ts`] = `export const m${i} = ${i};\n`;
    tree = tempTree(files);
    const cache = path.join(tree.dir, '..', `${path.basename(tree.dir)}.stat.json`);
    // The files were written just now: a clock some seconds ahead lets the cache trust them.
    const clock = () => Date.now() + 10 * RACY_MS;
    try {
      const cold = await buildAtlas({ dir: tree.dir, statCache: cache, clock });
      expect(cold.stats).toMatchObject({ read: 11, parsed: 10 });
      const previous = parseAtlas(serializeAtlas(cold.atlas), 'previous');

      const warm = await buildAtlas({ dir: tree.dir, previous, statCache: cache, clock });
      // Only package.json is read, for the packages it names.
      expect(warm.stats).toMatchObject({ read: 1, parsed: 0, reused: 11, files: 11 });
      expect(serializeAtlas(warm.atlas)).toBe(serializeAtlas(cold.atlas));

      // An editor's save: new bytes of the same length written to a new file renamed over the old, mtime kept.
      const target = path.join(tree.dir, 'src/m3.ts');
      const before = fs.statSync(target);
      fs.writeFileSync(`${target}.tmp`, 'export const m3 = 9;\n');
      fs.renameSync(`${target}.tmp`, target);
      fs.utimesSync(target, before.atime, before.mtime);
      const next = await buildAtlas({ dir: tree.dir, previous: parseAtlas(serializeAtlas(warm.atlas), 'previous'), statCache: cache, clock });
      expect(next.stats).toMatchObject({ read: 2, parsed: 1 });
      expect(next.atlas.files.find((f) => f.path === 'src/m3.ts')?.symbols[0]?.signature).toBe('export const m3 = 9;');
      expect(serializeAtlas(next.atlas)).toBe(serializeAtlas((await buildAtlas({ dir: tree.dir })).atlas));
    } finally {
      fs.rmSync(cache, { force: true });
    }
  });
});
