import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { ArtifactClientLike, ArtifactLike, FindBy } from '@eternia/dossier';

interface Stored extends ArtifactLike {
  files: Map<string, Buffer>;
}

/**
 * An in-memory stand-in for @actions/artifact's client: uploads copy files into a map, names are
 * unique per run (409 like artifact v4), other runs are reached with findBy.
 */
export class FakeArtifactClient implements ArtifactClientLike {
  readonly runs = new Map<number, Stored[]>();
  readonly calls: string[] = [];
  /** Names that a concurrent job "takes" right before our upload. */
  takenByOthers = new Set<string>();
  corruptDigest = false;
  private nextId = 1;

  constructor(readonly currentRun = 100) {}

  private run(findBy?: FindBy): Stored[] {
    const id = findBy?.workflowRunId ?? this.currentRun;
    if (!this.runs.has(id)) this.runs.set(id, []);
    return this.runs.get(id)!;
  }

  async uploadArtifact(name: string, files: string[], rootDirectory: string): Promise<{ id: number; size: number }> {
    this.calls.push(`upload ${name}`);
    const run = this.run();
    if (this.takenByOthers.delete(name)) run.push({ name, id: this.nextId++, size: 0, files: new Map() });
    if (run.some((a) => a.name === name)) {
      throw new Error(
        'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run',
      );
    }
    const stored = new Map(files.map((f) => [relative(rootDirectory, f), readFileSync(f)]));
    const size = [...stored.values()].reduce((n, b) => n + b.length, 0);
    const artifact = { name, id: this.nextId++, size, files: stored, digest: `sha256:${name}` };
    run.push(artifact);
    return { id: artifact.id, size };
  }

  async listArtifacts(options?: { latest?: boolean; findBy?: FindBy }): Promise<{ artifacts: ArtifactLike[] }> {
    this.calls.push(`list ${options?.findBy?.workflowRunId ?? 'current'}`);
    return { artifacts: this.run(options?.findBy).map(({ files: _files, ...a }) => a) };
  }

  async getArtifact(name: string, options?: { findBy?: FindBy }): Promise<{ artifact: ArtifactLike }> {
    const found = this.run(options?.findBy).find((a) => a.name === name);
    if (!found) throw new Error(`Artifact not found for name: ${name}`);
    return { artifact: found };
  }

  async downloadArtifact(id: number, options?: { path?: string; expectedHash?: string; findBy?: FindBy }) {
    this.calls.push(`download ${id}`);
    const found = this.run(options?.findBy).find((a) => a.id === id);
    if (!found) throw new Error(`Artifact ${id} not found`);
    const path = options?.path ?? '/nowhere';
    for (const [name, data] of found.files) {
      mkdirSync(dirname(join(path, name)), { recursive: true });
      writeFileSync(join(path, name), data);
    }
    return { downloadPath: path, digestMismatch: this.corruptDigest || options?.expectedHash !== found.digest };
  }

  /** Changes one stored file, as a damaged or tampered artifact would. */
  tamper(name: string, file: string, data: string): void {
    for (const run of this.runs.values()) run.find((a) => a.name === name)?.files.set(file, Buffer.from(data));
  }
}
