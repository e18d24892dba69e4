/**
 * Strips the wrappers models put around a patch: markdown fences, shell heredocs (`git apply <<'EOF'`)
 * and prose. Prose lines that survive are skipped by the parser, which only reads diff structure;
 * this step matters when prose outside a fence itself looks like a diff.
 */
import { WHOLE_FILE_BEGIN, WHOLE_FILE_END } from './whole-file-block.js';

const FENCE = /^(`{3,}|~{3,})/;
const HEREDOC_OPENER = /^[A-Za-z$(].*<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/;

/** Whether a line starts diff or whole-file structure. */
export function isDiffSignal(line: string): boolean {
  return line.startsWith('diff --git ') || line.startsWith('--- ') || line.startsWith('+++ ') || line.startsWith('@@') || WHOLE_FILE_BEGIN.test(line);
}

/** Splits patch text into lines without line ends; `crlf` says whether most lines ended in CRLF. */
export function splitPatchLines(text: string): { lines: string[]; crlf: boolean } {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let cr = 0;
  if (text.includes('\r')) {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] as string;
      if (l.charCodeAt(l.length - 1) === 13) {
        cr++;
        lines[i] = l.slice(0, -1);
      }
    }
  }
  return { lines, crlf: cr > 0 && cr * 2 >= lines.length };
}

/** Whether the text could hold a fence or a heredoc at all (when not, unwrap would return its lines unchanged). */
export function mayBeWrapped(text: string): boolean {
  return text.includes('```') || text.includes('~~~') || text.includes('<<');
}

interface Region {
  from: number;
  to: number; // exclusive
}

/** Fenced regions at column 0; whole-file blocks are opaque (their content may hold fences). */
function fencedRegions(lines: readonly string[]): Region[] {
  const regions: Region[] = [];
  let open: { marker: string; at: number } | undefined;
  let inBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (inBlock) {
      if (WHOLE_FILE_END.test(line)) inBlock = false;
      continue;
    }
    if (line.startsWith('*** ') && WHOLE_FILE_BEGIN.test(line)) {
      inBlock = true;
      continue;
    }
    const c = line.charCodeAt(0);
    if (c !== 96 && c !== 126) continue; // ` or ~
    const m = FENCE.exec(line);
    if (!m?.[1]) continue;
    if (!open) open = { marker: m[1], at: i };
    else if (line.trimEnd() === line.slice(0, m[1].length) && m[1][0] === open.marker[0] && m[1].length >= open.marker.length) {
      regions.push({ from: open.at + 1, to: i });
      open = undefined;
    }
  }
  // An unclosed fence runs to the end (models get cut off).
  if (open) regions.push({ from: open.at + 1, to: lines.length });
  return regions;
}

function heredocRegions(lines: readonly string[]): Region[] {
  const regions: Region[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.includes('<<')) continue;
    const m = HEREDOC_OPENER.exec(line);
    if (!m?.[2]) continue;
    const delimiter = m[2];
    let end = i + 1;
    while (end < lines.length && (lines[end] ?? '').trim() !== delimiter) end++;
    regions.push({ from: i + 1, to: end });
    i = end;
  }
  return regions;
}

function hasSignal(lines: readonly string[], r: Region): boolean {
  for (let i = r.from; i < r.to; i++) if (isDiffSignal(lines[i] ?? '')) return true;
  return false;
}

/** Keeps only the wrapped regions, when the patch's first diff line is inside one of them. */
function pick(lines: string[], regions: Region[]): string[] | undefined {
  if (regions.length === 0) return undefined;
  const useful = regions.filter((r) => hasSignal(lines, r));
  const first = lines.findIndex(isDiffSignal);
  if (first < 0 || !useful.some((r) => first >= r.from && first < r.to)) return undefined;
  return useful.flatMap((r) => lines.slice(r.from, r.to));
}

/** Returns the lines that carry the patch. */
export function unwrap(lines: string[]): string[] {
  let out = pick(lines, fencedRegions(lines)) ?? lines;
  out = pick(out, heredocRegions(out)) ?? out;
  return out;
}
