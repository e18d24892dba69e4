import { spawn } from 'node:child_process';

export interface ProcessOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the command could not start at all (ENOENT, EACCES…). */
  spawnError?: Error;
  /** stdout and stderr interleaved, the last `maxOutputChars` of them. */
  output: string;
  /** How many characters were dropped from the start of the output. */
  droppedChars: number;
  durationMs: number;
}

export interface ProcessOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL on timeout. */
  killGraceMs?: number;
  maxOutputChars?: number;
}

const GROUPS = process.platform !== 'win32';

/**
 * Runs argv without a shell in its own process group. On timeout the whole group gets SIGTERM,
 * then SIGKILL: test runners fork workers, and killing only the parent would leave them running.
 * Whatever is left of the group when the command exits is killed too, so no stray server or
 * watcher outlives the run.
 */
export function runProcess(argv: readonly string[], options: ProcessOptions): Promise<ProcessOutcome> {
  const started = Date.now();
  const maxChars = options.maxOutputChars ?? 4_000_000;
  const chunks: string[] = [];
  let kept = 0;
  let dropped = 0;
  const collect = (data: Buffer): void => {
    const piece = data.toString('utf8');
    chunks.push(piece);
    kept += piece.length;
    while (kept > maxChars && chunks.length > 1) {
      const first = chunks.shift()!;
      kept -= first.length;
      dropped += first.length;
    }
  };

  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(argv[0]!, argv.slice(1), {
        cwd: options.cwd,
        env: options.env,
        detached: GROUPS,
        shell: false,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      resolve({
        exitCode: null,
        signal: null,
        timedOut: false,
        spawnError: error as Error,
        output: '',
        droppedChars: 0,
        durationMs: Date.now() - started,
      });
      return;
    }
    const pid = child.pid;
    const killGroup = (signal: NodeJS.Signals): void => {
      if (pid === undefined) return;
      try {
        if (GROUPS) process.kill(-pid, signal);
        else child.kill(signal);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    let timedOut = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let spawnError: Error | undefined;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      let output = chunks.join('');
      if (output.length > maxChars) {
        dropped += output.length - maxChars;
        output = output.slice(-maxChars);
      }
      const outcome: ProcessOutcome = {
        exitCode: exit?.code ?? null,
        signal: exit?.signal ?? null,
        timedOut,
        output,
        droppedChars: dropped,
        durationMs: Date.now() - started,
      };
      if (spawnError) outcome.spawnError = spawnError;
      resolve(outcome);
    };

    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    timers.push(
      setTimeout(() => {
        if (exit) return;
        timedOut = true;
        killGroup('SIGTERM');
        timers.push(setTimeout(() => killGroup('SIGKILL'), options.killGraceMs ?? 2000));
      }, options.timeoutMs),
    );
    child.on('error', (error) => {
      spawnError = error;
      if (pid === undefined) finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      killGroup('SIGKILL');
      // Pipes close once every holder is gone; do not wait forever for one that escaped the group.
      timers.push(setTimeout(finish, 1000));
    });
    child.on('close', finish);
  });
}
