/**
 * Builds the atlas of a directory. Incremental: a file whose content hash (and extractor version) matches an
 * entry of the previous atlas reuses that entry's symbols, imports and body terms; only the others are parsed. The
 * reference graph, owners and ranks are recomputed from all entries every time (they depend on the whole tree).
 * The same tree gives the same bytes: everything is sorted and nothing depends on time or the machine.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { bodyTerms } from './body-terms.js';
import { CODEOWNERS_LOCATIONS, parseCodeowners } from './codeowners.js';
import { isLibraryPath } from './library.js';
import { isCode, isParsed, languageOf } from './languages.js';
import { isManifest, readManifest } from './manifests.js';
import { memoTerms, nameTerms } from './name-terms.js';
import { isTsconfig, pathAliases } from './path-aliases.js';
import { isGoMod } from './resolve-go.js';
import type { Extracted } from './extract.js';
import { expectLanguages } from './parser.js';
import { ParsePool, defaultParseWorkers } from './parse-pool.js';
import { pageRank } from './rank.js';
import { edgeReuse } from './edge-reuse.js';
import { withHead } from './entry-text.js';
import { createResolver, type Resolver } from './resolve.js';
import { cleanBlobIds, gitBlobId } from './git-blobs.js';
import { openStatCache } from './stat-cache.js';
import { ATLAS_SCHEMA_VERSION, EXTRACTOR_VERSION, type Atlas, type AtlasEdge, type AtlasFile, type AtlasPackage } from './schema.js';
import { MAX_FILE_BYTES, isBinary, listSourceFiles } from './walk.js';

export interface BuildOptions {
  dir: string;
  /** The previous atlas of this tree, if any: unchanged files are not parsed again. */
  previous?: Atlas | null;
  /**
   * A side file (never repo_atlas.json) remembering each file's stat and hash, so that with `previous` an
   * unchanged file is not read at all; see stat-cache.ts for why that is safe. Written after the build.
   */
  statCache?: string;
  /**
   * In a git checkout, with `previous`: a file that git's index holds unchanged, with the blob id the previous atlas
   * has for it, is not read (git-blobs.ts). On by default; false reads every file (or those the stat cache does not
   * know).
   */
  gitIndex?: boolean;
  /**
   * Worker threads that parse beside the building thread, started once it has parsed WORKERS_AFTER_FILES files
   * (parse-pool.ts); by default one per further core. 0 parses everything in this thread.
   */
  parseWorkers?: number;
  /** Wall clock in ms (tests inject one); only the stat cache uses it. */
  clock?: () => number;
}

export interface BuildStats {
  files: number;
  /** Files whose symbols were extracted by a parser in this build. */
  parsed: number;
  /** Of those, the files a worker thread parsed (parse-pool.ts). */
  parsedInWorkers: number;
  /** Files whose entry came from the previous atlas. */
  reused: number;
  /** Files read from disk (with a stat cache or git's index, unchanged files the previous atlas holds are not). */
  read: number;
  /** Files whose imports were resolved in this build (the others kept the previous atlas's references). */
  resolved: number;
  skippedBinary: number;
  skippedLarge: number;
}

// Files are read one after another with synchronous calls (cheaper than a thread-pool round trip per open, stat,
// read and close) and parsed in this thread or handed to a parse worker (parse-pool.ts). The event loop gets a turn every YIELD_MS, but only
// until the first file is parsed: V8 then compiles the grammar's hot code in the background, and the next turn of
// the loop waits for that (3–4 s on a busy machine, which an incremental build spent idle). With no turn until the
// atlas is written, the compile overlaps the rest of the build instead.
const YIELD_MS = 250;
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const round = (x: number): number => Math.round(x * 1e9) / 1e9;

interface Loaded {
  rel: string;
  language: string;
  hash: string;
  blob: string;
  size: number;
  extracted: Extracted | null;
  /** The words of the parsed file's text (body-terms.ts), when it was read and parsed. */
  terms: string;
  reuse: AtlasFile | undefined;
}

