/**
 * Excerpts of a file too long to show whole: its head (imports, module doc), then the parts a text (the plan,
 * the issue) is about, chosen by symbol, then as much of the rest as fits, top first. A prompt capped by taking a
 * long file's first characters shows the model the imports and misses the function it must change; a quarter of
 * the files real commits change are longer than such a cap.
 *
 * Parts are the file's symbols (a class's own lines apart from its methods), cut into blocks of at most
 * BLOCK_LINES lines; without symbols (another language, or none found) the file is cut into such blocks alone.
 * Each block is scored with BM25 over the blocks of the file, plus the symbol's name when the block holds its
 * first line; a chosen block brings the first line of each symbol around it, so a method shows its class.
 * Whole lines only, in file order; a marker line stands where lines are left out. Deterministic.
 */
import type { AtlasSymbol } from './schema.js';
import { terms } from './tokens.js';
import { bm25Idf, bm25Tf } from './bm25.js';
import { queryWeights } from './query-weights.js';

export interface Excerpt {
  /** Whole lines of the file in order, and a marker line (`… lines 41–209 not shown`) where lines are left out. */
  content: string;
  /** The lines shown, as 1-based inclusive ranges in order. */
  shown: Array<[number, number]>;
  lines: number;
  /** Characters of the file not shown. */
  omittedChars: number;
}

/** Blocks are at most this many lines: a long function is shown in part, around what the text is about. */
export const BLOCK_LINES = 60;
/** The head (the lines before the first symbol) takes at most this share of the budget. */
const HEAD_SHARE = 0.15;
/** Weight of a symbol's name terms in the block holding its first line, against its body's BM25. */
const NAME_WEIGHT = 1;
const B = 0.75;

/**
 * The marker standing for lines `from`–`to` (1-based, inclusive) left out. It reads as an elision to the patch
 * engine: a hunk that copies it as context still places, the marker standing for the lines between.
 */
export function omissionMarker(from: number, to: number): string {
  return from === to ? `… line ${from} not shown` : `… lines ${from}–${to} not shown`;
}

interface Block {
  /** 0-based, end exclusive. */
  start: number;
  end: number;
  /** Innermost symbol holding the block, and the symbols around it (outermost first). */
  around: AtlasSymbol[];
  score: number;
}

/**
 * The excerpt of `text` within `maxChars` characters for `query`, using its symbols' line ranges. A text within
 * the budget is returned whole; with no part the query reaches, the excerpt is the file's first lines.
 */
export function excerptText(text: string, symbols: readonly AtlasSymbol[], query: string, maxChars: number): Excerpt {
  const lines = text.split('\n');
  // A final newline ends the last line rather than starting an empty one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const count = lines.length;
  if (text.length <= maxChars) return { content: text, shown: count > 0 ? [[1, count]] : [], lines: count, omittedChars: 0 };

  const ordered = [...symbols].sort((a, b) => a.line - b.line || b.endLine - a.endLine);
  const blocks = cutBlocks(count, ordered);
  scoreBlocks(blocks, lines, query);

  const chosen = new Uint8Array(count);
  const cost = (i: number) => (lines[i] as string).length + 1;
  // Each run of lines left out costs a marker line; this bounds its length.
  const MARKER = omissionMarker(count - 1, count).length + 1;
  let used = MARKER; // nothing chosen yet: one marker for the whole file
  const take = (i: number): boolean => {
    if (chosen[i]) return true;
    const gapBefore = i > 0 && !chosen[i - 1];
    const gapAfter = i + 1 < count && !chosen[i + 1];
    // Taking a line from the middle of a gap splits it in two; taking a gap's only line removes it.
    const markers = gapBefore && gapAfter ? 1 : !gapBefore && !gapAfter ? -1 : 0;
    if (used + cost(i) + markers * MARKER > maxChars) return false;
    chosen[i] = 1;
    used += cost(i) + markers * MARKER;
    return true;
  };
  const firstSymbolLine = (ordered[0]?.line ?? count + 1) - 1;
  for (let i = 0; i < Math.min(firstSymbolLine, count) && used + cost(i) <= maxChars * HEAD_SHARE; i++) take(i);

  const byScore = blocks.filter((b) => b.score > 0).sort((a, b) => b.score - a.score || a.start - b.start);
  for (const block of byScore) {
    // The first line of each symbol around the block (class, method) comes first, so the part reads in place.
    for (const symbol of block.around) take(symbol.line - 1);
    for (let i = block.start; i < block.end; i++) if (!take(i)) break;
  }
  // What is left of the budget shows the rest from the top, as a plain cap would.
  for (let i = 0; i < count; i++) if (!take(i)) break;
  return render(lines, chosen, text.length);
}

