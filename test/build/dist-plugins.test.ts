/**
 * The dist build's plugins (scripts/dist-plugins.mjs) on a small entry bundled as dist/ is: zod keeps its English
 * messages only and starts jitless, parsing as before; undici and @actions/core's OIDC client are left out of the
 * entry's static imports, and still work when called.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type * as esbuild from 'esbuild';
import { bundleLikeDist, repoRoot } from './bundle-like-dist.js';

const execFileAsync = promisify(execFile);
let out: string;

beforeAll(async () => {
  const { distPlugins } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/dist-plugins.mjs')).href)) as { distPlugins: esbuild.Plugin[] };
  out = await mkdtemp(path.join(os.tmpdir(), 'dist-plugins-'));
  const entry = path.join(out, 'entry.ts');
  await writeFile(
    entry,
    `import { z } from 'zod';
import { getOctokit } from '@actions/github';
import * as core from '@actions/core';
export const getIDToken = core.getIDToken;
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
}, 60_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

/** The files the entry loads before it runs (its static imports, transitively): name → source. */
async function loadedAtStart(): Promise<Map<string, string>> {
  const loaded = new Map<string, string>();
  const queue = ['entry.js'];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (loaded.has(file)) continue;
    const source = await readFile(path.join(out, 'dist', file), 'utf8');
    loaded.set(file, source);
    for (const match of source.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s[^;(]*?from\s*"\.\/([^"]+)"/g)) queue.push(match[1]!);
  }
  return loaded;
}

test('zod: English only, jitless, same results and messages', async () => {
  // In a process of its own, as an action runs: zod keeps its configuration on globalThis.
  const printReport = `import(${JSON.stringify(pathToFileURL(path.join(out, 'dist/entry.js')).href)}).then((m) => console.log(JSON.stringify(m.report)))`;
  const { stdout } = await execFileAsync(process.execPath, ['-e', printReport], { cwd: out });
  expect(JSON.parse(stdout)).toEqual({
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
  const atStart = await loadedAtStart();
  expect([...atStart.keys()]).not.toContain(undiciChunk);
  expect([...atStart.values()].some((source) => source.includes(`import("./${undiciChunk}")`))).toBe(true);
});

test("@actions/core's OIDC client (and @actions/http-client with it) loads on first use, and is the real one", async () => {
  const files = await readdir(path.join(out, 'dist'));
  const sources = await Promise.all(
    files.filter((f) => f.endsWith('.js')).map(async (f) => [f, await readFile(path.join(out, 'dist', f), 'utf8')] as const),
  );
  const oidc = sources.find(([, source]) => source.includes('ACTIONS_ID_TOKEN_REQUEST_URL'));
  expect(oidc).toBeDefined();
  expect(oidc![0]).not.toBe('entry.js');
  const atStart = await loadedAtStart();
  expect([...atStart.keys()]).not.toContain(oidc![0]);
  expect([...atStart.values()].some((source) => source.includes(`import("./${oidc![0]}")`))).toBe(true);
  const { getIDToken } = (await import(pathToFileURL(path.join(out, 'dist/entry.js')).href)) as { getIDToken: (aud?: string) => Promise<string> };
  const saved = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  delete process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  try {
    await expect(getIDToken('aud')).rejects.toThrow(/ACTIONS_ID_TOKEN_REQUEST_URL/);
  } finally {
    if (saved !== undefined) process.env.ACTIONS_ID_TOKEN_REQUEST_URL = saved;
  }
});