export async function buildAtlas(options: BuildOptions): Promise<{ atlas: Atlas; stats: BuildStats }> {
  const startedMs = (options.clock ?? Date.now)();
  const root = path.resolve(options.dir);
  const paths = await listSourceFiles(root);
  const stats: BuildStats = { files: 0, parsed: 0, parsedInWorkers: 0, reused: 0, read: 0, resolved: 0, skippedBinary: 0, skippedLarge: 0 };
  const previous = options.previous?.extractor === EXTRACTOR_VERSION ? options.previous : null;
  // Every grammar the tree needs, and what will be parsed as far as can be told before reading: every file of a
  // parsed language, or with a previous atlas the new paths (a changed file at a known path shows once read).
  const previousPaths = new Set(previous?.files.map((file) => file.path));
  const parseable = paths.map(languageOf).filter(isParsed);
  const toParse = paths
    .filter((rel) => !previousPaths.has(rel))
    .map(languageOf)
    .filter(isParsed);
  expectLanguages(new Set(parseable), toParse);
  const byHash = new Map<string, AtlasFile>();
  const byPath = new Map<string, AtlasFile>();
  for (const file of previous?.files ?? []) {
    byHash.set(`${file.language}:${file.hash}`, file);
    byPath.set(file.path, file);
  }
  // The entry of the same path when its content is unchanged (it holds that path's name terms), else any with that content.
  const reusable = (rel: string, language: string, hash: string): AtlasFile | undefined => {
    const same = byPath.get(rel);
    return same?.hash === hash && same.language === language ? same : byHash.get(`${language}:${hash}`);
  };
  const statCache = options.statCache ? await openStatCache(options.statCache, root, startedMs) : null;
  const indexBlobs = previous && options.gitIndex !== false ? await cleanBlobIds(root) : new Map<string, string>();

  const texts = new Map<string, string>();
  const loaded: Loaded[] = [];
  let yieldedMs = performance.now();
  const pool = new ParsePool({ workers: options.parseWorkers ?? defaultParseWorkers(), grammars: [...new Set(parseable)], expected: toParse.length });
  try {
    for (const rel of paths) {
      if (stats.parsed === 0 && performance.now() - yieldedMs >= YIELD_MS) {
        await yieldToLoop();
        yieldedMs = performance.now();
      }
      const abs = path.join(root, rel);
      let stat: Stats;
      try {
        stat = statSync(abs);
      } catch {
        continue; // gone since the walk
      }
      // Too big to be hand-written source: skipped without reading it (node_modules holds 600 MB of such files).
      if (stat.size > MAX_FILE_BYTES) {
        stats.skippedLarge++;
        continue;
      }
      const language = languageOf(rel);
      const keep = isManifest(rel) || isTsconfig(rel) || isGoMod(rel) || CODEOWNERS_LOCATIONS.includes(rel);
      const known = statCache?.hashOf(rel, stat) ?? null;
      let reuse = known === null ? undefined : reusable(rel, language, known);
      // Unchanged in git's index since the previous atlas: its entry as it was (same bytes, as the blob id and size say).
      const same = byPath.get(rel);
      if (!reuse && same && same.language === language && same.size === stat.size && same.blob === indexBlobs.get(rel)) reuse = same;
      let hash = reuse?.hash ?? '';
      let blob = reuse?.blob ?? '';
      let size = stat.size;
      let terms = '';
      // An unchanged file whose entry the previous atlas holds is not even read (with a stat cache or git's index).
      if (!reuse || keep) {
        let bytes: Buffer;
        try {
          bytes = readFileSync(abs);
        } catch {
          continue;
        }
        stats.read++;
        if (bytes.length > MAX_FILE_BYTES) {
          stats.skippedLarge++;
          continue;
        }
        if (isBinary(bytes)) {
          stats.skippedBinary++;
          continue;
        }
        hash = createHash('sha256').update(bytes).digest('hex');
        blob = gitBlobId(bytes);
        size = bytes.length;
        if (keep) texts.set(rel, bytes.toString('utf8'));
        reuse = reusable(rel, language, hash);
        if (!reuse && isParsed(language)) {
          const parsing: Loaded = { rel, language, hash, blob, size, extracted: null, terms: '', reuse };
          loaded.push(parsing);
          await pool.parse(language, bytes.toString('utf8'), (parsed) => {
            parsing.extracted = parsed.extracted;
            parsing.terms = parsed.terms;
          });
          stats.parsed++;
          if (size === stat.size) statCache?.remember(rel, stat, hash);
          continue;
        }
        if (!reuse && isCode(language)) terms = bodyTerms(bytes.toString('utf8')); // Go, Rust, Java…: words without a parser
        if (size === stat.size) statCache?.remember(rel, stat, hash);
      } else statCache?.remember(rel, stat, hash);
      loaded.push({ rel, language, hash, blob, size, extracted: null, terms, reuse });
    }
    await pool.finish();
  } finally {
    pool.close();
  }
  stats.parsedInWorkers = pool.inWorkers;

  const files: AtlasFile[] = [];
  const termsOf = memoTerms();
  for (const entry of loaded) {
    const { rel, language, hash, blob, size, reuse } = entry;
    // The same content at the same path: the entry as stored, its text copied by the writer (entry-text.ts).
    const stored =
      reuse?.path === rel
        ? withHead(reuse, { path: rel, language, size, hash, blob, owners: [], library: isLibraryPath(rel, language), rank: 0 })
        : undefined;
    if (stored) {
      stats.reused++;
      files.push(stored);
      continue;
    }
    let symbols: AtlasFile['symbols'] = [];
    let imports: AtlasFile['imports'] = [];
    let doc = '';
    let terms = '';
    if (reuse) {
      stats.reused++;
      ({ symbols, imports } = reuse);
      doc = reuse.doc ?? '';
      terms = reuse.terms ?? '';
    } else {
      if (entry.extracted) ({ symbols, imports, doc } = entry.extracted);
      terms = entry.terms;
    }
    // The name terms hold the path: an entry reused from another path (a moved or copied file) gets its own.
    const names = reuse?.path === rel && reuse.names !== undefined ? reuse.names : nameTerms({ path: rel, symbols, imports, doc }, termsOf);
    files.push({
      path: rel,
      language,
      size,
      hash,
      blob,
      owners: [],
      library: isLibraryPath(rel, language),
      ...(doc && { doc }),
      symbols,
      imports,
      ...(terms && { terms }),
      ...(names && { names }),
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
  let resolver: Resolver | undefined;
  const kept = edgeReuse(previous, files);
  const edges: AtlasEdge[] = [];
  const edgeNames = new Map<string, Set<string>>();
  for (const [i, file] of files.entries()) {
    const known = kept?.edgesFrom(i);
    if (known) {
      edges.push(...known);
      continue;
    }
    stats.resolved++;
    if (file.imports.length > 0)
      resolver ??= createResolver(
        files.map((f) => f.path),
        {
          packageJsons,
          aliases: pathAliases(new Map([...texts].filter(([file]) => isTsconfig(file)))),
          goMods: new Map([...texts].filter(([file]) => isGoMod(file))),
        },
      );
    for (const imp of file.imports) {
      for (const target of (resolver as Resolver).resolve(file.path, file.language, imp.source, imp.names)) {
        const key = `${file.path}\0${target}`;
        const names = edgeNames.get(key) ?? new Set<string>();
        for (const name of imp.names) names.add(name);
        edgeNames.set(key, names);
      }
    }
  }
  for (const [key, names] of edgeNames) {
    const [from, to] = key.split('\0') as [string, string];
    edges.push({ from, to, names: [...names].sort() });
  }
  edges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));

  const ranks = pageRank(
    files.map((f) => f.path),
    edges,
  );
  for (const file of files) file.rank = round(ranks.get(file.path) ?? 0);

  const packages: AtlasPackage[] = [];
  for (const [file, text] of [...texts].sort(([a], [b]) => compare(a, b))) if (isManifest(file)) packages.push(...readManifest(file, text));
  packages.sort((a, b) => compare(a.manifest, b.manifest) || compare(a.name, b.name) || Number(a.dev) - Number(b.dev));

  // Saved last, after the synchronous work above (see YIELD_MS).
  if (statCache) await statCache.save().catch(() => undefined); // a side cache that cannot be written only costs time
  return { atlas: { schema: ATLAS_SCHEMA_VERSION, extractor: EXTRACTOR_VERSION, files, edges, packages }, stats };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
