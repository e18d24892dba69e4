/**
 * After an attempt's test run, the tree may differ from the commit only in the files the patch wrote. Anything
 * else was written by the code that ran (the model's tests, an install script): it is never committed, and the
 * attempt is refused so the model learns its tests must not write into the repository.
 */
import type { Git } from '@eternia/git';

/** Paths changed, added or deleted in the tree (git-ignored files excepted) that the patch did not write. */
export async function strayChanges(git: Git, written: readonly string[]): Promise<string[]> {
  const allowed = new Set(written);
  const stray = new Set<string>();
  for (const entry of await git.status()) {
    for (const file of [entry.path, entry.origPath]) {
      if (file !== undefined && !allowed.has(file.replace(/\/$/, ''))) stray.add(file);
    }
  }
  return [...stray].sort();
}

export function strayFeedback(stray: readonly string[]): string {
  const list = stray.slice(0, 30).join(', ') + (stray.length > 30 ? ` and ${stray.length - 30} more` : '');
  return (
    `The test run left changes outside your patch: ${list}. Nothing from this attempt is kept. ` +
    'Tests must not create, change or delete files in the repository (write temporary files under os.tmpdir()); send the patch again without that.'
  );
}
