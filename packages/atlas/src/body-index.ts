/**
 * BM25 over the files' body terms (see body-terms.ts), apart from the names' BM25F: its own document frequencies
 * and length normalisation, so that words every body uses do not dilute the names' weights.
 *
 * Built lazily: a term's postings are found when a query first asks for it, by one text search of all the files'
 * terms fields, and kept. Parsing every field into postings up front took seconds on a large tree (1.4 million items for
 * 20,000 files, most never asked for); the lengths, which every query needs, come from a scan that allocates nothing.
 */
import type { AtlasFile } from './schema.js';

const K1 = 1.2;
/** Full length normalisation: a long file's body holds many words by size alone. */
const B = 1;

export interface BodyIndex {
  /**
   * Every file's terms field (`term` or `term*n` separated by spaces, body-terms.ts), each after a space, joined by
   * newlines: one string to search per term. Field i ends at ends[i] (its newline), after the end of field i - 1.
   */
  text: string;
  ends: Uint32Array;
  /** Per term asked for so far: file index and count pairs, flattened, in file order. */
  postings: Map<string, number[]>;
  lengths: Float64Array;
  avgLength: number;
  files: number;
}

const SPACE = 0x20;
const STAR = 0x2a;

/** The sum of a field's counts, as parseBodyTerms reads them (an item without `*n` counts 1). */
function fieldLength(field: string): number {
  if (!field) return 0;
  let length = 0;
  let start = 0;
  let star = field.indexOf('*');
  while (start <= field.length) {
    let end = field.indexOf(' ', start);
    if (end < 0) end = field.length;
    if (star >= 0 && star < start) star = field.indexOf('*', start);
    length += star >= 0 && star < end ? Number(field.slice(star + 1, end)) : 1;
    start = end + 1;
  }
  return length;
}

export function bodyIndex(files: readonly AtlasFile[]): BodyIndex {
  const ends = new Uint32Array(files.length);
  const lengths = new Float64Array(files.length);
  const parts: string[] = [];
  let offset = 0;
  let total = 0;
  files.forEach((file, i) => {
    const field = file.terms ?? '';
    parts.push(` ${field}`);
    ends[i] = offset + 1 + field.length;
    offset = (ends[i] ?? 0) + 1;
    lengths[i] = fieldLength(field);
    total += lengths[i] ?? 0;
  });
  return {
    text: parts.join('\n'),
    ends,
    postings: new Map(),
    lengths,
    avgLength: total / Math.max(1, files.length) || 1,
    files: files.length,
  };
}

/**
 * The files whose field holds `term` as an item (`term` or `term*n`), with its count: what parsing every field
 * would give for a query term (one without spaces, newlines or `*`), found by one indexOf pass over all fields.
 */
export function bodyPostings(index: BodyIndex, term: string): number[] {
  const known = index.postings.get(term);
  if (known) return known;
  const list: number[] = [];
  const { text, ends } = index;
  let file = 0;
  if (term !== '')
    // The term alone is found faster than with its leading space (spaces are everywhere; its first letter is not).
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      if (text.charCodeAt(at - 1) !== SPACE) continue;
      while ((ends[file] ?? 0) <= at) file++;
      const end = at + term.length;
      const fieldEnd = ends[file] ?? 0;
      const next = end < fieldEnd ? text.charCodeAt(end) : SPACE;
      if (next === SPACE) list.push(file, 1);
      else if (next === STAR) {
        const space = text.indexOf(' ', end);
        list.push(file, Number(text.slice(end + 1, space < 0 || space > fieldEnd ? fieldEnd : space)));
      }
    }
  index.postings.set(term, list);
  return list;
}

/** Adds `weight` × each file's body BM25 for the weighted query terms to `scores`. */
export function addBodyScores(index: BodyIndex, queryTerms: ReadonlyMap<string, number>, weight: number, scores: Float64Array): void {
  for (const [term, termWeight] of queryTerms) {
    const list = bodyPostings(index, term);
    if (list.length === 0) continue;
    const df = list.length / 2;
    const idf = Math.log(1 + (index.files - df + 0.5) / (df + 0.5));
    for (let at = 0; at < list.length; at += 2) {
      const i = list[at] as number;
      const tf = list[at + 1] as number;
      const norm = 1 - B + (B * (index.lengths[i] ?? 0)) / index.avgLength;
      scores[i] = (scores[i] ?? 0) + weight * termWeight * idf * ((tf * (K1 + 1)) / (tf + K1 * norm));
    }
  }
}
