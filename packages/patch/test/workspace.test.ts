import { describe, test, expect, afterEach } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPatch } from '../src/index.js';
import { tempWorkspace, type TempWorkspace } from './temp-workspace.js';

// How the workspace reads, resolves and rewrites files: in-place rewrites, symlinks below the root,
// roots given through symlinks or '..', and file contents that are not plain UTF-8.

let ws: TempWorkspace | undefined;
const extra: string[] = [];
afterEach(() => {
  ws?.cleanup();
  ws = undefined;
  for (const d of extra.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const edit = (p: string, from = 'a', to = 'b') => `--- a/${p}\n+++ b/${p}\n@@ -1 +1 @@\n-${from}\n+${to}\n`;
const reasons = (r: Awaited<ReturnType<typeof applyPatch>>) => (r.ok ? [] : r.refusals.map((x) => x.reason));

describe('rewriting files in place', () => {
  test('a file that gets shorter is cut to its new length, with no old bytes left after it', async () => {
    ws = tempWorkspace({ f: 'a long first line\nsecond line\nthird line\n' });
    const r = await applyPatch({ cwd: ws.dir, patch: '--- a/f\n+++ b/f\n@@ -1,3 +1,1 @@\n-a long first line\n-second line\n third line\n' });
    expect(r.ok).toBe(true);
    expect(fs.readFileSync(path.join(ws.dir, 'f'), 'utf8')).toBe('third line\n');
    expect(fs.statSync(path.join(ws.dir, 'f')).size).toBe('third line\n'.length);
  });

  test('a file that grows, and one whose length stays the same, get exactly the new bytes', async () => {
    ws = tempWorkspace({ g: 'x\n', s: 'abc\n' });
    const patch = '--- a/g\n+++ b/g\n@@ -1 +1,3 @@\n-x\n+x\n+ü and more\n+end\n--- a/s\n+++ b/s\n@@ -1 +1 @@\n-abc\n+xyz\n';
    expect((await applyPatch({ cwd: ws.dir, patch })).ok).toBe(true);
    expect(fs.readFileSync(path.join(ws.dir, 'g'))).toEqual(Buffer.from('x\nü and more\nend\n', 'utf8'));
    expect(fs.readFileSync(path.join(ws.dir, 's'), 'utf8')).toBe('xyz\n');
  });

  test('the file keeps its inode (written in place), unless it has other hard links', async () => {
    ws = tempWorkspace({ f: 'a\n', h: 'a\n' });
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-outside-'));
    extra.push(outside);
    fs.linkSync(path.join(ws.dir, 'h'), path.join(outside, 'h-link'));
    const inode = fs.statSync(path.join(ws.dir, 'f')).ino;
    const r = await applyPatch({ cwd: ws.dir, patch: edit('f') + edit('h') });
    expect(r.ok).toBe(true);
    expect(fs.statSync(path.join(ws.dir, 'f')).ino).toBe(inode);
    expect(ws.read('h')).toBe('b\n');
    // The hard link outside the workspace still has the old content.
    expect(fs.readFileSync(path.join(outside, 'h-link'), 'utf8')).toBe('a\n');
  });

  test('a file with a byte-order mark or a literal U+FFFD keeps its bytes', async () => {
    ws = tempWorkspace({ bom: '\uFEFFa\nz\n', rep: 'a\n\uFFFD\n' });
    const patch = '--- a/bom\n+++ b/bom\n@@ -1,2 +1,2 @@\n \uFEFFa\n-z\n+y\n--- a/rep\n+++ b/rep\n@@ -1,2 +1,2 @@\n-a\n+b\n \uFFFD\n';
    expect((await applyPatch({ cwd: ws.dir, patch })).ok).toBe(true);
    expect(fs.readFileSync(path.join(ws.dir, 'bom'))).toEqual(Buffer.from('\uFEFFa\ny\n', 'utf8'));
    expect(fs.readFileSync(path.join(ws.dir, 'rep'))).toEqual(Buffer.from('b\n\uFFFD\n', 'utf8'));
  });

  test('invalid UTF-8 bytes elsewhere in the file survive a patch unchanged', async () => {
    ws = tempWorkspace({});
    fs.writeFileSync(path.join(ws.dir, 'mixed'), Buffer.concat([Buffer.from('a\n'), Buffer.from([0xff, 0xfe, 0x0a])]));
    expect((await applyPatch({ cwd: ws.dir, patch: '--- a/mixed\n+++ b/mixed\n@@ -1 +1 @@\n-a\n+b\n' })).ok).toBe(true);
    expect(fs.readFileSync(path.join(ws.dir, 'mixed'))).toEqual(Buffer.concat([Buffer.from('b\n'), Buffer.from([0xff, 0xfe, 0x0a])]));
  });
});

describe('symlinks below the root', () => {
  test('a symlinked file inside the workspace is patched through to its target; the link stays', async () => {
    ws = tempWorkspace({ 'real/t.txt': 'a\n' });
    fs.symlinkSync('real/t.txt', path.join(ws.dir, 'l.txt'));
    const r = await applyPatch({ cwd: ws.dir, patch: edit('l.txt') });
    expect(r.ok).toBe(true);
    expect(ws.tree()).toEqual({ 'real/t.txt': 'b\n', 'l.txt': '<symlink real/t.txt>' });
  });

  test('a link and its target named in one patch are one file: the second section sees the first', async () => {
    ws = tempWorkspace({ 'd/t.txt': 'a\n' });
    fs.symlinkSync('d', path.join(ws.dir, 'alias'));
    const r = await applyPatch({ cwd: ws.dir, patch: edit('d/t.txt', 'a', 'b') + edit('alias/t.txt', 'b', 'c') });
    expect(r.ok).toBe(true);
    expect(ws.read('d/t.txt')).toBe('c\n');
  });

  test('a symlinked folder deep in the path that leaves the workspace is refused, for edits and new files', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-outside-'));
    extra.push(outside);
    fs.writeFileSync(path.join(outside, 'v.txt'), 'a\n');
    ws = tempWorkspace({ 'src/keep.txt': 'k\n' });
    fs.symlinkSync(outside, path.join(ws.dir, 'src/out'));
    const r1 = await applyPatch({ cwd: ws.dir, patch: edit('src/out/v.txt') });
    const r2 = await applyPatch({ cwd: ws.dir, patch: '--- /dev/null\n+++ b/src/out/deeper/n.txt\n@@ -0,0 +1 @@\n+n\n' });
    expect([reasons(r1), reasons(r2)]).toEqual([['outside-workspace'], ['outside-workspace']]);
    expect(fs.readdirSync(outside)).toEqual(['v.txt']);
    expect(fs.readFileSync(path.join(outside, 'v.txt'), 'utf8')).toBe('a\n');
  });

  test('a symlinked file that points outside is refused', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-outside-'));
    extra.push(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'a\n');
    ws = tempWorkspace({});
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(ws.dir, 'inner.txt'));
    expect(reasons(await applyPatch({ cwd: ws.dir, patch: edit('inner.txt') }))).toEqual(['outside-workspace']);
    expect(fs.readFileSync(path.join(outside, 'secret.txt'), 'utf8')).toBe('a\n');
  });
});

