/**
 * A hand-written check that a parsed repo_atlas.json is exactly what serializeAtlas writes: every field of the
 * schema's type, in the schema's key order, nothing else. zod took a second on the atlas of a 20,000-file tree, the
 * largest part of an incremental build. For such a value zod would return an equal copy, so parseAtlas can skip it;
 * anything else (a missing or extra key, another order, a wrong type) still goes through zod, which decides and
 * words the error. So this may reject more than zod but never accepts what zod would not return unchanged.
 */
import type { EntryHead } from './entry-text.js';
import { ATLAS_SCHEMA_VERSION, type Atlas } from './schema.js';

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isCount: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isLine: Check = (v) => Number.isSafeInteger(v) && (v as number) > 0;
const isStrings: Check = (v) => Array.isArray(v) && v.every(isString);
const HASH = /^[0-9a-f]{64}$/;
const BLOB = /^[0-9a-f]{40}$/;

/** An object whose keys are `fields`' in that order (those in `optional` may be absent), each passing its check. */
function record(fields: Record<string, Check>, optional: readonly string[] = []): Check {
  const names = Object.keys(fields);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const keys = Object.keys(value);
    let at = 0;
    for (const name of names) {
      if (keys[at] === name) {
        if (!(fields[name] as Check)((value as Record<string, unknown>)[name])) return false;
        at++;
      } else if (!optional.includes(name)) return false;
    }
    return at === keys.length;
  };
}

const listOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);

const isSymbol = record({ name: isString, kind: isString, line: isLine, endLine: isLine, exported: isBoolean, signature: isString, doc: isString }, [
  'doc',
]);
const isImport = record({ source: isString, names: isStrings, line: isLine });
const isHash: Check = (v) => typeof v === 'string' && HASH.test(v);
const isBlob: Check = (v) => typeof v === 'string' && BLOB.test(v);
const isRank: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
/** The fields of an entry before `doc`, in order: what previous-atlas.ts reads apart from the rest, with `rank`. */
const headFields = { path: isString, language: isString, size: isCount, hash: isHash, blob: isBlob, owners: isStrings, library: isBoolean };
const isFile = record(
  {
    ...headFields,
    doc: isString,
    symbols: listOf(isSymbol),
    imports: listOf(isImport),
    terms: isString,
    names: isString,
    rank: isRank,
  },
  ['doc', 'terms', 'names'],
);
const isEdge = record({ from: isString, to: isString, names: isStrings });
const isPackage = record({ name: isString, version: isString, ecosystem: (v) => v === 'npm' || v === 'pypi', manifest: isString, dev: isBoolean });

/** An entry's head as previous-atlas.ts reads it apart from the rest: the fields before `doc`, then `rank`. */
export const isEntryHead = record({ ...headFields, rank: isRank }) as (value: unknown) => value is EntryHead;

/** The atlas's `edges` and `packages` exactly as written (previous-atlas.ts reads them apart from its files). */
export const isEdges = listOf(isEdge);
export const isPackages = listOf(isPackage);

const isAtlas = record({
  schema: (v) => v === ATLAS_SCHEMA_VERSION,
  extractor: (v) => Number.isSafeInteger(v),
  files: listOf(isFile),
  edges: isEdges,
  packages: isPackages,
});

/** True when `json` is an atlas exactly as serializeAtlas writes one (see above). */
export function isExactAtlas(json: unknown): json is Atlas {
  return isAtlas(json);
}
