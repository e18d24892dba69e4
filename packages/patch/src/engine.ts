/**
 * applyPatch: unwrap → parse → check paths against the policy and the workspace → apply every
 * section in memory → check the limits → write everything, or nothing.
 */
import type { AppliedFile, FilePatch, PatchPolicy, PatchReport, Refusal } from './types.js';
import { mayBeWrapped, splitPatchLines, unwrap } from './unwrap.js';
import { parsePatchLines } from './parse.js';
import { resolvePolicy, type ResolvedPolicy } from './policy.js';
import { checkLimits, checkPathPolicy, normalizePatchPath } from './validate.js';
import { FsWorkspace, type Change, type FileState } from './fs-workspace.js';
import { applyHunks } from './apply.js';
import { joinText, splitText, dominantEol, type TextFile } from './text-file.js';

export interface ApplyPatchOptions {
  /** The workspace (repository root) the patch's paths are relative to. */
  cwd: string;
  /** The patch text as the model wrote it. */
  patch: string;
  policy?: Partial<PatchPolicy>;
  /** Validate and locate everything but write nothing. */
  check?: boolean;
}

interface Entry {
  abs: string;
  realRel: string;
  original: FileState | undefined;
  /** Current state in memory; null = deleted. */
  current: FileState | null | undefined;
  /** How the original bytes were decoded (new content is encoded the same way). */
  encoding?: 'utf8' | 'latin1';
}

const refuse = (refusals: Refusal[]): PatchReport => ({ ok: false, refusals });

function prefixCandidates(raw: string): string[] {
  return /^[ab]\//.test(raw) ? [raw.slice(2), raw] : [raw];
}

function modeOf(m: string | undefined): number | undefined {
  if (!m) return undefined;
  const bits = parseInt(m, 8) & 0o777;
  return Number.isNaN(bits) ? undefined : bits;
}

function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8000).includes(0);
}

/** Decodes text as UTF-8, or byte for byte (latin1) when it is not valid UTF-8, so legacy files survive unchanged. */
export function decodeText(buf: Buffer): { text: string; encoding: 'utf8' | 'latin1' } {
  const s = buf.toString('utf8');
  if (s.includes('\uFFFD') && !Buffer.from(s, 'utf8').equals(buf)) return { text: buf.toString('latin1'), encoding: 'latin1' };
  return { text: s, encoding: 'utf8' };
}

function bytes(st: FileState): Buffer {
  return typeof st.content === 'string' ? Buffer.from(st.content, st.encoding ?? 'utf8') : st.content;
}

function sameContent(a: FileState, b: FileState): boolean {
  // Equal strings encode to equal bytes (the reverse may miss, which only costs a needless write).
  if (typeof a.content === 'string' && typeof b.content === 'string' && (a.encoding ?? 'utf8') === (b.encoding ?? 'utf8'))
    return a.content === b.content;
  const len = (st: FileState) => (typeof st.content === 'string' ? Buffer.byteLength(st.content, st.encoding ?? 'utf8') : st.content.length);
  return len(a) === len(b) && bytes(a).equals(bytes(b));
}

class Session {
  readonly entries = new Map<string, Entry>();
  readonly refusals: Refusal[] = [];
  readonly applied: AppliedFile[] = [];
  readonly touched = new Set<string>();
  deletedFiles = 0;
  added = 0;
  removed = 0;

  constructor(
    readonly ws: FsWorkspace,
    readonly policy: ResolvedPolicy,
  ) {}

  /** Line ends of the existing files the patch reads: new files follow the majority. */
  private eolVotes = { crlf: 0, lf: 0 };
  /** Whether any hunk of the patch was found away from its stated line. */
  private shifted = false;
  /** Hunks placed by line number alone, refused at the end if the patch's numbers proved unreliable. */
  private readonly blind: { file: string; hunk: number }[] = [];

  /** A context-free insertion trusts its line number; a patch whose numbers were off elsewhere does not earn that trust. */
  checkBlindInsertions(): void {
    if (!this.shifted) return;
    for (const b of this.blind) {
      this.refusals.push({
        file: b.file,
        hunk: b.hunk,
        reason: 'not-found',
        message: `hunk ${b.hunk} of ${b.file} has no context lines, so only its line number places it, and other hunks of this patch were found away from their stated lines; add context lines around the added lines`,
      });
    }
  }

  private noteHunks(path: string, r: { shifted: boolean; blind: number[] }): void {
    if (r.shifted) this.shifted = true;
    for (const hunk of r.blind) this.blind.push({ file: path, hunk });
  }
  private readonly created = new Set<Entry>();

