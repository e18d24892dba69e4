/**
 * The repo atlas for the roles that read one: the file the `repo-atlas` input names (restored by the flow outside
 * the checkout) when it is valid, else one built in memory for a repository small enough, else none (the role
 * goes on without it). A repo_atlas.json in the checkout is never read: the branch, and so a model's patch or
 * an install script, could have written it.
 */
import { lstat } from 'node:fs/promises';
import path from 'node:path';
import type { Atlas } from '@eternia/atlas';
import type { Git } from '@eternia/git';
import { silentLog } from './role-deps.js';

/** The name an atlas restored into the checkout by an older workflow has; only kept out of git. */
export const WORKSPACE_ATLAS_FILE = 'repo_atlas.json';

/** The atlas is built in memory when none is given and no more than this many files are tracked. */
export const MAX_FILES_TO_BUILD_ATLAS = 5_000;

export interface RepoAtlasSource {
  /** The atlas file (the `repo-atlas` input, checked to be outside the checkout); none: built in memory. */
  file?: string | undefined;
  workspace: string;
  trackedFiles: number;
  log?: { info(message: string): void; warning(message: string): void };
}

export async function loadRepoAtlas(source: RepoAtlasSource): Promise<Atlas | null> {
  const log = source.log ?? silentLog;
  const { buildAtlas, readAtlasLazily } = await import('@eternia/atlas');
  if (source.file) {
    const info = await lstat(source.file).catch(() => undefined);
    if (info?.isFile()) {
      try {
        const atlas = await readAtlasLazily(source.file);
        if (atlas) {
          log.info(`repo atlas: ${atlas.files.length} files, read from ${source.file}`);
          return atlas;
        }
      } catch (error) {
        log.warning(`the repo atlas ${source.file} was not used: ${(error as Error).message}`);
      }
    } else {
      // The flow's cache restore may miss: the role goes on as without the input.
      log.info(info ? `the repo atlas ${source.file} is not a regular file: not read` : `no repo atlas at ${source.file}`);
    }
  }
  if (source.trackedFiles > MAX_FILES_TO_BUILD_ATLAS) {
    log.info(`no repo atlas: ${source.trackedFiles} tracked files are more than the ${MAX_FILES_TO_BUILD_ATLAS} mapped in memory here`);
    return null;
  }
  try {
    const { atlas } = await buildAtlas({ dir: source.workspace });
    log.info(`repo atlas: ${atlas.files.length} files, built in memory`);
    return atlas;
  } catch (error) {
    log.warning(`the repo atlas could not be built, so the role goes on without it: ${(error as Error).message}`);
    return null;
  }
}

/**
 * An untracked atlas in the checkout (an older workflow restored it there) is ignored by this repository's git
 * (info/exclude): the attempts' clean-up would delete it, and a proposal's diff (`add --all`) would carry a
 * file of many megabytes.
 */
export async function keepWorkspaceAtlasOutOfGit(git: Pick<Git, 'ignoreLocally'>, workspace: string): Promise<boolean> {
  const info = await lstat(path.join(workspace, WORKSPACE_ATLAS_FILE)).catch(() => undefined);
  return info?.isFile() ? git.ignoreLocally(WORKSPACE_ATLAS_FILE) : false;
}
