/** The terms of a text (an issue, a plan, a commit message) with their weights, as retrieval reads them. */
import { terms } from './tokens.js';

/** Extra weight of a term in the first line (a title) and in a `code span`, each (a term's weight caps at 3). */
const TITLE_BONUS = 1;
const CODE_BONUS = 1;

export function queryWeights(query: string): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const term of terms(text)) weights.set(term, (weights.get(term) ?? 0) + weight);
  };
  add(query, 1);
  add(query.trimStart().split('\n')[0] ?? '', TITLE_BONUS);
  for (const span of query.match(/`[^`\n]+`/g) ?? []) add(span, CODE_BONUS);
  for (const [term, weight] of weights) weights.set(term, Math.min(weight, 3));
  return weights;
}
