import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DossierError } from '@eternia/core';
import { Dossier, type DossierOptions } from './dossier.js';
import { MANIFEST_FILE, fileNameProblem, type DossierKey } from './manifest.js';

/**
 * Reads a dossier folder: manifest.json plus one regular file per manifest entry, nothing else.
 * Every file is read and checked before the dossier is returned, so a bad folder is never half-read.
 */
export async function readDossierFolder(dir: string, expected?: DossierKey, options: DossierOptions = {}): Promise<Dossier> {
  const source = join(dir, MANIFEST_FILE);
  let rawManifest: unknown;
  try {
    rawManifest = JSON.parse(await readFile(source, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'is missing' : code ? `cannot be read (${code})` : `is not valid JSON: ${(error as Error).message}`;
    throw new DossierError(`${source} ${reason}`, { cause: error });
  }

  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === MANIFEST_FILE) continue;
    const problem = fileNameProblem(entry.name);
    if (problem) throw new DossierError(`${source}: unexpected entry '${entry.name}' in the dossier folder: the name ${problem}`);
    // Symlinks and folders could point outside the dossier; only plain files belong here.
    if (!entry.isFile()) throw new DossierError(`${source}: entry '${entry.name}' is not a regular file`);
    files.set(entry.name, await readFile(join(dir, entry.name)));
  }

  const dossier = Dossier.restore(rawManifest, files, { ...options, source });
  if (expected) {
    const { repository, pr } = dossier.key;
    if (repository.toLowerCase() !== expected.repository.toLowerCase() || pr !== expected.pr) {
      throw new DossierError(`${source}: belongs to ${repository} PR #${pr}, expected ${expected.repository} PR #${expected.pr}`);
    }
  }
  return dossier;
}

/** Writes the dossier into an empty or new folder; returns the paths written, manifest first. */
export async function writeDossierFolder(dir: string, dossier: Dossier): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const existing = await readdir(dir);
  if (existing.length > 0) throw new DossierError(`refusing to write a dossier into ${dir}: the folder is not empty`);
  const written = [join(dir, MANIFEST_FILE)];
  for (const name of dossier.files()) {
    const path = join(dir, name);
    await writeFile(path, dossier.readBytes(name)!, { flag: 'wx' });
    written.push(path);
  }
  // The manifest goes last: a folder without one is never mistaken for a complete dossier.
  await writeFile(written[0]!, `${JSON.stringify(dossier.manifest, null, 2)}\n`, { flag: 'wx' });
  return written;
}
