import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DossierError } from '@eternia/core';
import type { Dossier, DossierOptions } from './dossier.js';
import { readDossierFolder, writeDossierFolder } from './dossier-folder.js';
import type { DossierStore } from './directory-store.js';
import { assertKey, type DossierKey } from './manifest.js';

/** Where to look for artifacts of another workflow run (the public API; needs a token with actions:read). */
export interface FindBy {
  token: string;
  workflowRunId: number;
  repositoryOwner: string;
  repositoryName: string;
}

export interface ArtifactLike {
  name: string;
  id: number;
  size: number;
  createdAt?: Date;
  digest?: string;
}

/** The part of @actions/artifact's DefaultArtifactClient this store uses. */
export interface ArtifactClientLike {
  uploadArtifact(
    name: string,
    files: string[],
    rootDirectory: string,
    options?: { retentionDays?: number; compressionLevel?: number },
  ): Promise<{ id?: number; size?: number; digest?: string }>;
  listArtifacts(options?: { latest?: boolean; findBy?: FindBy }): Promise<{ artifacts: ArtifactLike[] }>;
  getArtifact(name: string, options?: { findBy?: FindBy }): Promise<{ artifact: ArtifactLike }>;
  downloadArtifact(
    artifactId: number,
    options?: { path?: string; expectedHash?: string; findBy?: FindBy },
  ): Promise<{ downloadPath?: string; digestMismatch?: boolean }>;
}

export interface ArtifactDossierStoreOptions extends DossierOptions {
  /** A client, or a factory so the (large) @actions/artifact module loads only when a dossier is actually read or written. */
  client: ArtifactClientLike | (() => Promise<ArtifactClientLike>);
  /** Scratch space for uploads and downloads, e.g. RUNNER_TEMP. */
  tempDir: string;
  /**
   * A previous workflow run to continue from when the current run has no dossier for the PR yet. Check the run
   * first (assertDossierRun): any job of any run can upload an artifact with a dossier's name.
   */
  findBy?: FindBy;
  /**
   * Called with the dossier read from `findBy`'s run before it is used; throws to refuse it (e.g. when its
   * manifest names another branch: see originRefusal). The repository and PR are checked after it in any case.
   */
  checkEarlier?: (dossier: Dossier) => void;
  retentionDays?: number;
}

const MAX_UPLOAD_TRIES = 5;

/** `dossier-pr-<n>-<revision>`. */
export function dossierArtifactName(pr: number, revision: number): string {
  return `dossier-pr-${pr}-${revision}`;
}

/** The revision of a dossier artifact of this PR, or null for any other artifact. */
export function dossierArtifactRevision(name: string, pr: number): number | null {
  const match = /^dossier-pr-(\d+)-(\d+)$/.exec(name);
  return match && Number(match[1]) === pr ? Number(match[2]) : null;
}

/**
 * Dossiers as workflow artifacts (inside GitHub Actions).
 *
 * Artifact names are immutable within a workflow run (artifact v4), and several jobs of one run
 * save the same PR's dossier. Rather than delete-then-upload (which needs a second permission and
 * leaves a window with no dossier at all if the upload then fails), each save uploads a new
 * revision `dossier-pr-<n>-<k>` with k one above the highest in the run, and a load takes the
 * highest revision. A name taken by a concurrent save (409) moves on to the next revision.
 * Old revisions stay until the run's artifacts expire, which also keeps a history for debugging.
 */
export class ArtifactDossierStore implements DossierStore {
  readonly #options: ArtifactDossierStoreOptions;
  #client: Promise<ArtifactClientLike> | undefined;

  constructor(options: ArtifactDossierStoreOptions) {
    this.#options = options;
  }

