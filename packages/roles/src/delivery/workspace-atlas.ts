/**
 * The repo atlas of a checkout for the roles that read one: the workspace's repo_atlas.json when it is valid,
 * else one built in memory for a repository small enough, else none (the role goes on without it).
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Atlas } from '@eternia/atlas';

/** The atlas is built in memory when the workspace has none and no more than this many files are tracked. */
export const MAX_FILES_TO_BUILD_ATLAS = 5_000;

export async function loadWorkspaceAtlas(workspace: string, trackedFiles: number): Promise<Atlas | null> {
  const { buildAtlas, decodeAtlasBytes, parseAtlas } = await import('@eternia/atlas');
  const stored = path.join(workspace, 'repo_atlas.json');
  const info = await lstat(stored).catch(() => undefined);
  if (info?.isFile()) {
    try {
      return parseAtlas(decodeAtlasBytes(await readFile(stored)), 'repo_atlas.json');
    } catch {
      // a broken atlas is rebuilt below, or simply not used
    }
  }
  return trackedFiles <= MAX_FILES_TO_BUILD_ATLAS ? (await buildAtlas({ dir: workspace })).atlas : null;
}
