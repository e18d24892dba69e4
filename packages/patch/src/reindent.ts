/**
 * When a hunk only matched with whitespace ignored, its added lines may carry the same indentation
 * error as its old lines (spaces for tabs, a whole block shifted). This learns how the hunk's
 * indentation maps onto the file's from the matched old lines and applies it to the added lines.
 * Added lines whose indentation the file already uses are left alone, so a hunk whose context
 * alone drifted keeps its (correct) added lines.
 */
const INDENT = /^[ \t]*/;

function indentOf(s: string): string {
  return INDENT.exec(s)?.[0] ?? '';
}

export type Reindent = (line: string) => string;

const identity: Reindent = (l) => l;

/** pairs: [line as written in the hunk, line in the file] for each matched old line. */
export function learnReindent(pairs: ReadonlyArray<readonly [string, string]>): Reindent {
  const map = new Map<string, string>();
  const fileIndents = new Set<string>();
  let differs = false;
  for (const [patchLine, fileLine] of pairs) {
    if (patchLine.trim() === '' || fileLine.trim() === '') continue;
    const p = indentOf(patchLine);
    const f = indentOf(fileLine);
    fileIndents.add(f);
    const seen = map.get(p);
    if (seen !== undefined && seen !== f) return identity; // no consistent mapping: do not guess
    map.set(p, f);
    if (p !== f) differs = true;
  }
  if (!differs) return identity;
  const rule = generalRule(map);
  return (line: string) => {
    if (line.trim() === '') return line;
    const p = indentOf(line);
    const mapped = map.get(p);
    if (mapped !== undefined) return mapped + line.slice(p.length);
    if (fileIndents.has(p) || !rule) return line;
    return rule(p) + line.slice(p.length);
  };
}

/** A rule that explains every mapped pair: a tab width conversion or a constant shift in spaces. */
function generalRule(map: Map<string, string>): ((indent: string) => string) | undefined {
  const pairs = [...map];
  const allSpaces = (s: string) => /^ *$/.test(s);
  const allTabs = (s: string) => /^\t*$/.test(s);
  if (pairs.every(([p, f]) => allSpaces(p) && allTabs(f) && f.length > 0)) {
    const widths = new Set(pairs.map(([p, f]) => p.length / f.length));
    const [w] = [...widths];
    if (widths.size === 1 && w !== undefined && Number.isInteger(w) && w > 0) {
      return (ind) => (allSpaces(ind) ? '\t'.repeat(Math.floor(ind.length / w)) + ' '.repeat(ind.length % w) : ind);
    }
  }
  if (pairs.every(([p, f]) => allTabs(p) && allSpaces(f) && p.length > 0)) {
    const widths = new Set(pairs.map(([p, f]) => f.length / p.length));
    const [w] = [...widths];
    if (widths.size === 1 && w !== undefined && Number.isInteger(w) && w > 0) {
      return (ind) => ind.replace(/\t/g, ' '.repeat(w));
    }
  }
  if (pairs.every(([p, f]) => allSpaces(p) && allSpaces(f))) {
    const shifts = new Set(pairs.map(([p, f]) => f.length - p.length));
    const [d] = [...shifts];
    if (shifts.size === 1 && d !== undefined) {
      return (ind) => (allSpaces(ind) ? ' '.repeat(Math.max(0, ind.length + d)) : ind);
    }
  }
  return undefined;
}
