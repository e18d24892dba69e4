import { describe, test, expect } from '@jest/globals';
import { formatRefusals } from '../src/index.js';

describe('formatRefusals', () => {
  test('lists every refusal with its file, hunk, reason, closest region and advice', () => {
    const text = formatRefusals({
      ok: false,
      refusals: [
        { file: 'a.ts', hunk: 2, reason: 'not-found', message: 'hunk 2 of a.ts: not there', closest: { startLine: 9, text: ' 9 | x\n10 | y' } },
        { file: 'b.ts', hunk: 1, reason: 'ambiguous', message: 'occurs twice', candidates: [3, 40] },
        { reason: 'too-large', message: 'too many lines' },
      ],
    });
    expect(text).toContain('NOT applied; no file was changed. 3 problems:');
    expect(text).toContain('1. [not-found] a.ts, hunk 2: hunk 2 of a.ts: not there');
    expect(text).toContain('The closest region of a.ts (from line 9):\n      9 | x\n     10 | y');
    expect(text).toContain('2. [ambiguous] b.ts, hunk 1: occurs twice');
    expect(text).toContain('3. [too-large] too many lines');
    expect(text).toContain('Add more unchanged context lines');
  });

  test('an applied report says so', () => {
    expect(formatRefusals({ ok: true, checked: false, files: [] })).toBe('The patch applied cleanly.');
  });
});
