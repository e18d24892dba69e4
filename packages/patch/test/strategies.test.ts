import { describe, test, expect, afterEach } from '@jest/globals';
import { applyPatch } from '../src/index.js';
import { numberedFile, tempWorkspace, type TempWorkspace } from './temp-workspace.js';

let ws: TempWorkspace | undefined;
afterEach(() => ws?.cleanup());

async function run(files: Record<string, string>, patch: string) {
  ws = tempWorkspace(files);
  const report = await applyPatch({ cwd: ws.dir, patch });
  return { report, ws };
}

const strategies = (r: Awaited<ReturnType<typeof applyPatch>>) =>
  r.ok ? r.files.flatMap((f) => f.hunks.map((h) => h.strategy)) : r.refusals.map((x) => x.reason);

describe('placing hunks', () => {
  test('exact at the stated line', async () => {
    const { report, ws } = await run(
      { 'f.txt': numberedFile(10) },
      '--- a/f.txt\n+++ b/f.txt\n@@ -4,3 +4,3 @@\n line 4\n-line 5\n+LINE 5\n line 6\n',
    );
    expect(strategies(report)).toEqual(['exact']);
    expect(ws.read('f.txt')).toBe(numberedFile(10).replace('line 5\n', 'LINE 5\n'));
  });

  test('offset: exact text away from wrong line numbers, unique in the file', async () => {
    const { report, ws } = await run(
      { 'f.txt': numberedFile(50) },
      '--- a/f.txt\n+++ b/f.txt\n@@ -30,3 +30,3 @@\n line 4\n-line 5\n+LINE 5\n line 6\n',
    );
    expect(report.ok && report.files[0]?.hunks[0]).toEqual({ index: 1, strategy: 'offset', atLine: 4 });
    expect(ws.read('f.txt')).toContain('LINE 5\n');
  });

  test("uniform shift: a repeated block is placed at the offset the file's other hunks were found at", async () => {
    const file = ['alpha', 'x', 'y', 'z', 'beta', 'gamma', 'x', 'y', 'z', 'delta', 'x', 'y', 'z', 'omega'].join('\n') + '\n';
    // Both hunks stated 2 lines too late; the second one's block (x y z) occurs three times.
    const patch = '--- a/f\n+++ b/f\n@@ -7,2 +7,2 @@\n-beta\n+BETA\n gamma\n@@ -13,3 +13,3 @@\n x\n-y\n+Y\n z\n';
    const { report, ws } = await run({ f: file }, patch);
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe(file.replace('beta', 'BETA').replace('delta\nx\ny', 'delta\nx\nY'));
  });

  test('line-number-free: bare @@ hunk placed by its unique old block', async () => {
    const { report, ws } = await run({ 'f.txt': numberedFile(20) }, '--- a/f.txt\n+++ b/f.txt\n@@ @@\n line 11\n-line 12\n+line twelve\n');
    expect(strategies(report)).toEqual(['line-number-free']);
    expect(ws.read('f.txt')).toContain('line 11\nline twelve\nline 13\n');
  });

  test('trailing whitespace in context lines is ignored; the file keeps its own', async () => {
    const file = 'a  \nb\nc\t\n';
    const { report, ws } = await run({ f: file }, '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
    expect(strategies(report)).toEqual(['trailing-whitespace']);
    expect(ws.read('f')).toBe('a  \nB\nc\t\n');
  });

  test('indentation drift: matched ignoring whitespace and the added lines re-indented like the file', async () => {
    const file = 'function f() {\n\tif (x) {\n\t\treturn 1;\n\t}\n}\n';
    // The model wrote the block with 4 spaces where the file has tabs, added line included.
    const patch = '--- a/f.js\n+++ b/f.js\n@@ -2,3 +2,4 @@\n     if (x) {\n-        return 1;\n+        log(x);\n+        return 2;\n     }\n';
    const { report, ws } = await run({ 'f.js': file }, patch);
    expect(strategies(report)).toEqual(['whitespace']);
    expect(ws.read('f.js')).toBe('function f() {\n\tif (x) {\n\t\tlog(x);\n\t\treturn 2;\n\t}\n}\n');
  });

  test('context-only whitespace drift keeps correctly indented added lines as written', async () => {
    const file = 'def f():\n\tif x:\n\t\treturn 1\n\treturn 0\n';
    const patch = '--- a/f.py\n+++ b/f.py\n@@ -1,4 +1,4 @@\n def f():\n     if x:\n-\t\treturn 1\n+\t\treturn 2\n     return 0\n';
    const { report, ws } = await run({ 'f.py': file }, patch);
    expect(report.ok).toBe(true);
    expect(ws.read('f.py')).toBe('def f():\n\tif x:\n\t\treturn 2\n\treturn 0\n');
  });

  test('elided context: "..." matches a gap, the gap lines are kept', async () => {
    const { report, ws } = await run(
      { 'f.txt': numberedFile(30) },
      '--- a/f.txt\n+++ b/f.txt\n@@ -10,12 +10,12 @@\n line 10\n...\n line 20\n-line 21\n+LINE 21\n',
    );
    expect(strategies(report)).toEqual(['elided-gap']);
    expect(ws.read('f.txt')).toBe(numberedFile(30).replace('line 21\n', 'LINE 21\n'));
  });

  test('a " ..." line that really is in the file is matched literally first', async () => {
    const file = 'a\n...\nb\n';
    const { report, ws } = await run({ f: file }, '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n ...\n-b\n+B\n');
    expect(strategies(report)).toEqual(['exact']);
    expect(ws.read('f')).toBe('a\n...\nB\n');
  });

  test('"// ... existing code ..." stands for omitted lines', async () => {
    const file = 'class A {\n  one() {}\n  two() {}\n  three() {}\n}\n';
    const patch = '--- a/a.ts\n+++ b/a.ts\n@@ @@\n class A {\n   // ... existing code ...\n   three() {}\n+  four() {}\n }\n';
    const { report, ws } = await run({ 'a.ts': file }, patch);
    expect(strategies(report)).toEqual(['elided-gap']);
    expect(ws.read('a.ts')).toBe('class A {\n  one() {}\n  two() {}\n  three() {}\n  four() {}\n}\n');
  });

  test('stated line: a context-free insertion (-U0) goes exactly where the header says', async () => {
    const { report, ws } = await run({ 'f.txt': numberedFile(5) }, '--- a/f.txt\n+++ b/f.txt\n@@ -2,0 +3,1 @@\n+inserted\n');
    expect(strategies(report)).toEqual(['stated-line']);
    expect(ws.read('f.txt')).toBe('line 1\nline 2\ninserted\nline 3\nline 4\nline 5\n');
  });

  test('hunks out of order are each placed by their own header', async () => {
    const patch =
      '--- a/f.txt\n+++ b/f.txt\n@@ -20,3 +20,3 @@\n line 20\n-line 21\n+L21\n line 22\n@@ -2,3 +2,3 @@\n line 2\n-line 3\n+L3\n line 4\n';
    const { report, ws } = await run({ 'f.txt': numberedFile(30) }, patch);
    expect(report.ok).toBe(true);
    expect(ws.read('f.txt')).toBe(numberedFile(30).replace('line 3\n', 'L3\n').replace('line 21\n', 'L21\n'));
  });

  test('wrong counts and a missing a/ b/ prefix do not matter', async () => {
    const { report, ws } = await run(
      { 'src/f.txt': numberedFile(6) },
      '--- src/f.txt\n+++ src/f.txt\n@@ -2,9 +2,1 @@\n line 2\n-line 3\n+three\n line 4\n',
    );
    expect(report.ok).toBe(true);
    expect(ws.read('src/f.txt')).toContain('line 2\nthree\nline 4');
  });

  test('blank context lines written without their leading space', async () => {
    const file = 'a\n\nb\nc\n';
    const { report, ws } = await run({ f: file }, '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n\n-b\n+B\n');
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('a\n\nB\nc\n');
  });
});

describe('refusing to guess', () => {
  test('ambiguous: the old block occurs twice and no line number picks one', async () => {
    const file = 'x\ny\nz\nmiddle\nx\ny\nz\n';
    const { report, ws } = await run({ f: file }, '--- a/f\n+++ b/f\n@@ @@\n x\n-y\n+Y\n z\n');
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.refusals[0]).toMatchObject({ reason: 'ambiguous', file: 'f', hunk: 1, candidates: [1, 5] });
    expect(ws.read('f')).toBe(file);
  });

  test('ambiguous even when only one copy matches exactly but another matches with whitespace ignored', async () => {
    const file = 'if a:\n    go()\nelse:\n\tgo()\n';
    const { report } = await run({ f: file }, '--- a/f\n+++ b/f\n@@ @@\n-    go()\n+    stop()\n');
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.refusals[0]?.reason).toBe('ambiguous');
  });

  test('the stated line settles a repeated block', async () => {
    const file = 'x\ny\nz\nmiddle\nx\ny\nz\n';
    const { report, ws } = await run({ f: file }, '--- a/f\n+++ b/f\n@@ -5,3 +5,3 @@\n x\n-y\n+Y\n z\n');
    expect(report.ok).toBe(true);
    expect(ws.read('f')).toBe('x\ny\nz\nmiddle\nx\nY\nz\n');
  });

  test('not-found: a hallucinated removed line, with the closest region and the first difference', async () => {
    const file = 'const a = 1;\nfunction compute(value) {\n  return value * 2;\n}\nexport { compute };\n';
    const patch = '--- a/m.js\n+++ b/m.js\n@@ -2,3 +2,3 @@\n function compute(value) {\n-  return value * 3;\n+  return value * 4;\n }\n';
    const { report, ws } = await run({ 'm.js': file }, patch);
    expect(report.ok).toBe(false);
    if (!report.ok) {
      const r = report.refusals[0];
      expect(r).toMatchObject({ reason: 'not-found', file: 'm.js', hunk: 1 });
      expect(r?.closest?.startLine).toBe(1);
      expect(r?.closest?.text).toContain('3 |   return value * 2;');
      expect(r?.message).toContain('"  return value * 3;"');
    }
    expect(ws.read('m.js')).toBe(file);
  });

  test('a pure addition whose context is absent is refused, not applied at the stated line', async () => {
    const { report } = await run(
      { 'f.txt': numberedFile(10) },
      '--- a/f.txt\n+++ b/f.txt\n@@ -3,2 +3,3 @@\n no such line\n+added\n another missing line\n',
    );
    expect(report.ok).toBe(false);
  });

  test('a context-free insertion is refused when the other hunks show the line numbers are off', async () => {
    const patch = '--- a/f.txt\n+++ b/f.txt\n@@ -20,1 +20,1 @@\n-line 5\n+five\n@@ -30,0 +31,1 @@\n+inserted\n';
    const { report } = await run({ 'f.txt': numberedFile(40) }, patch);
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.refusals).toEqual([expect.objectContaining({ reason: 'not-found', hunk: 2 })]);
  });

  test("a context-free insertion is refused when hunks of another file show the patch's line numbers are off", async () => {
    const patch = '--- a/a.txt\n+++ b/a.txt\n@@ -30,1 +30,1 @@\n-line 5\n+five\n--- a/b.txt\n+++ b/b.txt\n@@ -3,0 +4,1 @@\n+inserted\n';
    const { report, ws } = await run({ 'a.txt': numberedFile(40), 'b.txt': numberedFile(10) }, patch);
    expect(report.ok).toBe(false);
    if (!report.ok) expect(report.refusals).toEqual([expect.objectContaining({ reason: 'not-found', file: 'b.txt', hunk: 1 })]);
    expect(ws.read('b.txt')).toBe(numberedFile(10));
  });

  test('a bare @@ insertion without context has no place to go', async () => {
    const { report } = await run({ 'f.txt': numberedFile(3) }, '--- a/f.txt\n+++ b/f.txt\n@@ @@\n+x\n');
    expect(report.ok).toBe(false);
  });
});
