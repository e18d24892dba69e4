import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { LAUNCHER_SOURCE } from './launcher-source.js';

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

/**
 * Our end of the root launcher's pipe: requests go out as JSON lines on its stdin, replies come
 * back on its stdout. `prefix` is empty when we are root and `['sudo', '-n', '--']` otherwise;
 * the launcher source travels in argv (`node -e`), so nothing is read from a file root could be
 * tricked into running.
 */
export class LauncherClient {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private exited: Error | undefined;
  private stderr = '';
  readonly ready: Promise<void>;

  constructor(prefix: readonly string[]) {
    const argv = [...prefix, process.execPath, '-e', LAUNCHER_SOURCE];
    // The launcher needs no environment of ours; it must not hold the job's secrets either.
    this.child = spawn(argv[0]!, argv.slice(1), {
      env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LC_ALL: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let markReady: () => void;
    let failReady: (error: Error) => void;
    this.ready = new Promise((resolve, reject) => {
      markReady = resolve;
      failReady = reject;
    });
    this.pending.set(0, { resolve: () => markReady(), reject: (error) => failReady(error) });
    this.child.stderr!.on('data', (data: Buffer) => {
      this.stderr = (this.stderr + data.toString('utf8')).slice(-4000);
    });
    // A launcher that died is reported through 'exit'; a write into its closed pipe must not crash us.
    this.child.stdin!.on('error', () => {});
    readline.createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line));
    const gone = (error: Error): void => {
      this.exited = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.child.on('error', gone);
    this.child.on('exit', (code, signal) =>
      gone(new Error(`the sandbox launcher exited (${signal ?? code})${this.stderr ? `: ${this.stderr.trim()}` : ''}`)),
    );
  }

  private onLine(line: string): void {
    let reply: Reply;
    try {
      reply = JSON.parse(line) as Reply;
    } catch {
      return;
    }
    const waiter = this.pending.get(reply.id);
    if (!waiter) return;
    this.pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(reply.error ?? 'the sandbox launcher failed'));
  }

  request<T>(op: string, payload: Record<string, unknown>): Promise<T> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.stdin!.write(`${JSON.stringify({ ...payload, id, op })}\n`);
    });
  }

  /** Closing stdin makes the launcher kill what still runs and exit. */
  async close(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin!.end();
    await exited;
  }
}
