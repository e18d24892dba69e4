import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

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
export async function gitTrackedFiles(cwd: string, max: number): Promise<TrackedFiles | null> {
  if (!Number.isInteger(max) || max < 0) throw new TypeError(`gitTrackedFiles: max must be a non-negative integer, got ${max}`);
  let stdout: string;
  try {
    ({ stdout } = await run('git', ['ls-files', '-z'], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
    }));
  } catch {
    // Not a work tree, no such folder, or no git: the caller says the listing is missing.
    return null;
  }
  const all = stdout.split('\0').filter((path) => path !== '');
  return { files: all.slice(0, max), total: all.length };
}
