/** repo_atlas.json: its versioned schema. A reader rejects another schema version instead of guessing. */
import { z } from 'zod';

/**
 * 2: files carry `terms`, the words of their whole text (body-terms.ts). 3: files carry `blob`, git's object id of
 * their bytes, so a rebuild in a checkout takes unchanged files from git's index without reading them (git-blobs.ts).
 */
export const ATLAS_SCHEMA_VERSION = 3;
/**
 * Bumped when extraction or import resolution (resolve.ts) changes, so a previous atlas's parsed entries and
 * references (edge-reuse.ts) are not reused across versions.
 */
export const EXTRACTOR_VERSION = 5;

export const atlasSymbolSchema = z.object({
  name: z.string(),
  kind: z.string(),
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
  exported: z.boolean(),
  signature: z.string(),
  doc: z.string().optional(),
});

export const atlasImportSchema = z.object({
  /** The module as written (`./x.js`, `zod`, `os.path`, `.models`). */
  source: z.string(),
  names: z.array(z.string()),
  line: z.number().int().positive(),
});

export const atlasFileSchema = z.object({
  path: z.string(),
  language: z.string(),
  size: z.number().int().nonnegative(),
  /** sha256 of the bytes, hex. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** git's object id of the bytes (`git hash-object`: sha1 of `blob <size>\0` and the bytes), hex. */
  blob: z.string().regex(/^[0-9a-f]{40}$/),
  owners: z.array(z.string()),
  /** Library code (what the project ships) rather than tests, examples, scripts or docs. */
  library: z.boolean(),
  doc: z.string().optional(),
  symbols: z.array(atlasSymbolSchema),
  imports: z.array(atlasImportSchema),
  /** The sub-words of the file's whole text with their counts capped, `term` or `term*n`, sorted (body-terms.ts); absent when none. */
  terms: z.string().optional(),
  /**
   * The terms of the file's name, folder, symbols, signatures, docs and imports, `term` or `term*w` with w their
   * summed field weight, sorted (name-terms.ts); absent when none. Written since extractor 4; a reader computes it
   * for an atlas without it.
   */
  names: z.string().optional(),
  /** PageRank over the reference graph, scaled so the files sum to 1. */
  rank: z.number().nonnegative(),
});

export const atlasEdgeSchema = z.object({
  from: z.string(),
  to: z.string(),
  names: z.array(z.string()),
});

export const atlasPackageSchema = z.object({
  name: z.string(),
  version: z.string(),
  ecosystem: z.enum(['npm', 'pypi']),
  manifest: z.string(),
  dev: z.boolean(),
});

export const atlasSchema = z.object({
  schema: z.literal(ATLAS_SCHEMA_VERSION),
  extractor: z.number().int(),
  files: z.array(atlasFileSchema),
  /** Resolved imports between files of the tree (the reference graph). */
  edges: z.array(atlasEdgeSchema),
  packages: z.array(atlasPackageSchema),
});

export type AtlasSymbol = z.infer<typeof atlasSymbolSchema>;
export type AtlasImport = z.infer<typeof atlasImportSchema>;
export type AtlasFile = z.infer<typeof atlasFileSchema>;
export type AtlasEdge = z.infer<typeof atlasEdgeSchema>;
export type AtlasPackage = z.infer<typeof atlasPackageSchema>;
export type Atlas = z.infer<typeof atlasSchema>;
