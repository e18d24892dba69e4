/**
 * A side file that remembers, per path, the stat under which a file had a given sha256, so an incremental build
 * need not read and hash files that did not change. It is never part of repo_atlas.json (whose bytes must not
 * depend on the machine or on time), and it only saves work: a hash taken from it is looked up in the previous
 * atlas like a freshly computed one, and any doubt means the file is read.
 *
 * Safe the way git's index is: a file is taken as unchanged only when its size, inode, mtime and ctime all match
 * (ctime cannot be set from user space, so `touch -d` or an mtime-preserving copy does not fool it), and a file
 * changed less than RACY_MS before the build started is never remembered, since a write in the same timestamp
 * tick after it was read would leave the same stat over other bytes.
 */
import type { Stats } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

const VERSION = 1;
/** Wider than the coarsest common timestamp granularity (2 s on FAT). */
export const RACY_MS = 3000;

/** size, inode, mtimeMs, ctimeMs, sha256 */
type Entry = [number, number, number, number, string];

interface CacheFile {
  version: number;
  root: string;
  entries: Record<string, Entry>;
}

export interface StatCache {
  /** The hash remembered for `rel` if its stat is the remembered one. */
  hashOf(rel: string, stat: Stats): string | null;
  /** Remembers `rel`'s hash, unless it changed too recently to be told apart from a later write. */
  remember(rel: string, stat: Stats, hash: string): void;
  save(): Promise<void>;
}

/**
 * The cache in `file` for the tree at `root` (empty when missing, unreadable or of another tree). `startedMs` is
 * when the build started, on the clock of the file system's timestamps.
 */
export async function openStatCache(file: string, root: string, startedMs: number): Promise<StatCache> {
  const old = new Map<string, Entry>();
  try {
    const json = JSON.parse(await readFile(file, 'utf8')) as Partial<CacheFile>;
    if (json.version === VERSION && json.root === root && json.entries && typeof json.entries === 'object')
      for (const [rel, entry] of Object.entries(json.entries)) if (Array.isArray(entry) && entry.length === 5) old.set(rel, entry);
  } catch {
    // no cache yet, or not ours: every file is read
  }
  const next: Record<string, Entry> = {};
  return {
    hashOf(rel, stat) {
      const entry = old.get(rel);
      if (!entry) return null;
      const [size, ino, mtimeMs, ctimeMs, hash] = entry;
      return size === stat.size && ino === stat.ino && mtimeMs === stat.mtimeMs && ctimeMs === stat.ctimeMs ? hash : null;
    },
    remember(rel, stat, hash) {
      if (Math.max(stat.mtimeMs, stat.ctimeMs) < startedMs - RACY_MS) next[rel] = [stat.size, stat.ino, stat.mtimeMs, stat.ctimeMs, hash];
    },
    async save() {
      const data: CacheFile = { version: VERSION, root, entries: next };
      await writeFile(file, JSON.stringify(data));
    },
  };
}
