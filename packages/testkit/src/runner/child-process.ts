import { spawn } from 'node:child_process';

export interface ChildResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  cancelled: boolean;
}

export interface ChildOptions {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Aborting ends the process group at once, as a cancelled job does. */
  signal?: AbortSignal;
  onStdoutLine: (line: string) => void;
  onStderrLine: (line: string) => void;
}

function lineSplitter(onLine: (line: string) => void): { push: (chunk: string) => void; flush: () => void } {
  let pending = '';
  return {
    push(chunk) {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        onLine(pending.slice(0, newline).replace(/\r$/, ''));
        pending = pending.slice(newline + 1);
      }
    },
    flush() {
      if (pending !== '') onLine(pending);
      pending = '';
    },
  };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/**
 * Runs one step's process in its own process group, so a timeout (or the end of the step)
 * kills everything it started, as the runner does at the end of a job.
 */
export function runChild(options: ChildOptions): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = lineSplitter(options.onStdoutLine);
    const stderr = lineSplitter(options.onStderrLine);
    child.stdout.setEncoding('utf8').on('data', stdout.push);
    child.stderr.setEncoding('utf8').on('data', stderr.push);
    let timedOut = false;
    let cancelled = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    const cancel = () => {
      cancelled = true;
      killGroup(child.pid);
    };
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', cancel, { once: true });
    const stop = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
    };
    child.on('error', (error) => {
      stop();
      reject(error);
    });
    child.on('exit', () => {
      stop();
      // Stragglers would hold the pipes open; the step is over, so they go too.
      killGroup(child.pid);
    });
    child.on('close', (exitCode, signal) => {
      stdout.flush();
      stderr.flush();
      resolve({ exitCode, signal, timedOut, cancelled });
    });
  });
}
