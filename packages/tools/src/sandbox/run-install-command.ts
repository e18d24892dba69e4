import path from 'node:path';
import type { ProcessOutcome } from '../run-tests/run-process.js';
import type { Sandbox } from './types.js';

export interface InstallCommandOptions {
  workspace: string;
  sandbox: Sandbox;
  env: Record<string, string>;
  timeoutMs: number;
}

/**
 * Runs the policy's install command (e.g. `npm ci`, whose lifecycle scripts are repository code)
 * in the sandbox, through bash with errexit, nounset and pipefail.
 */
export function runInstallCommand(command: string, opts: InstallCommandOptions): Promise<ProcessOutcome> {
  return opts.sandbox.run(['bash', '-euo', 'pipefail', '-c', command], {
    cwd: path.resolve(opts.workspace),
    env: opts.env,
    timeoutMs: opts.timeoutMs,
  });
}
