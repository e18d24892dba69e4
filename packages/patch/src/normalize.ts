/**
 * Line comparison levels, from strict to tolerant. A level-n match is also a match at every level
 * above n, so the candidates at a tolerant level include those at the stricter ones.
 */
export const LEVELS = 3;
export type Level = 0 | 1 | 2;

/** Whitespace other than single spaces (tested first: replacing is much slower than testing). */
const ODD_SPACE = /[^\S ]| {2}/;

export function normalizeLine(line: string, level: Level): string {
  if (level === 0) return line;
  if (level === 1) return line.trimEnd();
  // Indentation, tabs versus spaces, runs of blanks and a byte-order mark do not count.
  const t = line.trim();
  return ODD_SPACE.test(t) ? t.replace(/\s+/g, ' ') : t;
}

/** Per-level normalized copies of a file's lines and an index from line to positions, built on demand. */
export class LineIndex {
  private readonly norm: (string[] | undefined)[] = [];
  private readonly index: (Map<string, number[]> | undefined)[] = [];
  private scans = 0;
  constructor(readonly lines: readonly string[]) {}

  normalized(level: Level): string[] {
    let n = this.norm[level];
    if (!n) {
      n = level === 0 ? (this.lines as string[]) : this.lines.map((l) => normalizeLine(l, level));
      this.norm[level] = n;
    }
    return n;
  }

  positions(level: Level, normalizedLine: string): readonly number[] {
    let idx = this.index[level];
    // A few lookups are cheaper as scans than building a map of the whole file.
    if (!idx && this.scans++ < 8) {
      const n = this.normalized(level);
      const out: number[] = [];
      for (let i = 0; i < n.length; i++) if (n[i] === normalizedLine) out.push(i);
      return out;
    }
    if (!idx) {
      idx = new Map();
      const n = this.normalized(level);
      for (let i = 0; i < n.length; i++) {
        const key = n[i] ?? '';
        const list = idx.get(key);
        if (list) list.push(i);
        else idx.set(key, [i]);
      }
      this.index[level] = idx;
    }
    return idx.get(normalizedLine) ?? [];
  }
}
