/**
 * The target directory: reads files, refuses paths that leave it through a symlink, and writes
 * every change at once, restoring what it had already written if a later write fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Refusal } from './types.js';

export interface FileState {
  /** Bytes as read, or text produced by the patch (encoded as UTF-8 when written). */
  content: Buffer | string;
  /** Encoding of string content: UTF-8 unless the file was not valid UTF-8. */
  encoding?: 'utf8' | 'latin1';
  /** Permission bits. */
  mode: number;
  /** Hard links to the file on disk (such a file is replaced, never written through). */
  links?: number;
}

export type Lookup = { abs: string; realRel: string; state: FileState | undefined | 'directory' } | { refusal: Refusal };

function isInside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export class FsWorkspace {
  readonly realRoot: string;

  constructor(readonly root: string) {
    let st: fs.Stats;
    try {
      st = fs.statSync(root);
    } catch {
      throw new TypeError(`apply-patch: cwd ${JSON.stringify(root)} does not exist`);
    }
    if (!st.isDirectory()) throw new TypeError(`apply-patch: cwd ${JSON.stringify(root)} is not a directory`);
    this.realRoot = fs.realpathSync.native(root);
  }

  private readonly realDirs = new Map<string, string>();
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
    const abs = path.join(this.realRoot, rel);
    // throwIfNoEntry: a missing file is common here, and exceptions are slow.
    let st: fs.Stats | undefined = fs.lstatSync(abs, { throwIfNoEntry: false });
    let target: string;
    if (st && !st.isSymbolicLink()) {
      // The common case: a plain file or folder; only its folder can hide a symlink.
      const dir = path.dirname(abs);
      let realDir = dir === this.realRoot ? dir : this.realDirs.get(dir);
      if (realDir === undefined) {
        realDir = fs.realpathSync.native(dir);
        this.realDirs.set(dir, realDir);
      }
      target = path.join(realDir, path.basename(abs));
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
      target = path.join(real, ...rest);
      st = undefined;
    }
    if (!isInside(this.realRoot, target)) {
      return { refusal: { file: rel, reason: 'outside-workspace', message: `path ${rel} leads outside the workspace through a symlink` } };
    }
    const realRel = path.relative(this.realRoot, target).split(path.sep).join('/');
    return { abs: target, realRel, state: this.read(target, st) };
  }

  /** The file at a resolved absolute path, undefined when absent. */
  private read(abs: string, known?: fs.Stats): FileState | undefined | 'directory' {
    const st = known ?? fs.statSync(abs, { throwIfNoEntry: false });
    if (!st) return undefined;
    if (st.isDirectory()) return 'directory';
    return { content: fs.readFileSync(abs), mode: st.mode & 0o7777, links: st.nlink };
  }

  /** Writes all changes (keyed by resolved absolute path); on any failure restores the previous states. */
  commit(changes: ReadonlyArray<{ abs: string; state: FileState | null; previous: FileState | undefined }>): void {
    const done: typeof changes[number][] = [];
    const createdDirs: string[] = [];
    try {
      for (const c of changes) {
        done.push(c); // before writing: a half-written file is restored too
        if (c.state === null) {
          fs.rmSync(c.abs, { force: true });
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
            fs.writeFileSync(c.abs, c.state.content, c.previous ? { encoding: c.state.encoding ?? 'utf8' } : { mode: c.state.mode, encoding: c.state.encoding ?? 'utf8' });
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
    while (isInside(this.realRoot, d) && d !== this.realRoot) {
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
