import path from 'node:path';
import type { ProcessOutcome } from '../run-tests/run-process.js';
import type { LauncherClient } from './launcher-client.js';
import type { Sandbox, SandboxRunOptions } from './types.js';

export interface OsUserIdentity {
  user: string;
  uid: number;
  gid: number;
}

interface WireOutcome extends Omit<ProcessOutcome, 'spawnError'> {
  spawnError?: { code?: string; message: string };
}

/** Runs code through the root launcher as another user, in fresh PID (and network) namespaces. */
export class OsUserSandbox implements Sandbox {
  readonly strategy = 'os-user' as const;

  constructor(
    private readonly launcher: LauncherClient,
    private readonly identity: OsUserIdentity,
    readonly network: boolean,
    /** How sudo stands for the rest of the job, for describe(). */
    private readonly sudoNote: string,
  ) {}

  describe(): string {
    const { user, uid, gid } = this.identity;
    const net = this.network ? 'network on (host network namespace)' : 'network off (own network namespace, loopback only)';
    return `sandbox os-user: code ran as ${user} (uid ${uid}, gid ${gid}, no supplementary groups, no capabilities, no_new_privs) with a clean environment, in its own PID namespace with its own /proc (nothing outlives a run), ${net}, private /tmp, /var/tmp and /dev/shm, closed parents of the workspace covered, .git read-only; ${this.sudoNote}`;
  }

  async run(argv: readonly string[], options: SandboxRunOptions): Promise<ProcessOutcome> {
    if (argv.length === 0) throw new Error('sandbox run: empty argv');
    if (!path.isAbsolute(options.cwd)) throw new Error(`sandbox run: cwd must be absolute, got ${options.cwd}`);
    const wire = await this.launcher.request<WireOutcome>('run', {
      argv: [...argv],
      cwd: options.cwd,
      env: options.env,
      timeoutMs: options.timeoutMs,
      killGraceMs: options.killGraceMs ?? 2000,
      maxOutputChars: options.maxOutputChars ?? 4_000_000,
      writable: (options.writable ?? []).map((dir) => path.resolve(dir)),
      network: this.network,
      uid: this.identity.uid,
      gid: this.identity.gid,
    });
    const { spawnError, ...rest } = wire;
    if (!spawnError) return rest;
    const error = Object.assign(new Error(spawnError.message), { code: spawnError.code });
    return { ...rest, spawnError: error };
  }

  close(): Promise<void> {
    return this.launcher.close();
  }
}
