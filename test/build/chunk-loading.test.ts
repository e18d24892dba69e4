/**
 * check-dist imports every chunk of a fresh build the way a runner loads it: away from the repository's
 * node_modules, with no environment. A bundled dependency that still reaches for a file at run time fails there.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './bundle-like-dist.js';

type Failure = { file: string; message: string };
let chunkLoadFailures: (dir: string) => Failure[];
let scratch: string;

beforeAll(async () => {
  ({ chunkLoadFailures } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/check-dist.mjs')).href)) as {
    chunkLoadFailures: typeof chunkLoadFailures;
  });
  scratch = await mkdtemp(path.join(os.tmpdir(), 'chunk-loading-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

test('names each chunk that cannot be imported, with its error; chunks that load are not listed', async () => {
  const dir = path.join(scratch, 'chunks');
  await mkdir(dir);
  const banner = "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);";
  await writeFile(path.join(dir, 'fine.js'), `${banner}export const answer = require('node:path').sep;`);
  // What jsonc-parser's UMD build did in a bundle: an inner require of a file that is not in dist.
  await writeFile(path.join(dir, 'umd.js'), `${banner}export const format = require('./impl/format');`);
  await writeFile(path.join(dir, 'missing.js'), `import './gone-ABC123.js';`);
  await writeFile(path.join(dir, 'throws.js'), `if (!process.env.HOME) throw new Error('needs HOME');`);
  await writeFile(path.join(dir, 'notes.txt'), 'not a chunk');
  const failures = chunkLoadFailures(dir);
  expect(failures.map((failure) => failure.file)).toEqual(['missing.js', 'throws.js', 'umd.js']);
  expect(failures.find((failure) => failure.file === 'umd.js')?.message).toContain("Cannot find module './impl/format'");
  expect(failures.find((failure) => failure.file === 'missing.js')?.message).toContain('gone-ABC123.js');
  // No environment reaches the chunks: the one that needs HOME fails even though this process has one.
  expect(failures.find((failure) => failure.file === 'throws.js')?.message).toBe('needs HOME');
});

test('every chunk of the committed dist/ loads on its own, away from node_modules', async () => {
  const copy = path.join(scratch, 'dist');
  await cp(path.join(repoRoot, 'dist'), copy, { recursive: true });
  const chunks = (await readdir(path.join(copy, 'chunks'))).filter((file) => file.endsWith('.js'));
  expect(chunks.length).toBeGreaterThan(10);
  expect(chunkLoadFailures(path.join(copy, 'chunks'))).toEqual([]);
}, 60_000);
