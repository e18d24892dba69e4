/**
 * Artifacts as a directory store that outlives a run: `<dir>/<runId>/<name>/…files`. A later run
 * downloads from an earlier one with `run-id`, as actions/download-artifact@v4 does across runs.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface StoredArtifact {
  runId: number;
  name: string;
  id: number;
  dir: string;
  files: string[];
}

function listFiles(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(root, full) : [relative(root, full)];
  });
}

export class ArtifactStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  runIds(): number[] {
    return readdirSync(this.dir)
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** One more than the largest run id seen, so each run in a shared store has its own id. */
  nextRunId(): number {
    return (this.runIds().at(-1) ?? 1000) + 1;
  }

  list(runId?: number): StoredArtifact[] {
    const runs = runId === undefined ? this.runIds() : [runId];
    return runs.flatMap((run) => {
      const runDir = join(this.dir, String(run));
      if (!existsSync(runDir)) return [];
      return readdirSync(runDir)
        .sort()
        .map((name, index) => ({ runId: run, name, id: run * 1000 + index + 1, dir: join(runDir, name), files: listFiles(join(runDir, name)) }));
    });
  }

  find(runId: number, name: string): StoredArtifact | undefined {
    return this.list(runId).find((artifact) => artifact.name === name);
  }

  /** Stores `files` (relative to `root`); refuses an existing name unless `overwrite`, like upload-artifact@v4. */
  put(runId: number, name: string, root: string, files: string[], overwrite: boolean): StoredArtifact {
    const target = join(this.dir, String(runId), name);
    if (existsSync(target)) {
      if (!overwrite) throw new Error(`an artifact named '${name}' already exists on run ${runId} (409 Conflict); set overwrite: true to replace it`);
      rmSync(target, { recursive: true, force: true });
    }
    mkdirSync(target, { recursive: true });
    for (const file of files) {
      const to = join(target, file);
      mkdirSync(dirname(to), { recursive: true });
      cpSync(join(root, file), to);
    }
    return this.find(runId, name) as StoredArtifact;
  }

  /** Copies an artifact's files into `dest`. */
  copyTo(artifact: StoredArtifact, dest: string): void {
    mkdirSync(dest, { recursive: true });
    if (statSync(artifact.dir).isDirectory()) cpSync(artifact.dir, dest, { recursive: true });
  }
}
