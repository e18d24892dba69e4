/**
 * The git operations the delivery roles need beyond @eternia/git's Git class: listing tracked files,
 * discarding an attempt's changes, the diff of an attempt, and a one-shot rebase. They run the git CLI
 * the same way Git does (no shell, C locale, no prompts); they belong in packages/git eventually.
 */
import { getExecOutput, type ExecOutput } from '@actions/exec';
import { AgentError, ConfigurationError } from '@eternia/core';
import { GitCommandError, redactUrlCredentials, type ExecLike } from '@eternia/git';

export type RebaseResult = { status: 'rebased' } | { status: 'conflict'; files: string[] };

export interface BranchCommit {
  sha: string;
  subject: string;
  /** The whole message, subject included. */
  message: string;
}

export class WorkspaceGit {
  readonly cwd: string;
  private readonly env: Record<string, string>;
  private readonly run: ExecLike;
  private readonly gitPath: string;

  constructor(opts: { cwd: string; env?: Record<string, string>; inheritEnv?: boolean; gitPath?: string; exec?: ExecLike }) {
    this.cwd = opts.cwd;
    this.run = opts.exec ?? getExecOutput;
    this.gitPath = opts.gitPath ?? 'git';
    const inherited =
      opts.inheritEnv === false ? {} : Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    this.env = { ...inherited, ...opts.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' };
  }

  /** The best common ancestor of two commits, or null when they share none (or one is unknown). */
  async mergeBase(a: string, b: string): Promise<string | null> {
    assertSha(a);
    const out = await this.git(['merge-base', a, b], { allowFailure: true });
    return out.exitCode === 0 ? out.stdout.trim() : null;
  }

  /** Non-merge commits reachable from HEAD but not from `base`, oldest first. */
  async commitsSince(base: string): Promise<BranchCommit[]> {
    assertSha(base);
    const out = await this.git(['log', '--reverse', '--no-merges', '--format=%H%x1f%B%x1e', `${base}..HEAD`, '--']);
    return out.stdout
      .split('\x1e')
      .map((record) => record.replace(/^\n+/, ''))
      .filter((record) => record.includes('\x1f'))
      .map((record) => {
        const [sha, message = ''] = record.split('\x1f');
        return { sha: sha!.trim(), subject: message.split('\n')[0]!.trim(), message: message.trimEnd() };
      });
  }

  /** Whether `ancestor` is HEAD or one of its ancestors. */
  async isAncestorOfHead(ancestor: string): Promise<boolean> {
    assertSha(ancestor);
    const out = await this.git(['merge-base', '--is-ancestor', ancestor, 'HEAD'], { allowFailure: true });
    return out.exitCode === 0;
  }

  /** Paths a commit added, changed or deleted (renames as delete + add). */
  async filesOfCommit(sha: string): Promise<string[]> {
    assertSha(sha);
    const out = await this.git(['diff-tree', '--no-commit-id', '--name-only', '--no-renames', '-r', '-z', '--root', sha]);
    return out.stdout.split('\0').filter((p) => p !== '');
  }

  /** A file's text at a commit, or null when it does not exist there. */
  async fileAt(sha: string, file: string): Promise<string | null> {
    assertSha(sha);
    const out = await this.git(['show', `${sha}:${file}`], { allowFailure: true });
    return out.exitCode === 0 ? out.stdout : null;
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
    const out = await this.run(this.gitPath, args, { cwd: this.cwd, env: this.env, silent: true, ignoreReturnCode: true });
    if (out.exitCode !== 0 && !opts.allowFailure) throw new GitCommandError('internal', args.map(redactUrlCredentials), out.exitCode, redactUrlCredentials(out.stderr));
    return out;
  }
}

function assertSha(sha: string): void {
  if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) throw new ConfigurationError(`must be a full commit sha, got ${JSON.stringify(sha)}`, 'commit');
}
