/**
 * The repo atlas of a checkout for the roles that read one: the workspace's repo_atlas.json when it is valid,
 * else one built in memory for a repository small enough, else none (the role goes on without it).
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Atlas } from '@eternia/atlas';
import type { Git } from '@eternia/git';

/** Where the flow leaves the atlas the plan job refreshed (restored from actions/cache, untracked). */
export const WORKSPACE_ATLAS_FILE = 'repo_atlas.json';

/** The atlas is built in memory when the workspace has none and no more than this many files are tracked. */
export const MAX_FILES_TO_BUILD_ATLAS = 5_000;

export async function loadWorkspaceAtlas(workspace: string, trackedFiles: number): Promise<Atlas | null> {
  const { buildAtlas, decodeAtlasBytes, parseAtlas } = await import('@eternia/atlas');
  const stored = path.join(workspace, WORKSPACE_ATLAS_FILE);
  const info = await lstat(stored).catch(() => undefined);
  if (info?.isFile()) {
    try {
      return parseAtlas(decodeAtlasBytes(await readFile(stored)), WORKSPACE_ATLAS_FILE);
    } catch {
      // a broken atlas is rebuilt below, or simply not used
    }
  }
  return trackedFiles <= MAX_FILES_TO_BUILD_ATLAS ? (await buildAtlas({ dir: workspace })).atlas : null;
}

/**
 * An untracked atlas restored into the checkout is ignored by this repository's git (info/exclude): the attempts'
 * clean-up would delete it, and a proposal's diff (`add --all`) would carry a file of many megabytes.
 */
export async function keepWorkspaceAtlasOutOfGit(git: Pick<Git, 'ignoreLocally'>, workspace: string): Promise<boolean> {
  const info = await lstat(path.join(workspace, WORKSPACE_ATLAS_FILE)).catch(() => undefined);
  return info?.isFile() ? git.ignoreLocally(WORKSPACE_ATLAS_FILE) : false;
}
