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
  /** '\n' + every line + '\n': a block of lines occurs where '\n' + its lines joined by '\n' + '\n' does. */
  private framed: string | undefined;
  private textSearches = 0;

  /** `lf` is the text the lines were split from when it has no CR (see TextFile.lf). */
  constructor(
    readonly lines: readonly string[],
    private readonly lf?: string,
  ) {}

  /**
   * How many times (0, 1, or 2 meaning "more than one") a block of lines occurs exactly, or
   * undefined when this file cannot answer from its text. One native search over the text instead
   * of comparing line by line, which matters when the lines are cold in the cache.
   */
  exactCount(block: readonly string[]): 0 | 1 | 2 | undefined {
    // Each search reads the whole text: for many hunks in one file the line index (built once) is cheaper.
    if (this.lf === undefined || block.length === 0 || this.textSearches++ >= 8) return undefined;
    if (this.framed === undefined) {
      const t = this.lf;
      // Every line, the last included, ends in '\n' exactly once (no phantom empty last line).
      this.framed = '\n' + t + (t === '' || t.endsWith('\n') ? '' : '\n');
    }
    const needle = '\n' + block.join('\n') + '\n';
    const first = this.framed.indexOf(needle);
    if (first < 0) return 0;
    // From first + 1: overlapping occurrences (a repeated line) count too.
    return this.framed.indexOf(needle, first + 1) < 0 ? 1 : 2;
  }

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
