/**
 * The target directory: reads files, refuses paths that leave it through a symlink, and writes
 * every change at once, restoring what it had already written if a later write fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Refusal } from './types.js';

export interface FileState {
  /**
   * Text (valid UTF-8 as read, or produced by the patch; encoded with `encoding` when written), or
   * the raw bytes of a file that is not plain UTF-8 text (binary, legacy encodings, U+FFFD in it).
   */
  content: Buffer | string;
  /** Encoding of string content: UTF-8 unless the file was not valid UTF-8. */
  encoding?: 'utf8' | 'latin1';
  /** Permission bits. */
  mode: number;
  /** Hard links to the file on disk (such a file is replaced, never written through). */
  links?: number;
}

/** One file to write (state) or delete (null), with what was there before, for the rollback. */
export interface Change {
  abs: string;
  state: FileState | null;
  previous: FileState | undefined;
}

export type Lookup = { abs: string; realRel: string; state: FileState | undefined | 'directory' } | { refusal: Refusal };

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Writes open the checked path without following a symlink swapped in since the check. */
const REWRITE_FLAGS = fs.constants.O_WRONLY | (fs.constants.O_NOFOLLOW ?? 0);

/**
 * Reads a file as UTF-8 text through Node's native fast path (one call, much cheaper than a Buffer
 * read for small files); falls back to the raw bytes when the text may not round-trip: a NUL
 * (binary) or U+FFFD (invalid UTF-8, or a replacement character to be checked byte for byte).
 */
function readContent(abs: string): Pick<FileState, 'content' | 'encoding'> {
  const text = fs.readFileSync(abs, 'utf8');
  if (!text.includes('\u0000') && !text.includes('\uFFFD')) return { content: text, encoding: 'utf8' };
  return { content: fs.readFileSync(abs) };
}

/**
 * Overwrites an existing file in place: the new bytes from offset 0, then a truncation only when the
 * file got shorter. Truncating to zero first (what writeFileSync's 'w' does) makes ext4 free the old
 * blocks and start writing the new data back at close (its auto_da_alloc guard), several times the
 * cost of the write itself on small files. Keeps the inode, mode and ownership, like 'w' does.
 */
function rewrite(abs: string, content: string | Buffer, encoding: BufferEncoding): void {
  const length = typeof content === 'string' ? Buffer.byteLength(content, encoding) : content.length;
  const fd = fs.openSync(abs, REWRITE_FLAGS);
  try {
    // On a descriptor just opened, writeFileSync writes everything from offset 0 and never truncates.
    fs.writeFileSync(fd, content, { encoding });
    if (fs.fstatSync(fd).size > length) fs.ftruncateSync(fd, length);
  } finally {
    fs.closeSync(fd);
  }
}

