import { spawnSync } from 'node:child_process';

/** How this process can get root for the sandbox: it is root, it has password-less sudo, or neither. */
export type Privilege = 'root' | 'sudo' | 'none';

export function sudoWorks(): boolean {
  const result = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
  return !result.error && result.status === 0;
}

export function detectPrivilege(): Privilege {
  if (process.platform !== 'linux') return 'none';
  if (process.getuid?.() === 0) return 'root';
  return sudoWorks() ? 'sudo' : 'none';
}
