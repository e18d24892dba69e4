import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSyncOrThrow } from '@eternia/testkit/process';

/** git isolated from this machine's global and system config. */
export const isolatedEnv = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

export function sh(cwd: string, ...args: string[]): string {
  return runSyncOrThrow('git', args, { cwd, env: { ...process.env, ...isolatedEnv } }).trim();
}

/** A bare "remote" with one commit on main, and two clones of it (ours and theirs). */
export function makeRemoteAndClones(): { root: string; remote: string; ours: string; theirs: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'eternia-git-'));
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  sh(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  mkdirSync(seed);
  sh(seed, 'init', '--quiet', '--initial-branch=main');
  writeFileSync(join(seed, 'README.md'), 'hello\n');
  sh(seed, 'add', 'README.md');
  sh(seed, '-c', 'user.name=Seed', '-c', 'user.email=seed@example.com', 'commit', '--quiet', '-m', 'init');
  sh(seed, 'push', '--quiet', remote, 'main');
  const ours = join(root, 'ours');
  const theirs = join(root, 'theirs');
  sh(root, 'clone', '--quiet', remote, ours);
  sh(root, 'clone', '--quiet', remote, theirs);
  for (const clone of [ours, theirs]) {
    sh(clone, 'config', 'user.name', 'Human');
    sh(clone, 'config', 'user.email', 'human@example.com');
  }
  return { root, remote, ours, theirs, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
