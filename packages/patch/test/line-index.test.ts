import { describe, test, expect } from '@jest/globals';
import fc from 'fast-check';
import { LineIndex } from '../src/normalize.js';
import { splitText } from '../src/text-file.js';

// The text search that answers "does this block occur exactly once" must agree with comparing lines.
function bruteCount(lines: readonly string[], block: readonly string[]): number {
  let n = 0;
  for (let at = 0; at + block.length <= lines.length; at++) if (block.every((l, i) => lines[at + i] === l)) n++;
  return Math.min(n, 2);
}

describe('LineIndex.exactCount', () => {
  test('agrees with a line-by-line count, with and without a final newline, blank lines included', () => {
    const line = fc.constantFrom('', 'a', 'b', 'a b', ' a', '}');
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.boolean(),
        fc.array(line, { minLength: 1, maxLength: 4 }),
        (fileLines, finalNewline, block) => {
          const text = fileLines.join('\n') + (finalNewline && fileLines.length > 0 ? '\n' : '');
          const t = splitText(text);
          const idx = new LineIndex(t.lines, t.lf);
          expect(idx.exactCount(block)).toBe(bruteCount(t.lines, block));
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('declines (undefined) for CRLF text, an empty block, and after a few searches', () => {
    const crlf = splitText('a\r\nb\r\n');
    expect(crlf.lf).toBeUndefined();
    expect(new LineIndex(crlf.lines, crlf.lf).exactCount(['a'])).toBeUndefined();
    const lf = splitText('a\nb\n');
    const idx = new LineIndex(lf.lines, lf.lf);
    expect(idx.exactCount([])).toBeUndefined();
    const answers = Array.from({ length: 10 }, () => idx.exactCount(['a']));
    expect(answers.slice(0, 7)).toEqual(Array(7).fill(1));
    expect(answers[9]).toBeUndefined();
  });
});
