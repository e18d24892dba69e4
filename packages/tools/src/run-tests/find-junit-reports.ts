import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';

const SKIP_DIRS = new Set(['node_modules', '.git']);

/**
 * JUnit files matching `glob` (relative to the workspace, policy `tests.junit`) written or updated
 * since `since`: a report left over from an earlier run must not pass for this one.
 */
export async function findJUnitReports(workspace: string, glob: string, since: number): Promise<string[]> {
  const isMatch = picomatch(glob, { dot: true });
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(workspace, full).split(path.sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) await walk(full);
      } else if (entry.isFile() && isMatch(rel)) {
        const info = await stat(full);
        // Filesystem timestamps can be coarser than Date.now(); allow a second of slack.
        if (info.mtimeMs >= since - 1000) found.push(full);
      }
    }
  };
  await walk(workspace);
  return found.sort();
}
