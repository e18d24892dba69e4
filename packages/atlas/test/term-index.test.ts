import { describe, expect, test } from '@jest/globals';
import { addTermScores, termIndex, termPostings, type TermIndex } from '../src/term-index.js';
import { parseBodyTerms } from '../src/body-terms.js';

/** What an index parsing every field up front holds: the reference the lazy one must equal. */
function eager(fields: readonly string[]): { postings: Map<string, number[]>; lengths: number[] } {
  const postings = new Map<string, number[]>();
  const lengths = fields.map((field, i) => {
    let length = 0;
    for (const [term, count] of parseBodyTerms(field)) {
      postings.set(term, [...(postings.get(term) ?? []), i, count]);
      length += count;
    }
    return length;
  });
  return { postings, lengths };
}

describe('termIndex', () => {
  // What bodyTerms and nameTerms write (counts, and weights with decimals), and fields they never write (unsorted, repeated, empty items, odd counts): the same either way.
  const fields = [
    'pars request*3 url',
    '',
    'parse*2 pars zone',
    'url pars*2 url*3',
    'a  b ',
    'request*x retry*0 r*2*3',
    'parsing',
    'zone*3',
    'pars*1.5 url*0.7',
    // As long as `pars`, with its first, second and last letters: another term all the same.
    'pats*2 pa',
  ];

  // The default segment holds every field here; smaller ones cut them into several strings, one field too long for any.
  test.each([undefined, 24, 1])("a term's postings and every length are what parsing every field gives (segments of %s)", (segmentChars) => {
    const index = termIndex(fields, segmentChars);
    const segments = index.segments.length;
    if (segmentChars === undefined) expect(segments).toBe(1);
    else if (segmentChars === 1) expect(segments).toBe(fields.length);
    else expect([segments > 1, segments < fields.length]).toEqual([true, true]);
    const reference = eager(fields);
    expect([...index.lengths]).toEqual(reference.lengths);
    expect(index.avgLength).toBe(reference.lengths.reduce((a, b) => a + b, 0) / fields.length || 1);
    const asked = new Set([...reference.postings.keys(), 'par', 'pa', 'arse', 'ars', 'missing', 'one', 'r', 'pals', 'pat'].filter((t) => t !== ''));
    for (const term of asked) expect([term, termPostings(index, term)]).toEqual([term, reference.postings.get(term) ?? []]);
  });

  test('scores equal those of postings built up front, for any query', () => {
    const lazy = termIndex(fields);
    const full: TermIndex = { ...termIndex(fields), postings: eager(fields).postings };
    const query = new Map([
      ['pars', 2],
      ['url', 1],
      ['zone', 1.5],
      ['missing', 1],
    ]);
    const a = new Float64Array(fields.length);
    const b = new Float64Array(fields.length);
    addTermScores(lazy, query, 1, 0.5, a);
    addTermScores(full, query, 1, 0.5, b);
    expect([...a]).toEqual([...b]);
    expect(a.some((score) => score > 0)).toBe(true);
  });

  test('postings are found once per term and kept', () => {
    const index = termIndex(fields);
    expect(index.postings.size).toBe(0);
    const first = termPostings(index, 'url');
    expect(termPostings(index, 'url')).toBe(first);
    expect([...index.postings.keys()]).toEqual(['url']);
  });
});
