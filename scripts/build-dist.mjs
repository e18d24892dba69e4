#!/usr/bin/env node
// Bundles every action (actions/<name>/src/index.ts → dist/<name>/index.js) and the patch CLI
// (packages/cli/src/cli-entry.ts → dist/cli/index.js: apply-patch and atlas) in ONE esbuild run with code splitting: each
// entry is a small stub, code two entries share lives once in dist/chunks/, and what an entry imports
// lazily (the model SDK, the artifact client) becomes a chunk that loads only when used.
// Whitespace and syntax are minified, names are kept (stack traces stay readable); no source maps.
// Deterministic: the same sources give the same bytes. `buildDist({ outDir })` is reused by check-dist.
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { licensesText } from './dist-licenses.mjs';
import { distPlugins } from './dist-plugins.mjs';

export const repoRoot = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Where shared and lazy chunks go, beside the entry folders. */
export const chunksFolder = 'chunks';
/** Node versions the bundle must run on: node24 on GitHub, node20 here. */
const target = 'node20';
// esbuild turns a CommonJS dependency's require('fs') into a call that needs a `require` in scope; an ES module has none.
export const requireBanner = "import{createRequire as __createRequire}from'node:module';const require=__createRequire(import.meta.url);";

/** The bundles to build, sorted by name: `{ name, entry, executable }`. */
export async function bundleEntries(root = repoRoot) {
  const entries = [];
  const actionsDir = path.join(root, 'actions');
  for (const name of (await readdir(actionsDir).catch(() => [])).sort()) {
    const entry = path.join(actionsDir, name, 'src/index.ts');
    if (existsSync(entry)) entries.push({ name, entry, executable: false });
  }
  for (const reserved of ['cli', chunksFolder]) {
    if (entries.some((bundle) => bundle.name === reserved))
      throw new Error(`actions/${reserved} would collide with dist/${reserved}; rename the action`);
  }
  const cli = path.join(root, 'packages/cli/src/cli-entry.ts');
  if (existsSync(cli)) entries.push({ name: 'cli', entry: cli, executable: true });
  return entries;
}

/** Runs esbuild over all entries at once; returns the emitted files (path relative to dist/ → bytes). */
async function bundle(entries, root) {
  const tsconfig = path.join(root, 'actions/tsconfig.json');
  const result = await esbuild
    .build({
      absWorkingDir: root,
      entryPoints: entries.map((bundle) => ({ in: bundle.entry, out: `${bundle.name}/index` })),
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target,
      outdir: 'dist',
      chunkNames: `${chunksFolder}/[name]-[hash]`,
      ...(existsSync(tsconfig) && { tsconfig }),
      minifyWhitespace: true,
      minifySyntax: true,
      keepNames: false,
      legalComments: 'none',
      sourcemap: false,
      banner: { js: requireBanner },
      plugins: distPlugins,
      metafile: true,
      write: false,
      logLevel: 'silent',
    })
    .catch((error) => {
      const messages = (error.errors ?? []).map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
      throw new Error(`esbuild failed:\n${messages.join('\n') || error.message}`);
    });
  const files = {};
  const distDir = path.join(root, 'dist');
  for (const file of result.outputFiles) files[path.relative(distDir, file.path).split(path.sep).join('/')] = Buffer.from(file.contents);
  for (const bundle of entries.filter((b) => b.executable)) {
    const name = `${bundle.name}/index.js`;
    const code = files[name].toString('utf8').replace(/^#![^\n]*\n/, '');
    files[name] = Buffer.from(`#!/usr/bin/env node\n${code}`);
  }
  // The root package.json says "type": "module" too; this keeps dist/ ES modules wherever it is copied.
  files['package.json'] = Buffer.from(`${JSON.stringify({ type: 'module' })}\n`);
  files['licenses.txt'] = Buffer.from(await licensesText(Object.keys(result.metafile.inputs), root));
  return { files, metafile: result.metafile };
}

/** Every file under `dir`, as sorted paths relative to it with `/` separators. */
export async function listFiles(dir, prefix = '') {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) found.push(...(await listFiles(path.join(dir, entry.name), relative)));
    else found.push(relative);
  }
  return found.sort();
}

