/** Expands an evaluated `strategy.matrix` into its combinations with GitHub's include/exclude rules. */
import { isDeepStrictEqual } from 'node:util';
import { ConfigurationError } from '@eternia/core';
import { isMapping } from './workflow-file.js';

export type Combination = Record<string, unknown>;

function matchesAll(combination: Combination, filter: Combination): boolean {
  return Object.entries(filter).every(([key, value]) => isDeepStrictEqual(combination[key], value));
}

/**
 * GitHub fails the job (it does not skip it) when the matrix is empty: "Matrix vector 'x' does not
 * contain any values" for an empty list, "Matrix must define at least one vector" when nothing is left.
 */
export function expandMatrix(matrix: unknown, where: string): Combination[] {
  if (!isMapping(matrix)) throw new ConfigurationError('strategy.matrix must be a mapping', where);
  const vectors = Object.entries(matrix).filter(([key]) => key !== 'include' && key !== 'exclude');
  let combinations: Combination[] = [{}];
  for (const [key, values] of vectors) {
    if (!Array.isArray(values)) throw new ConfigurationError(`Matrix vector '${key}' must be a list`, where);
    if (values.length === 0) throw new ConfigurationError(`Matrix vector '${key}' does not contain any values`, where);
    combinations = combinations.flatMap((combination) => values.map((value: unknown) => ({ ...combination, [key]: value })));
  }
  if (vectors.length === 0) combinations = [];
  const excludes = matrix.exclude ?? [];
  if (!Array.isArray(excludes) || !excludes.every(isMapping))
    throw new ConfigurationError('strategy.matrix.exclude must be a list of mappings', where);
  combinations = combinations.filter((combination) => !excludes.some((filter) => matchesAll(combination, filter)));
  const includes = matrix.include ?? [];
  if (!Array.isArray(includes) || !includes.every(isMapping))
    throw new ConfigurationError('strategy.matrix.include must be a list of mappings', where);
  const original = new Set(vectors.map(([key]) => key));
  const extra: Combination[] = [];
  const base = combinations.length;
  for (const entry of includes) {
    // An include joins every original combination whose original values it does not contradict; else it is a new one.
    const targets = combinations
      .slice(0, base)
      .filter((combination) => Object.entries(entry).every(([key, value]) => !original.has(key) || isDeepStrictEqual(combination[key], value)));
    if (targets.length === 0 || original.size === 0) extra.push({ ...entry });
    for (const target of original.size === 0 ? [] : targets) Object.assign(target, entry);
  }
  combinations = [...combinations, ...extra];
  if (combinations.length === 0) throw new ConfigurationError('Matrix must define at least one vector', where);
  return combinations;
}
