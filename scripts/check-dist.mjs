#!/usr/bin/env node
// Rebuilds every bundle into a temporary folder and compares it with dist/: changed, new
// (not in dist/ yet) and stale (in dist/ but no longer built) files all count as drift, and
// so do changes under dist/ that git has not committed. Prints where each changed file first differs.
// Then every chunk of the fresh build is imported once, outside the repository and with no environment, as a runner
// would load it: a bundled dependency that still requires a file at run time (a UMD build's inner require) fails here,
// not in the first workflow that loads it.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDist, listFiles, repoRoot } from './build-dist.mjs';

/** Characters of context shown each side of the first difference: minified bundles have few, very long lines. */
const context = 120;

/** Where two versions of a file first differ: line, column, and a window of each around that point. */
export function firstDifference(name, before, after) {
  let at = 0;
  while (at < before.length && at < after.length && before[at] === after[at]) at++;
  const line = before.slice(0, at).split('\n').length;
  const column = at - before.lastIndexOf('\n', at - 1);
  const window = (text) => {
    const from = Math.max(0, at - context);
    const shown = text.slice(from, at + context).replace(/\n/g, '\\n');
    return `${from > 0 ? '…' : ''}${shown}${at + context < text.length ? '…' : ''}`;
  };
  return `dist/${name} differs from a fresh build at line ${line}, column ${column} (${before.length} → ${after.length} bytes):\n- ${window(before)}\n+ ${window(after)}`;
}

/** Files under dist/ that differ from git's HEAD (modified, deleted or untracked); none when git has no commit yet. */
function uncommitted(root) {
  try {
    execFileSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: root, stdio: 'ignore' });
  } catch {
    return [];
  }
  const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', 'dist'], { cwd: root, encoding: 'utf8' });
  return status.split('\n').filter(Boolean);
}

/** The source of a module that imports every `.js` file of the folder given as its argument, and prints those that fail. */
const IMPORT_EVERY_CHUNK = `
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
const dir = process.argv[1];
const failed = [];
for (const file of readdirSync(dir).filter((name) => name.endsWith('.js')).sort()) {
  try {
    await import(pathToFileURL(path.join(dir, file)).href);
  } catch (error) {
    failed.push({ file, message: String(error?.message ?? error).split('\\n')[0] });
  }
}
process.stdout.write(JSON.stringify(failed));
`;

/**
 * The chunks in `dir` that cannot be imported, with the first line of each error. Imported by a child process with
 * an empty environment (PATH aside), so nothing but the bundle itself can satisfy an import.
 */
export function chunkLoadFailures(dir) {
  let out;
  try {
    out = execFileSync(process.execPath, ['--input-type=module', '-e', IMPORT_EVERY_CHUNK, dir], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    return [
      {
        file: '(all)',
        message: `the chunks could not be imported: ${
          String(error.stderr || error.message)
            .trim()
            .split('\n')[0]
        }`,
      },
    ];
  }
  return JSON.parse(out);
}

export async function checkDist({ root = repoRoot, log = console.log } = {}) {
  const fresh = await mkdtemp(path.join(os.tmpdir(), 'check-dist-'));
  try {
    await buildDist({ root, outDir: fresh });
    const committedDir = path.join(root, 'dist');
    const built = await listFiles(fresh);
    const present = await listFiles(committedDir);
    const problems = [];
    for (const name of built) {
      if (!present.includes(name)) {
        problems.push(`new file dist/${name} (not in dist/: run npm run build and commit)`);
        continue;
      }
      const [before, after] = await Promise.all([readFile(path.join(committedDir, name), 'utf8'), readFile(path.join(fresh, name), 'utf8')]);
      if (before !== after) problems.push(firstDifference(name, before, after));
      const [mode, freshMode] = await Promise.all([stat(path.join(committedDir, name)), stat(path.join(fresh, name))]);
      if ((mode.mode & 0o111) !== (freshMode.mode & 0o111)) problems.push(`dist/${name}: executable bit differs`);
    }
    for (const name of present) {
      if (!built.includes(name)) problems.push(`stale file dist/${name} (its source no longer exists: run npm run build)`);
    }
    for (const line of uncommitted(root)) problems.push(`not committed: ${line}`);
    const chunks = path.join(fresh, 'chunks');
    if (built.some((name) => name.startsWith('chunks/')))
      for (const { file, message } of chunkLoadFailures(chunks)) problems.push(`dist/chunks/${file} fails to load: ${message}`);
    for (const problem of problems) log(problem);
    return problems;
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  checkDist()
    .then((problems) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (problems.length > 0) {
        console.error(`check-dist: dist/ is out of date (${problems.length} difference(s), ${seconds}s). Run npm run build and commit dist/.`);
        process.exit(1);
      }
      console.log(`check-dist: dist/ matches a fresh build (${seconds}s)`);
    })
    .catch((error) => {
      console.error(`check-dist: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    });
}
