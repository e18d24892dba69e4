/**
 * Synchronous process runs for test set-up (`git(cwd, ...args)` in benches and fixtures) that start the process from
 * a small helper instead of from the jest worker. Starting a process copies the parent's page tables and leaves its
 * memory copy-on-write until the child execs; from a jest worker of 300+ MB that costs 15–25 ms per run here
 * against ~5 ms from a 50 MB helper, and the suite's fixtures run thousands. Requests and answers go through two
 * named pipes the worker writes and polls, so callers keep their synchronous shape.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processWide } from './process-wide.js';

export interface SyncResult {
  status: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface SyncOptions {
  cwd?: string | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  input?: string | undefined;
}

// Frames are a 4-byte big-endian length and a JSON body, both ways. The helper answers one request at a time.
const HELPER = `
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const [requests, answers] = process.argv.slice(1);
const outFd = fs.openSync(answers, 'w');
const inFd = fs.openSync(requests, 'r');
const frame = (value) => {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  const all = Buffer.concat([head, body]);
  for (let at = 0; at < all.length; ) at += fs.writeSync(outFd, all, at);
};
let pending = Buffer.alloc(0);
const stream = fs.createReadStream(null, { fd: inFd });
stream.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  while (pending.length >= 4 && pending.length >= 4 + pending.readUInt32BE(0)) {
    const size = pending.readUInt32BE(0);
    const request = JSON.parse(pending.subarray(4, 4 + size).toString('utf8'));
    pending = pending.subarray(4 + size);
    run(request);
  }
});
stream.on('end', () => process.exit(0));
frame({ ready: true });
function run(r) {
  const out = [];
  const err = [];
  let child;
  try {
    child = spawn(r.command, r.args, { cwd: r.cwd, env: r.env, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    frame({ error: String(error && error.message) });
    return;
  }
  let failed = false;
  child.on('error', (error) => { failed = true; frame({ error: String(error && error.message) }); });
  child.stdout.on('data', (d) => out.push(d));
  child.stderr.on('data', (d) => err.push(d));
  child.on('close', (status, signal) => {
    if (!failed) frame({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(r.input || '');
}
`;

interface Channel {
  requests: number;
  answers: number;
}

// One helper per process, not per test file (each would stay alive until the jest worker exits).
const shared = processWide('run-sync-channel', () => ({ channel: undefined as Channel | undefined }));

/** How long a new helper may take to answer that it is ready (a loaded 2-core machine starts node slowly). */
const READY_MS = 30_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function openChannel(): Channel {
  const dir = mkdtempSync(path.join(tmpdir(), 'eternia-run-sync-'));
  try {
    const requestsPath = path.join(dir, 'requests');
    const answersPath = path.join(dir, 'answers');
    execFileSync('mkfifo', ['-m', '600', requestsPath, answersPath]);
    // Neither open waits for the helper: read-write never blocks on a named pipe, and the answers are read
    // non-blocking (polled), so a helper that dies shows as the end of its pipe instead of a hang.
    const requests = openSync(requestsPath, 'r+');
    const answers = openSync(answersPath, constants.O_RDONLY | constants.O_NONBLOCK);
    const child = spawn(process.execPath, ['-e', HELPER, requestsPath, answersPath], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    // The pipes hold no event-loop handle; the helper ends when this process's end of the requests closes.
    child.unref();
    const c = { requests, answers };
    const size = readExactly(c.answers, 4, Date.now() + READY_MS).readUInt32BE(0);
    readExactly(c.answers, size, Date.now() + READY_MS);
    return c;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Reads `size` bytes, polling every millisecond while the pipe is empty. Before `readyBy` an empty pipe without a
 * writer means the helper has not opened it yet; after that it means the helper is gone.
 */
function readExactly(fd: number, size: number, readyBy?: number): Buffer {
  const buffer = Buffer.alloc(size);
  for (let at = 0; at < size;) {
    let read: number;
    try {
      read = readSync(fd, buffer, at, size - at, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      read = -1;
    }
    if (read === 0 && (readyBy === undefined || Date.now() > readyBy)) throw new Error('the run-sync helper exited');
    if (read <= 0) Atomics.wait(sleeper, 0, 0, 1);
    else at += read;
  }
  return buffer;
}

function ask(request: object): SyncResult {
  shared.channel ??= openChannel();
  const c = shared.channel;
  let answer: SyncResult | { error: string };
  try {
    const body = Buffer.from(JSON.stringify(request), 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    const all = Buffer.concat([head, body]);
    for (let at = 0; at < all.length;) at += writeSync(c.requests, all, at);
    const size = readExactly(c.answers, 4).readUInt32BE(0);
    answer = JSON.parse(readExactly(c.answers, size).toString('utf8')) as SyncResult | { error: string };
  } catch (error) {
    // A broken channel is not reused: the next call starts a new helper.
    if (shared.channel === c) {
      shared.channel = undefined;
      for (const fd of [c.requests, c.answers]) {
        try {
          closeSync(fd);
        } catch {
          // already closed
        }
      }
    }
    throw error;
  }
  // The command could not start (a missing program): the helper is fine.
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

/** Runs `command` to its end and returns its exit status and output (UTF-8), like spawnSync. */
export function runSync(command: string, args: readonly string[], opts: SyncOptions = {}): SyncResult {
  const env = Object.fromEntries(Object.entries(opts.env ?? process.env).filter((e): e is [string, string] => e[1] !== undefined));
  return ask({ command, args, cwd: opts.cwd, env, input: opts.input ?? '' });
}

/** Like execFileSync with `encoding: 'utf8'`: the output, or an error naming the command and its stderr. */
export function runSyncOrThrow(command: string, args: readonly string[], opts: SyncOptions = {}): string {
  const result = runSync(command, args, opts);
  if (result.status !== 0) {
    const why = result.signal ? `signal ${result.signal}` : `exit ${result.status}`;
    throw new Error(`${command} ${args.join(' ')} failed (${why}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}
