/**
 * The PR's diff as `git diff` prints it, read per file and hunk, with the head-side line number of every line:
 * what the reviewer is shown, and which lines GitHub accepts a review comment on (a line of a hunk on the
 * RIGHT side: added or context lines; a removed line has no head-side number).
 */

export interface DiffLine {
  kind: '+' | '-' | ' ';
  text: string;
  /** Line number in the head version; null for a removed line. */
  newLine: number | null;
}

export interface DiffHunk {
  header: string;
  lines: DiffLine[];
}

export interface DiffFile {
  /** Path in the head version (the old path for a deleted file). */
  path: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  /** A binary file: no lines to show or comment on. */
  binary: boolean;
  hunks: DiffHunk[];
}

/** Undoes git's C-style quoting of unusual path names ("\303\251.js", "a\tb"). */
function unquote(raw: string): string {
  if (!raw.startsWith('"') || !raw.endsWith('"')) return raw;
  const bytes: number[] = [];
  const body = raw.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function stripPrefix(raw: string): string | null {
  const name = unquote(raw.replace(/\t.*$/, ''));
  if (name === '/dev/null') return null;
  return name.replace(/^[ab]\//, '');
}

/** Parses `git diff` output (with or without --binary); unknown lines are skipped, never a reason to fail. */
export function parseGitDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: (DiffFile & { oldPath: string | null }) | undefined;
  let hunk: DiffHunk | undefined;
  let newNo = 0;
  let oldLeft = 0;
  let newLeft = 0;
  const finish = () => {
    if (file) files.push({ path: file.path, status: file.status, binary: file.binary, hunks: file.hunks });
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      finish();
      const m = /^diff --git ("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(line);
      const guess = m ? (stripPrefix(m[2]!) ?? stripPrefix(m[1]!) ?? '') : line.slice('diff --git '.length);
      file = { path: guess, oldPath: m ? stripPrefix(m[1]!) : null, status: 'modified', binary: false, hunks: [] };
      hunk = undefined;
      oldLeft = newLeft = 0;
      continue;
    }
    if (!file) continue;
    if (hunk && (oldLeft > 0 || newLeft > 0)) {
      const kind = line[0];
      if (kind === '+' || kind === '-' || kind === ' ' || line === '') {
        const k = (kind ?? ' ') as DiffLine['kind'];
        hunk.lines.push({ kind: k, text: line.slice(1), newLine: k === '-' ? null : newNo });
        if (k !== '-') {
          newNo++;
          newLeft--;
        }
        if (k !== '+') oldLeft--;
        continue;
      }
    }
    if (line.startsWith('\\ ')) continue; // "\ No newline at end of file"
    const h = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (h) {
      hunk = { header: line, lines: [] };
      file.hunks.push(hunk);
      oldLeft = h[1] === undefined ? 1 : +h[1];
      newNo = +h[2]!;
      newLeft = h[3] === undefined ? 1 : +h[3];
      continue;
    }
    if (line.startsWith('new file mode')) file.status = 'added';
    else if (line.startsWith('deleted file mode')) file.status = 'deleted';
    else if (line.startsWith('rename to ')) {
      file.status = 'renamed';
      file.path = unquote(line.slice('rename to '.length));
    } else if (line.startsWith('GIT binary patch') || /^Binary files .* differ$/.test(line)) file.binary = true;
    else if (line.startsWith('+++ ')) {
      const p = stripPrefix(line.slice(4));
      if (p) file.path = p;
    } else if (line.startsWith('--- ') && file.status === 'deleted') {
      const p = stripPrefix(line.slice(4));
      if (p) file.path = p;
    }
  }
  finish();
  return files;
}

/** Head-side lines of a file GitHub takes a comment on: line number → index of its hunk. */
export function commentableLines(file: DiffFile): Map<number, number> {
  const lines = new Map<number, number>();
  if (file.status === 'deleted' || file.binary) return lines;
  file.hunks.forEach((h, index) => {
    for (const l of h.lines) if (l.newLine !== null) lines.set(l.newLine, index);
  });
  return lines;
}

/** The head-side text of each line of the file's hunks. */
export function headLineText(file: DiffFile): Map<number, string> {
  const text = new Map<number, string>();
  for (const h of file.hunks) for (const l of h.lines) if (l.newLine !== null) text.set(l.newLine, l.text);
  return text;
}
