#!/usr/bin/env node
// Bundles every action (actions/<name>/src/index.ts → dist/<name>/index.js) and the patch CLI
// (packages/patch/src/cli-entry.ts → dist/cli/index.js) with @vercel/ncc, transpile-only and
// unminified, two at a time. Deterministic: the same sources give the same bytes; folders of
// actions that no longer exist are removed. `buildDist({ outDir })` is reused by check-dist.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const nccCli = path.join(repoRoot, 'node_modules/@vercel/ncc/dist/ncc/cli.js');
/** What a dist folder holds; anything else ncc emits is an error rather than a silent drop. */
const keptFiles = ['index.js', 'package.json', 'licenses.txt'];
// Lazy imports (the artifact client, loaded only when a dossier is stored as an artifact) become numbered chunks.
const chunkFile = /^\d+\.index\.js$/;
const concurrency = 2;

/** The bundles to build, sorted by name. */
export async function bundleEntries(root = repoRoot) {
  const entries = [];
  const actionsDir = path.join(root, 'actions');
  for (const name of (await readdir(actionsDir).catch(() => [])).sort()) {
    const entry = path.join(actionsDir, name, 'src/index.ts');
    if (existsSync(entry)) entries.push({ name, entry, executable: false });
  }
  if (entries.some((bundle) => bundle.name === 'cli')) throw new Error("actions/cli would collide with the CLI bundle dist/cli; rename the action");
  const cli = path.join(root, 'packages/patch/src/cli-entry.ts');
  if (existsSync(cli)) entries.push({ name: 'cli', entry: cli, executable: true });
  return entries;
}

/** The tsconfig ncc picks: the nearest one walking up from the entry's folder (as ncc's walkParentDirs does). */
export function tsconfigFor(entry, root = repoRoot) {
  for (let dir = path.dirname(entry); dir.length >= root.length; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (dir === path.dirname(dir)) break;
  }
  return undefined;
}

function runNcc(entry, outDir, root) {
  return new Promise((resolve, reject) => {
    // --no-cache: webpack's cache lives outside the tree and would make results depend on history.
    const args = [nccCli, 'build', entry, '-o', outDir, '--transpile-only', '--no-cache', '--license', 'licenses.txt', '--quiet'];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`ncc failed for ${path.relative(root, entry)}:\n${output}`))));
  });
}

async function buildOne(bundle, scratch, root) {
  const tsconfig = tsconfigFor(bundle.entry, root);
  const expected = path.join(root, 'actions/tsconfig.json');
  // An action compiled with the NodeNext config would not come out as an ES-module bundle.
  if (!bundle.executable && tsconfig !== expected) {
    throw new Error(`${path.relative(root, bundle.entry)} would compile with ${tsconfig ?? 'no tsconfig'}, not actions/tsconfig.json`);
  }
  const out = path.join(scratch, bundle.name);
  const started = Date.now();
  await runNcc(bundle.entry, out, root);
  const emitted = (await readdir(out)).sort();
  const unexpected = emitted.filter((file) => !keptFiles.includes(file) && !chunkFile.test(file));
  if (unexpected.length > 0) throw new Error(`ncc emitted unexpected files for ${bundle.name}: ${unexpected.join(', ')}`);
  const files = {};
  for (const file of emitted) files[file] = await readFile(path.join(out, file));
  if (bundle.executable) {
    const code = files['index.js'].toString('utf8').replace(/^#![^\n]*\n/, '');
    files['index.js'] = Buffer.from(`#!/usr/bin/env node\n${code}`);
  }
  return { name: bundle.name, files, executable: bundle.executable, tsconfig, ms: Date.now() - started };
}

async function inPool(items, limit, work) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

async function syncFolder(dir, files, executable) {
  await mkdir(dir, { recursive: true });
  for (const existing of await readdir(dir)) {
    if (!(existing in files)) await rm(path.join(dir, existing), { recursive: true, force: true });
  }
  for (const [file, bytes] of Object.entries(files)) {
    const target = path.join(dir, file);
    const current = await readFile(target).catch(() => undefined);
    // Unchanged files are left alone, so their timestamps do not churn either.
    if (!current || !current.equals(bytes)) await writeFile(target, bytes);
    await chmod(target, executable && file === 'index.js' ? 0o755 : 0o644);
  }
}

/** Builds every bundle into `outDir` (default dist/), removing folders of bundles that no longer exist. */
export async function buildDist({ root = repoRoot, outDir = path.join(root, 'dist'), log = () => {} } = {}) {
  const entries = await bundleEntries(root);
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'build-dist-'));
  try {
    const started = Date.now();
    const built = await inPool(entries, concurrency, (bundle) => buildOne(bundle, scratch, root));
    await mkdir(outDir, { recursive: true });
    const names = new Set(built.map((bundle) => bundle.name));
    for (const existing of await readdir(outDir)) {
      if (!names.has(existing)) {
        await rm(path.join(outDir, existing), { recursive: true, force: true });
        log(`removed stale dist/${existing}`);
      }
    }
    for (const bundle of built) {
      await syncFolder(path.join(outDir, bundle.name), bundle.files, bundle.executable);
      const kb = Math.round(bundle.files['index.js'].length / 1024);
      log(`dist/${bundle.name}/index.js  ${kb} kB  ${bundle.ms} ms  (tsconfig ${path.relative(root, bundle.tsconfig ?? '')})`);
    }
    log(`built ${built.length} bundle(s) in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return built;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out-dir');
  const outDir = outFlag > 0 ? path.resolve(process.argv[outFlag + 1] ?? '') : undefined;
  buildDist({ ...(outDir && { outDir }), log: (line) => console.log(line) }).catch((error) => {
    console.error(`build-dist: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