  /** New files get CRLF only when the existing files this patch touches mostly use it (a CRLF patch is usually transport). */
  newFileEols(): void {
    if (this.eolVotes.crlf <= this.eolVotes.lf) return;
    for (const e of this.created) {
      if (e.current && typeof e.current.content === 'string') e.current.content = e.current.content.replace(/\r?\n/g, '\r\n');
    }
  }

  private readonly paths = new Map<string, ReturnType<typeof normalizePatchPath>>();

  /** normalizePatchPath, once per raw path: every section asks for its candidates more than once. */
  private normalized(raw: string): ReturnType<typeof normalizePatchPath> {
    let n = this.paths.get(raw);
    if (!n) {
      n = normalizePatchPath(raw);
      this.paths.set(raw, n);
    }
    return n;
  }

  /** Normalizes, policy-checks and resolves a patch path; records a refusal and returns undefined on failure. */
  entry(raw: string, what: string): { path: string; entry: Entry } | undefined {
    const n = this.normalized(raw);
    if ('refusal' in n) {
      this.refusals.push(n.refusal);
      return undefined;
    }
    const denied = checkPathPolicy(n.path, this.policy, what);
    if (denied) {
      this.refusals.push(denied);
      return undefined;
    }
    const r = this.ws.lookup(n.path);
    if ('refusal' in r) {
      this.refusals.push(r.refusal);
      return undefined;
    }
    if (r.realRel !== n.path) {
      const viaLink = checkPathPolicy(r.realRel, this.policy, `${what} ${n.path} (a symlink to)`);
      if (viaLink) {
        this.refusals.push({ ...viaLink, file: n.path });
        return undefined;
      }
    }
    if (r.state === 'directory') {
      this.refusals.push({ file: n.path, reason: 'missing-file', message: `${n.path} is a directory, not a file` });
      return undefined;
    }
    let e = this.entries.get(r.abs);
    if (!e) {
      e = { abs: r.abs, realRel: r.realRel, original: r.state, current: undefined };
      this.entries.set(r.abs, e);
    }
    return { path: n.path, entry: e };
  }

  state(e: Entry): FileState | undefined {
    return e.current === undefined ? e.original : (e.current ?? undefined);
  }

  /** The first candidate path that exists (in memory or on disk), without recording refusals for the others. */
  existing(raws: readonly string[]): string | undefined {
    for (const raw of raws) {
      const n = this.normalized(raw);
      if ('refusal' in n) continue;
      const r = this.ws.lookup(n.path);
      if ('refusal' in r || r.state === 'directory') return raw; // let entry() report it
      const known = this.entries.get(r.abs);
      if (known ? this.state(known) !== undefined : r.state !== undefined) return raw;
    }
    return undefined;
  }

  text(path: string, e: Entry): TextFile | undefined {
    const st = this.state(e);
    if (!st) return { lines: [], eols: [] };
    // Text an earlier section of this patch produced.
    if (st !== e.original) return splitText(st.content as string);
    let text: string;
    if (typeof st.content === 'string') {
      text = st.content;
      e.encoding = st.encoding ?? 'utf8';
    } else {
      if (isBinary(st.content)) {
        this.refusals.push({ file: path, reason: 'binary', message: `${path} is a binary file; binary files cannot be patched` });
        return undefined;
      }
      const d = decodeText(st.content);
      e.encoding = d.encoding;
      text = d.text;
    }
    const t = splitText(text);
    if (t.lines.length > 1) this.eolVotes[dominantEol(t) === '\r\n' ? 'crlf' : 'lf']++;
    return t;
  }

  section(fp: FilePatch): void {
    const display = fp.renameTo ?? fp.newPath ?? fp.oldPath ?? fp.gitNew ?? fp.gitOld ?? '?';
    if (fp.binary) {
      this.refusals.push({
        file: display,
        reason: 'binary',
        message: `the patch for ${display} is a binary patch; binary changes cannot be applied`,
      });
      return;
    }
    const oldRaw = fp.renameFrom ?? (fp.oldPath !== undefined ? fp.oldPath : fp.gitOld);
    const newRaw = fp.renameTo ?? (fp.newPath !== undefined ? fp.newPath : fp.gitNew);
    const creating = fp.newFile || oldRaw === null;
    const deleting = fp.deletedFile || newRaw === null;
    if (creating && deleting) {
      this.refusals.push({ file: display, reason: 'parse-error', message: `file section at patch line ${fp.line} has /dev/null on both sides` });
      return;
    }
    const oldCands = oldRaw ? prefixCandidates(oldRaw) : [];
    const newCands = newRaw ? prefixCandidates(newRaw) : [];
    const renaming = fp.renameTo !== undefined && fp.renameFrom !== undefined;

    // A whole-file block names its path literally (no a/ b/ prefixes).
    if (fp.wholeFile) return this.wholeFile(newRaw ?? display, fp.wholeFile);
    if (creating) return this.create(newCands[0] ?? display, fp);
    if (deleting) {
      const raw = this.existing(oldCands);
      if (raw === undefined) return this.missing(oldCands[0] ?? display);
      return this.remove(raw, fp);
    }
    if (renaming) {
      const from = this.existing(oldCands) ?? this.existing(newCands);
      if (from === undefined) return this.missing(oldCands[0] ?? display);
      return this.modify(from, fp, newCands[0]);
    }
    const target = this.existing(oldCands) ?? this.existing(newCands);
    if (target === undefined) {
      // `--- a/new.ts` + `@@ -0,0 +1,N @@`: a file creation written without /dev/null.
      if (fp.hunks.length > 0 && fp.hunks.every((h) => h.oldStart === 0 && h.oldCount === 0))
        return this.create(newCands[0] ?? oldCands[0] ?? display, fp);
      return this.missing(oldCands[0] ?? newCands[0] ?? display);
    }
    this.modify(target, fp);
  }

