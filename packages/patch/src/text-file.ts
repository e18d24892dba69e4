/** A text file as lines plus the exact line ends, so unchanged lines are written back byte for byte. */
export interface TextFile {
  lines: string[];
  /** eols[i] ends lines[i]: '\n', '\r\n', or '' for a last line without a final newline. */
  eols: string[];
}

export function splitText(text: string): TextFile {
  const lines = text.split('\n');
  const eols: string[] = new Array<string>(lines.length);
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) {
    const l = lines[i] as string;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) {
      lines[i] = l.slice(0, -1);
      eols[i] = '\r\n';
    } else eols[i] = '\n';
  }
  if (lines[last] === '') {
    lines.pop();
    eols.pop();
  } else eols[last] = '';
  return { lines, eols };
}

export function joinText(f: TextFile): string {
  let out = '';
  for (let i = 0; i < f.lines.length; i++) out += f.lines[i] + (f.eols[i] ?? '');
  return out;
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
