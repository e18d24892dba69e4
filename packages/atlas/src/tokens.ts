/**
 * Identifier-aware terms: `parseHTTPResponse`, `parse_http_response` and `parse-http-response.ts` all give
 * parse, http, response; the whole identifier is kept as a term too (an exact name is strong evidence).
 */
const STOP = new Set(
  'a an and are as at be but by can do does for from has have if in into is it its not of on or so that the their then there these this to was were when which while will with without should would could we you i our us add added adds fix fixed fixes fixing use used uses using make makes made new now also more less only some any all other get gets set sets support allow allows change changes changed update updates updated remove removes removed move moved rename renamed instead need needs via per after before same one two first last way case cases like just don doesn isn didn won t s py ts js tsx jsx mjs cjs src lib index init self none true false null undefined return def function const let var import export from class'.split(
    ' ',
  ),
);

/** Light stemming: plural and common verb endings, so `parsers`/`parsing`/`parsed` meet `parser`/`parse`. */
export function stem(word: string): string {
  const stemmed = stemEnding(word);
  // A silent final e goes too: `parse` and `close` meet `parsing` and `closed`.
  return stemmed.length > 4 && stemmed.endsWith('e') ? stemmed.slice(0, -1) : stemmed;
}

function stemEnding(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('ers') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('er') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && word.length > 4 && /(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && word.length > 3) return word.slice(0, -1);
  return word;
}

const OTHER = 0;
const UPPER = 1;
const LOWER = 2;
const DIGIT = 3;

function kindOf(c: number): number {
  if (c >= 97 && c <= 122) return LOWER;
  if (c >= 65 && c <= 90) return UPPER;
  return c >= 48 && c <= 57 ? DIGIT : OTHER;
}

/**
 * Splits one identifier into its lower-case parts of two or more characters: runs of ASCII letters and digits, cut
 * before an upper-case letter that follows a lower-case one or a digit (`parseHttp`), before the last capital of a
 * run that a lower-case letter follows (`HTTPResponse`), and between letters and digits (`utf8`). One pass over the
 * characters: three regular expressions per word were a fifth of a cold build.
 */
export function splitIdentifier(identifier: string): string[] {
  const parts: string[] = [];
  const length = identifier.length;
  let start = -1;
  let previous = OTHER;
  let kind = length > 0 ? kindOf(identifier.charCodeAt(0)) : OTHER;
  for (let at = 0; at <= length; at++) {
    const next = at + 1 < length ? kindOf(identifier.charCodeAt(at + 1)) : OTHER;
    if (start < 0) {
      if (kind !== OTHER) start = at;
    } else if (kind === OTHER || (kind === DIGIT) !== (previous === DIGIT) || (kind === UPPER && (previous !== UPPER || next === LOWER))) {
      if (at - start > 1) parts.push(identifier.slice(start, at).toLowerCase());
      start = kind === OTHER ? -1 : at;
    }
    previous = kind;
    kind = next;
  }
  return parts;
}

/** An identifier, or digits followed by letters (`2fa`, `404s`): the words terms() reads. */
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*|[0-9]+[A-Za-z][A-Za-z0-9]*/g;

/** The words of a text, in order: terms(text) is the terms of each word in turn (termsOfWord). */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** How often each word of words(text) occurs, found without holding every occurrence in an array. */
export function countWords(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const word = new RegExp(WORD.source, 'g');
  for (let match = word.exec(text); match; match = word.exec(text)) counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  return counts;
}

function addWordTerms(word: string, out: string[]): void {
  const parts = splitIdentifier(word);
  for (const part of parts) {
    // A part is all letters or all digits (splitIdentifier cuts between them); numbers are not terms.
    if (part.charCodeAt(0) <= 57 || STOP.has(part)) continue;
    out.push(stem(part));
  }
  if (parts.length > 1) out.push(`=${word.toLowerCase().replace(/[^a-z0-9]/g, '')}`);
}

/** The terms of one word of words(). */
export function termsOfWord(word: string): string[] {
  const out: string[] = [];
  addWordTerms(word, out);
  return out;
}

/** Terms of free text or code: split identifiers, stemmed, stop words dropped, plus whole identifiers. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) addWordTerms(word, out);
  return out;
}

/** Plain words for the BM25 baseline: lower-case alphanumeric runs, nothing else. */
export function plainWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9_]+/g) ?? []).filter((w) => w.length > 1);
}
