/** A text file as lines plus the exact line ends, so unchanged lines are written back byte for byte. */
export interface TextFile {
  lines: string[];
  /** eols[i] ends lines[i]: '\n', '\r\n', or '' for a last line without a final newline. */
  eols: string[];
  /** The text the lines were split from, when it has no CR at all (lines joined by '\n' plus the final eol). */
  lf?: string;
}

export function splitText(text: string): TextFile {
  const lines = text.split('\n');
  const last = lines.length - 1;
  let eols: string[];
  const lfOnly = !text.includes('\r');
  if (lfOnly) {
    // The usual case, LF only: no line can end in CR.
    eols = new Array<string>(lines.length).fill('\n');
  } else {
    eols = new Array<string>(lines.length);
    markCrlf(lines, eols, last);
  }
  if (lines[last] === '') {
    lines.pop();
    eols.pop();
  } else eols[last] = '';
  return lfOnly ? { lines, eols, lf: text } : { lines, eols };
}

function markCrlf(lines: string[], eols: string[], last: number): void {
  for (let i = 0; i < last; i++) {
    const l = lines[i] as string;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) {
      lines[i] = l.slice(0, -1);
      eols[i] = '\r\n';
    } else eols[i] = '\n';
  }
}

/** Builds one flat string (native join), not a rope of thousands of pieces for the write to flatten. */
export function joinText(f: TextFile): string {
  const n = f.lines.length;
  if (n === 0) return '';
  const eol = f.eols[0] ?? '';
  let uniform = true;
  for (let i = 1; i < n - 1; i++) {
    if (f.eols[i] !== eol) {
      uniform = false;
      break;
    }
  }
  // eols[0..n-2] separate the lines; the last one ends the file.
  if (uniform) return f.lines.join(eol) + (f.eols[n - 1] ?? '');
  const parts = new Array<string>(2 * n);
  for (let i = 0; i < n; i++) {
    parts[2 * i] = f.lines[i] as string;
    parts[2 * i + 1] = f.eols[i] ?? '';
  }
  return parts.join('');
}

/** The line end most lines use ('\n' for a file without any). */
export function dominantEol(f: TextFile): string {
  let crlf = 0;
  let lf = 0;
  for (const e of f.eols) {
    if (e === '\r\n') crlf++;
    else if (e === '\n') lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

export function hasFinalNewline(f: TextFile): boolean {
  return f.lines.length === 0 || (f.eols[f.eols.length - 1] ?? '') !== '';
}
