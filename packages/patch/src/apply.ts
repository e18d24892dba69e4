/**
 * Applies a file section's hunks to a file held in memory: places every hunk first (see locate.ts),
 * then writes the new lines. Context lines are taken from the file, so its whitespace and line ends
 * survive a tolerant match; added lines get the file's dominant line end. Nothing is applied unless
 * every hunk is placed.
 */
import type { AppliedHunk, Hunk, Refusal } from './types.js';
import { LineIndex } from './normalize.js';
import { isInsertion, interpretations, locateHunk, type Interpretation, type LocateMode, type LocateResult, type Placement } from './locate.js';
import { learnReindent, type Reindent } from './reindent.js';
import { dominantEol, hasFinalNewline, type TextFile } from './text-file.js';
import { closestRegion } from './closest.js';

export type HunkApplyResult =
  | {
      ok: true;
      file: TextFile;
      hunks: AppliedHunk[];
      added: number;
      removed: number;
      /** Some hunk was found away from its stated line: this patch's line numbers are not reliable. */
      shifted: boolean;
      /** Hunks placed by their line number alone (no old lines to check it against). */
      blind: number[];
    }
  | { ok: false; refusals: Refusal[] };

function hunkLabel(h: Hunk): string {
  return `hunk ${h.index} (${h.header.length > 60 ? h.header.slice(0, 60) + '…' : h.header})`;
}

function refusalFor(path: string, h: Hunk, r: Exclude<LocateResult, { kind: 'placed' }>, idx: LineIndex): Refusal {
  if (r.kind === 'ambiguous') {
    const shown = r.candidates.slice(0, 10).join(', ') + (r.candidates.length > 10 ? ', …' : '');
    return {
      file: path,
      hunk: h.index,
      reason: 'ambiguous',
      message: `${hunkLabel(h)} of ${path}: its old lines (context and '-' lines) occur at ${r.candidates.length} places (lines ${shown}); add context lines that make it unique or correct the @@ line numbers`,
      candidates: r.candidates,
    };
  }
  const oldLines = r.interp.ops.filter((o) => o.kind === 'context' || o.kind === 'remove').map((o) => o.text);
  const closest = closestRegion(idx, oldLines, h.oldStart !== undefined ? Math.max(0, h.oldStart - 1) : undefined);
  let message = `${hunkLabel(h)} of ${path}: ` + (r.message ?? "its old lines (context and '-' lines) are not in the file, even ignoring whitespace");
  if (closest?.firstMismatch) {
    const m = closest.firstMismatch;
    message += `; near line ${m.lineNo} the hunk expects ${JSON.stringify(m.hunkLine)} but the file has ${m.fileLine === undefined ? 'no line' : JSON.stringify(m.fileLine)}`;
  }
  const refusal: Refusal = { file: path, hunk: h.index, reason: 'not-found', message };
  if (closest) refusal.closest = { startLine: closest.startLine, text: closest.text };
  return refusal;
}

/** Places all hunks: unique ones first, then those the line numbers, other hunks' offsets and claims disambiguate. */
function placeAll(hunks: readonly Hunk[], idx: LineIndex): { placed: Placement[]; failed: Map<Hunk, LocateResult> } {
  const placed: Placement[] = [];
  const claimed: [number, number][] = [];
  const offsets: number[] = [];
  const failed = new Map<Hunk, LocateResult>();
  // Each hunk's readings, built once for all the placement attempts below.
  const readings = hunks.map((h) => interpretations(h));
  const insertions: number[] = [];
  let pending: number[] = [];
  readings.forEach((r, i) => (isInsertion(r[0] as Interpretation) ? insertions : pending).push(i));
  const tryPlace = (i: number, mode: LocateMode = 'anchored'): boolean => {
    const h = hunks[i] as Hunk;
    const r = locateHunk(h, { idx, claimed, offsets }, mode, readings[i]);
    if (r.kind !== 'placed') {
      failed.set(h, r);
      return false;
    }
    failed.delete(h);
    const p = r.placement;
    placed.push(p);
    if (p.cand.end > p.cand.start) claimed.push([p.cand.start, p.cand.end]);
    if (h.oldStart !== undefined) offsets.push(p.cand.start - Math.max(0, h.oldStart - 1));
    return true;
  };
  // Hunks that can only be in one place first; their claims and offsets then settle the others.
  for (const mode of ['unique', 'anchored'] as const) {
    for (;;) {
      const before = pending.length;
      pending = pending.filter((i) => !tryPlace(i, mode));
      if (pending.length === before || pending.length === 0) break;
    }
  }
  for (const i of insertions) tryPlace(i);
  return { placed, failed };
}