/** fs.rmSync(force) without its lstat and recursion machinery: deletions here are always of files. */
function unlinkIfPresent(abs: string): void {
  try {
    fs.unlinkSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

export class FsWorkspace {
  /**
   * The root as an absolute path; every path the workspace hands out starts with it. Symlinks in
   * the root's own path are the caller's business: only those below it are checked.
   */
  readonly base: string;
  private realBase: string | undefined;

  /** Whether the root is known to be a folder: checked once, or implied by a path found under it. */
  private rootChecked = false;

  constructor(readonly root: string) {
    // Without '..' in it, the lexical absolute path names the same folder as the physical one.
    if (root.includes('..') && root.split(/[\\/]/).includes('..')) {
      this.checkRoot();
      this.base = fs.realpathSync.native(root);
    } else this.base = path.resolve(root);
  }

  /**
   * Throws a TypeError unless the root is an existing folder. A path that exists under the root
   * proves it, which saves the stat in the usual case; the engine calls this before it reports.
   */
  checkRoot(): void {
    if (this.rootChecked) return;
    let st: fs.Stats;
    try {
      st = fs.statSync(this.root);
    } catch {
      throw new TypeError(`apply-patch: cwd ${JSON.stringify(this.root)} does not exist`);
    }
    if (!st.isDirectory()) throw new TypeError(`apply-patch: cwd ${JSON.stringify(this.root)} is not a directory`);
    this.rootChecked = true;
  }

  /** The root with symlinks resolved, needed only once a symlink below the root has to be followed. */
  private get realRoot(): string {
    return (this.realBase ??= fs.realpathSync.native(this.base));
  }

  /** A resolved path as a path under `base`, or undefined when it is outside the workspace. */
  private toWorkspace(real: string): string | undefined {
    const rel = path.relative(this.realRoot, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return path.join(this.base, rel);
  }

  private readonly realDirs = new Map<string, string | undefined>();
  private readonly looked = new Map<string, Lookup>();

  /**
   * Where a relative path really lands on disk, following symlinks in it, and what is there; or a
   * refusal when it lands outside the workspace. `realRel` is the resolved path relative to the
   * root, so a link into a denied folder is caught by the same globs.
   */
  lookup(rel: string): Lookup {
    let r = this.looked.get(rel);
    if (!r) {
      r = this.lookupUncached(rel);
      this.looked.set(rel, r);
    }
    return r;
  }

  private lookupUncached(rel: string): Lookup {
    const abs = path.join(this.base, rel);
    // throwIfNoEntry: a missing file is common here, and exceptions are slow.
    let st: fs.Stats | undefined;
    try {
      st = fs.lstatSync(abs, { throwIfNoEntry: false });
    } catch (e) {
      this.checkRoot(); // a cwd that is a file fails here with ENOTDIR: report it as such
      throw e;
    }
    if (st) this.rootChecked = true;
    else this.checkRoot();
    let target: string | undefined;
    if (st && !st.isSymbolicLink()) {
      // The common case: a plain file or folder; only its folders can hide a symlink.
      const dir = this.realDir(path.dirname(rel));
      target = dir === undefined ? undefined : path.join(dir, path.basename(abs));
    } else {
      let probe = abs;
      const rest: string[] = [];
      while (!fs.lstatSync(probe, { throwIfNoEntry: false })) {
        rest.unshift(path.basename(probe));
        probe = path.dirname(probe);
      }
      let real: string;
      try {
        real = fs.realpathSync.native(probe);
      } catch {
        return { refusal: { file: rel, reason: 'outside-workspace', message: `path ${rel} goes through a broken symlink` } };
      }
      target = this.toWorkspace(path.join(real, ...rest));
      st = undefined;
    }
    if (target === undefined) {
      return { refusal: { file: rel, reason: 'outside-workspace', message: `path ${rel} leads outside the workspace through a symlink` } };
    }
    const realRel = target === abs ? rel : path.relative(this.base, target).split(path.sep).join('/');
    return { abs: target, realRel, state: this.read(target, st) };
  }

  /**
   * Where an existing folder, given relative to the root, really is (as a path under `base`), or
   * undefined when a symlink takes it outside. A folder none of whose ancestors below the root is a
   * symlink is where its path says: one cached lstat per folder, no realpath (which costs a readlink
   * per component of the absolute path).
   */
  private realDir(relDir: string): string | undefined {
    if (relDir === '.' || relDir === '') return this.base;
    if (this.realDirs.has(relDir)) return this.realDirs.get(relDir);
    const abs = path.join(this.base, relDir);
    const parent = this.realDir(path.dirname(relDir));
    let real: string | undefined;
    if (parent === undefined) real = undefined;
    else if (parent === path.dirname(abs) && fs.lstatSync(abs, { throwIfNoEntry: false })?.isDirectory() === true) real = abs;
    else real = this.toWorkspace(fs.realpathSync.native(abs));
    this.realDirs.set(relDir, real);
    return real;
  }

  /** The file at a resolved absolute path, undefined when absent. */
  private read(abs: string, known?: fs.Stats): FileState | undefined | 'directory' {
    const st = known ?? fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (st.isDirectory()) return 'directory';
    const { content, encoding } = readContent(abs);
    return { content, encoding, mode: st.mode & 0o7777, links: st.nlink };
  }

  /** Writes all changes (keyed by resolved absolute path); on any failure restores the previous states. */
  commit(changes: readonly Change[]): void {
    const done: (typeof changes)[number][] = [];
    const createdDirs: string[] = [];
    try {
      for (const c of changes) {
        done.push(c); // before writing: a half-written file is restored too
        if (c.state === null) {
          unlinkIfPresent(c.abs);
          this.pruneEmptyDirs(path.dirname(c.abs));
        } else {
          const dir = path.dirname(c.abs);
          if (!c.previous && !fs.existsSync(dir)) {
            const first = fs.mkdirSync(dir, { recursive: true });
            if (first) createdDirs.push(first);
          }
          if ((c.previous?.links ?? 1) > 1) {
            // A hard link may lead outside the workspace: replace the file instead of writing through it.
            const tmp = path.join(dir, `.${path.basename(c.abs)}.eternia-patch-${process.pid}`);
            fs.writeFileSync(tmp, c.state.content, { mode: c.state.mode, encoding: c.state.encoding ?? 'utf8' });
            fs.chmodSync(tmp, c.state.mode);
            fs.renameSync(tmp, c.abs);
          } else {
            // In place, like git apply and patch (keeps the inode and ownership). Every hunk was
            // placed before the first write, and a failed write rolls all the others back.
            if (c.previous) rewrite(c.abs, c.state.content, c.state.encoding ?? 'utf8');
            else fs.writeFileSync(c.abs, c.state.content, { mode: c.state.mode, encoding: c.state.encoding ?? 'utf8' });
            if ((c.previous ? c.previous.mode : 0o644) !== c.state.mode) fs.chmodSync(c.abs, c.state.mode);
          }
        }
      }
    } catch (error) {
      for (const c of done.reverse()) {
        try {
          if (c.previous) {
            fs.mkdirSync(path.dirname(c.abs), { recursive: true });
            fs.rmSync(c.abs, { force: true });
            fs.writeFileSync(c.abs, c.previous.content, { encoding: c.previous.encoding ?? 'utf8' });
            fs.chmodSync(c.abs, c.previous.mode);
          } else fs.rmSync(c.abs, { force: true });
        } catch {
          // keep restoring the others
        }
      }
      for (const d of createdDirs.reverse()) fs.rmSync(d, { recursive: true, force: true });
      throw error;
    }
  }

  /** Like git, removes folders a deletion left empty (never the root). */
  private pruneEmptyDirs(dir: string): void {
    let d = dir;
    while (isInside(this.base, d) && d !== this.base) {
      try {
        if (fs.readdirSync(d).length > 0) return;
        fs.rmdirSync(d);
      } catch {
        return;
      }
      d = path.dirname(d);
    }
  }
}
