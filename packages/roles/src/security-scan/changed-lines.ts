/**
 * The lines a pull request adds or changes, per file, from `git diff --unified=0 <base>...<head>`: the head-side
 * lines of every hunk. Only findings on these lines are the PR's own (a comment may go only there); findings
 * elsewhere are counted, not fixed.
 */
import { parseGitDiff } from '../review/diff-files.js';

export type ChangedLines = Map<string, Set<number>>;

/**
 * Parses a unified diff as git prints it (with or without context). The hunks are read by `parseGitDiff`, the same
 * reader the review uses, which follows each hunk's header counts: an added line that looks like a header
 * (`+++ b/x`, `@@ …`) stays a line of its hunk, so the PR's content cannot decide which file its lines count for.
 */
export function parseChangedLines(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  for (const file of parseGitDiff(diff)) {
    const added = file.hunks.flatMap((h) => h.lines.flatMap((l) => (l.kind === '+' && l.newLine !== null ? [l.newLine] : [])));
    if (added.length > 0) changed.set(file.path, new Set([...(changed.get(file.path) ?? []), ...added]));
  }
  return changed;
}

/** Whether any line of the finding's range is a changed line. */
export function onChangedLine(changed: ChangedLines, finding: { path: string; line: number; endLine?: number }): boolean {
  const lines = changed.get(finding.path);
  if (!lines) return false;
  for (let line = finding.line; line <= (finding.endLine ?? finding.line); line++) if (lines.has(line)) return true;
  return false;
}
