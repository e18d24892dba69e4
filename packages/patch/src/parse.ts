/**
 * A tolerant parser for unified diffs as models write them: git and plain headers, `+++`-only
 * headers, bare `@@ @@` hunks, counts that do not match the body, unprefixed blank context lines,
 * `...` elision lines, prose between sections, plus whole-file blocks. Hunk bodies are read by
 * their line prefixes, not by the header counts (models get those wrong); the counts only decide
 * what trailing blank lines mean.
 */
import type { FilePatch, Hunk, HunkLine, Refusal } from './types.js';
import { WHOLE_FILE_BEGIN, readWholeFileBlock } from './whole-file-block.js';

const HUNK_HEADER = /^@@+\s*-(\d+)(?:,(\d+))?\s+\+(\d+)(?:,(\d+))?/;
/** A line that stands for omitted lines: `...`, `…`, `// ... existing code ...`, `# ...`. */
const ELISION = /^(?:(?:\/\/+|#+|\/\*+|<!--|--|;+|%|\*)\s*)?(?:\.{3,}|…)(?:\s.*)?$/;

const mayElide = (s: string): boolean => s.includes('...') || s.includes('…');

export interface ParsedPatch {
  files: FilePatch[];
  errors: Refusal[];
}

/** Undoes git's C-style quoting of paths with special characters. */
function unquote(p: string): string {
  if (!(p.startsWith('"') && p.endsWith('"') && p.length >= 2)) return p;
  const body = p.slice(1, -1);
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i] ?? '';
    if (c !== '\\') {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const n = body[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[n] ?? n.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The path of a `---`/`+++` line: no timestamp, unquoted; null for /dev/null. */
function headerPath(rest: string): string | null {
  let p = rest;
  const tab = p.indexOf('\t');
  if (tab >= 0) p = p.slice(0, tab);
  p = unquote(p.trim());
  return p === '/dev/null' ? null : p;
}

function gitPaths(rest: string): { a?: string; b?: string } {
  const s = rest.trim();
  if (s.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*")\s+(.+)$/.exec(s);
    if (m?.[1] && m[2]) return { a: unquote(m[1]), b: unquote(m[2]) };
    return {};
  }
  // Same path on both sides is the common case and the only way to split paths holding spaces.
  const half = (s.length - 1) / 2;
  if (Number.isInteger(half) && s[half] === ' ') {
    const a = s.slice(0, half);
    const b = s.slice(half + 1);
    if (a.replace(/^a\//, '') === b.replace(/^b\//, '')) return { a, b: b.startsWith('"') ? unquote(b) : b };
  }
  const at = s.lastIndexOf(' b/');
  if (at > 0) return { a: s.slice(0, at), b: unquote(s.slice(at + 1)) };
  const parts = s.split(/\s+/);
  return parts.length === 2 ? { a: parts[0], b: parts[1] } : {};
}

function isBodyLine(l: string): boolean {
  return l.startsWith(' ') || l.startsWith('+') || l.startsWith('-') || l.startsWith('\\');
}

/** `--- x` / `+++ y` pair followed by a hunk (or nothing): a file header, not a removed and an added line. */
function isFileHeaderAt(lines: readonly string[], i: number): boolean {
  const a = lines[i] ?? '';
  const b = lines[i + 1];
  if (!a.startsWith('--- ') || b === undefined || !b.startsWith('+++ ')) return false;
  const c = lines[i + 2];
  return c === undefined || c.startsWith('@@') || c.startsWith('diff --git ') || c.trim() === '';
}

/** A single `+++ x` (or `--- x`) line directly followed by a hunk header. */
function isLoneHeaderAt(lines: readonly string[], i: number): boolean {
  const a = lines[i] ?? '';
  return (a.startsWith('+++ ') || a.startsWith('--- ')) && (lines[i + 1] ?? '').startsWith('@@');
}

function startsStructure(lines: readonly string[], i: number): boolean {
  const l = lines[i] ?? '';
  const c = l[0];
  if (c === ' ' || c === undefined) return false;
  if (c === '-' && !l.startsWith('--- ')) return false;
  if (c === '+' && !l.startsWith('+++ ')) return false;
  return l.startsWith('@@') || l.startsWith('diff --git ') || WHOLE_FILE_BEGIN.test(l) || isFileHeaderAt(lines, i) || isLoneHeaderAt(lines, i);
}

/** Whether more hunk body follows line i (so an odd line at i is inside the hunk, not prose after it). */
function bodyContinuesAfter(lines: readonly string[], i: number): boolean {
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j] ?? '';
    if (l === '') continue;
    if (startsStructure(lines, j)) return false;
    return isBodyLine(l);
  }
  return false;
}

function oldNew(body: readonly HunkLine[]): { old: number; neu: number } {
  let old = 0;
  let neu = 0;
  for (const l of body) {
    if (l.kind !== 'add') old++;
    if (l.kind !== 'remove') neu++;
  }
  return { old, neu };
}

function parseHunk(lines: readonly string[], start: number, index: number): { hunk: Hunk; next: number } {
  const header = lines[start] ?? '';
  const m = HUNK_HEADER.exec(header);
  const hunk: Hunk = { index, header, lines: [] };
  if (m) {
    hunk.oldStart = Number(m[1]);
    hunk.oldCount = m[2] === undefined ? 1 : Number(m[2]);
    hunk.newStart = Number(m[3]);
    hunk.newCount = m[4] === undefined ? 1 : Number(m[4]);
  }
  const body = hunk.lines;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (startsStructure(lines, i)) break;
    const c = l[0];
    if (c === ' ') {
      const text = l.slice(1);
      body.push(mayElide(text) && ELISION.test(text.trim()) ? { kind: 'context', text, elidable: true } : { kind: 'context', text });
    } else if (c === '-') body.push({ kind: 'remove', text: l.slice(1) });
    else if (c === '+') body.push({ kind: 'add', text: l.slice(1) });
    else if (c === '\\') {
      const prev = body[body.length - 1];
      if (prev) prev.noNewline = true;
    } else if (l === '') body.push({ kind: 'context', text: '', soft: 'blank' });
    else if (mayElide(l) && ELISION.test(l.trim())) body.push({ kind: 'context', text: l, elidable: true, soft: 'unprefixed' });
    else if (bodyContinuesAfter(lines, i)) body.push({ kind: 'context', text: l, soft: 'unprefixed' });
    else break;
  }
  // Trailing blank lines are either blank context without its space or the gap before the next section.
  let k = 0;
  while (k < body.length && body[body.length - 1 - k]?.soft === 'blank') k++;
  if (k > 0) {
    const { old, neu } = oldNew(body.slice(0, body.length - k));
    if (hunk.oldCount !== undefined && old === hunk.oldCount && neu === hunk.newCount) body.splice(body.length - k, k);
    else if (hunk.oldCount !== undefined && old + k === hunk.oldCount && neu + k === hunk.newCount) {
      for (let j = body.length - k; j < body.length; j++) {
        const line = body[j];
        if (line?.kind === 'context') delete line.soft;
      }
    }
  }
  return { hunk, next: i };
}

function newSection(line: number, init: Partial<FilePatch> = {}): FilePatch {
  return { newFile: false, deletedFile: false, binary: false, hunks: [], line: line + 1, ...init };
}

/** Parses unwrapped patch lines into file sections. */
export function parsePatchLines(lines: readonly string[]): ParsedPatch {
  const files: FilePatch[] = [];
  const errors: Refusal[] = [];
  let cur: FilePatch | undefined;
  let i = 0;
  while (i < lines.length) {
    const l = lines[i] ?? '';
    if (WHOLE_FILE_BEGIN.test(l)) {
      const r = readWholeFileBlock(lines, i);
      const path = WHOLE_FILE_BEGIN.exec(l)?.[1] ?? '';
      if (!r) {
        errors.push({ file: path, reason: 'parse-error', message: `whole-file block for ${path} (patch line ${i + 1}) has no "*** End File" line` });
        break;
      }
      files.push(newSection(i, { oldPath: r.block.path, newPath: r.block.path, wholeFile: r.block.lines }));
      cur = undefined;
      i = r.next;
      continue;
    }
    if (l.startsWith('diff --git ')) {
      const { a, b } = gitPaths(l.slice('diff --git '.length));
      cur = newSection(i, { gitOld: a, gitNew: b });
      files.push(cur);
      i++;
      for (; i < lines.length; i++) {
        const h = lines[i] ?? '';
        let m: RegExpExecArray | null;
        // The usual git header line; the mode and rename lines below are rare.
        if (h.startsWith('index ')) continue;
        if ((m = /^old mode (\d+)/.exec(h))) cur.oldMode = m[1];
        else if ((m = /^new mode (\d+)/.exec(h))) cur.newMode = m[1];
        else if ((m = /^new file mode (\d+)/.exec(h))) {
          cur.newFile = true;
          cur.newMode = m[1];
        } else if ((m = /^deleted file mode (\d+)/.exec(h))) {
          cur.deletedFile = true;
          cur.oldMode = m[1];
        } else if (h.startsWith('rename from ') || h.startsWith('copy from ')) cur.renameFrom = unquote(h.replace(/^(rename|copy) from /, '').trim());
        else if (h.startsWith('rename to ') || h.startsWith('copy to ')) cur.renameTo = unquote(h.replace(/^(rename|copy) to /, '').trim());
        else if (/^(similarity index|dissimilarity index|index )/.test(h)) continue;
        else if (h.startsWith('GIT binary patch') || (h.startsWith('Binary files ') && h.endsWith(' differ'))) cur.binary = true;
        else break;
      }
      continue;
    }
    if (isFileHeaderAt(lines, i) || isLoneHeaderAt(lines, i)) {
      const minus = l.startsWith('--- ') ? headerPath(l.slice(4)) : undefined;
      const plusLine = l.startsWith('+++ ') ? l : (lines[i + 1] ?? '').startsWith('+++ ') ? (lines[i + 1] ?? '') : undefined;
      const plus = plusLine === undefined ? undefined : headerPath(plusLine.slice(4));
      // A git section's own ---/+++ lines belong to it; otherwise this starts a plain section.
      if (!(
        cur &&
        cur.gitOld !== undefined &&
        cur.hunks.length === 0 &&
        cur.oldPath === undefined &&
        cur.newPath === undefined &&
        files[files.length - 1] === cur
      )) {
        cur = newSection(i);
        files.push(cur);
      }
      cur.oldPath = minus;
      cur.newPath = plus;
      i += plusLine !== undefined && !l.startsWith('+++ ') ? 2 : 1;
      continue;
    }
    if (l.startsWith('@@')) {
      if (!cur) {
        errors.push({
          reason: 'parse-error',
          message: `hunk at patch line ${i + 1} ("${l.slice(0, 60)}") has no file header (--- a/path / +++ b/path) before it`,
        });
        const r = parseHunk(lines, i, 1);
        i = r.next;
        continue;
      }
      const r = parseHunk(lines, i, cur.hunks.length + 1);
      cur.hunks.push(r.hunk);
      i = r.next;
      continue;
    }
    if (cur && (l.startsWith('GIT binary patch') || (l.startsWith('Binary files ') && l.endsWith(' differ')))) cur.binary = true;
    i++; // prose
  }
  for (const f of files) {
    const name = f.newPath ?? f.oldPath ?? f.gitNew ?? f.gitOld ?? '(unnamed)';
    if (f.oldPath === undefined && f.newPath === undefined && f.gitOld === undefined && f.gitNew === undefined) {
      errors.push({ reason: 'parse-error', message: `file section at patch line ${f.line} names no file` });
    } else if (!f.wholeFile && !f.binary && f.hunks.length === 0 && !f.newFile && !f.deletedFile && !f.renameTo && !f.newMode) {
      errors.push({ file: name, reason: 'parse-error', message: `file section for ${name} (patch line ${f.line}) has no hunks` });
    }
    for (const h of f.hunks) {
      if (h.lines.length === 0)
        errors.push({ file: name, hunk: h.index, reason: 'parse-error', message: `hunk ${h.index} of ${name} ("${h.header}") has no lines` });
    }
  }
  return { files, errors };
}
