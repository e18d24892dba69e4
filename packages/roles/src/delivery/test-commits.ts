/**
 * What the branch's `test:` commits say, read from git: the files they wrote (the implementer may not touch them),
 * the red tests they recorded (each must pass before the implementation counts as green) and how many tests the red
 * run ran (a green run may not run fewer). Never from a dossier: an artifact can be forged, the branch's history is
 * what a human reviews.
 */
import { ConfigurationError } from '@eternia/core';
import type { Git } from '@eternia/git';

export const RED_TEST_TRAILER = 'Red-Test';
export const TESTS_RUN_TRAILER = 'Tests-Run';

export interface TestCommitFacts {
  /** The `test:` commits between the PR's base and HEAD, oldest first. */
  commits: string[];
  protectedFiles: string[];
  redTests: string[];
  /** The largest Tests-Run of those commits; null when none recorded one. */
  testsRun: number | null;
}

/** One trailer value per line: no line breaks or control characters, bounded. */
export function trailerValue(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .trim()
    .slice(0, 500);
}

/** The trailers publish appends to a `test:` commit. */
export function testCommitTrailers(redTests: readonly string[], testsRun: number): string {
  return [...redTests.map((id) => `${RED_TEST_TRAILER}: ${trailerValue(id)}`), `${TESTS_RUN_TRAILER}: ${testsRun}`].join('\n');
}

export async function readTestCommits(git: Git, baseSha: string): Promise<TestCommitFacts> {
  const base = await git.mergeBase(baseSha, 'HEAD');
  if (base === null) {
    throw new ConfigurationError(
      `the checkout does not hold the PR's base commit ${baseSha.slice(0, 12)}, so the branch's own commits cannot be told apart; check out with fetch-depth: 0`,
      'actions/checkout fetch-depth',
    );
  }
  const commits = (await git.commitsSince(base)).filter((c) => /^test(\([^)]*\))?!?:/i.test(c.subject));
  const files = new Set<string>();
  const red = new Set<string>();
  let testsRun: number | null = null;
  for (const commit of commits) {
    for (const file of await git.filesOfCommit(commit.sha)) files.add(file);
    for (const line of commit.message.split('\n')) {
      const match = /^([A-Za-z-]+): (.*)$/.exec(line);
      if (!match) continue;
      if (match[1] === RED_TEST_TRAILER && match[2]!.trim() !== '') red.add(match[2]!.trim());
      if (match[1] === TESTS_RUN_TRAILER && /^\d+$/.test(match[2]!.trim())) testsRun = Math.max(testsRun ?? 0, Number(match[2]!.trim()));
    }
  }
  return { commits: commits.map((c) => c.sha), protectedFiles: [...files].sort(), redTests: [...red].sort(), testsRun };
}
