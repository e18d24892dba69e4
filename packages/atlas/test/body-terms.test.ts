import { describe, expect, test } from '@jest/globals';
import { MAX_BODY_COUNT, bodyTerms, parseBodyTerms } from '../src/body-terms.js';
import { terms } from '../src/tokens.js';

describe('bodyTerms', () => {
  test('the sorted sub-words of the whole text, literals and comments included, counts capped, whole identifiers left out', () => {
    const text =
      "// Safari words it differently\nconst ua = navigator.userAgent;\nif (ua.includes('Safari') || ua.includes('Safari') || ua.includes('Safari') || ua.includes('Safari')) retry();\n";
    const field = bodyTerms(text);
    expect(field).toBe('agent differently includ*3 navigator retry safari*3 ua*3 user word');
    expect(field).not.toContain('=');
    expect(Math.max(...parseBodyTerms(field).map(([, count]) => count))).toBe(MAX_BODY_COUNT);
  });

  test('what terms() gives the whole text, counted: words are split once each however often they repeat', () => {
    // The definition, term by term over the whole text.
    const expected = (text: string) => {
      const counts = new Map<string, number>();
      for (const term of terms(text)) if (!term.startsWith('=')) counts.set(term, (counts.get(term) ?? 0) + 1);
      return [...counts.keys()]
        .sort()
        .map((term) => (Math.min(counts.get(term) ?? 1, MAX_BODY_COUNT) > 1 ? `${term}*${Math.min(counts.get(term) ?? 1, MAX_BODY_COUNT)}` : term))
        .join(' ');
    };
    const texts = [
      'def parse_http_response(self, data):\n    return parseHTTPResponse(data) + $jq.x2fa + 404s + 3000 + __all__\n',
      'parseHTTPResponse parseHTTPResponse parse_http_response PARSE-http-Response "café naïve" 2fa 2FA a1b2c3',
      Array.from({ length: 50 }, (_, i) => `value${i % 7}Getter_${i % 3} = item_${i}.toString()`).join('\n'),
    ];
    for (const text of [...texts, ...texts]) expect(bodyTerms(text)).toBe(expected(text));
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
