/**
 * BM25 over one term field per file (`term` or `term*n`, space-separated: the body terms of body-terms.ts, the
 * name terms of name-terms.ts), each field with its own document frequencies and length normalisation.
 *
 * Built lazily: a term's postings are found when a query first asks for it, by a text search of the fields joined
 * into a few long strings, and kept. Parsing every field into postings up front took seconds on a large tree (1.4
 * million items for 20,000 files, most never asked for); the lengths, which every query needs, come from a scan
 * that allocates nothing.
 */
import { bm25Idf, bm25Tf } from './bm25.js';

/**
 * Consecutive files' terms fields (`term` or `term*n` separated by spaces, body-terms.ts), each after a space,
 * joined by newlines: one string to search per term. The field of file `first + j` ends at ends[j], its newline.
 */
interface Segment {
  text: string;
  first: number;
  ends: Uint32Array;
}

export interface TermIndex {
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

const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * `Number(text.slice(from, to))`, read in place for the counts the fields hold (digits, at most one `.`): a slice
 * and a parse per item were most of an index's cost on a large tree. N / 10^k is exactly what Number gives, as
 * both are the correctly rounded value of that decimal. Anything else goes to Number.
 */
function countAt(text: string, from: number, to: number): number {
  let whole = 0;
  let scale = 1;
  let digits = 0;
  let dot = false;
  for (let at = from; at < to; at++) {
    const c = text.charCodeAt(at);
    if (c >= ZERO && c <= NINE) {
      whole = whole * 10 + (c - ZERO);
      if (dot) scale *= 10;
      digits++;
    } else if (c === DOT && !dot) dot = true;
    else return Number(text.slice(from, to));
  }
  return digits > 0 && digits < 16 ? whole / scale : Number(text.slice(from, to));
}

/**
 * Each field's length, the sum of its items' counts as parseBodyTerms reads them (an item without `*n` counts 1),
 * added item by item in order, from one walk over the segment's spaces: every item starts after one.
 */
function addSegmentLengths({ text, first, ends }: Segment, lengths: Float64Array): void {
  let j = 0;
  let star = text.indexOf('*');
  for (let at = text.indexOf(' '); at >= 0;) {
    while ((ends[j] ?? 0) < at) j++;
    const fieldEnd = ends[j] ?? 0;
    const next = text.indexOf(' ', at + 1);
    const end = next < 0 || next > fieldEnd ? fieldEnd : next;
    const fieldStart = j === 0 ? 0 : (ends[j - 1] ?? 0) + 1;
    // The leading space of an empty field starts no item.
    if (!(at === fieldStart && end === at + 1)) {
      if (star >= 0 && star <= at) star = text.indexOf('*', at + 1);
      lengths[first + j] = (lengths[first + j] ?? 0) + (star >= 0 && star < end ? countAt(text, star + 1, end) : 1);
    }
    at = next;
  }
}

/** The index of `fields`, one per file in the atlas's order. */
export function termIndex(fields: readonly string[], segmentChars = SEGMENT_CHARS): TermIndex {
  const segments: Segment[] = [];
  const lengths = new Float64Array(fields.length);
  let parts: string[] = [];
  let ends: number[] = [];
  let first = 0;
  let offset = 0;
  const flush = (next: number) => {
    if (parts.length > 0) {
      const segment = { text: parts.join(''), first, ends: Uint32Array.from(ends) };
      addSegmentLengths(segment, lengths);
      segments.push(segment);
    }
    parts = [];
    ends = [];
    first = next;
    offset = 0;
  };
  let total = 0;
  fields.forEach((field, i) => {
    if (offset + 1 + field.length > segmentChars) flush(i);
    // Pieces joined once: a ` ${field}` string per file would copy every field twice.
    if (parts.length > 0) parts.push('\n');
    parts.push(' ', field);
    ends.push(offset + 1 + field.length);
    offset += field.length + 2;
  });
  flush(fields.length);
  for (const length of lengths) total += length;
  return { segments, postings: new Map(), lengths, avgLength: total / Math.max(1, fields.length) || 1, files: fields.length };
}

/**
 * The files whose field holds `term` as an item (`term` or `term*n`), with its count: what parsing every field
 * would give for a query term (one without spaces, newlines or `*`), found by one indexOf pass over all fields.
 */
export function termPostings(index: TermIndex, term: string): number[] {
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

/**
 * Adds `weight` × each file's BM25 for the weighted query terms to `scores`. `b` is the share of length
 * normalisation: 1 for bodies (a long file holds many words by size alone), less for names.
 */
export function addTermScores(index: TermIndex, queryTerms: ReadonlyMap<string, number>, b: number, weight: number, scores: Float64Array): void {
  for (const [term, termWeight] of queryTerms) {
    const list = termPostings(index, term);
    if (list.length === 0) continue;
    const df = list.length / 2;
    const idf = bm25Idf(index.files, df);
    for (let at = 0; at < list.length; at += 2) {
      const i = list[at] as number;
      const tf = list[at + 1] as number;
      const norm = 1 - b + (b * (index.lengths[i] ?? 0)) / index.avgLength;
      scores[i] = (scores[i] ?? 0) + weight * termWeight * idf * bm25Tf(tf, norm);
    }
  }
}
