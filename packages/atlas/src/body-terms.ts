/**
 * The words of a file's whole text (identifiers used, string literals, comments), for retrieval: what a name,
 * signature or docstring does not say but the code does (`PAGER`, `Safari`, `chardet`). Stored in the atlas as
 * one string per file, `term` or `term*n`, sorted: identifier sub-words only (whole identifiers are left out, the
 * names already carry them), each count capped, so the field stays a fraction of the file's size.
 */
import { countWords, termsOfWord } from './tokens.js';

/** More uses than this say little more about what the file is about. */
export const MAX_BODY_COUNT = 3;

export function bodyTerms(text: string): string {
  // Each distinct word is split and stemmed once, its terms counted as often as it occurs: splitting every
  // occurrence again was a third of a cold build's time. (A cache across files saved nothing more, and kept texts.)
  const wordCounts = countWords(text);
  const counts = new Map<string, number>();
  for (const [word, n] of wordCounts) for (const term of termsOfWord(word)) if (!term.startsWith('=')) counts.set(term, (counts.get(term) ?? 0) + n);
  return [...counts.keys()]
    .sort()
    .map((term) => {
      const count = Math.min(counts.get(term) ?? 1, MAX_BODY_COUNT);
      return count > 1 ? `${term}*${count}` : term;
    })
    .join(' ');
}

/** The terms and counts of a `bodyTerms` string. */
export function parseBodyTerms(field: string): Array<[string, number]> {
  if (!field) return [];
  return field.split(' ').map((item) => {
    const star = item.indexOf('*');
    return star < 0 ? [item, 1] : [item.slice(0, star), Number(item.slice(star + 1))];
  });
}
