/**
 * For a refused hunk, the region of the file that looks most like its old lines, so the model can
 * see what is really there. Each old line votes for the start position it would imply wherever it
 * occurs (whitespace ignored); rare lines weigh more than `}` or blank lines.
 */
import { LineIndex, normalizeLine } from './normalize.js';

export interface ClosestRegion {
  startLine: number;
  text: string;
  /** The first old line of the hunk that differs from the file at that alignment. */
  firstMismatch?: { hunkLine: string; fileLine?: string; lineNo: number };
}

const MAX_SHOWN = 30;

export function numbered(lines: readonly string[], from: number, to: number): string {
  const width = String(to).length;
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(`${String(i + 1).padStart(width)} | ${lines[i] ?? ''}`);
  return out.join('\n');
}

const WORD = /[A-Za-z_][A-Za-z0-9_]{2,}|\d{2,}/g;

/** Lines vote for where the hunk would start; when no line occurs verbatim, words vote instead. */
function vote(idx: LineIndex, oldLines: readonly string[]): Map<number, number> {
  const votes = new Map<number, number>();
  oldLines.forEach((line, j) => {
    const key = normalizeLine(line, 2);
    if (key === '') return;
    const pos = idx.positions(2, key);
    if (pos.length === 0 || pos.length > 50) return;
    const w = 1 / pos.length;
    for (const p of pos) votes.set(p - j, (votes.get(p - j) ?? 0) + w);
  });
  if (votes.size > 0) return votes;
  const where = new Map<string, number[]>();
  idx.lines.forEach((line, i) => {
    for (const w of new Set(line.match(WORD) ?? [])) {
      const list = where.get(w);
      if (list) list.push(i);
      else where.set(w, [i]);
    }
  });
  oldLines.forEach((line, j) => {
    for (const w of new Set(line.match(WORD) ?? [])) {
      const pos = where.get(w) ?? [];
      if (pos.length === 0 || pos.length > 50) continue;
      for (const p of pos) votes.set(p - j, (votes.get(p - j) ?? 0) + 1 / pos.length);
    }
  });
  return votes;
}

/** `statedStart` (0-based) is used when nothing in the file resembles the hunk. */
export function closestRegion(idx: LineIndex, oldLines: readonly string[], statedStart?: number): ClosestRegion | undefined {
  const n = idx.lines.length;
  if (n === 0 || oldLines.length === 0) return undefined;
  const votes = vote(idx, oldLines);
  if (votes.size === 0 && statedStart !== undefined && statedStart < n) votes.set(statedStart, 1);
  let start: number | undefined;
  let best = 0;
  for (const [s, v] of votes) {
    if (start === undefined || v > best || (v === best && s < start)) {
      best = v;
      start = s;
    }
  }
  if (start === undefined) return undefined;
  const from = Math.min(Math.max(0, start - 1), n - 1);
  const to = Math.min(n, Math.max(start, 0) + oldLines.length + 1, from + MAX_SHOWN);
  const region: ClosestRegion = { startLine: from + 1, text: numbered(idx.lines, from, to) };
  const file2 = idx.normalized(2);
  for (let j = 0; j < oldLines.length; j++) {
    const at = start + j;
    if (at < 0 || at >= n || file2[at] !== normalizeLine(oldLines[j] ?? '', 2)) {
      region.firstMismatch = { hunkLine: oldLines[j] ?? '', fileLine: at >= 0 && at < n ? idx.lines[at] : undefined, lineNo: at + 1 };
      break;
    }
  }
  return region;
}
