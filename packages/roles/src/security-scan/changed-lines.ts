/**
 * The lines a pull request adds or changes, per file, from `git diff --unified=0 <base>...<head>`: the head-side
 * lines of every hunk. Only findings on these lines are the PR's own (a comment may go only there); findings
 * elsewhere are counted, not fixed.
 */
export type ChangedLines = Map<string, Set<number>>;

const FILE = /^\+\+\+ (?:b\/(.*)|\/dev\/null)$/;
const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/** Parses a unified diff (with or without context); paths as git prints them with its default `b/` prefix. */
export function parseChangedLines(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: Set<number> | null = null;
  let next = 0;
  for (const line of diff.split('\n')) {
    const file = FILE.exec(line);
    if (file) {
      current = file[1] !== undefined ? (changed.get(file[1]) ?? new Set()) : null;
      if (file[1] !== undefined && current) changed.set(file[1], current);
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      next = Number(hunk[1]);
      continue;
    }
    if (!current || line.startsWith('---') || line.startsWith('\\')) continue;
    if (line.startsWith('+')) current.add(next++);
    else if (line.startsWith(' ')) next++;
  }
  for (const [file, lines] of changed) if (lines.size === 0) changed.delete(file);
  return changed;
}

/** Whether any line of the finding's range is a changed line. */
export function onChangedLine(changed: ChangedLines, finding: { path: string; line: number; endLine?: number }): boolean {
  const lines = changed.get(finding.path);
  if (!lines) return false;
  for (let line = finding.line; line <= (finding.endLine ?? finding.line); line++) if (lines.has(line)) return true;
  return false;
}
