import { lstat, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Atlas } from '@eternia/atlas';
import type { Dossier } from '@eternia/dossier';

export const REPO_ATLAS_FILE = 'repo_atlas.json';

export interface RepoAtlasText {
  /** Compact JSON of the atlas. */
  text: string;
  source: string;
}

export interface AtlasQuery {
  /** The text: the atlas's map shows the files and symbols most relevant to it. */
  text: string;
  tokenBudget: number;
}

/**
 * The repo atlas (symbols, dependencies, owners) when a job left one: the dossier's copy first, then the file the
 * `repo-atlas` input names (outside the checkout). Never the checkout's repo_atlas.json: the agent branch, which
 * a model's patch writes, could hold one. Optional: absent means none, and one that is not JSON is skipped with
 * a reason, not fatal.
 * An atlas of @eternia/atlas's schema is not sent whole: with a query, its map for the query (paths and
 * signatures of the most relevant files, within the token budget) is; any other JSON is sent compacted.
 */
export async function readRepoAtlas(
  dossier: Pick<Dossier, 'readText'>,
  atlasFile: string | undefined,
  query?: AtlasQuery,
): Promise<{ atlas: RepoAtlasText | null; note: string | null }> {
  const candidates: Array<{ source: string; read: () => Promise<string | null>; file?: string }> = [
    { source: `dossier ${REPO_ATLAS_FILE}`, read: async () => dossier.readText(REPO_ATLAS_FILE) },
  ];
  if (atlasFile) candidates.push({ source: `input repo-atlas (${basename(atlasFile)})`, read: () => readIfPresent(atlasFile), file: atlasFile });
  for (const candidate of candidates) {
    if (candidate.file && query?.text.trim() && (await isRegularFile(candidate.file))) {
      // The file as the repo-atlas action wrote it is read lazily (on a 62k-file tree, loading and mapping took 3.6 s
      // against 4.8 s parsed whole); anything else is read below, and its note says what is wrong.
      const { readAtlasLazily } = await import('@eternia/atlas');
      const atlas = await readAtlasLazily(candidate.file).catch(() => null);
      const map = atlas && (await mapFor(atlas, query, candidate.source).catch(() => null));
      if (map) return { atlas: map, note: null };
    }
    const raw = await candidate.read();
    if (raw === null) continue;
    let json: unknown;
    try {
      json = JSON.parse(raw) as unknown;
    } catch (error) {
      return { atlas: null, note: `The repo atlas (${candidate.source}) is not valid JSON and was not used: ${(error as Error).message}.` };
    }
    if (query && query.text.trim() && isAtlasShaped(json)) {
      try {
        const { atlasFromJson } = await import('@eternia/atlas');
        // Checked as parsed above: JSON.parse of a large tree's atlas takes seconds.
        return { atlas: await mapFor(atlasFromJson(json, candidate.source), query, candidate.source), note: null };
      } catch (error) {
        // An atlas of another schema (one the nightly job built before an upgrade) says which; the next build replaces it.
        return { atlas: null, note: `The repo atlas (${candidate.source}) was not used: ${(error as Error).message}.` };
      }
    }
    return { atlas: { text: JSON.stringify(json), source: candidate.source }, note: null };
  }
  return { atlas: null, note: null };
}

/** The atlas's map for the query: the files and symbols most relevant to it, within its budget. */
async function mapFor(atlas: Atlas, query: AtlasQuery, source: string): Promise<RepoAtlasText> {
  const { select, loadTokenCounter } = await import('@eternia/atlas');
  const map = select(atlas, query.text, query.tokenBudget, { countTokens: await loadTokenCounter() });
  return { text: map.text, source: `${source}: the files and symbols most relevant to the issue` };
}

async function isRegularFile(path: string): Promise<boolean> {
  // A symlink could point at another runner file and send it to the model provider.
  return (await lstat(path).catch(() => undefined))?.isFile() ?? false;
}

function isAtlasShaped(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'schema' in json && 'files' in json && 'edges' in json;
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    // A symlink could point at another runner file and send it to the model provider.
    if (!(await lstat(path)).isFile()) return null;
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
}
