/**
 * Finds where a hunk's old lines are in a file, with increasingly tolerant strategies:
 * exact at the stated line; at the stated line shifted by the offset other hunks of the file were
 * found at; exact anywhere; ignoring trailing whitespace; ignoring all whitespace differences;
 * with `...` lines matched as gaps. A match away from the stated lines is taken only when it is the
 * ONLY one even with all whitespace ignored; otherwise the hunk is ambiguous and refused.
 */
import type { Hunk, HunkLine, Strategy } from './types.js';
import { LineIndex, normalizeLine, type Level } from './normalize.js';

/** A `...` line read as a gap: any number of file lines. */
export interface GapOp {
  kind: 'gap';
  text: '';
  noNewline?: undefined;
}

/** A hunk line as written, or a gap. */
export type Op = HunkLine | GapOp;

const GAP: GapOp = { kind: 'gap', text: '' };

/** One reading of a hunk: trailing blank lines kept or dropped, `...` literal or a gap. */
export interface Interpretation {
  ops: Op[];
  /** Old-side texts between gaps. */
  segments: string[][];
  gaps: boolean;
}

export interface Candidate {
  start: number;
  /** Exclusive. */
  end: number;
  segStarts: number[];
}

export interface Placement {
  hunk: Hunk;
  interp: Interpretation;
  cand: Candidate;
  level: Level;
  strategy: Strategy;
}

export type LocateResult =
  | { kind: 'placed'; placement: Placement }
  | { kind: 'ambiguous'; candidates: number[]; interp: Interpretation }
  | { kind: 'not-found'; interp: Interpretation; message?: string };

const MAX_COMBINATIONS = 64;

function buildInterpretation(h: Hunk, dropSoftTail: boolean, elide: boolean): Interpretation {
  const lines = h.lines;
  let end = lines.length;
  if (dropSoftTail) while (end > 0 && lines[end - 1]?.soft === 'blank') end--;
  const isGap = (l: HunkLine | undefined): boolean => elide && l?.kind === 'context' && l.elidable === true;
  let firstOld = -1;
  let lastOld = -1;
  for (let i = 0; i < end; i++) {
    const l = lines[i] as HunkLine;
    if (l.kind !== 'add' && !isGap(l)) {
      if (firstOld < 0) firstOld = i;
      lastOld = i;
    }
  }
  const ops: Op[] = [];
  let current: string[] = [];
  const segments: string[][] = [current];
  for (let i = 0; i < end; i++) {
    const l = lines[i] as HunkLine;
    if (isGap(l)) {
      // A gap before the first or after the last old line constrains nothing; consecutive gaps are one.
      if (i > firstOld && i < lastOld && !isGap(lines[i - 1])) {
        ops.push(GAP);
        current = [];
        segments.push(current);
      }
    } else {
      ops.push(l);
      if (l.kind !== 'add') current.push(l.text);
    }
  }
  return { ops, segments, gaps: segments.length > 1 };
}

/** The readings of a hunk in order of preference. */
export function interpretations(h: Hunk): Interpretation[] {
  const softTail = h.lines[h.lines.length - 1]?.soft === 'blank';
  const elidable = h.lines.some((l) => l.kind === 'context' && l.elidable);
  const out = [buildInterpretation(h, false, false)];
  if (softTail) out.push(buildInterpretation(h, true, false));
  if (elidable) {
    out.push(buildInterpretation(h, false, true));
    if (softTail) out.push(buildInterpretation(h, true, true));
  }
  return out;
}

function segmentMatchesAt(file: readonly string[], seg: readonly string[], at: number): boolean {
  if (at < 0 || at + seg.length > file.length) return false;
  for (let i = 0; i < seg.length; i++) if (file[at + i] !== seg[i]) return false;
  return true;
}

