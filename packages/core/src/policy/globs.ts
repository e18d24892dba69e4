/** Checks that a path glob from the policy is one picomatch can use and that it stays inside the repository. */
import picomatch from 'picomatch';

/** Why a glob is unusable, or undefined when it is fine. */
export function globProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'an empty glob matches nothing';
  if (glob !== glob.trim()) return 'a glob must not start or end with spaces';
  if (glob.includes('\0')) return 'a glob must not contain a NUL character';
  if (glob.includes('\\')) return 'use forward slashes in path globs (a backslash is an escape character in globs)';
  if (glob.startsWith('/')) return 'globs are relative to the repository root; remove the leading "/"';
  if (glob.split('/').includes('..')) return 'globs must stay inside the repository (no ".." segments)';
  try {
    // debug: true makes picomatch throw instead of silently returning a regex that matches nothing.
    picomatch.makeRe(glob, { dot: true, debug: true, strictBrackets: true });
  } catch (error) {
    return `not a valid glob (${(error as Error).message.split('\n')[0]})`;
  }
  return undefined;
}
