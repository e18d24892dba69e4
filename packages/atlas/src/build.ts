/**
 * Builds the atlas of a directory. Incremental: a file whose content hash (and extractor version) matches an
 * entry of the previous atlas reuses that entry's symbols and imports; only the others are parsed. The
 * reference graph, owners and ranks are recomputed from all entries every time (they depend on the whole tree).
 * The same tree gives the same bytes: everything is sorted and nothing depends on time or the machine.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CODEOWNERS_LOCATIONS, parseCodeowners } from './codeowners.js';
import { isLibraryPath } from './library.js';
import { isParsed, languageOf } from './languages.js';
import { isManifest, readManifest } from './manifests.js';
import { extract } from './parser.js';
import { pageRank } from './rank.js';
import { createResolver } from './resolve.js';
import { ATLAS_SCHEMA_VERSION, EXTRACTOR_VERSION, type Atlas, type AtlasEdge, type AtlasFile, type AtlasPackage } from './schema.js';
import { MAX_FILE_BYTES, isBinary, listSourceFiles } from './walk.js';

export interface BuildOptions {
  dir: string;
  /** The previous atlas of this tree, if any: unchanged files are not parsed again. */
  previous?: Atlas | null;
}

export interface BuildStats {
  files: number;
  /** Files whose symbols were extracted by a parser in this build. */
  parsed: number;
  /** Files whose entry came from the previous atlas. */
  reused: number;
  skippedBinary: number;
  skippedLarge: number;
}

const READ_CONCURRENCY = 32;

async function mapPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

const round = (x: number): number => Math.round(x * 1e9) / 1e9;

export async function buildAtlas(options: BuildOptions): Promise<{ atlas: Atlas; stats: BuildStats }> {
  const root = path.resolve(options.dir);
  const paths = await listSourceFiles(root);
  const stats: BuildStats = { files: 0, parsed: 0, reused: 0, skippedBinary: 0, skippedLarge: 0 };
  const previous = options.previous?.extractor === EXTRACTOR_VERSION ? options.previous : null;
  const byHash = new Map<string, AtlasFile>();
  for (const file of previous?.files ?? []) byHash.set(`${file.language}:${file.hash}`, file);

  const texts = new Map<string, string>();
  const loaded = await mapPool(paths, READ_CONCURRENCY, async (rel) => {
    const bytes = await readFile(path.join(root, rel)).catch(() => null);
    if (!bytes) return null;
    if (bytes.length > MAX_FILE_BYTES) {
      stats.skippedLarge++;
      return null;
    }
    if (isBinary(bytes)) {
      stats.skippedBinary++;
      return null;
    }
    const language = languageOf(rel);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const keep = isManifest(rel) || CODEOWNERS_LOCATIONS.includes(rel);
    if (keep) texts.set(rel, bytes.toString('utf8'));
    const reuse = byHash.get(`${language}:${hash}`);
    // Parsed as soon as it is read, so no more than READ_CONCURRENCY files' bytes are held at once.
    const extracted = !reuse && isParsed(language) ? await extract(language, bytes.toString('utf8')) : null;
    return { rel, language, hash, size: bytes.length, extracted, reuse };
  });

  const files: AtlasFile[] = [];
  for (const entry of loaded) {
    if (!entry) continue;
    const { rel, language, hash, size, reuse } = entry;
    let symbols: AtlasFile['symbols'] = [];
    let imports: AtlasFile['imports'] = [];
    let doc = '';
    if (reuse) {
      stats.reused++;
      ({ symbols, imports } = reuse);
      doc = reuse.doc ?? '';
    } else if (entry.extracted) {
      stats.parsed++;
      ({ symbols, imports, doc } = entry.extracted);
    }
    files.push({
      path: rel,
      language,
      size,
      hash,
      owners: [],
      library: isLibraryPath(rel, language),
      ...(doc && { doc }),
      symbols,
      imports,
      rank: 0,
    });
  }
  stats.files = files.length;

  const ownersFile = CODEOWNERS_LOCATIONS.find((location) => texts.has(location));
  if (ownersFile) {
    const owners = parseCodeowners(texts.get(ownersFile) as string);
    for (const file of files) file.owners = owners.ownersOf(file.path);
  }

  const packageJsons = new Map([...texts].filter(([file]) => path.posix.basename(file) === 'package.json'));
  const resolver = createResolver(
    files.map((f) => f.path),
    packageJsons,
  );
  const edgeNames = new Map<string, Set<string>>();
  for (const file of files) {
    for (const imp of file.imports) {
      for (const target of resolver.resolve(file.path, file.language, imp.source, imp.names)) {
        const key = `${file.path}\0${target}`;
        const names = edgeNames.get(key) ?? new Set<string>();
        for (const name of imp.names) names.add(name);
        edgeNames.set(key, names);
      }
    }
  }
  const edges: AtlasEdge[] = [...edgeNames]
    .map(([key, names]) => {
      const [from, to] = key.split('\0') as [string, string];
      return { from, to, names: [...names].sort() };
    })
    .sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));

  const ranks = pageRank(
    files.map((f) => f.path),
    edges,
  );
  for (const file of files) file.rank = round(ranks.get(file.path) ?? 0);

  const packages: AtlasPackage[] = [];
  for (const [file, text] of [...texts].sort(([a], [b]) => compare(a, b))) if (isManifest(file)) packages.push(...readManifest(file, text));
  packages.sort((a, b) => compare(a.manifest, b.manifest) || compare(a.name, b.name) || Number(a.dev) - Number(b.dev));

  return { atlas: { schema: ATLAS_SCHEMA_VERSION, extractor: EXTRACTOR_VERSION, files, edges, packages }, stats };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
