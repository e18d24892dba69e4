/**
 * BM25 over the files' body terms (see body-terms.ts), apart from the names' BM25F: its own document frequencies
 * and length normalisation, so that words every body uses do not dilute the names' weights.
 *
 * Built lazily: a term's postings are found when a query first asks for it, by a text search of the files' terms
 * fields joined into a few long strings, and kept. Parsing every field into postings up front took seconds on a large tree (1.4 million items for
 * 20,000 files, most never asked for); the lengths, which every query needs, come from a scan that allocates nothing.
 */
import type { AtlasFile } from './schema.js';

const K1 = 1.2;
/** Full length normalisation: a long file's body holds many words by size alone. */
const B = 1;

/**
 * Consecutive files' terms fields (`term` or `term*n` separated by spaces, body-terms.ts), each after a space,
 * joined by newlines: one string to search per term. The field of file `first + j` ends at ends[j], its newline.
 */
interface Segment {
  text: string;
  first: number;
  ends: Uint32Array;
}

export interface BodyIndex {
  segments: Segment[];
  /** Per term asked for so far: file index and count pairs, flattened, in file order. */
  postings: Map<string, number[]>;
  lengths: Float64Array;
  avgLength: number;
  files: number;
}

/** A segment's length, far below V8's longest string (about 2^29 characters) so a huge tree still fits. */
const SEGMENT_CHARS = 1 << 26;

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

export function bodyIndex(files: readonly AtlasFile[], segmentChars = SEGMENT_CHARS): BodyIndex {
  const segments: Segment[] = [];
  const lengths = new Float64Array(files.length);
  let parts: string[] = [];
  let ends: number[] = [];
  let first = 0;
  let offset = 0;
  const flush = (next: number) => {
    if (parts.length > 0) segments.push({ text: parts.join('\n'), first, ends: Uint32Array.from(ends) });
    parts = [];
    ends = [];
    first = next;
    offset = 0;
  };
  let total = 0;
  files.forEach((file, i) => {
    const field = file.terms ?? '';
    if (offset + 1 + field.length > segmentChars) flush(i);
    parts.push(` ${field}`);
    ends.push(offset + 1 + field.length);
    offset += field.length + 2;
    lengths[i] = fieldLength(field);
    total += lengths[i] ?? 0;
  });
  flush(files.length);
  return { segments, postings: new Map(), lengths, avgLength: total / Math.max(1, files.length) || 1, files: files.length };
}

/**
 * The files whose field holds `term` as an item (`term` or `term*n`), with its count: what parsing every field
 * would give for a query term (one without spaces, newlines or `*`), found by one indexOf pass over all fields.
 */
export function bodyPostings(index: BodyIndex, term: string): number[] {
  const known = index.postings.get(term);
  if (known) return known;
  const list: number[] = [];
  for (const { text, first, ends } of term === '' ? [] : index.segments) {
    let j = 0;
    // The term alone is found faster than with its leading space (spaces are everywhere; its first letter is not).
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
      if (text.charCodeAt(at - 1) !== SPACE) continue;
      while ((ends[j] ?? 0) <= at) j++;
      const end = at + term.length;
      const fieldEnd = ends[j] ?? 0;
      const next = end < fieldEnd ? text.charCodeAt(end) : SPACE;
      if (next === SPACE) list.push(first + j, 1);
      else if (next === STAR) {
        const space = text.indexOf(' ', end);
        list.push(first + j, Number(text.slice(end + 1, space < 0 || space > fieldEnd ? fieldEnd : space)));
      }
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
