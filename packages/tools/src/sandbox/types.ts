import type { ProcessOutcome } from '../run-tests/run-process.js';

export interface SandboxRunOptions {
  /** Absolute. Writable by the code, except `cwd/.git`. */
  cwd: string;
  /** The complete environment; nothing is inherited. HOME and TMPDIR are replaced by the sandbox's own. */
  env: Record<string, string>;
  timeoutMs: number;
  killGraceMs?: number;
  maxOutputChars?: number;
  /** Extra directories the code may write (e.g. a report directory). They must not contain cwd. */
  writable?: string[];
}

export type SandboxStrategy = 'os-user' | 'unsandboxed';

/** Where repository and model-written code (tests, install scripts) runs. */
export interface Sandbox {
  readonly strategy: SandboxStrategy;
  readonly network: boolean;
  /** One line for the job summary: user, uid, namespaces, network, whether sudo was dropped. */
  describe(): string;
  run(argv: readonly string[], options: SandboxRunOptions): Promise<ProcessOutcome>;
  close(): Promise<void>;
}

export interface OpenSandboxOptions {
  /** false: a fresh network namespace with only loopback up. */
  network: boolean;
  /** Policy `sandbox.allow-unsandboxed`: run as the job's user when no sandbox can be had. */
  allowUnsandboxed: boolean;
  /** The sandbox's system user, created when absent. Default 'eternia-sandbox'. */
  user?: string;
  log?: (message: string) => void;
}