/** `newFileEol` is the line end for added lines when the file has none yet. */
export function applyHunks(path: string, original: TextFile, hunks: readonly Hunk[], newFileEol = '\n'): HunkApplyResult {
  const idx = new LineIndex(original.lines, original.lf);
  const { placed, failed } = placeAll(hunks, idx);
  const refusals: Refusal[] = [];
  for (const h of hunks) {
    const r = failed.get(h);
    if (r && r.kind !== 'placed') refusals.push(refusalFor(path, h, r, idx));
  }
  placed.sort((a, b) => a.cand.start - b.cand.start || a.cand.end - b.cand.end);
  for (let i = 1; i < placed.length; i++) {
    const prev = placed[i - 1] as Placement;
    const cur = placed[i] as Placement;
    if (cur.cand.start < prev.cand.end) {
      refusals.push({
        file: path,
        hunk: cur.hunk.index,
        reason: 'ambiguous',
        message: `${hunkLabel(cur.hunk)} of ${path} overlaps ${hunkLabel(prev.hunk)} (both at lines ${cur.cand.start + 1}–${prev.cand.end}); merge them into one hunk`,
        candidates: [cur.cand.start + 1],
      });
    }
  }
  if (refusals.length > 0) return { ok: false, refusals };
  const shifted = placed.some(
    (p) => p.strategy !== 'stated-line' && p.hunk.oldStart !== undefined && p.cand.start !== Math.max(0, p.hunk.oldStart - 1),
  );
  const blind = placed.filter((p) => p.strategy === 'stated-line' && original.lines.length > 0).map((p) => p.hunk.index);
  return { ok: true, ...build(original, placed, newFileEol), shifted, blind };
}

function reindentFor(p: Placement, original: TextFile): Reindent {
  if (p.level < 2) return (l) => l;
  const pairs: [string, string][] = [];
  let seg = 0;
  let cursor = p.cand.segStarts[0] ?? p.cand.start;
  for (const op of p.interp.ops) {
    if (op.kind === 'gap') cursor = p.cand.segStarts[++seg] ?? cursor;
    else if (op.kind !== 'add') pairs.push([op.text, original.lines[cursor++] ?? '']);
  }
  return learnReindent(pairs);
}

function build(
  original: TextFile,
  placed: readonly Placement[],
  newFileEol: string,
): { file: TextFile; hunks: AppliedHunk[]; added: number; removed: number } {
  const n = original.lines.length;
  const eol = original.lines.length === 0 ? newFileEol : dominantEol(original);
  const lines: string[] = [];
  const eols: string[] = [];
  let added = 0;
  let removed = 0;
  let pos = 0;
  // What the hunk that reaches the end of the file says about the final newline.
  let finalNewline: boolean | undefined;
  const copy = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      lines.push(original.lines[i] ?? '');
      eols.push(original.eols[i] ?? '');
    }
  };
  for (const p of placed) {
    copy(pos, p.cand.start);
    const reindent = reindentFor(p, original);
    let cursor = p.cand.start;
    let seg = 0;
    let lastOld: Placement['interp']['ops'][number] | undefined;
    let lastNew: Placement['interp']['ops'][number] | undefined;
    for (const op of p.interp.ops) {
      if (op.kind === 'context') {
        copy(cursor, cursor + 1);
        cursor++;
        lastOld = op;
        lastNew = op;
      } else if (op.kind === 'remove') {
        cursor++;
        removed++;
        lastOld = op;
      } else if (op.kind === 'add') {
        lines.push(reindent(op.text));
        eols.push(eol);
        added++;
        lastNew = op;
      } else {
        const next = p.cand.segStarts[++seg] ?? cursor;
        copy(cursor, next);
        cursor = next;
      }
    }
    pos = p.cand.end;
    if (p.cand.end === n) {
      if (lastNew?.noNewline) finalNewline = false;
      else if (lastOld?.noNewline) finalNewline = true;
    }
  }
  copy(pos, n);
  const keep = hasFinalNewline(original);
  for (let i = 0; i < eols.length - 1; i++) if (eols[i] === '') eols[i] = eol;
  if (lines.length > 0) {
    const last = eols.length - 1;
    const want = finalNewline ?? keep;
    if (!want) eols[last] = '';
    else if (eols[last] === '') eols[last] = eol;
  }
  const hunks = placed.map((p) => ({ index: p.hunk.index, strategy: p.strategy, atLine: p.cand.start + 1 })).sort((a, b) => a.index - b.index);
  return { file: { lines, eols }, hunks, added, removed };
}
