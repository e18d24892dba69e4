/**
 * Stands in for the action's process in the sandbox tests: started with fake secrets in its
 * environment block (as INPUT_* tokens sit in the real action's), it runs one command either in a
 * sandbox or as a plain child (the old way) and prints the outcome as its last line of JSON.
 * Run with `node --import tsx`. Argument: a JSON HarnessRequest.
 */
import { openSandbox } from '../src/sandbox/open-sandbox.js';
import { runProcess } from '../src/run-tests/run-process.js';

export interface HarnessRequest {
  mode: 'sandbox' | 'plain';
  network?: boolean;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  killGraceMs?: number;
  writable?: string[];
}

const request = JSON.parse(process.argv[2] ?? '{}') as HarnessRequest;
const options = {
  cwd: request.cwd,
  env: { ...request.env, HARNESS_PID: String(process.pid) },
  timeoutMs: request.timeoutMs,
  killGraceMs: request.killGraceMs ?? 500,
};
let outcome;
let describe = 'plain child process';
if (request.mode === 'sandbox') {
  const sandbox = await openSandbox({ network: request.network ?? false, allowUnsandboxed: false });
  describe = sandbox.describe();
  try {
    outcome = await sandbox.run(request.argv, { ...options, writable: request.writable ?? [] });
  } finally {
    await sandbox.close();
  }
} else {
  outcome = await runProcess(request.argv, options);
}
process.stdout.write(`\n${JSON.stringify({ describe, outcome })}\n`);
