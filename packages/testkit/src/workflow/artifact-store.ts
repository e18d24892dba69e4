/**
 * Artifacts of workflow runs, kept across runs (a later run downloads from an earlier one with `run-id`,
 * as actions/download-artifact@v4 does), in three parts under `dir`:
 * - `<runId>/<name>/…files`: the artifact's content, what download-artifact copies out;
 * - `blobs/<id>`: the blob as uploaded (a zip, or one file uploaded unarchived), served byte for byte by the
 *   results service and the REST zip route so that digests hold;
 * - `artifacts.json`: the index (stable ids, digests, sizes, owners, expiry).
 * The upload-artifact step emulation and the results service (what @actions/artifact talks to) both write
 * here, so the artifacts of a run are one set. Every call reads and writes the index synchronously, so several
 * ArtifactStore objects over one directory in one process agree; one process owns a directory at a time.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { unzipTo, zipFiles } from './artifact-zip.js';

export interface StoredArtifact {
  runId: number;
  name: string;
  /** Stable and increasing: a later upload has a larger id (clients take the largest as the newest). */
  id: number;
  /** The artifact's files. */
  dir: string;
  /** Paths relative to `dir`. */
  files: string[];
  /** owner/name of the repository whose run made it; '' when unknown. */
  repository: string;
  /** The job that uploaded it; '' when unknown. */
  job: string;
  /** Bytes of the blob. */
  size: number;
  /** `sha256:<hex>` of the blob, as GitHub reports an artifact's digest. */
  digest: string;
  createdAt: string;
  /** null = kept until deleted. */
  expiresAt: string | null;
  /** A zip whose contents are `files`, or a single file uploaded without an archive (then `files` is `[name]`). */
  archived: boolean;
  contentType: string;
  blobPath: string;
}

export interface ArtifactMeta {
  repository?: string;
  job?: string;
  expiresAt?: string | null;
}

export interface ArtifactStoreOptions {
  /** The clock for createdAt and expiry (tests). */
  now?: () => Date;
}

type IndexEntry = Omit<StoredArtifact, 'dir' | 'files' | 'blobPath'>;
interface IndexFile {
  version: 1;
  nextId: number;
  artifacts: IndexEntry[];
}

const INDEX_FILE = 'artifacts.json';

function listFiles(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(root, full) : [relative(root, full)];
  });
}

/** Names become folder names here; GitHub refuses these characters in artifact names anyway. */
function assertName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '' || name === '.' || name === '..' || /[\\/":<>|*?\r\n]/.test(name)) {
    throw new ConfigurationError(`artifact name '${String(name)}' is empty or contains one of \\ / " : < > | * ? or a line break`, 'artifact name');
  }
}

export class ArtifactStore {
  readonly #now: () => Date;

  constructor(
    readonly dir: string,
    options: ArtifactStoreOptions = {},
  ) {
    this.#now = options.now ?? (() => new Date());
    mkdirSync(dir, { recursive: true });
  }

  runIds(): number[] {
    const fromIndex = this.#read().artifacts.map((a) => a.runId);
    const fromDirs = readdirSync(this.dir)
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
    return [...new Set([...fromIndex, ...fromDirs])].sort((a, b) => a - b);
  }

  /** One more than the largest run id seen, so each run in a shared store has its own id. */
  nextRunId(): number {
    return (this.runIds().at(-1) ?? 1000) + 1;
  }