describe('the root itself', () => {
  test('a root given through a symlink works, and links inside to its real path count as inside', async () => {
    ws = tempWorkspace({ 'd/t.txt': 'a\n' });
    const holder = fs.mkdtempSync(path.join(os.tmpdir(), 'eternia-root-link-'));
    extra.push(holder);
    const viaLink = path.join(holder, 'ws');
    fs.symlinkSync(ws.dir, viaLink);
    // An absolute link to the real path of a folder inside the workspace.
    fs.symlinkSync(path.join(fs.realpathSync(ws.dir), 'd'), path.join(ws.dir, 'abs'));
    const r = await applyPatch({ cwd: viaLink, patch: edit('abs/t.txt') });
    expect(r.ok).toBe(true);
    expect(ws.read('d/t.txt')).toBe('b\n');
  });

  test('a missing root or a root that is a file is a usage error, whatever the patch, and nothing is written', async () => {
    ws = tempWorkspace({ file: 'x\n' });
    const missing = path.join(ws.dir, 'missing');
    const file = path.join(ws.dir, 'file');
    const create = '--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1 @@\n+n\n';
    for (const cwd of [missing, file, path.join(ws.dir, 'sub', '..', 'missing')]) {
      for (const patch of [create, edit('f'), 'not a diff at all', 'a\u0000b']) {
        await expect(applyPatch({ cwd, patch })).rejects.toThrow(TypeError);
      }
    }
    await expect(applyPatch({ cwd: file, patch: create })).rejects.toThrow('is not a directory');
    expect(ws.tree()).toEqual({ file: 'x\n' });
  });

  test("a root written with '..' is the folder the system resolves it to", async () => {
    ws = tempWorkspace({ 'sub/f': 'a\n' });
    const r = await applyPatch({ cwd: path.join(ws.dir, 'sub', '..'), patch: edit('sub/f') });
    expect(r.ok).toBe(true);
    expect(ws.read('sub/f')).toBe('b\n');
  });
});
