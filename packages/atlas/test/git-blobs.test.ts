import { afterEach, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildAtlas, serializeAtlas } from '../src/index.js';
import { cleanBlobIds, gitBlobId } from '../src/git-blobs.js';
import { tempTree, type TempTree } from './temp-tree.js';

let tree: TempTree | undefined;
afterEach(() => tree?.cleanup());

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

/** A committed checkout of `files`. */
function checkout(files: Record<string, string>): TempTree {
  tree = tempTree(files);
  git(tree.dir, 'init', '-q');
  git(tree.dir, 'add', '-A');
  git(tree.dir, 'commit', '-q', '-m', 'start');
  return tree;
}

const FILES = {
  'src/app.ts': "import { util } from './util.js';\nexport const app = util();\n",
  'src/util.ts': 'export function util() {\n  return 1;\n}\n',
  'src/keep.ts': 'export const keep = 1;\n',
  'lib/helper.py': 'def helper():\n    return 2\n',
};

describe('gitBlobId', () => {
  test.each([[''], ['hello\n'], ['naïve 😀\r\n'], ['\u0000\u0001binary']])('is what git hash-object gives (%j)', (text) => {
    tree = tempTree({ f: text });
    expect(gitBlobId(Buffer.from(text, 'utf8'))).toBe(git(tree.dir, 'hash-object', 'f').trim());
  });
});

describe("cleanBlobIds: git's index for the files that match it", () => {
  test('lists clean tracked files with their blob ids; modified, untracked, assume-unchanged and skip-worktree files are left out', async () => {
    const { dir, write } = checkout({ ...FILES, 'src/hidden.ts': 'export const h = 1;\n', 'src/sparse.ts': 'export const s = 1;\n' });
    write('src/util.ts', 'export function util() {\n  return 2;\n}\n'); // modified, not staged
    write('src/keep.ts', 'export const keep = 2;\n');
    git(dir, 'add', 'src/keep.ts'); // modified and staged: the working copy is the index's new blob
    write('src/new.ts', 'export const n = 1;\n'); // untracked
    git(dir, 'update-index', '--assume-unchanged', 'src/hidden.ts');
    write('src/hidden.ts', 'export const h = 2;\n');
    git(dir, 'update-index', '--skip-worktree', 'src/sparse.ts');
    fs.symlinkSync('app.ts', path.join(dir, 'src/link.ts'));
    git(dir, 'add', 'src/link.ts');

    const blobs = await cleanBlobIds(dir);
    expect([...blobs.keys()].sort()).toEqual(['lib/helper.py', 'src/app.ts', 'src/keep.ts']);
    for (const [rel, blob] of blobs) expect([rel, blob]).toEqual([rel, gitBlobId(fs.readFileSync(path.join(dir, rel)))]);
    // From a folder of the checkout, paths are relative to it.
    expect([...(await cleanBlobIds(path.join(dir, 'src'))).keys()].sort()).toEqual(['app.ts', 'keep.ts']);
  });

  test('outside a checkout, nothing', async () => {
    tree = tempTree(FILES);
    expect((await cleanBlobIds(tree.dir)).size).toBe(0);
  });

  test("the checkout's config cannot make git run a command, nor can the caller's environment point it at another repository", async () => {
    const { dir } = checkout(FILES);
    const marker = path.join(dir, '..', `${path.basename(dir)}-fsmonitor-ran`);
    const hook = path.join(dir, '.git', 'fsmonitor.sh');
    fs.writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`, { mode: 0o755 });
    git(dir, 'config', 'core.fsmonitor', hook);
    const other = tempTree({ 'other.ts': 'export const o = 1;\n' });
    git(other.dir, 'init', '-q');
    const saved = process.env.GIT_DIR;
    process.env.GIT_DIR = path.join(other.dir, '.git');
    try {
      expect([...(await cleanBlobIds(dir)).keys()].sort()).toEqual(Object.keys(FILES).sort());
    } finally {
      if (saved === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved;
      other.cleanup();
    }
    expect(fs.existsSync(marker)).toBe(false);
    // The same git with the checkout's config does run it: the test would see it.
    execFileSync('git', ['diff-files', '--name-only'], { cwd: dir, stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } });
    expect(fs.existsSync(marker)).toBe(true);
    fs.rmSync(marker);
  });
});

describe('a rebuild in a checkout', () => {
  test("reads only the files git's index does not vouch for, and writes what a cold build writes", async () => {
    const { dir, write } = checkout(FILES);
    const previous = (await buildAtlas({ dir })).atlas;
    write('src/util.ts', 'export function util() {\n  return 2;\n}\nexport function more() {}\n');
    write('src/new.ts', 'export const fresh = 1;\n');
    git(dir, 'update-index', '--assume-unchanged', 'lib/helper.py');
    write('lib/helper.py', 'def helper():\n    return 3\n\ndef assumed():\n    return 4\n');

    const rebuilt = await buildAtlas({ dir, previous });
    expect(rebuilt.stats).toMatchObject({ files: 5, read: 3, reused: 2, parsed: 3 });
    expect(serializeAtlas(rebuilt.atlas)).toBe(serializeAtlas((await buildAtlas({ dir })).atlas));
    expect(rebuilt.atlas.files.find((f) => f.path === 'lib/helper.py')?.symbols.map((s) => s.name)).toEqual(['helper', 'assumed']);
    // Without git's index every file is read.
    expect((await buildAtlas({ dir, previous, gitIndex: false })).stats.read).toBe(5);
  });

  test('an entry whose blob id matches but whose size does not is read again', async () => {
    const { dir } = checkout(FILES);
    const previous = (await buildAtlas({ dir })).atlas;
    const forged = { ...previous, files: previous.files.map((f) => (f.path === 'src/app.ts' ? { ...f, size: f.size + 1 } : f)) };
    const rebuilt = await buildAtlas({ dir, previous: forged });
    expect(rebuilt.stats.read).toBe(1);
    expect(serializeAtlas(rebuilt.atlas)).toBe(serializeAtlas(previous));
  });
});
