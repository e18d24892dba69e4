/**
 * actions/cache and actions/cache/restore over a folder: restore by the exact key, else the newest entry whose key
 * starts with a restore key, tried in order; an entry matches only the same `path` input (GitHub's cache version
 * hashes the paths). actions/cache saves at the end of the job (its post, `post-if: success()`) unless the key was
 * hit exactly or already exists. cache/restore never saves.
 *
 * A hosted runner gives every job the same runner.temp (/home/runner/work/_temp), so a `${{ runner.temp }}/…` path
 * is the same string, and the same cache version, in every job. Here each job has its own temp folder: a path under
 * it is compared as written against runner.temp, and copied to and from the job's own folder.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { emptyActionRun } from '../runner/index.js';
import type { StepFrame } from './run-context.js';

interface Entry {
  key: string;
  paths: string[];
  /** Save order: the newest entry wins a restore-keys match. */
  seq: number;
  dir: string;
}

const lines = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export class CacheStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  entries(): Entry[] {
    return readdirSync(this.dir)
      .filter((name) => existsSync(join(this.dir, name, 'entry.json')))
      .map((name) => ({
        ...(JSON.parse(readFileSync(join(this.dir, name, 'entry.json'), 'utf8')) as Omit<Entry, 'dir'>),
        dir: join(this.dir, name),
      }));
  }

  find(key: string, restoreKeys: string[], paths: string[]): Entry | undefined {
    const same = this.entries().filter((e) => e.paths.join('\n') === paths.join('\n'));
    const exact = same.find((e) => e.key === key);
    if (exact) return exact;
    for (const prefix of restoreKeys) {
      const newest = same.filter((e) => e.key.startsWith(prefix)).sort((a, b) => b.seq - a.seq)[0];
      if (newest) return newest;
    }
    return undefined;
  }

  /** Saves copies of `paths` (resolved against `workspace`) under `key`; false when the key exists or nothing is there. */
  /** `versions`: the paths as the cache version sees them (versionPaths), one per path. */
  save(key: string, paths: string[], workspace: string, versions: string[] = paths): boolean {
    const all = this.entries();
    if (all.some((e) => e.key === key)) return false;
    const present = paths.filter((p) => existsSync(resolve(workspace, p)));
    if (present.length === 0) return false;
    const seq = all.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
    const dir = join(this.dir, String(seq));
    mkdirSync(join(dir, 'files'), { recursive: true });
    paths.forEach((p, i) => {
      if (existsSync(resolve(workspace, p))) cpSync(resolve(workspace, p), join(dir, 'files', String(i)), { recursive: true });
    });
    writeFileSync(join(dir, 'entry.json'), JSON.stringify({ key, paths: versions, seq }));
    return true;
  }
}

/** The paths as the cache version sees them on a hosted runner: under runner.temp, the same in every job. */
function versionPaths(frame: StepFrame, paths: string[]): string[] {
  const temp = frame.job.runnerTemp;
  return paths.map((p) => (p === temp || p.startsWith(`${temp}/`) ? `\${{ runner.temp }}${p.slice(temp.length)}` : p));
}

function restore(
  frame: StepFrame,
  inputs: Record<string, string>,
  action: string,
): { outputs: Record<string, string>; key: string; paths: string[]; hit: boolean } {
  const key = inputs.key ?? '';
  const paths = lines(inputs.path);
  if (!key) throw new ConfigurationError('Input required and not supplied: key', action);
  if (paths.length === 0) throw new ConfigurationError('Input required and not supplied: path', action);
  const store = frame.job.run.caches;
  const entry = store.find(key, lines(inputs['restore-keys']), versionPaths(frame, paths));
  if (entry)
    paths.forEach((p, i) => {
      const saved = join(entry.dir, 'files', String(i));
      if (!existsSync(saved)) return;
      mkdirSync(dirname(resolve(frame.job.workspace, p)), { recursive: true });
      cpSync(saved, resolve(frame.job.workspace, p), { recursive: true });
    });
  frame.job.run.log(`  ${action}: ${entry ? `restored '${entry.key}'` : `no cache for '${key}'`}`);
  const hit = entry?.key === key;
  return {
    outputs: { 'cache-hit': String(hit), ...(action.endsWith('/restore') && { 'cache-primary-key': key, 'cache-matched-key': entry?.key ?? '' }) },
    key,
    paths,
    hit,
  };
}

/** actions/cache/restore: restores, never saves. */
export function restoreCache(frame: StepFrame, inputs: Record<string, string>): Record<string, string> {
  return restore(frame, inputs, 'actions/cache/restore').outputs;
}

/** actions/cache: restores now and saves at the end of the job, as its post does. */
export function cacheWithSave(frame: StepFrame, inputs: Record<string, string>, stepName: string, uses: string): Record<string, string> {
  const { outputs, key, paths, hit } = restore(frame, inputs, 'actions/cache');
  const { job } = frame;
  job.posts.push({
    name: `Post ${stepName}`,
    uses,
    postIf: 'success()',
    async finish(options) {
      const started = Date.now();
      let stdout = '';
      if (options?.runPost !== false)
        stdout = hit
          ? `Cache hit occurred on the primary key ${key}, not saving cache.\n`
          : job.run.caches.save(key, paths, job.workspace, versionPaths(frame, paths))
            ? `Cache saved with key: ${key}\n`
            : `Failed to save: the key ${key} exists or no path was found\n`;
      const phase = { phase: 'post' as const, exitCode: 0, durationMs: Date.now() - started, stdout, stderr: '', summary: '' };
      return {
        ...emptyActionRun(),
        exitCode: 0,
        phases: options?.runPost === false ? [] : [phase],
        stdout,
        startedAt: started,
        durationMs: Date.now() - started,
      };
    },
  });
  return outputs;
}