/** Start positions of a segment, found through its rarest line. */
function segmentPositions(idx: LineIndex, level: Level, seg: readonly string[], from: number): number[] {
  const file = idx.normalized(level);
  // The longest line first: it is the most likely to be unique, which ends the search at one scan.
  let bestJ = 0;
  for (let j = 1; j < seg.length; j++) if ((seg[j] as string).length > (seg[bestJ] as string).length) bestJ = j;
  let best: readonly number[] = idx.positions(level, seg[bestJ] ?? '');
  for (let j = 0; j < seg.length && best.length > 1; j++) {
    if (j === bestJ) continue;
    const pos = idx.positions(level, seg[j] ?? '');
    if (pos.length < best.length) {
      best = pos;
      bestJ = j;
    }
  }
  const out: number[] = [];
  for (const p of best) {
    const at = p - bestJ;
    if (at >= from && segmentMatchesAt(file, seg, at)) out.push(at);
  }
  return out;
}

/** Every placement of the segments in order (gaps of any size between them), up to `limit`. */
function matchSegments(idx: LineIndex, level: Level, segments: readonly string[][], limit: number): Candidate[] {
  if (segments.some((s) => s.length === 0)) return [];
  const norm = level === 0 ? segments : segments.map((s) => s.map((l) => normalizeLine(l, level)));
  const out: Candidate[] = [];
  const walk = (k: number, from: number, starts: number[]): void => {
    const seg = norm[k];
    if (!seg) return;
    for (const at of segmentPositions(idx, level, seg, from)) {
      if (out.length >= limit) return;
      const next = [...starts, at];
      if (k === norm.length - 1) out.push({ start: next[0] ?? at, end: at + seg.length, segStarts: next });
      else walk(k + 1, at + seg.length, next);
    }
  };
  walk(0, 0, []);
  return out;
}

/** The strictest level at which a candidate found at level 2 still matches. */
function levelOf(idx: LineIndex, segments: readonly string[][], c: Candidate): Level {
  for (const level of [0, 1] as const) {
    const file = idx.normalized(level);
    if (
      segments.every((s, k) =>
        segmentMatchesAt(
          file,
          s.map((l) => normalizeLine(l, level)),
          c.segStarts[k] ?? -1,
        ),
      )
    )
      return level;
  }
  return 2;
}

export interface LocateContext {
  idx: LineIndex;
  /** Old-line ranges [start, end) already taken by other hunks of this file. */
  claimed: ReadonlyArray<readonly [number, number]>;
  /** Offsets (found minus stated line) of this file's hunks placed so far. */
  offsets: readonly number[];
}

function overlaps(c: Candidate, claimed: LocateContext['claimed']): boolean {
  return claimed.some(([s, e]) => c.start < e && s < c.end);
}

function strategyFor(level: Level, gaps: boolean, atStated: boolean, hasNumbers: boolean): Strategy {
  if (gaps) return 'elided-gap';
  if (level === 1) return 'trailing-whitespace';
  if (level === 2) return 'whitespace';
  if (atStated) return 'exact';
  return hasNumbers ? 'offset' : 'line-number-free';
}

/**
 * 'unique': place only where nothing else could be meant (the only match even with whitespace
 * ignored, or exact at the stated line and nowhere else exactly). 'anchored': also trust line
 * numbers for a repeated block: the stated line when no other hunk of the file was found away
 * from its stated line, or the one shift all the other hunks share.
 */
export type LocateMode = 'unique' | 'anchored';

