import { AgentError, type ErrorKind } from '@eternia/core';

/** A git command that failed. Remote operations report as 'github' (auth, network, protection), local ones as 'internal'. */
export class GitCommandError extends AgentError {
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly stderr: string;
  constructor(kind: ErrorKind, args: readonly string[], exitCode: number, stderr: string) {
    // Skip leading `-c key=value` pairs to name the subcommand.
    let i = 0;
    while (args[i] === '-c') i += 2;
    const detail = stderr.trim().split('\n').slice(-5).join(' | ');
    super(kind, `git ${args[i] ?? ''} failed (exit ${exitCode})${detail ? `: ${detail}` : ''}`);
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}
