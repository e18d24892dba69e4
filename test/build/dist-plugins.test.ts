/**
 * The dist build's plugins (scripts/dist-plugins.mjs) on a small entry bundled as dist/ is: zod keeps its English
 * messages only and starts jitless, parsing as before; undici is left out of the entry's static imports.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as esbuild from 'esbuild';
import { bundleLikeDist, repoRoot } from './bundle-like-dist.js';

let out: string;
let entrySource: string;

beforeAll(async () => {
  const { distPlugins } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/dist-plugins.mjs')).href)) as { distPlugins: esbuild.Plugin[] };
  out = await mkdtemp(path.join(os.tmpdir(), 'dist-plugins-'));
  const entry = path.join(out, 'entry.ts');
  await writeFile(
    entry,
    `import { z } from 'zod';
import { getOctokit } from '@actions/github';
const schema = z.object({ name: z.string().min(2), tags: z.array(z.string()).default([]) });
export const report = {
  jitless: z.config().jitless === true,
  locales: Object.keys(z.locales),
  good: schema.parse({ name: 'ok' }),
  bad: schema.safeParse({ name: 'x' }).error?.issues[0]?.message,
  octokit: typeof getOctokit,
};
`,
  );
  await bundleLikeDist(entry, path.join(out, 'dist'), distPlugins);
  entrySource = await readFile(path.join(out, 'dist/entry.js'), 'utf8');
}, 60_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

test('zod: English only, jitless, same results and messages', async () => {
  const { report } = (await import(pathToFileURL(path.join(out, 'dist/entry.js')).href)) as { report: Record<string, unknown> };
  expect(report).toEqual({
    jitless: true,
    locales: ['en'],
    good: { name: 'ok', tags: [] },
    bad: 'Too small: expected string to have >=2 characters',
    octokit: 'function',
  });
});

test('undici is a chunk of its own, not statically imported by the entry', async () => {
  const files = await readdir(path.join(out, 'dist'));
  const undiciChunk = files.find((file) => file.startsWith('undici-'));
  expect(undiciChunk).toBeDefined();
  expect(entrySource).not.toMatch(new RegExp(`import[^;(]*from\\s*"\\./${undiciChunk}"`));
  expect(entrySource).toContain(`import("./${undiciChunk}")`);
});
