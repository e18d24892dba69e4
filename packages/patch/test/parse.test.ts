import { describe, test, expect } from '@jest/globals';
import { parsePatchLines } from '../src/parse.js';

const parse = (text: string) => parsePatchLines(text.split('\n'));

describe('parse', () => {
  test('git headers: paths, modes, rename, new and deleted files', () => {
    const p = parse(
      [
        'diff --git a/src/a.ts b/src/b.ts',
        'similarity index 90%',
        'rename from src/a.ts',
        'rename to src/b.ts',
        'diff --git a/run.sh b/run.sh',
        'old mode 100644',
        'new mode 100755',
        'diff --git a/new.txt b/new.txt',
        'new file mode 100644',
        'index 0000000..e69de29',
        'diff --git a/gone.txt b/gone.txt',
        'deleted file mode 100644',
        '--- a/gone.txt',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-bye',
      ].join('\n'),
    );
    expect(p.errors).toEqual([]);
    const [rename, mode, created, deleted] = p.files;
    expect(rename).toMatchObject({ renameFrom: 'src/a.ts', renameTo: 'src/b.ts' });
    expect(mode).toMatchObject({ oldMode: '100644', newMode: '100755' });
    expect(created).toMatchObject({ newFile: true, gitNew: 'b/new.txt' });
    expect(deleted).toMatchObject({ deletedFile: true, oldPath: 'a/gone.txt', newPath: null });
    expect(deleted?.hunks[0]?.lines).toEqual([{ kind: 'remove', text: 'bye' }]);
  });

  test('bare @@ headers have no numbers; partial headers default the count to 1', () => {
    const p = parse(['--- a/x', '+++ b/x', '@@ @@', ' a', '@@ -5 +5,2 @@', ' b', '+c'].join('\n'));
    expect(p.files[0]?.hunks.map((h) => [h.oldStart, h.oldCount, h.newStart, h.newCount])).toEqual([
      [undefined, undefined, undefined, undefined],
      [5, 1, 5, 2],
    ]);
  });

  test('hunk bodies are read by prefix, not by (wrong) counts', () => {
    const p = parse(['--- a/x', '+++ b/x', '@@ -1,1 +1,1 @@', ' a', '-b', '+c', ' d', ' e'].join('\n'));
    expect(p.files[0]?.hunks[0]?.lines.length).toBe(5);
  });

  test('a removed line that looks like a header is body when no hunk follows it', () => {
    const p = parse(['--- a/x', '+++ b/x', '@@ -1,2 +1,2 @@', '--- sql comment', '+++ other', ' tail'].join('\n'));
    expect(p.files).toHaveLength(1);
    expect(p.files[0]?.hunks[0]?.lines.map((l) => l.kind)).toEqual(['remove', 'add', 'context']);
  });

  test('trailing blank lines: dropped when the counts are met without them, kept when the counts need them', () => {
    const dropped = parse(['--- a/x', '+++ b/x', '@@ -1,2 +1,2 @@', ' a', '-b', '+c', '', ''].join('\n'));
    expect(dropped.files[0]?.hunks[0]?.lines).toHaveLength(3);
    const kept = parse(['--- a/x', '+++ b/x', '@@ -1,3 +1,3 @@', ' a', '-b', '+c', ''].join('\n'));
    expect(kept.files[0]?.hunks[0]?.lines[3]).toEqual({ kind: 'context', text: '' });
    const unsure = parse(['--- a/x', '+++ b/x', '@@ @@', ' a', '-b', '+c', ''].join('\n'));
    expect(unsure.files[0]?.hunks[0]?.lines[3]).toEqual({ kind: 'context', text: '', soft: 'blank' });
  });

  test('elision lines and unprefixed context lines', () => {
    const p = parse(['--- a/x', '+++ b/x', '@@ @@', ' a', '...', ' // ... existing code ...', 'unprefixed', '-b', '+c'].join('\n'));
    const lines = p.files[0]?.hunks[0]?.lines ?? [];
    expect(lines[1]).toMatchObject({ kind: 'context', elidable: true });
    expect(lines[2]).toMatchObject({ kind: 'context', elidable: true });
    expect(lines[3]).toMatchObject({ kind: 'context', text: 'unprefixed', soft: 'unprefixed' });
    expect(lines[3]?.elidable).toBeUndefined();
  });

  test('no-newline markers attach to the line before them', () => {
    const p = parse(['--- a/x', '+++ b/x', '@@ -1 +1 @@', '-a', '\\ No newline at end of file', '+a'].join('\n'));
    expect(p.files[0]?.hunks[0]?.lines).toEqual([
      { kind: 'remove', text: 'a', noNewline: true },
      { kind: 'add', text: 'a' },
    ]);
  });

  test('+++-only headers, quoted paths and timestamps', () => {
    const p = parse(
      [
        '+++ b/only.txt',
        '@@ -1 +1 @@',
        '-a',
        '+b',
        '--- "a/sp ace\\303\\251.txt"\t2024-01-01',
        '+++ "b/sp ace\\303\\251.txt"\t2024-01-02',
        '@@ -1 +1 @@',
        '-a',
        '+b',
      ].join('\n'),
    );
    expect(p.files.map((f) => [f.oldPath, f.newPath])).toEqual([
      [undefined, 'b/only.txt'],
      ['a/sp aceé.txt', 'b/sp aceé.txt'],
    ]);
  });

  test('binary patches are flagged', () => {
    const p = parse(['diff --git a/i.png b/i.png', 'index 1..2 100644', 'Binary files a/i.png and b/i.png differ'].join('\n'));
    expect(p.files[0]?.binary).toBe(true);
  });

  test('whole-file blocks, and a missing end marker is a parse error', () => {
    const ok = parse(['*** Begin File: src/n.ts', 'export {};', '```', '*** End File'].join('\n'));
    expect(ok.files[0]?.wholeFile).toEqual(['export {};', '```']);
    const bad = parse(['*** Begin File: src/n.ts', 'x'].join('\n'));
    expect(bad.errors[0]).toMatchObject({ reason: 'parse-error', file: 'src/n.ts' });
  });

  test('a hunk without a file header, and a header without hunks, are parse errors', () => {
    expect(parse('@@ -1 +1 @@\n-a\n+b').errors[0]?.reason).toBe('parse-error');
    expect(parse('--- a/x\n+++ b/x\n\nprose').errors[0]).toMatchObject({ reason: 'parse-error', file: 'b/x' });
  });
});
