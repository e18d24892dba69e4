/**
 * How this job can run a process as another OS user: as root (setpriv), through passwordless sudo,
 * or not at all (some self-hosted runners), and the commands each way needs.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ConfigurationError } from '@eternia/core';

export type Privilege = 'root' | 'sudo' | 'none';

export interface ProxyUser {
  name: string;
  uid: number;
  gid: number;
}

const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

export function detectPrivilege(): Privilege {
  if (process.getuid?.() === 0) return 'root';
  const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 });
  return sudo.status === 0 ? 'sudo' : 'none';
}

/** argv run with root rights: as is for root, through `sudo -n` otherwise. */
function privileged(privilege: Privilege, argv: string[]): string[] {
  return privilege === 'sudo' ? ['sudo', '-n', ...argv] : argv;
}

function run(argv: string[]): { ok: boolean; out: string; err: string } {
  const [command, ...args] = argv;
  const result = spawnSync(command!, args, { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: result.status === 0, out: (result.stdout ?? '').trim(), err: (result.stderr ?? result.error?.message ?? '').trim() };
}

function idOf(name: string): { uid: number; gid: number } | undefined {
  const uid = run(['id', '-u', name]);
  const gid = run(['id', '-g', name]);
  if (!uid.ok || !gid.ok) return undefined;
  return { uid: Number(uid.out), gid: Number(gid.out) };
}

/** The proxy's user, created as a system user without home or login shell when it does not exist yet. */
export function ensureUser(privilege: Exclude<Privilege, 'none'>, name: string): ProxyUser {
  if (!USER_NAME.test(name))
    throw new ConfigurationError(`'${name}' is not a valid user name (lower-case letters, digits, _ and -, at most 32)`, "input 'user'");
  let ids = idOf(name);
  if (!ids) {
    const created = run(
      privileged(privilege, [
        'useradd',
        '--system',
        '--user-group',
        '--no-create-home',
        '--home-dir',
        '/nonexistent',
        '--shell',
        '/usr/sbin/nologin',
        name,
      ]),
    );
    ids = idOf(name);
    if (!ids) throw new ConfigurationError(`user '${name}' does not exist and useradd failed: ${created.err || 'no message'}`, "input 'user'");
  }
  if (ids.uid === 0 || ids.uid === process.getuid?.()) {
    throw new ConfigurationError(`user '${name}' is root or the job's own user; the proxy must run as a user of its own`, "input 'user'");
  }
  return { name, ...ids };
}

/** argv that runs `argv` as the proxy user, with no supplementary groups and no way to regain privileges. */
export function asUser(privilege: Privilege, user: ProxyUser | undefined, argv: string[]): string[] {
  if (privilege === 'none' || !user) return argv;
  if (privilege === 'root') return ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--no-new-privs', '--', ...argv];
  return ['sudo', '-n', '-u', user.name, '--', ...argv];
}

/** Whether the proxy user can start this node binary (the runner's own node may sit in a home it cannot enter). */
export function canRun(privilege: Privilege, user: ProxyUser | undefined, node: string): boolean {
  const [command, ...args] = asUser(privilege, user, [node, '-e', '0']);
  return spawnSync(command!, args, { stdio: 'ignore', timeout: 30_000, cwd: '/', env: { PATH: '/usr/local/bin:/usr/bin:/bin' } }).status === 0;
}

/** Signals a process that may belong to the proxy user: directly when allowed, else through sudo. */
export function signal(privilege: Privilege, pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    if (privilege !== 'sudo') return false;
    return run(['sudo', '-n', 'kill', `-${sig.replace(/^SIG/, '')}`, String(pid)]).ok;
  }
}

/** Whether a pid is still running (EPERM: it is, but it belongs to someone else). A zombie has stopped running. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    // "pid (comm) S …": the state follows the last parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return process.platform !== 'linux';
  }
}
