/**
 * Parsing spread over worker threads. The building thread keeps reading, hashing and parsing: a file goes to a
 * worker when one has room and is parsed in place otherwise, so no text waits in a long queue. Replies are taken
 * synchronously (receiveMessageOnPort), as the building thread gives the event loop no turn while it parses (see
 * YIELD_MS in build.ts).
 *
 * A worker runs this very module (import.meta.url: the source file, or the bundle's chunk), told by its workerData
 * to serve. It replies with the JSON of what a parse in place gives, so which thread parsed a file never changes the
 * atlas's bytes. A file a worker fails on, or still held when it died, is parsed in place: nothing is lost.
 */
import os from 'node:os';
import { MessageChannel, Worker, isMainThread, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { bodyTerms } from './body-terms.js';
import type { Extracted } from './extract.js';
import type { ParsedLanguage } from './languages.js';
import { expectGrammars, extract } from './parser.js';

export interface Parsed {
  extracted: Extracted;
  /** bodyTerms of the text. */
  terms: string;
}

/**
 * Fewer files to parse than this and no worker starts at once, only after this many were parsed in place: a
 * rebuild of a few files does not pay for a worker's start (its modules and grammars, 0.2–0.6 s).
 */
export const WORKERS_AFTER_FILES = 64;
/** Files handed to a worker and not yet returned: enough that it never idles while this thread parses a big file. */
const IN_FLIGHT_PER_WORKER = 16;
const SERVE = 'eternia-atlas-parse-worker';

interface Job {
  id: number;
  language: ParsedLanguage;
  text: string;
}
interface Reply {
  id: number;
  /** JSON of a Parsed; absent when the worker failed on the file. */
  json?: string;
}
type Pending = { job: Job; done: (parsed: Parsed) => void };

/** What a parse gives, as fresh strings (slices of a tree's text would keep each whole source alive). */
export async function parseInPlace(language: ParsedLanguage, text: string): Promise<Parsed> {
  return JSON.parse(await parsedJson(language, text)) as Parsed;
}

async function parsedJson(language: ParsedLanguage, text: string): Promise<string> {
  return JSON.stringify({ extracted: await extract(language, text), terms: bodyTerms(text) });
}

/** Workers a build starts by default: one per core beyond the building thread's, at most 7. */
export function defaultParseWorkers(): number {
  return Math.max(0, Math.min(7, os.availableParallelism() - 1));
}

export interface ParsePoolOptions {
  workers: number;
  /** The languages present: each worker loads their grammars together, as the building thread does. */
  grammars: readonly ParsedLanguage[];
  /** Files known to need parsing; WORKERS_AFTER_FILES or more start the workers at once. */
  expected: number;
  /** What a worker runs (tests give one that dies); this module by default. */
  entry?: () => ConstructorParameters<typeof Worker>;
}

interface Lane {
  worker: Worker;
  port: MessagePort;
  held: Map<number, Pending>;
  dead: boolean;
}

export class ParsePool {
  private readonly lanes: Lane[] = [];
  private readonly retry: Pending[] = [];
  private nextId = 0;
  private parsedHere = 0;
  /** Files a worker parsed. */
  inWorkers = 0;
  // Each worker adds 1 after every reply, so a thread with nothing left to do sleeps until one arrives.
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly options: ParsePoolOptions) {
    if (options.workers > 0 && options.expected >= WORKERS_AFTER_FILES) this.start();
  }

  /** Parses `text` here or in a worker; `done` gets the result, at the latest before `finish` returns. */
  async parse(language: ParsedLanguage, text: string, done: (parsed: Parsed) => void): Promise<void> {
    await this.takeReplies();
    if (this.lanes.length === 0 && this.options.workers > 0 && this.parsedHere >= WORKERS_AFTER_FILES) this.start();
    let lane: Lane | undefined;
    for (const candidate of this.lanes)
      if (!candidate.dead && candidate.held.size < IN_FLIGHT_PER_WORKER && (!lane || candidate.held.size < lane.held.size)) lane = candidate;
    if (!lane) {
      this.parsedHere++;
      done(await parseInPlace(language, text));
      return;
    }
    const job: Job = { id: this.nextId++, language, text };
    lane.held.set(job.id, { job, done });
    lane.port.postMessage(job);
  }

  /** Waits for every file handed to a worker, then stops the workers. */
  async finish(): Promise<void> {
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      await this.takeReplies();
      if (this.lanes.every((lane) => lane.held.size === 0)) break;
      // A worker that died never replies: after a quiet second the event loop gets a turn, where its 'exit' shows.
      if (Atomics.wait(this.signal, 0, seen, 1000) === 'timed-out') await new Promise((resolve) => setImmediate(resolve));
    }
    this.close();
  }

  /** Stops the workers (also when the build failed half-way). */
  close(): void {
    for (const lane of this.lanes.splice(0)) {
      lane.port.close();
      void lane.worker.terminate();
    }
  }

  private start(): void {
    const [entry, entryOptions] = (this.options.entry ?? workerEntry)();
    for (let i = 0; i < this.options.workers; i++) {
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(entry, {
        ...entryOptions,
        workerData: { [SERVE]: true, port: port2, signal: this.signal, grammars: this.options.grammars },
        transferList: [port2],
      });
      worker.unref();
      const lane: Lane = { worker, port: port1, held: new Map(), dead: false };
      const died = () => {
        lane.dead = true;
        Atomics.add(this.signal, 0, 1);
      };
      worker.on('error', died);
      worker.on('exit', died);
      this.lanes.push(lane);
    }
  }

  private async takeReplies(): Promise<void> {
    for (const lane of this.lanes) {
      for (let message = receiveMessageOnPort(lane.port); message; message = receiveMessageOnPort(lane.port)) {
        const reply = message.message as Reply;
        const pending = lane.held.get(reply.id);
        if (!pending) continue;
        lane.held.delete(reply.id);
        if (reply.json === undefined) this.retry.push(pending);
        else {
          this.inWorkers++;
          pending.done(JSON.parse(reply.json) as Parsed);
        }
      }
      if (lane.dead) {
        this.retry.push(...lane.held.values());
        lane.held.clear();
      }
    }
    // Parsed here, where an error the worker met shows with its cause.
    for (let pending = this.retry.shift(); pending; pending = this.retry.shift()) {
      this.parsedHere++;
      pending.done(await parseInPlace(pending.job.language, pending.job.text));
    }
  }
}

/**
 * This module, as a worker's entry. From the TypeScript sources (tests, tsx) a worker does not inherit the process's
 * module loader on Node 20, so it registers tsx's first.
 */
function workerEntry(): ConstructorParameters<typeof Worker> {
  if (!import.meta.url.endsWith('.ts')) return [new URL(import.meta.url)];
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return [`import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`, { eval: true }];
}

/** A worker's side: parses each job in turn and replies on its port. */
function serve(data: { port: MessagePort; signal: Int32Array; grammars: ParsedLanguage[] }): void {
  expectGrammars(data.grammars);
  let turn = Promise.resolve();
  data.port.on('message', (job: Job) => {
    turn = turn.then(async () => {
      const reply: Reply = { id: job.id };
      try {
        reply.json = await parsedJson(job.language, job.text);
      } catch {
        // left without json: the building thread parses the file itself
      }
      data.port.postMessage(reply);
      Atomics.add(data.signal, 0, 1);
      Atomics.notify(data.signal, 0);
    });
  });
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[SERVE] === true) serve(workerData as Parameters<typeof serve>[0]);