  /** Artifacts of one run (or all), oldest first; expired ones only when asked for, as GitHub hides them from downloads. */
  list(runId?: number, options: { includeExpired?: boolean } = {}): StoredArtifact[] {
    return this.#read()
      .artifacts.filter((a) => (runId === undefined || a.runId === runId) && (options.includeExpired || !this.isExpired(a)))
      .sort((a, b) => a.runId - b.runId || a.id - b.id)
      .map((a) => this.#full(a));
  }

  find(runId: number, name: string): StoredArtifact | undefined {
    return this.list(runId).find((artifact) => artifact.name === name);
  }

  /** By id, expired or not. */
  get(id: number): StoredArtifact | undefined {
    const entry = this.#read().artifacts.find((a) => a.id === id);
    return entry && this.#full(entry);
  }

  isExpired(artifact: Pick<StoredArtifact, 'expiresAt'>): boolean {
    return artifact.expiresAt !== null && Date.parse(artifact.expiresAt) <= this.#now().getTime();
  }

  /** Stores `files` (relative to `root`) zipped, as upload-artifact does; refuses an existing name unless `overwrite`, like upload-artifact@v4. */
  put(runId: number, name: string, root: string, files: string[], overwrite: boolean, meta: ArtifactMeta = {}): StoredArtifact {
    assertName(name);
    this.#clearName(runId, name, overwrite);
    const target = join(this.dir, String(runId), name);
    mkdirSync(target, { recursive: true });
    for (const file of files) {
      const to = join(target, file);
      mkdirSync(dirname(to), { recursive: true });
      cpSync(join(root, file), to);
    }
    return this.#add(runId, name, zipFiles(root, files), { archived: true, contentType: 'application/zip', ...meta });
  }

  /**
   * Stores an uploaded blob: a zip is unpacked into the artifact's folder (a bad zip is refused),
   * an unarchived file is kept under its own name.
   */
  putBlob(
    runId: number,
    name: string,
    blob: Buffer,
    options: ArtifactMeta & { archived: boolean; contentType: string; overwrite?: boolean },
  ): StoredArtifact {
    assertName(name);
    this.#clearName(runId, name, options.overwrite ?? false);
    const target = join(this.dir, String(runId), name);
    try {
      if (options.archived) unzipTo(blob, target, `artifact '${name}'`);
      else {
        mkdirSync(target, { recursive: true });
        writeFileSync(join(target, name), blob);
      }
    } catch (error) {
      rmSync(target, { recursive: true, force: true });
      throw error;
    }
    return this.#add(runId, name, blob, options);
  }

  readBlob(artifact: Pick<StoredArtifact, 'id'>): Buffer {
    return readFileSync(this.#blobPath(artifact.id));
  }

  /** Removes an artifact (files, blob, index entry); false when there is none with that id. */
  delete(id: number): boolean {
    const index = this.#read();
    const entry = index.artifacts.find((a) => a.id === id);
    if (!entry) return false;
    index.artifacts = index.artifacts.filter((a) => a.id !== id);
    this.#write(index);
    rmSync(join(this.dir, String(entry.runId), entry.name), { recursive: true, force: true });
    rmSync(this.#blobPath(id), { force: true });
    return true;
  }

  /** Copies an artifact's files into `dest`. */
  copyTo(artifact: StoredArtifact, dest: string): void {
    mkdirSync(dest, { recursive: true });
    if (existsSync(artifact.dir) && statSync(artifact.dir).isDirectory()) cpSync(artifact.dir, dest, { recursive: true });
  }

  #clearName(runId: number, name: string, overwrite: boolean): void {
    const existing = this.list(runId, { includeExpired: true }).find((a) => a.name === name);
    if (existing && !this.isExpired(existing) && !overwrite) {
      throw new Error(`an artifact named '${name}' already exists on run ${runId} (409 Conflict); set overwrite: true to replace it`);
    }
    if (existing) this.delete(existing.id);
    rmSync(join(this.dir, String(runId), name), { recursive: true, force: true });
  }

  #add(runId: number, name: string, blob: Buffer, options: ArtifactMeta & { archived: boolean; contentType: string }): StoredArtifact {
    const index = this.#read();
    const id = index.nextId;
    mkdirSync(join(this.dir, 'blobs'), { recursive: true });
    writeFileSync(this.#blobPath(id), blob);
    const entry: IndexEntry = {
      runId,
      name,
      id,
      repository: options.repository ?? '',
      job: options.job ?? '',
      size: blob.length,
      digest: `sha256:${createHash('sha256').update(blob).digest('hex')}`,
      createdAt: this.#now().toISOString(),
      expiresAt: options.expiresAt ?? null,
      archived: options.archived,
      contentType: options.contentType,
    };
    index.nextId = id + 1;
    index.artifacts.push(entry);
    this.#write(index);
    return this.#full(entry);
  }

  #full(entry: IndexEntry): StoredArtifact {
    const dir = join(this.dir, String(entry.runId), entry.name);
    return { ...entry, dir, files: listFiles(dir).sort(), blobPath: this.#blobPath(entry.id) };
  }

  #blobPath(id: number): string {
    return join(this.dir, 'blobs', String(id));
  }

  #read(): IndexFile {
    const file = join(this.dir, INDEX_FILE);
    if (!existsSync(file)) return { version: 1, nextId: 1, artifacts: [] };
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigurationError(`artifact index is not valid JSON: ${(error as Error).message}`, file, { cause: error });
    }
    const index = parsed as Partial<IndexFile>;
    if (index.version !== 1 || typeof index.nextId !== 'number' || !Array.isArray(index.artifacts)) {
      throw new ConfigurationError('artifact index has an unknown shape (expected version 1 with nextId and artifacts)', file);
    }
    return index as IndexFile;
  }

  // Written aside and renamed so a crash never leaves half an index.
  #write(index: IndexFile): void {
    const file = join(this.dir, INDEX_FILE);
    writeFileSync(`${file}.tmp`, JSON.stringify(index, null, 1));
    renameSync(`${file}.tmp`, file);
  }
}
