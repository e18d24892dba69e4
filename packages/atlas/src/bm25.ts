/** The two halves of BM25 every scorer of the atlas shares: a term's rarity and its saturated frequency. */

const K1 = 1.2;

/** Inverse document frequency of a term found in `df` of `n` documents (never negative). */
export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

/** A count `tf` saturated, in a document whose length normalisation (1 - b + b × length / mean length) is `norm`. */
export function bm25Tf(tf: number, norm: number): number {
  return (tf * (K1 + 1)) / (tf + K1 * norm);
}
