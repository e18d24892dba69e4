/**
 * Runs the emulator's git commands from a small helper process instead of from the process that hosts the emulator.
 * Starting a process copies the parent's page tables, and a jest worker holding 300+ MB pays for that in kernel time
 * on every git it starts (measured here: 2.9 ms of system time per spawn from a 50 MB process, 10 ms from a 380 MB
 * one); the emulator starts thousands over the test suite. The helper is one `node -e` child per process (not
 * per test file), started on first use, kept out of the event loop's reckoning while idle, and replaced if it dies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processWide } from '../process/process-wide.js';

export interface Collected {
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

interface Request {
  id: number;
  command: string;
  args: string[];
  cwd: string | undefined;
  env: Record<string, string>;
  input: Uint8Array;
}

type Reply = { id: number; code: number | null; stdout: Uint8Array; stderr: Uint8Array } | { id: number; error: string };

// The helper's whole program: run each requested command, collect its output, answer with the exit code.
const HELPER = `
const { spawn } = require('node:child_process');
process.on('message', (m) => {
  let child;
  try {
    child = spawn(m.command, m.args, { cwd: m.cwd, env: m.env, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    process.send({ id: m.id, error: String(error && error.message) });
    return;
  }
  const out = [];
  const err = [];
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  child.on('error', (error) => process.send({ id: m.id, error: String(error && error.message) }));
  child.on('close', (code) => process.send({ id: m.id, code, stdout: Buffer.concat(out), stderr: Buffer.concat(err) }));
  child.stdin.on('error', () => undefined);
  child.stdin.end(Buffer.from(m.input));
});
// The scratch folder (argv[1]) goes with the helper: it ends when its parent's channel closes, however that exits.
process.on('disconnect', () => {
  try { require('node:fs').rmSync(process.argv[1], { recursive: true, force: true }); } catch {}
  process.exit(0);
});
`;

interface Helper {
  child: ChildProcess;
  /** A folder for the process's lifetime, removed by the helper when the process is gone. */
  scratch: string;
  pending: Map<number, { resolve: (c: Collected) => void; reject: (e: Error) => void }>;
}

// One helper per process, not per test file (each would stay alive until the jest worker exits).
const shared = processWide('process-helper', () => ({ helper: undefined as Helper | undefined, nextId: 1 }));

function startHelper(): Helper {
  const scratch = mkdtempSync(path.join(tmpdir(), 'eternia-emu-scratch-'));
  const child = spawn(process.execPath, ['-e', HELPER, scratch], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  const started: Helper = { child, scratch, pending: new Map() };
  child.on('message', (reply: Reply) => {
    const waiting = started.pending.get(reply.id);
    if (!waiting) return;
    started.pending.delete(reply.id);
    idleUnlessBusy(started);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve({ code: reply.code, stdout: asBuffer(reply.stdout), stderr: asBuffer(reply.stderr) });
  });
  const failAll = (why: string) => {
    if (shared.helper === started) shared.helper = undefined;
    for (const waiting of started.pending.values()) waiting.reject(new Error(`process helper ${why}`));
    started.pending.clear();
  };
  child.on('exit', (code, signal) => failAll(`exited (${signal ?? code})`));
  child.on('error', (error) => failAll(`failed: ${error.message}`));
  child.unref();
  idleUnlessBusy(started);
  return started;
}

/** While nothing is asked, neither the helper nor its channel keeps the host process alive. */
function idleUnlessBusy(h: Helper): void {
  const channel = h.child.channel as { ref(): void; unref(): void } | undefined;
  if (h.pending.size > 0) channel?.ref();
  else channel?.unref();
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * A folder that lasts as long as this process (a jest worker: all its test files), for caches of test fixtures;
 * the helper removes it when the process is gone. A new helper (the old one died) brings a new folder.
 */
export function processScratchDir(): string {
  shared.helper ??= startHelper();
  return shared.helper.scratch;
}

/** Runs `command` through the helper and collects its output; rejects only when it could not be started. */
export function runCollected(
  command: string,
  args: string[],
  opts: { cwd?: string | undefined; env: Record<string, string>; input?: string | Buffer | undefined },
): Promise<Collected> {
  shared.helper ??= startHelper();
  const h = shared.helper;
  const id = shared.nextId++;
  const input = typeof opts.input === 'string' ? Buffer.from(opts.input, 'utf8') : (opts.input ?? Buffer.alloc(0));
  const request: Request = { id, command, args, cwd: opts.cwd, env: opts.env, input };
  return new Promise<Collected>((resolve, reject) => {
    h.pending.set(id, { resolve, reject });
    idleUnlessBusy(h);
    h.child.send(request, (error) => {
      if (!error || !h.pending.has(id)) return;
      h.pending.delete(id);
      idleUnlessBusy(h);
      reject(error);
    });
  });
}
