/**
 * The git operations the delivery roles need beyond @eternia/git's Git class: listing tracked files,
 * discarding an attempt's changes, the diff of an attempt, and a one-shot rebase. They run the git CLI
 * the same way Git does (no shell, C locale, no prompts); they belong in packages/git eventually.
 */
import { getExecOutput, type ExecOutput } from '@actions/exec';
import { AgentError, ConfigurationError } from '@eternia/core';
import { GitCommandError, type ExecLike } from '@eternia/git';

export type RebaseResult = { status: 'rebased' } | { status: 'conflict'; files: string[] };

export class WorkspaceGit {
  readonly cwd: string;
  private readonly env: Record<string, string>;
  private readonly run: ExecLike;

  constructor(opts: { cwd: string; env?: Record<string, string>; exec?: ExecLike }) {
    this.cwd = opts.cwd;
    this.run = opts.exec ?? getExecOutput;
    const inherited = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    this.env = { ...inherited, ...opts.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' };
  }

  /** Tracked files, relative to the repository root. */
  async trackedFiles(): Promise<string[]> {
    const out = await this.git(['ls-files', '-z', '--cached']);
    return out.stdout.split('\0').filter((p) => p !== '');
  }

  /** Puts the tree, index and HEAD back at `sha` and removes untracked files (ignored ones, such as node_modules, stay). */
  async discardChanges(sha: string): Promise<void> {
    assertSha(sha);
    await this.git(['reset', '--quiet', '--hard', sha]);
    await this.git(['clean', '-f', '-d', '--quiet']);
  }

  /** The working tree against `sha` as a unified diff, new files included. Leaves the index staged. */
  async diffFrom(sha: string): Promise<string> {
    assertSha(sha);
    await this.git(['add', '--all']);
    const out = await this.git(['diff', '--cached', '--no-color', '--no-ext-diff', '--binary', sha, '--']);
    return out.stdout;
  }

  /** Rebases the current branch's own commits onto `upstream`; on conflict the rebase is aborted and HEAD is unchanged. */
  async rebase(upstream: string): Promise<RebaseResult> {
    assertSha(upstream);
    const out = await this.git(['-c', 'commit.gpgsign=false', 'rebase', '--quiet', '--no-autostash', upstream], { allowFailure: true });
    if (out.exitCode === 0) return { status: 'rebased' };
    const conflicted = await this.git(['diff', '--name-only', '--diff-filter=U', '-z'], { allowFailure: true });
    const files = conflicted.stdout.split('\0').filter((p) => p !== '');
    const abort = await this.git(['rebase', '--abort'], { allowFailure: true });
    if (abort.exitCode !== 0 && files.length === 0) {
      throw new AgentError('internal', `git rebase onto ${upstream} failed and could not be aborted: ${out.stderr.trim() || out.stdout.trim()}`);
    }
    return { status: 'conflict', files };
  }

  private async git(args: string[], opts: { allowFailure?: boolean } = {}): Promise<ExecOutput> {
    const out = await this.run('git', args, { cwd: this.cwd, env: this.env, silent: true, ignoreReturnCode: true });
    if (out.exitCode !== 0 && !opts.allowFailure) throw new GitCommandError('internal', args, out.exitCode, out.stderr);
    return out;
  }
}

function assertSha(sha: string): void {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) throw new ConfigurationError(`must be a full commit sha, got ${JSON.stringify(sha)}`, 'commit');
}
