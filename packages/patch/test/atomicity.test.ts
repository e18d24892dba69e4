import { describe, test, expect, afterEach } from '@jest/globals';
import { applyPatch, formatRefusals } from '../src/index.js';
import { numberedFile, tempWorkspace, type TempWorkspace } from './temp-workspace.js';

let ws: TempWorkspace | undefined;
afterEach(() => {
  ws?.cleanup();
});

describe('all or nothing', () => {
  test('one bad hunk in the last file leaves every file untouched, and every problem is reported', async () => {
    ws = tempWorkspace({ 'a.txt': numberedFile(5), 'b.txt': numberedFile(5) });
    const before = ws.tree();
    const patch = [
      '--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1 @@\n+n\n',
      '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-line 1\n+A\n',
      '--- a/b.txt\n+++ b/b.txt\n@@ -2 +2 @@\n-line 999\n+B\n@@ -4 +4 @@\n-line 4\n+B4\n',
      '--- a/c.txt\n+++ b/c.txt\n@@ -1 +1 @@\n-x\n+y\n',
    ].join('');
    const r = await applyPatch({ cwd: ws.dir, patch });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.refusals.map((x) => [x.file, x.hunk, x.reason])).toEqual([
        ['b.txt', 1, 'not-found'],
        ['c.txt', undefined, 'missing-file'],
      ]);
    expect(ws.tree()).toEqual(before);
    expect(formatRefusals(r)).toContain('NOT applied');
  });

  test('a write that fails part-way restores the files already written', async () => {
    // Creating plain.txt/new.txt fails only when written (plain.txt is a file, not a folder).
    ws = tempWorkspace({ 'a.txt': 'a\n', 'plain.txt': 'p\n' });
    const patch = '--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-a\n+A\n--- /dev/null\n+++ b/plain.txt/new.txt\n@@ -0,0 +1 @@\n+n\n';
    await expect(applyPatch({ cwd: ws.dir, patch })).rejects.toThrow();
    expect(ws.tree()).toEqual({ 'a.txt': 'a\n', 'plain.txt': 'p\n' });
  });
});