/** Makes `dir` hold exactly `files`: unchanged files are left alone, so their timestamps do not churn either. */
async function syncFolder(dir, files, executables) {
  await mkdir(dir, { recursive: true });
  for (const existing of await listFiles(dir)) {
    if (!(existing in files)) await rm(path.join(dir, existing), { force: true });
  }
  for (const folder of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory())) {
    if ((await listFiles(path.join(dir, folder.name))).length === 0) await rm(path.join(dir, folder.name), { recursive: true, force: true });
  }
  for (const [file, bytes] of Object.entries(files)) {
    const target = path.join(dir, file);
    await mkdir(path.dirname(target), { recursive: true });
    const current = await readFile(target).catch(() => undefined);
    if (!current || !current.equals(bytes)) await writeFile(target, bytes);
    await chmod(target, executables.has(file) ? 0o755 : 0o644);
  }
}

/**
 * What each entry loads at start (its own file plus the chunks it imports statically, transitively), what the
 * dynamic imports written in those files load next (`nextBytes`: an action entry's startRole loads the role host
 * and the role that way, after starting its first request) and what it may load later at all (chunks reached only
 * through a dynamic import, the `nextBytes` included). Bytes, from esbuild's metafile.
 */
export function loadProfile(metafile, entryFile) {
  const outputs = Object.fromEntries(Object.entries(metafile.outputs).map(([file, out]) => [file.replace(/^dist\//, ''), out]));
  const walk = (starts, kinds) => {
    const seen = new Set();
    const queue = [...starts];
    while (queue.length > 0) {
      const file = queue.pop();
      if (seen.has(file)) continue;
      seen.add(file);
      for (const imported of outputs[file]?.imports ?? []) {
        if (!imported.external && kinds.includes(imported.kind)) queue.push(imported.path.replace(/^dist\//, ''));
      }
    }
    return seen;
  };
  const atStart = walk([entryFile], ['import-statement']);
  const reachable = walk([entryFile], ['import-statement', 'dynamic-import']);
  const nextImports = [...atStart].flatMap((file) =>
    (outputs[file]?.imports ?? []).filter((i) => !i.external && i.kind === 'dynamic-import').map((i) => i.path.replace(/^dist\//, '')),
  );
  const next = [...walk(nextImports, ['import-statement'])].filter((file) => !atStart.has(file));
  const bytes = (files) => [...files].reduce((sum, file) => sum + (outputs[file]?.bytes ?? 0), 0);
  return {
    startBytes: bytes(atStart),
    nextBytes: bytes(next),
    lazyBytes: bytes([...reachable].filter((file) => !atStart.has(file))),
    startFiles: [...atStart].sort(),
  };
}

/** Builds every bundle into `outDir` (default dist/), removing files no longer built. */
export async function buildDist({ root = repoRoot, outDir = path.join(root, 'dist'), log = () => {} } = {}) {
  const entries = await bundleEntries(root);
  if (entries.length === 0) throw new Error('nothing to bundle: no actions/<name>/src/index.ts');
  const started = Date.now();
  const { files, metafile } = await bundle(entries, root);
  const executables = new Set(entries.filter((b) => b.executable).map((b) => `${b.name}/index.js`));
  await syncFolder(outDir, files, executables);
  for (const entry of entries) {
    const file = `${entry.name}/index.js`;
    const profile = loadProfile(metafile, file);
    log(
      `dist/${file}  ${kib(files[file].length)} entry, ${kib(profile.startBytes)} loaded at start, ` +
        `${kib(profile.nextBytes)} more through the dynamic imports in those, ${kib(profile.lazyBytes)} lazy in all`,
    );
  }
  const total = Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0);
  log(`built ${entries.length} entries, ${Object.keys(files).length} files, ${kib(total)} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return { entries, files, metafile };
}

const kib = (bytes) => `${Math.round(bytes / 1024)} KiB`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outFlag = process.argv.indexOf('--out-dir');
  const outDir = outFlag > 0 ? path.resolve(process.argv[outFlag + 1] ?? '') : undefined;
  buildDist({ ...(outDir && { outDir }), log: (line) => console.log(line) }).catch((error) => {
    console.error(`build-dist: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