/** Block boundaries at every symbol's first line and after its last, then no longer than BLOCK_LINES. */
function cutBlocks(count: number, symbols: readonly AtlasSymbol[]): Block[] {
  const cuts = new Set<number>([0, count]);
  for (const s of symbols) {
    cuts.add(s.line - 1);
    cuts.add(s.endLine);
  }
  const sorted = [...cuts].filter((c) => c >= 0 && c <= count).sort((a, b) => a - b);
  const blocks: Block[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const from = sorted[k] as number;
    const to = sorted[k + 1] as number;
    for (let start = from; start < to; start += BLOCK_LINES) {
      const around = symbols.filter((s) => s.line - 1 <= start && start < s.endLine);
      blocks.push({ start, end: Math.min(to, start + BLOCK_LINES), around, score: 0 });
    }
  }
  return blocks;
}

function scoreBlocks(blocks: Block[], lines: readonly string[], query: string): void {
  const weights = queryWeights(query);
  if (weights.size === 0) return;
  const frequencies = blocks.map((block) => {
    const tf = new Map<string, number>();
    let length = 0;
    for (let i = block.start; i < block.end; i++)
      for (const term of terms(lines[i] as string)) {
        length++;
        if (weights.has(term)) tf.set(term, (tf.get(term) ?? 0) + 1);
      }
    return { tf, length };
  });
  const n = blocks.length;
  const meanLength = Math.max(1, frequencies.reduce((sum, f) => sum + f.length, 0) / Math.max(1, n));
  const idf = new Map<string, number>();
  for (const term of weights.keys()) {
    const df = frequencies.filter((f) => f.tf.has(term)).length;
    idf.set(term, bm25Idf(n, df));
  }
  blocks.forEach((block, k) => {
    const { tf, length } = frequencies[k] as (typeof frequencies)[number];
    let score = 0;
    for (const [term, f] of tf) score += (weights.get(term) ?? 0) * (idf.get(term) ?? 0) * bm25Tf(f, 1 - B + (B * length) / meanLength);
    const owner = block.around[block.around.length - 1];
    if (owner && owner.line - 1 === block.start)
      for (const term of new Set(terms(owner.name))) score += NAME_WEIGHT * (weights.get(term) ?? 0) * (idf.get(term) ?? 0);
    block.score = score;
  });
}

function render(lines: readonly string[], chosen: Uint8Array, totalChars: number): Excerpt {
  const out: string[] = [];
  const shown: Array<[number, number]> = [];
  let shownChars = 0;
  let i = 0;
  while (i < lines.length) {
    const start = i;
    const keep = chosen[i] === 1;
    while (i < lines.length && (chosen[i] === 1) === keep) i++;
    if (keep) {
      shown.push([start + 1, i]);
      for (let k = start; k < i; k++) {
        out.push(lines[k] as string);
        shownChars += (lines[k] as string).length + 1;
      }
    } else out.push(omissionMarker(start + 1, i));
  }
  return { content: `${out.join('\n')}\n`, shown, lines: lines.length, omittedChars: Math.max(0, totalChars - shownChars) };
}
