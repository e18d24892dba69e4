/**
 * The lines a pull request adds or changes, per file, from `git diff --unified=0 <base>...<head>`: the head-side
 * lines of every hunk. Only findings on these lines are the PR's own (a comment may go only there); findings
 * elsewhere are counted, not fixed.
 */
export type ChangedLines = Map<string, Set<number>>;

const FILE = /^\+\+\+ (?:b\/(.*)|\/dev\/null)$/;
const HUNK = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses a unified diff as git prints it (with or without context; paths with git's default `b/` prefix). A hunk's
 * body is read by the counts in its header, so an added line that looks like a header (`+++ b/x`, `@@ …`) stays a
 * line of the hunk: the PR's content must not decide which file its lines count for.
 */
export function parseChangedLines(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: Set<number> | null = null;
  let next = 0;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of diff.split('\n')) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('+')) {
        current?.add(next++);
        newLeft--;
      } else if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith(' ') || line === '') {
        next++;
        oldLeft--;
        newLeft--;
      }
      // "\ No newline at end of file" belongs to the line before it and counts for neither side.
      continue;
    }
    const file = FILE.exec(line);
    if (file) {
      current = file[1] !== undefined ? (changed.get(file[1]) ?? new Set()) : null;
      if (file[1] !== undefined && current) changed.set(file[1], current);
      continue;
    }
    const hunk = HUNK.exec(line);
    if (hunk) {
      oldLeft = hunk[1] === undefined ? 1 : Number(hunk[1]);
      next = Number(hunk[2]);
      newLeft = hunk[3] === undefined ? 1 : Number(hunk[3]);
    }
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
