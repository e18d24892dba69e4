/**
 * The previous atlas's references, where they still hold. A file's references depend on its imports (its content),
 * its path and what the resolver sees of the tree: every path, and the text of every package.json, tsconfig and go.mod. When
 * the paths and those files are the previous atlas's, an unchanged file's references are the previous ones, so only the
 * changed files' imports are resolved again (resolving every import was seconds on a 60,000-file tree).
 * resolve.ts changing what it returns must bump EXTRACTOR_VERSION, as extraction changes do, or stale references
 * would be kept.
 */
import path from 'node:path';
import { isTsconfig } from './path-aliases.js';
import { isGoMod } from './resolve-go.js';
import type { Atlas, AtlasEdge, AtlasFile } from './schema.js';

export interface EdgeReuse {
  /** The previous references from the file at `index` when it is unchanged, else undefined (resolve it). */
  edgesFrom(index: number): readonly AtlasEdge[] | undefined;
}

/** Files whose text the resolver reads: packages by name, path aliases, Go modules. */
const steersResolution = (file: string): boolean => path.posix.basename(file) === 'package.json' || isTsconfig(file) || isGoMod(file);

/** Null when the tree's paths, package.json, tsconfig or go.mod files differ from the previous atlas's (everything is resolved). */
export function edgeReuse(previous: Atlas | null, files: readonly AtlasFile[]): EdgeReuse | null {
  if (!previous || previous.files.length !== files.length) return null;
  for (const [i, file] of files.entries()) {
    const old = previous.files[i] as AtlasFile;
    if (old.path !== file.path) return null;
    if (steersResolution(file.path) && old.hash !== file.hash) return null;
  }
  const byFrom = new Map<string, AtlasEdge[]>();
  for (const edge of previous.edges) {
    const list = byFrom.get(edge.from);
    if (list) list.push(edge);
    else byFrom.set(edge.from, [edge]);
  }
  return {
    edgesFrom(index) {
      const file = files[index] as AtlasFile;
      const old = previous.files[index] as AtlasFile;
      if (old.hash !== file.hash || old.language !== file.language) return undefined;
      return byFrom.get(file.path) ?? [];
    },
  };
}
