import { Git } from '@eternia/git';

export interface TrackedFiles {
  /** The first `max` tracked paths, in git's order (sorted). */
  files: string[];
  /** How many files git tracks in all. */
  total: number;
}

/**
 * The files of the checkout, as `git ls-files` lists them (tracked files only: no build output, no
 * untracked secrets). Null when the folder is not a git work tree, so the plan can go on without a listing.
 */
export async function gitTrackedFiles(cwd: string, max: number, git: Git = new Git({ cwd })): Promise<TrackedFiles | null> {
  if (!Number.isInteger(max) || max < 0) throw new TypeError(`gitTrackedFiles: max must be a non-negative integer, got ${max}`);
  let all: string[];
  try {
    all = await git.trackedFiles();
  } catch {
    // Not a work tree, no such folder, or no git: the caller says the listing is missing.
    return null;
  }
  return { files: all.slice(0, max), total: all.length };
}
