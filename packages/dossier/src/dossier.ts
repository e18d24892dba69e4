import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { DossierError } from '@eternia/core';
import {
  DOSSIER_SCHEMA,
  DOSSIER_VERSION,
  MANIFEST_FILE,
  RunEntrySchema,
  assertFileName,
  assertKey,
  describeIssues,
  parseManifest,
  type FileEntry,
  type Manifest,
  type RunEntry,
} from './manifest.js';

export interface DossierMeta {
  repository: string;
  pr: number;
  issue: number;
  branch: string;
}

export interface DossierOptions {
  /** The clock for createdAt, updatedAt and run entries. */
  clock?: () => Date;
}

type Contents = Map<string, { data: Buffer; kind: FileEntry['kind'] }>;

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The state one pull request's jobs pass along: a manifest plus named files, all in memory.
 * A Dossier only exists in a valid state: `create` starts one, `restore` checks every byte
 * against the manifest before returning, and every write keeps the manifest in step.
 *
 * A dossier is data to re-check, never a source of permissions: whatever it says (plan, which tests are
 * protected, proposals, the branch) may have been written by model-steered code, so later code must not take
 * from it what may be pushed, which tests are protected (that comes from git) or what policy applies.
 */
export class Dossier {
  #manifest: Manifest;
  readonly #contents: Contents;
  readonly #clock: () => Date;
  /** Files written since this dossier was created or loaded: what `absorb` keeps of ours. */
  readonly #written = new Set<string>();
  /** Run entries that were there when it was loaded: the later ones are ours. */
  #runsAtLoad: number;

  private constructor(manifest: Manifest, contents: Contents, clock: () => Date) {
    this.#manifest = manifest;
    this.#contents = contents;
    this.#clock = clock;
    this.#runsAtLoad = manifest.runs.length;
  }

  /**
   * Takes in what a job running beside this one saved since this dossier was loaded (review and security-scan
   * run in parallel): every file of `latest` this job did not write itself, and its run entries before ours.
   * Files this job wrote stay as written. `latest` must be the same PR's dossier.
   */
  absorb(latest: Dossier): void {
    const other = latest.key;
    if (other.repository !== this.#manifest.repository || other.pr !== this.#manifest.pr) {
      throw new DossierError(
        `cannot merge the dossier of ${other.repository}#${other.pr} into that of ${this.#manifest.repository}#${this.#manifest.pr}`,
      );
    }
    for (const name of latest.files()) {
      if (this.#written.has(name)) continue;
      const entry = latest.#contents.get(name)!;
      this.#contents.set(name, { data: Buffer.from(entry.data), kind: entry.kind });
      this.#manifest.files[name] = { ...latest.#manifest.files[name]! };
    }
    const ours = this.#manifest.runs.slice(this.#runsAtLoad);
    this.#manifest.runs = [...structuredClone(latest.#manifest.runs), ...ours];
    this.#runsAtLoad = latest.#manifest.runs.length;
    this.#touch();
  }

  static create(meta: DossierMeta, options: DossierOptions = {}): Dossier {
    const clock = options.clock ?? (() => new Date());
    assertKey({ repository: meta.repository, pr: meta.pr });
    const now = clock().toISOString();
    const manifest = parseManifest(
      { schema: DOSSIER_SCHEMA, version: DOSSIER_VERSION, ...pick(meta), createdAt: now, updatedAt: now, runs: [], files: {} },
      'new dossier',
    );
    return new Dossier(manifest, new Map(), clock);
  }

  /**
   * Rebuilds a dossier from a manifest.json value and the files read beside it. Everything is checked
   * before anything is returned: the manifest's schema and version, and each file's presence, size and sha256.
   */
  static restore(rawManifest: unknown, files: ReadonlyMap<string, Buffer>, options: DossierOptions & { source?: string } = {}): Dossier {
    const source = options.source ?? MANIFEST_FILE;
    const manifest = parseManifest(rawManifest, source);
    const contents: Contents = new Map();
    for (const name of files.keys()) {
      if (!(name in manifest.files)) throw new DossierError(`${source}: file '${name}' is present but not listed in the manifest`);
    }
    for (const [name, entry] of Object.entries(manifest.files)) {
      const data = files.get(name);
      if (!data) throw new DossierError(`${source}: file '${name}' is listed in the manifest but missing`);
      if (data.length !== entry.bytes) throw new DossierError(`${source}: file '${name}' has ${data.length} bytes, the manifest says ${entry.bytes}`);
      if (sha256(data) !== entry.sha256) throw new DossierError(`${source}: file '${name}' does not match its sha256 in the manifest`);
      contents.set(name, { data, kind: entry.kind });
    }
    return new Dossier(manifest, contents, options.clock ?? (() => new Date()));
  }

  /** A deep copy: changing it does not change the dossier. */
  get manifest(): Manifest {
    return structuredClone(this.#manifest);
  }

  get key(): { repository: string; pr: number } {
    return { repository: this.#manifest.repository, pr: this.#manifest.pr };
  }

  files(): string[] {
    return [...this.#contents.keys()].sort();
  }

  /** The raw bytes of a file, or null. */
  readBytes(name: string): Buffer | null {
    assertFileName(name);
    const file = this.#contents.get(name);
    return file ? Buffer.from(file.data) : null;
  }

  readText(name: string): string | null {
    return this.readBytes(name)?.toString('utf8') ?? null;
  }

  /** Parses and validates a JSON file; null when it does not exist, DossierError naming the file when it is bad. */
  readJson<T>(name: string, schema: z.ZodType<T>): T | null {
    const text = this.readText(name);
    if (text === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new DossierError(`dossier file '${name}' is not valid JSON: ${(error as Error).message}`, { cause: error });
    }
    const result = schema.safeParse(value);
    if (!result.success) throw new DossierError(`dossier file '${name}' does not match its schema: ${describeIssues(result.error)}`);
    return result.data;
  }

  /** Writes a JSON file; with a schema the value is validated first (and what the schema outputs is stored). */
  writeJson(name: string, value: unknown, schema?: z.ZodType): void {
    assertFileName(name);
    let stored = value;
    if (schema) {
      const result = schema.safeParse(value);
      if (!result.success) throw new DossierError(`refusing to write dossier file '${name}': ${describeIssues(result.error)}`);
      stored = result.data;
    }
    const text = JSON.stringify(stored, null, 2);
    if (text === undefined) throw new DossierError(`refusing to write dossier file '${name}': the value is not JSON`);
    this.#put(name, Buffer.from(`${text}\n`, 'utf8'), 'json');
  }

  writeText(name: string, text: string): void {
    assertFileName(name);
    this.#put(name, Buffer.from(text, 'utf8'), 'text');
  }

  /** Appends a run of a role; `at` defaults to now. */
  recordRun(entry: Omit<RunEntry, 'at'> & { at?: string }): void {
    const result = RunEntrySchema.safeParse({ ...entry, at: entry.at ?? this.#clock().toISOString() });
    if (!result.success) throw new DossierError(`invalid dossier run entry: ${describeIssues(result.error)}`);
    this.#manifest.runs.push(result.data);
    this.#touch();
  }

  #put(name: string, data: Buffer, kind: FileEntry['kind']): void {
    this.#written.add(name);
    this.#contents.set(name, { data, kind });
    this.#manifest.files[name] = { sha256: sha256(data), bytes: data.length, kind };
    this.#touch();
  }

  #touch(): void {
    this.#manifest.updatedAt = this.#clock().toISOString();
  }
}

function pick(meta: DossierMeta): DossierMeta {
  return { repository: meta.repository, pr: meta.pr, issue: meta.issue, branch: meta.branch };
}
