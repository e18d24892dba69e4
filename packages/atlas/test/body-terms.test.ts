import { describe, expect, test } from '@jest/globals';
import { MAX_BODY_COUNT, bodyTerms, parseBodyTerms } from '../src/body-terms.js';

describe('bodyTerms', () => {
  test('the sorted sub-words of the whole text, literals and comments included, counts capped, whole identifiers left out', () => {
    const text =
      "// Safari words it differently\nconst ua = navigator.userAgent;\nif (ua.includes('Safari') || ua.includes('Safari') || ua.includes('Safari') || ua.includes('Safari')) retry();\n";
    const field = bodyTerms(text);
    expect(field).toBe('agent differently includ*3 navigator retry safari*3 ua*3 user word');
    expect(field).not.toContain('=');
    expect(Math.max(...parseBodyTerms(field).map(([, count]) => count))).toBe(MAX_BODY_COUNT);
  });

  test('parseBodyTerms reads back the terms and their counts; an empty field has none', () => {
    expect(parseBodyTerms('pars request*3 url')).toEqual([
      ['pars', 1],
      ['request', 3],
      ['url', 1],
    ]);
    expect(parseBodyTerms('')).toEqual([]);
  });
});