  missing(raw: string): void {
    const n = this.normalized(raw);
    if ('refusal' in n) {
      this.refusals.push(n.refusal);
      return;
    }
    const path = n.path;
    const denied = checkPathPolicy(path, this.policy);
    if (denied) {
      this.refusals.push(denied);
      return;
    }
    this.refusals.push({
      file: path,
      reason: 'missing-file',
      message: `${path} does not exist; to create it use "--- /dev/null" and "+++ b/${path}" (or a whole-file block)`,
    });
  }

  private finish(e: Entry, text: TextFile, mode: number | undefined): void {
    const prev = this.state(e);
    e.current = { content: joinText(text), encoding: e.encoding, mode: mode ?? prev?.mode ?? 0o644 };
    this.touched.add(e.abs);
  }

  wholeFile(raw: string, lines: string[]): void {
    const t = this.entry(raw, 'path');
    if (!t) return;
    const before = this.text(t.path, t.entry);
    if (!before) return;
    // The file as it was before the patch: deleting it first in the same patch does not make it new.
    const shownInPart = this.policy.shownInPart ?? [];
    if ((t.entry.original?.content.length ?? 0) > 0 && (shownInPart.includes(t.path) || shownInPart.includes(t.entry.realRel))) {
      this.refusals.push({
        file: t.path,
        reason: 'shown-in-part',
        message: `a whole-file block replaces all of ${t.path}, but only part of it was shown; the lines not shown would be lost`,
      });
      return;
    }
    const eol = before.lines.length > 0 ? dominantEol(before) : '\n';
    if (before.lines.length === 0) this.created.add(t.entry);
    const existed = this.state(t.entry) !== undefined;
    this.finish(t.entry, { lines, eols: lines.map(() => eol) }, undefined);
    this.added += lines.length;
    this.removed += before.lines.length;
    this.applied.push({
      path: t.path,
      action: existed ? 'modify' : 'create',
      hunks: [{ index: 1, strategy: 'whole-file', atLine: 1 }],
      added: lines.length,
      removed: before.lines.length,
    });
  }

  create(raw: string, fp: FilePatch): void {
    const t = this.entry(raw, 'new file');
    if (!t) return;
    const st = this.state(t.entry);
    if (st && st.content.length > 0) {
      this.refusals.push({
        file: t.path,
        reason: 'file-exists',
        message: `the patch creates ${t.path}, but it already exists; send a diff against its current content instead`,
      });
      return;
    }
    const r = applyHunks(t.path, { lines: [], eols: [] }, fp.hunks);
    if (!r.ok) {
      this.refusals.push(...r.refusals.map((x) => ({ ...x, message: x.message.replace('are not in the file', 'cannot be in a new, empty file') })));
      return;
    }
    this.finish(t.entry, r.file, modeOf(fp.newMode) ?? 0o644);
    this.created.add(t.entry);
    this.added += r.added;
    this.applied.push({ path: t.path, action: 'create', hunks: r.hunks.map((h) => ({ ...h, strategy: 'new-file' })), added: r.added, removed: 0 });
  }

  remove(raw: string, fp: FilePatch): void {
    const t = this.entry(raw, 'deleted file');
    if (!t) return;
    const before = this.text(t.path, t.entry);
    if (!before) return;
    let hunks: Array<{ index: number; strategy: AppliedFile['hunks'][number]['strategy']; atLine: number }> = [];
    if (fp.hunks.length > 0) {
      const r = applyHunks(t.path, before, fp.hunks);
      if (!r.ok) {
        this.refusals.push(...r.refusals);
        return;
      }
      if (r.file.lines.length > 0) {
        this.refusals.push({
          file: t.path,
          reason: 'not-found',
          message: `the patch deletes ${t.path}, but its '-' lines cover only part of the file (${r.file.lines.length} of ${before.lines.length} lines would remain); list every line or use "deleted file mode"`,
        });
        return;
      }
      hunks = r.hunks;
      this.noteHunks(t.path, r);
    }
    t.entry.current = null;
    this.touched.add(t.entry.abs);
    this.removed += before.lines.length;
    this.deletedFiles++;
    this.applied.push({ path: t.path, action: 'delete', hunks, added: 0, removed: before.lines.length });
  }

