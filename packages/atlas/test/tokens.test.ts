import { describe, expect, test } from '@jest/globals';
import { countWords, splitIdentifier, terms, words } from '../src/tokens.js';

/** The rules splitIdentifier implements, as three regular expressions: the oracle it is checked against. */
function splitByExpressions(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/)
    .map((part) => part.toLowerCase())
    .filter((part) => part.length > 1);
}

describe('splitIdentifier', () => {
  test.each([
    ['parseHTTPResponse', ['parse', 'http', 'response']],
    ['HTTPResponse', ['http', 'response']],
    ['IOError', ['io', 'error']],
    ['utf8Decoder', ['utf', 'decoder']],
    ['x86_64', ['86', '64']],
    ['ABCdefGHIj', ['ab', 'cdef', 'gh', 'ij']],
    ['retry-policy.test.ts', ['retry', 'policy', 'test', 'ts']],
    ['$scope__Value9', ['scope', 'value']],
    ['caféÜberName', ['caf', 'ber', 'name']],
    ['A1b2C3d', []],
    ['', []],
  ])('%j → %j', (identifier, parts) => {
    expect(splitIdentifier(identifier)).toEqual(parts);
    expect(splitByExpressions(identifier)).toEqual(parts);
  });

  test('agrees with the regular-expression rules on 50,000 generated strings of capitals, lower case, digits and separators', () => {
    const alphabet = 'aAbBzZ019_-$é .';
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648; // a fixed sequence: the same strings on every run
      return seed / 2147483648;
    };
    const disagreements: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      let identifier = '';
      for (let k = Math.floor(random() * 12); k >= 0; k--) identifier += alphabet[Math.floor(random() * alphabet.length)];
      if (JSON.stringify(splitIdentifier(identifier)) !== JSON.stringify(splitByExpressions(identifier))) disagreements.push(identifier);
    }
    expect(disagreements).toEqual([]);
  });
});

describe('countWords', () => {
  test('counts each word of words(), as often as it occurs', () => {
    const text = 'const fooBar = fooBar + 2fa; // fooBar again, 404s';
    const expected = new Map<string, number>();
    for (const word of words(text)) expected.set(word, (expected.get(word) ?? 0) + 1);
    expect(countWords(text)).toEqual(expected);
    expect(countWords(text).get('fooBar')).toBe(3);
    expect(countWords(text).get('404s')).toBe(1);
  });

  test('numbers are not terms; words made of them are split around them', () => {
    expect(terms('retry 404 times http2Client x86_64')).toEqual(['retry', 'time', 'http', 'client', '=http2client', '=x8664']);
  });
});
