/** One entry of `git status --porcelain=v1 -z`. */
export interface StatusEntry {
  /** Two-letter XY code: index then worktree ('??' for untracked). */
  code: string;
  path: string;
  /** The source path of a rename or copy. */
  origPath?: string;
}

export function parsePorcelainZ(output: string): StatusEntry[] {
  const fields = output.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    if (field === '') continue;
    const code = field.slice(0, 2);
    const entry: StatusEntry = { code, path: field.slice(3) };
    // Renames and copies are followed by their source path in the next NUL-separated field.
    if (code.includes('R') || code.includes('C')) entry.origPath = fields[++i];
    entries.push(entry);
  }
  return entries;
}