  async load(key: DossierKey): Promise<Dossier | null> {
    assertKey(key);
    const client = await this.#getClient();
    const here = latest(await this.#list(client, key.pr));
    if (here) return this.#download(client, here, key);
    if (!this.#options.findBy) return null;
    const earlier = await this.loadFromRun(this.#options.findBy, key.pr);
    if (!earlier) return null;
    this.#options.checkEarlier?.(earlier);
    return checkKey(earlier, key, `dossier of workflow run ${this.#options.findBy.workflowRunId}`);
  }

  /**
   * The highest dossier revision of the PR saved by another workflow run, or null when that run saved none.
   * Its files are checked against its manifest, but not whose it is: the caller compares the manifest's
   * repository, PR and branch with what it expects (originRefusal).
   */
  async loadFromRun(findBy: FindBy, pr: number): Promise<Dossier | null> {
    const client = await this.#getClient();
    const found = latest(await this.#list(client, pr, findBy));
    return found ? this.#download(client, found, undefined, findBy) : null;
  }

  async save(dossier: Dossier): Promise<void> {
    const { pr } = dossier.key;
    const client = await this.#getClient();
    const dir = await this.#scratch('upload');
    try {
      const files = await writeDossierFolder(dir, dossier);
      let revision = (latest(await this.#list(client, pr))?.revision ?? 0) + 1;
      for (let attempt = 1; ; attempt++, revision++) {
        const name = dossierArtifactName(pr, revision);
        try {
          const options = this.#options.retentionDays ? { retentionDays: this.#options.retentionDays } : {};
          await client.uploadArtifact(name, files, dir, options);
          return;
        } catch (error) {
          if (!isNameConflict(error) || attempt >= MAX_UPLOAD_TRIES) {
            throw new DossierError(`uploading dossier artifact '${name}' failed: ${(error as Error).message ?? String(error)}`, { cause: error });
          }
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async #list(client: ArtifactClientLike, pr: number, findBy?: FindBy): Promise<{ artifact: ArtifactLike; revision: number }[]> {
    const { artifacts } = await client.listArtifacts(findBy ? { latest: true, findBy } : { latest: true });
    return artifacts.flatMap((artifact) => {
      const revision = dossierArtifactRevision(artifact.name, pr);
      return revision === null ? [] : [{ artifact, revision }];
    });
  }

  async #download(client: ArtifactClientLike, found: { artifact: ArtifactLike }, key: DossierKey | undefined, findBy?: FindBy): Promise<Dossier> {
    const { artifact } = found;
    const dir = await this.#scratch('download');
    try {
      const response = await client.downloadArtifact(artifact.id, {
        path: dir,
        ...(artifact.digest ? { expectedHash: artifact.digest } : {}),
        ...(findBy ? { findBy } : {}),
      });
      if (response.digestMismatch) throw new DossierError(`dossier artifact '${artifact.name}' does not match its upload digest`);
      try {
        return await readDossierFolder(response.downloadPath ?? dir, key, this.#options);
      } catch (error) {
        if (error instanceof DossierError) throw new DossierError(`dossier artifact '${artifact.name}': ${error.message}`, { cause: error });
        throw error;
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async #scratch(purpose: string): Promise<string> {
    const dir = join(this.#options.tempDir, `eternia-dossier-${purpose}-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  #getClient(): Promise<ArtifactClientLike> {
    const { client } = this.#options;
    this.#client ??= typeof client === 'function' ? client() : Promise.resolve(client);
    return this.#client;
  }
}

function checkKey(dossier: Dossier, key: DossierKey, source: string): Dossier {
  const { repository, pr } = dossier.key;
  if (repository.toLowerCase() !== key.repository.toLowerCase() || pr !== key.pr) {
    throw new DossierError(`${source}: belongs to ${repository} PR #${pr}, expected ${key.repository} PR #${key.pr}`);
  }
  return dossier;
}

function latest<T extends { revision: number }>(found: T[]): T | undefined {
  return found.reduce<T | undefined>((best, f) => (best && best.revision >= f.revision ? best : f), undefined);
}

function isNameConflict(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /\(409\)|\b409\b|conflict|already exists/i.test(message);
}
