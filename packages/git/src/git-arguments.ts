/** Checks on what callers hand to git, made before git runs: an argument git would read as an option is refused, not quoted. */
import { ConfigurationError } from '@eternia/core';
import { branchNameProblem } from './ref-format.js';

const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

export function assertArgument(value: string, what: string): void {
  if (value === '' || value.startsWith('-') || value.includes('\0')) {
    throw new ConfigurationError(`is not a usable git argument: ${JSON.stringify(value)}`, what);
  }
}

export function assertBranch(name: string): void {
  const problem = branchNameProblem(name);
  if (problem) throw new ConfigurationError(`${JSON.stringify(name)} is not a valid branch name: it ${problem}`, 'branch');
}

export function isFullSha(value: string): boolean {
  return FULL_SHA.test(value);
}

/** History operations take full shas only: a ref could be moved by whoever writes to the repository meanwhile. */
export function assertSha(sha: string): void {
  if (!isFullSha(sha)) throw new ConfigurationError(`must be a full commit sha, got ${JSON.stringify(sha)}`, 'commit');
}
