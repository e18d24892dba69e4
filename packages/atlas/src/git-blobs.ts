/**
 * The blob ids git's index holds for the files of a checkout that match it, read without opening a file: what
 * lets a rebuild on a fresh runner (the flow's plan job, where no stat cache survives) skip every unchanged file.
 * A file counts only when git's index has it as a plain file at stage 0, not marked assume-unchanged or
 * skip-worktree (git would not look at it), and `git diff-files` finds its working copy unchanged.
 *
 * git runs with no system or global config, no hooks, no fsmonitor and none of the caller's environment but PATH:
 * nothing in the repository or its config can make it run a command. Any failure (not a checkout, no git, a
 * repository git will not open) gives an empty map, and every file is read as before.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';

/** git's object id of a file's bytes, as `git hash-object` gives it. */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

const ENTRY = /^H (100644|100755) ([0-9a-f]{40}) 0\t/;

function git(dir: string, args: string[]): Promise<string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'core.fsmonitor',
    GIT_CONFIG_VALUE_0: 'false',
    GIT_CONFIG_KEY_1: 'core.hooksPath',
    GIT_CONFIG_VALUE_1: '/dev/null',
    // diff-files must not take the index lock to refresh it: the checkout is read, never written.
    GIT_OPTIONAL_LOCKS: '0',
    GIT_TERMINAL_PROMPT: '0',
    LC_ALL: 'C',
  };
  return new Promise((resolve, reject) => {
    execFile('git', ['-C', dir, ...args], { env, encoding: 'utf8', maxBuffer: 1 << 30 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

/** Path (relative to `dir`, `/`-separated) → blob id, for each file under `dir` that git's index holds and that matches it. */
export async function cleanBlobIds(dir: string): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  try {
    const [listed, changed] = await Promise.all([
      git(dir, ['ls-files', '-s', '-v', '-z']),
      git(dir, ['diff-files', '--name-only', '--relative', '-z']),
    ]);
    const modified = new Set(changed.split('\0'));
    for (const line of listed.split('\0')) {
      const entry = ENTRY.exec(line);
      if (!entry) continue;
      const rel = line.slice(entry[0].length);
      if (!modified.has(rel)) blobs.set(rel, entry[2] as string);
    }
  } catch {
    blobs.clear();
  }
  return blobs;
}
