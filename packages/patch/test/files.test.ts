import { describe, test, expect, afterEach } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { applyPatch } from '../src/index.js';
import { tempWorkspace, type TempWorkspace } from './temp-workspace.js';

let ws: TempWorkspace | undefined;
afterEach(() => ws?.cleanup());

async function run(files: Record<string, string>, patch: string) {
  ws = tempWorkspace(files);
  return { report: await applyPatch({ cwd: ws.dir, patch }), ws };
}

describe('line ends and final newlines', () => {
  test('an LF diff on a CRLF file keeps CRLF, added lines included', async () => {
    const { report, ws } = await run({ f: 'a\r\nb\r\nc\r\n' }, '--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n+B2\n c\n');
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('a\r\nB\r\nB2\r\nc\r\n');
  });

  test('a CRLF diff on an LF file keeps LF', async () => {
    const { report, ws } = await run({ f: 'a\nb\n' }, '--- a/f\r\n+++ b/f\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n+B\r\n');
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('a\nB\n');
  });

  test('without markers, a file with no final newline keeps having none', async () => {
    const { report, ws } = await run({ f: 'a\nb\nc' }, '--- a/f\n+++ b/f\n@@ -2,2 +2,3 @@\n b\n c\n+d\n');
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('a\nb\nc\nd');
  });

  test('markers: "\\ No newline" on the old side only adds the final newline', async () => {
    const { report, ws } = await run({ f: 'a\nb' }, '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('a\nb\n');
  });

  test('markers: on the new side only, the final newline is removed', async () => {
    const { report, ws } = await run({ f: 'a\nb\n' }, '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n');
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('a\nb');
  });

  test('new files follow the line ends of the existing files the patch touches, not the patch text', async () => {
    const patch = '--- a/old.txt\n+++ b/old.txt\n@@ -1 +1 @@\n-a\n+A\n--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+x\n+y\n';
    const { report, ws } = await run({ 'old.txt': 'a\r\nb\r\n' }, patch);
    expect(report.ok).toBe(true);
    expect(ws.read('new.txt')).toBe('x\r\ny\r\n');
    ws.cleanup();
    const crlfPatch = await run({}, '--- /dev/null\r\n+++ b/n.txt\r\n@@ -0,0 +1,2 @@\r\n+x\r\n+y\r\n');
    expect(crlfPatch.report.ok).toBe(true);
    expect(crlfPatch.ws.read('n.txt')).toBe('x\ny\n');
  });

  test('a hunk that does not reach the end leaves the final newline alone', async () => {
    const { report, ws } = await run({ f: 'a\nb\nc' }, '--- a/f\n+++ b/f\n@@ -1,1 +1,1 @@\n-a\n+A\n');
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('A\nb\nc');
  });
});

describe('creating, deleting, renaming, modes', () => {
  test('new file from /dev/null, with folders created', async () => {
    const { report, ws } = await run({}, '--- /dev/null\n+++ b/src/deep/new.ts\n@@ -0,0 +1,2 @@\n+export const a = 1;\n+export const b = 2;\n');
    expect(report.ok && report.files[0]).toMatchObject({ path: 'src/deep/new.ts', action: 'create', added: 2 });
    expect(ws.read('src/deep/new.ts')).toBe('export const a = 1;\nexport const b = 2;\n');
  });

  test('new file written as "--- a/path" with @@ -0,0', async () => {
    const { report, ws } = await run({}, '--- a/n.txt\n+++ b/n.txt\n@@ -0,0 +1 @@\n+hi\n');
    expect(report.ok).toBe(true);
    expect(ws.read('n.txt')).toBe('hi\n');
  });

  test('new executable file and an empty new file from git headers', async () => {
    const patch =
      'diff --git a/run.sh b/run.sh\nnew file mode 100755\n--- /dev/null\n+++ b/run.sh\n@@ -0,0 +1 @@\n+echo hi\ndiff --git a/empty b/empty\nnew file mode 100644\n';
    const { report, ws } = await run({}, patch);
    expect(report.ok).toBe(true);
    expect(fs.statSync(path.join(ws.dir, 'run.sh')).mode & 0o777).toBe(0o755);
    expect(ws.read('empty')).toBe('');
  });

  test('creating a file that exists is refused', async () => {
    const { report, ws } = await run({ 'n.txt': 'old\n' }, '--- /dev/null\n+++ b/n.txt\n@@ -0,0 +1 @@\n+new\n');
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.refusals[0]?.reason).toBe('file-exists');
    expect(ws.read('n.txt')).toBe('old\n');
  });

  test('delete: the whole content must match; empty folders are removed', async () => {
    const { report, ws } = await run({ 'd/x.txt': 'a\nb\n', 'keep.txt': 'k\n' }, '--- a/d/x.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n');
    expect(report.ok && report.files[0]).toMatchObject({ action: 'delete', removed: 2 });
    expect(ws.tree()).toEqual({ 'keep.txt': 'k\n' });
  });

  test('delete covering only part of the file is refused', async () => {
    const { report, ws } = await run({ 'x.txt': 'a\nb\nc\n' }, '--- a/x.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n');
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.refusals[0]?.reason).toBe('not-found');
    expect(ws.read('x.txt')).toBe('a\nb\nc\n');
  });

  test('rename with a hunk, and a mode change', async () => {
    const patch = [
      'diff --git a/old.txt b/new/name.txt',
      'similarity index 80%',
      'rename from old.txt',
      'rename to new/name.txt',
      '--- a/old.txt',
      '+++ b/new/name.txt',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '+B',
      'diff --git a/s.sh b/s.sh',
      'old mode 100644',
      'new mode 100755',
      '',
    ].join('\n');
    const { report, ws } = await run({ 'old.txt': 'a\nb\n', 's.sh': 'echo\n' }, patch);
    expect(report.ok && report.files.map((f) => [f.action, f.path, f.from])).toEqual([
      ['rename', 'new/name.txt', 'old.txt'],
      ['modify', 's.sh', undefined],
    ]);
    expect(ws.tree()).toEqual({ 'new/name.txt': 'a\nB\n', 's.sh': 'echo\n' });
    expect(fs.statSync(path.join(ws.dir, 's.sh')).mode & 0o777).toBe(0o755);
  });

  test('a modified file keeps its mode', async () => {
    ws = tempWorkspace({ 'x.sh': 'a\n' });
    fs.chmodSync(path.join(ws.dir, 'x.sh'), 0o750);
    const report = await applyPatch({ cwd: ws.dir, patch: '--- a/x.sh\n+++ b/x.sh\n@@ -1 +1 @@\n-a\n+b\n' });
    expect(report.ok).toBe(true);
    expect(fs.statSync(path.join(ws.dir, 'x.sh')).mode & 0o777).toBe(0o750);
  });

  test('two sections for the same file apply one after the other', async () => {
    const patch = '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+A\n--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n A\n-b\n+B\n';
    const { report, ws } = await run({ f: 'a\nb\n' }, patch);
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('A\nB\n');
  });

  test('a whole-file block creates or replaces a file, keeping its CRLF', async () => {
    const patch = 'Here:\n*** Begin File: a.txt\nnew 1\nnew 2\n*** End File\n*** Begin File: b/c.txt\nfresh\n*** End File\n';
    const { report, ws } = await run({ 'a.txt': 'old\r\n' }, patch);
    expect(report.ok && report.files.map((f) => [f.path, f.action])).toEqual([
      ['a.txt', 'modify'],
      ['b/c.txt', 'create'],
    ]);
    expect(ws.read('a.txt')).toBe('new 1\r\nnew 2\r\n');
    expect(ws.read('b/c.txt')).toBe('fresh\n');
  });

  test('a whole-file block over a file shown only in part is refused; a diff of it, or a new file, is not', async () => {
    ws = tempWorkspace({ 'src/big.py': 'def a():\n    pass\n', 'src/small.py': 'x = 1\n' });
    const policy = { shownInPart: ['src/big.py', 'src/new.py'] };
    const whole = (file: string, text: string) => `*** Begin File: ${file}\n${text}*** End File\n`;

    const replaced = await applyPatch({ cwd: ws.dir, patch: whole('src/big.py', 'def a():\n    return 1\n'), policy });
    expect(replaced.ok).toBe(false);
    expect(!replaced.ok && replaced.refusals.map((r) => [r.file, r.reason])).toEqual([['src/big.py', 'shown-in-part']]);
    expect(ws.read('src/big.py')).toBe('def a():\n    pass\n');
    // Deleting it first in the same patch does not make it a new file.
    const recreated = await applyPatch({
      cwd: ws.dir,
      patch: `--- a/src/big.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-def a():\n-    pass\n${whole('src/big.py', 'y = 2\n')}`,
      policy,
    });
    expect(!recreated.ok && recreated.refusals.map((r) => r.reason)).toContain('shown-in-part');

    const diff = await applyPatch({ cwd: ws.dir, patch: '--- a/src/big.py\n+++ b/src/big.py\n@@ -2 +2 @@\n-    pass\n+    return 1\n', policy });
    expect(diff.ok).toBe(true);
    const others = await applyPatch({ cwd: ws.dir, patch: whole('src/small.py', 'x = 2\n') + whole('src/new.py', 'z = 3\n'), policy });
    expect(others.ok).toBe(true);
    expect(ws.read('src/small.py')).toBe('x = 2\n');
  });

  test('a patch against a missing file is refused', async () => {
    const { report } = await run({}, '--- a/nope.txt\n+++ b/nope.txt\n@@ -1 +1 @@\n-a\n+b\n');
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.refusals[0]).toMatchObject({ reason: 'missing-file', file: 'nope.txt' });
  });

  test('binary files and binary patches are refused', async () => {
    const { report } = await run({ 'img.bin': 'a\u0000b\n' }, '--- a/img.bin\n+++ b/img.bin\n@@ -1 +1 @@\n-a\n+b\n');
    expect(!report.ok && report.refusals[0]?.reason).toBe('binary');
    ws?.cleanup();
    const r2 = await run({}, 'diff --git a/i.png b/i.png\nindex 1..2 100644\nGIT binary patch\nliteral 5\n');
    expect(!r2.report.ok && r2.report.refusals[0]?.reason).toBe('binary');
  });

  test('check mode validates and places everything but writes nothing', async () => {
    ws = tempWorkspace({ f: 'a\n' });
    const report = await applyPatch({ cwd: ws.dir, patch: '--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n', check: true });
    expect(report).toMatchObject({ ok: true, checked: true });
    expect(ws.read('f')).toBe('a\n');
  });
});
