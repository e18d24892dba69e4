/**
 * BM25 over the files' body terms (see body-terms.ts), apart from the names' BM25F: its own document frequencies
 * and length normalisation, so that words every body uses do not dilute the names' weights. Postings per term,
 * built once per atlas, so a query visits only the files holding its terms.
 */
import { parseBodyTerms } from './body-terms.js';
import type { AtlasFile } from './schema.js';

const K1 = 1.2;
/** Full length normalisation: a long file's body holds many words by size alone. */
const B = 1;

export interface BodyIndex {
  /** Per term: file index and count pairs, flattened. */
  postings: Map<string, number[]>;
  lengths: Float64Array;
  avgLength: number;
  files: number;
}

export function bodyIndex(files: readonly AtlasFile[]): BodyIndex {
  const postings = new Map<string, number[]>();
  const lengths = new Float64Array(files.length);
  let total = 0;
  files.forEach((file, i) => {
    for (const [term, count] of parseBodyTerms(file.terms ?? '')) {
      let list = postings.get(term);
      if (!list) postings.set(term, (list = []));
      list.push(i, count);
      lengths[i] = (lengths[i] ?? 0) + count;
    }
    total += lengths[i] ?? 0;
  });
  return { postings, lengths, avgLength: total / Math.max(1, files.length) || 1, files: files.length };
}

/** Adds `weight` × each file's body BM25 for the weighted query terms to `scores`. */
export function addBodyScores(index: BodyIndex, queryTerms: ReadonlyMap<string, number>, weight: number, scores: Float64Array): void {
  for (const [term, termWeight] of queryTerms) {
    const list = index.postings.get(term);
    if (!list) continue;
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
