/** Artifact archives: the zip upload-artifact makes of a folder, and the safe unpacking of an uploaded one. */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';

/** Zips `files` (relative to `root`) as upload-artifact does: paths relative to the root, deflate level 6, file mtimes. */
export function zipFiles(root: string, files: string[]): Buffer {
  const entries: Zippable = {};
  for (const file of files) {
    const full = join(root, file);
    entries[file.split(sep).join('/')] = [readFileSync(full), { mtime: statSync(full).mtime }];
  }
  return Buffer.from(zipSync(entries, { level: 6 }));
}

/**
 * Unpacks a zip into `dest` and returns the files written (relative paths). Entry names are cleaned the way
 * unzip tools clean them (leading slashes dropped, as @actions/artifact's zips start every name with one);
 * a name that would land outside `dest` is refused.
 */
export function unzipTo(zip: Buffer, dest: string, where: string): string[] {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength));
  } catch (error) {
    throw new Error(`${where} is not a valid zip archive: ${(error as Error).message}`, { cause: error });
  }
  const root = resolve(dest);
  mkdirSync(root, { recursive: true });
  const written: string[] = [];
  for (const [rawName, data] of Object.entries(entries)) {
    const name = rawName.replace(/\\/g, '/').replace(/^\/+/, '');
    if (name === '') continue;
    const target = resolve(root, name);
    if (!target.startsWith(root + sep) || name.split('/').includes('..')) {
      throw new Error(`${where}: zip entry '${rawName}' would be written outside the artifact folder`);
    }
    if (name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
    written.push(name);
  }
  return written.sort();
}
