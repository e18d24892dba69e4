import os from 'node:os';
import { runProcess, type ProcessOutcome } from '../run-tests/run-process.js';
import type { Sandbox, SandboxRunOptions } from './types.js';

/** The old way, allowed only by policy `sandbox.allow-unsandboxed`: code runs as the job's own user. */
export class Unsandboxed implements Sandbox {
  readonly strategy = 'unsandboxed' as const;
  readonly network = true;

  constructor(private readonly reason: string) {}

  describe(): string {
    const { username, uid } = os.userInfo();
    return `UNSANDBOXED: repository and model-written code ran as the job's own user ${username} (uid ${uid}) with network, and could read what that user can (the process environment of the job included), because ${this.reason}; allowed by sandbox.allow-unsandboxed in .github/agents.yml`;
  }

  run(argv: readonly string[], options: SandboxRunOptions): Promise<ProcessOutcome> {
    const { writable: _writable, ...processOptions } = options;
    return runProcess(argv, processOptions);
  }

  async close(): Promise<void> {}
}
