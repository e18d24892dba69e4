import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dossier } from '@eternia/dossier';

export const REPO_ATLAS_FILE = 'repo_atlas.json';

export interface RepoAtlasText {
  /** Compact JSON of the atlas. */
  text: string;
  source: string;
}

/**
 * The repo atlas (symbols, dependencies, owners) when a job left one: the dossier's copy first, then the
 * workspace's. Optional: absent means none, and one that is not JSON is skipped with a reason, not fatal.
 */
export async function readRepoAtlas(
  dossier: Pick<Dossier, 'readText'>,
  workspace: string,
): Promise<{ atlas: RepoAtlasText | null; note: string | null }> {
  const candidates: Array<{ source: string; read: () => Promise<string | null> }> = [
    { source: `dossier ${REPO_ATLAS_FILE}`, read: async () => dossier.readText(REPO_ATLAS_FILE) },
    { source: `workspace ${REPO_ATLAS_FILE}`, read: () => readIfPresent(join(workspace, REPO_ATLAS_FILE)) },
  ];
  for (const candidate of candidates) {
    const raw = await candidate.read();
    if (raw === null) continue;
    try {
      return { atlas: { text: JSON.stringify(JSON.parse(raw)), source: candidate.source }, note: null };
    } catch (error) {
      return { atlas: null, note: `The repo atlas (${candidate.source}) is not valid JSON and was not used: ${(error as Error).message}.` };
    }
  }
  return { atlas: null, note: null };
}

async function readIfPresent(path: string): Promise<string | null> {
  try {
    // A symlink in the checkout could point at a runner file and send it to the model provider.
    if (!(await lstat(path)).isFile()) return null;
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
}
