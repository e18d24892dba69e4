/**
 * What the reviewer is told beyond the diff: the files of the repository that import the changed files (callers
 * and tests), from the repo atlas's reference graph, so a change that breaks a user can be found. Denied and
 * untracked paths are never named.
 */
import picomatch from 'picomatch';
import type { Git } from '@eternia/git';
import { fenceUntrusted } from '@eternia/llm';
import { loadRepoAtlas } from '../delivery/repo-atlas-file.js';
import type { DiffFile } from './diff-files.js';

/** Tokens the list may take in every call of the review. */
export const USERS_TOKENS = 1_500;

export async function changedFileUsersMessage(
  git: Git,
  files: readonly DiffFile[],
  deny: readonly string[],
  log: { info(message: string): void; warning(message: string): void },
  atlasFile?: string,
): Promise<string | undefined> {
  const changed = files.filter((f) => f.status !== 'deleted' && !f.binary).map((f) => f.path);
  if (changed.length === 0) return undefined;
  const tracked = new Set(await git.trackedFiles());
  const atlas = await loadRepoAtlas({ file: atlasFile, workspace: git.cwd, trackedFiles: tracked.size, log });
  if (!atlas) return undefined;
  const { dependentsOf, loadTokenCounter, renderDependents } = await import('@eternia/atlas');
  const denied = picomatch([...deny], { dot: true, nocase: true });
  const users = dependentsOf(atlas, changed, { visible: (p) => tracked.has(p) && !denied(p) });
  if (users.length === 0) return undefined;
  const { text } = renderDependents(users, USERS_TOKENS, await loadTokenCounter());
  if (!text) return undefined;
  log.info(`the repo atlas names the users of ${users.length} changed file(s)`);
  return [
    'Other files of the repository import the changed files (from the repository’s import graph). Check that the change keeps what they use working; a finding can only name a line of the diff.',
    fenceUntrusted('files that import the changed files', text, USERS_TOKENS * 8),
  ].join('\n');
}
