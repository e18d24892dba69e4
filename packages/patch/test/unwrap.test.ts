import { describe, test, expect } from '@jest/globals';
import { splitPatchLines, unwrap } from '../src/unwrap.js';
import { parsePatchLines } from '../src/parse.js';

const DIFF = ['--- a/x.txt', '+++ b/x.txt', '@@ -1,2 +1,2 @@', ' keep', '-old', '+new'];

describe('unwrap', () => {
  test('takes the content of a ```diff fence and drops the prose around it', () => {
    const text = ['Here is the fix:', '', '```diff', ...DIFF, '```', '', '- this bullet is prose, not a removed line'].join('\n');
    expect(unwrap(splitPatchLines(text).lines)).toEqual(DIFF);
  });

  test('keeps every fenced block that holds a diff, and skips fenced code that does not', () => {
    const text = [
      '```js',
      'const a = 1;',
      '```',
      '```diff',
      ...DIFF,
      '```',
      'and',
      '~~~patch',
      '--- a/y',
      '+++ b/y',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      '~~~',
    ].join('\n');
    const out = unwrap(splitPatchLines(text).lines);
    expect(out).toEqual([...DIFF, '--- a/y', '+++ b/y', '@@ -1 +1 @@', '-a', '+b']);
  });

  test('an unclosed fence runs to the end', () => {
    expect(unwrap(['```diff', ...DIFF])).toEqual(DIFF);
  });

  test('takes the body of a heredoc', () => {
    const text = ["cd repo && git apply <<'EOF'", ...DIFF, 'EOF', 'echo done'].join('\n');
    expect(unwrap(splitPatchLines(text).lines)).toEqual(DIFF);
  });

  test('fences inside a whole-file block are content, not wrappers', () => {
    const lines = ['*** Begin File: README.md', '# T', '```sh', 'npm i', '```', '*** End File'];
    expect(unwrap(lines)).toEqual(lines);
  });

  test('a fence line inside an unfenced diff is not taken for a wrapper when the diff starts outside it', () => {
    const lines = [...DIFF, '```', 'prose'];
    expect(unwrap(lines)).toEqual(lines);
  });

  test('CRLF patch text is split into plain lines and reported as CRLF', () => {
    const r = splitPatchLines(DIFF.join('\r\n') + '\r\n');
    expect(r.lines).toEqual(DIFF);
    expect(r.crlf).toBe(true);
  });

  test('prose between file sections is skipped by the parser', () => {
    const lines = [
      'I changed two files.',
      ...DIFF,
      '',
      'Then the second one:',
      '--- a/y.txt',
      '+++ b/y.txt',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'Hope this helps!',
    ];
    const p = parsePatchLines(unwrap(lines));
    expect(p.errors).toEqual([]);
    expect(p.files.map((f) => f.newPath)).toEqual(['b/x.txt', 'b/y.txt']);
    expect(p.files[0]?.hunks[0]?.lines.map((l) => l.kind)).toEqual(['context', 'remove', 'add']);
    expect(p.files[1]?.hunks[0]?.lines.length).toBe(2);
  });
});
