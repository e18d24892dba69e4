import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Dossier, DossierOptions } from './dossier.js';
import { readDossierFolder, writeDossierFolder } from './dossier-folder.js';
import { assertKey, type DossierKey } from './manifest.js';

export interface DossierStore {
  /** The saved dossier, or null when none exists yet. Throws DossierError when one exists but is invalid. */
  load(key: DossierKey): Promise<Dossier | null>;
  save(dossier: Dossier): Promise<void>;
}

/**
 * Dossiers as folders on disk (demo, tests, local runs): `<root>/<owner>/<repo>/pr-<n>/`.
 * A save writes a sibling temp folder and renames it into place, so a reader sees the old or the new dossier, never a mix.
 */
export class DirectoryDossierStore implements DossierStore {
  readonly rootDir: string;
  readonly #options: DossierOptions;

  constructor(rootDir: string, options: DossierOptions = {}) {
    this.rootDir = resolve(rootDir);
    this.#options = options;
  }

  /** The folder that holds a key's dossier. */
  pathFor(key: DossierKey): string {
    assertKey(key);
    const [owner, repo] = key.repository.toLowerCase().split('/') as [string, string];
    return join(this.rootDir, owner, repo, `pr-${key.pr}`);
  }

  async load(key: DossierKey): Promise<Dossier | null> {
    const dir = this.pathFor(key);
    if (!(await exists(dir))) return null;
    return readDossierFolder(dir, key, this.#options);
  }

  async save(dossier: Dossier): Promise<void> {
    const dir = this.pathFor(dossier.key);
    const suffix = randomBytes(6).toString('hex');
    const temp = join(dirname(dir), `.pr-${dossier.key.pr}.tmp-${suffix}`);
    const old = join(dirname(dir), `.pr-${dossier.key.pr}.old-${suffix}`);
    try {
      await writeDossierFolder(temp, dossier);
      // rename() cannot replace a non-empty folder: move the old one aside first, then drop it.
      const replacing = await exists(dir);
      if (replacing) await rename(dir, old);
      try {
        await rename(temp, dir);
      } catch (error) {
        if (replacing) await rename(old, dir);
        throw error;
      }
      if (replacing) await rm(old, { recursive: true, force: true });
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