  modify(raw: string, fp: FilePatch, renameTo?: string): void {
    const t = this.entry(raw, 'path');
    if (!t) return;
    const before = this.text(t.path, t.entry);
    if (!before) return;
    let dest = t;
    if (renameTo !== undefined) {
      const d = this.entry(renameTo, 'rename target');
      if (!d) return;
      if (d.entry !== t.entry && this.state(d.entry) !== undefined) {
        this.refusals.push({
          file: d.path,
          reason: 'file-exists',
          message: `the patch renames ${t.path} to ${d.path}, but ${d.path} already exists`,
        });
        return;
      }
      dest = d;
    }
    let result: { file: TextFile; hunks: AppliedFile['hunks']; added: number; removed: number } = { file: before, hunks: [], added: 0, removed: 0 };
    if (fp.hunks.length > 0) {
      const r = applyHunks(t.path, before, fp.hunks);
      if (!r.ok) {
        this.refusals.push(...r.refusals);
        return;
      }
      result = r;
      this.noteHunks(t.path, r);
    }
    const mode = modeOf(fp.newMode) ?? this.state(t.entry)?.mode;
    if (dest.entry !== t.entry) {
      t.entry.current = null;
      this.touched.add(t.entry.abs);
    }
    this.finish(dest.entry, result.file, mode);
    this.added += result.added;
    this.removed += result.removed;
    const file: AppliedFile = {
      path: dest.path,
      action: dest.entry !== t.entry ? 'rename' : 'modify',
      hunks: result.hunks,
      added: result.added,
      removed: result.removed,
    };
    if (dest.entry !== t.entry) file.from = t.path;
    this.applied.push(file);
  }
}

export async function applyPatch(opts: ApplyPatchOptions): Promise<PatchReport> {
  if (!opts || typeof opts.cwd !== 'string' || opts.cwd === '') throw new TypeError('applyPatch: "cwd" must be a non-empty string');
  if (typeof opts.patch !== 'string') throw new TypeError('applyPatch: "patch" must be a string');
  const policy = resolvePolicy(opts.policy);
  const ws = new FsWorkspace(opts.cwd);
  const report = run(opts, policy, ws);
  // A missing or non-folder cwd is a usage error whatever the patch says (usually already proven by a lookup).
  ws.checkRoot();
  return report;
}

function run(opts: ApplyPatchOptions, policy: ResolvedPolicy, ws: FsWorkspace): PatchReport {
  if (opts.patch.includes('\u0000')) return refuse([{ reason: 'binary', message: 'the patch contains NUL bytes; binary patches cannot be applied' }]);
  const { lines } = splitPatchLines(opts.patch);
  const parsed = parsePatchLines(mayBeWrapped(opts.patch) ? unwrap(lines) : lines);
  if (parsed.errors.length > 0) return refuse(parsed.errors);
  if (parsed.files.length === 0) {
    return refuse([
      {
        reason: 'parse-error',
        message: 'no diff found: expected "--- a/path" and "+++ b/path" lines followed by "@@" hunks (or a "*** Begin File: path" block)',
      },
    ]);
  }
  const s = new Session(ws, policy);
  for (const fp of parsed.files) s.section(fp);
  s.newFileEols();
  s.checkBlindInsertions();
  s.refusals.push(...checkLimits({ files: s.touched.size, added: s.added, removed: s.removed, deletedFiles: s.deletedFiles }, policy));
  if (s.refusals.length > 0) return refuse(s.refusals);
  if (!opts.check) {
    const deletions: Change[] = [];
    const writes: Change[] = [];
    for (const e of s.entries.values()) {
      if (!s.touched.has(e.abs) || e.current === undefined) continue;
      if (e.current === null) {
        if (e.original !== undefined) deletions.push({ abs: e.abs, state: null, previous: e.original });
      } else if (!(e.original && e.current.mode === e.original.mode && sameContent(e.current, e.original))) {
        writes.push({ abs: e.abs, state: e.current, previous: e.original });
      }
    }
    // Deletions first, so a rename into a folder that replaced a file of the same name works.
    ws.commit([...deletions, ...writes]);
  }
  return { ok: true, checked: Boolean(opts.check), files: s.applied };
}