/** Places one reading of a hunk with old lines. */
function locateReading(h: Hunk, interp: Interpretation, ctx: LocateContext, mode: LocateMode): LocateResult {
  const hasNumbers = h.oldStart !== undefined;
  const stated = Math.max(0, (h.oldStart ?? 1) - 1);
  // Fast path, and the usual case: exactly where the header says, and nowhere else exactly.
  if (hasNumbers && !interp.gaps && mode === 'unique') {
    const seg = interp.segments[0] ?? [];
    const cand = { start: stated, end: stated + seg.length, segStarts: [stated] };
    if (
      segmentMatchesAt(ctx.idx.lines, seg, stated) &&
      !overlaps(cand, ctx.claimed) &&
      (ctx.idx.exactCount(seg) ?? matchSegments(ctx.idx, 0, interp.segments, 2).length) === 1
    ) {
      return { kind: 'placed', placement: { hunk: h, interp, cand, level: 0, strategy: 'exact' } };
    }
  }
  const all = matchSegments(ctx.idx, 2, interp.segments, MAX_COMBINATIONS).filter((c) => !overlaps(c, ctx.claimed));
  if (all.length === 0) return { kind: 'not-found', interp };
  const levels = all.map((c) => levelOf(ctx.idx, interp.segments, c));
  const place = (i: number, atStated: boolean): LocateResult => {
    const cand = all[i] as Candidate;
    const level = levels[i] as Level;
    return { kind: 'placed', placement: { hunk: h, interp, cand, level, strategy: strategyFor(level, interp.gaps, atStated, hasNumbers) } };
  };
  const pickAt = (at: number): number => {
    let best = -1;
    for (let i = 0; i < all.length; i++) {
      if (all[i]?.start === at && (best < 0 || (levels[i] as number) < (levels[best] as number))) best = i;
    }
    return best;
  };
  if (all.length === 1) return place(0, hasNumbers && all[0]?.start === stated);
  if (interp.gaps && h.oldCount !== undefined) {
    // Elided hunks usually keep the header's old count: the span it states picks the placement.
    const fit = all.map((c, i) => [c, i] as const).filter(([c]) => c.end - c.start === h.oldCount);
    if (fit.length === 1 && fit[0]) return place(fit[0][1], false);
  }
  if (mode === 'anchored' && hasNumbers) {
    const shifts = new Set(ctx.offsets);
    if (shifts.size === 0 || (shifts.size === 1 && shifts.has(0))) {
      const i = pickAt(stated);
      if (i >= 0) return place(i, true);
    } else if (shifts.size === 1) {
      // Every other hunk of the file was found shifted by the same amount: so is this one.
      const [d] = [...shifts];
      const j = pickAt(stated + (d ?? 0));
      if (j >= 0) return place(j, false);
    }
  }
  return { kind: 'ambiguous', candidates: [...new Set(all.map((c) => c.start + 1))].sort((a, b) => a - b), interp };
}

/** Places a hunk with no old lines (pure addition without context): only its stated line can. */
function locateInsertion(h: Hunk, interp: Interpretation, ctx: LocateContext): LocateResult {
  const n = ctx.idx.lines.length;
  if (n === 0)
    return { kind: 'placed', placement: { hunk: h, interp, cand: { start: 0, end: 0, segStarts: [0] }, level: 0, strategy: 'stated-line' } };
  if (h.oldStart === undefined) {
    return { kind: 'not-found', interp, message: 'it has no context lines and no line numbers, so nothing says where the added lines go' };
  }
  if (ctx.offsets.some((d) => d !== 0)) {
    return {
      kind: 'not-found',
      interp,
      message: "it has no context lines, and this file's other hunks were found away from their stated lines, so its line number cannot be trusted",
    };
  }
  const at = h.oldCount === 0 ? h.oldStart : h.oldStart - 1;
  if (at < 0 || at > n) return { kind: 'not-found', interp, message: `it inserts at line ${h.oldStart} but the file has ${n} lines` };
  if (ctx.claimed.some(([s, e]) => s < at && at < e)) return { kind: 'not-found', interp, message: 'its stated line is inside another hunk' };
  return { kind: 'placed', placement: { hunk: h, interp, cand: { start: at, end: at, segStarts: [at] }, level: 0, strategy: 'stated-line' } };
}

export function isInsertion(interp: Interpretation): boolean {
  return !interp.gaps && (interp.segments[0]?.length ?? 0) === 0;
}

/** Tries each reading of the hunk in order; the first that matches anywhere decides. */
export function locateHunk(
  h: Hunk,
  ctx: LocateContext,
  mode: LocateMode = 'anchored',
  readings: readonly Interpretation[] = interpretations(h),
): LocateResult {
  let first: LocateResult | undefined;
  for (const interp of readings) {
    const r = isInsertion(interp) ? locateInsertion(h, interp, ctx) : locateReading(h, interp, ctx, mode);
    if (r.kind !== 'not-found') return r;
    first ??= r;
  }
  return first as LocateResult;
}
