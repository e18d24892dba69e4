import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { getExecOutput, type ExecOptions, type ExecOutput } from '@actions/exec';
import { AgentError, ConfigurationError, type ErrorKind } from '@eternia/core';
import { assertArgument, assertBranch, assertSha, isFullSha } from './git-arguments.js';
import { GitCommandError } from './git-error.js';
import { redactGitText } from './redact.js';
import { parsePorcelainZ, type StatusEntry } from './status.js';

/** The shape of @actions/exec's getExecOutput, injectable for tests. */
export type ExecLike = (commandLine: string, args?: string[], options?: ExecOptions) => Promise<ExecOutput>;

export interface GitOptions {
  cwd: string;
  /** Added to the process environment for every git call. */
  env?: Record<string, string>;
  /** Replaces the inherited environment instead of adding to it (the publish job starts git with a fixed PATH). */
  inheritEnv?: boolean;
  /** The git executable: an absolute path where PATH must not decide (see resolveGit). */
  gitPath?: string;
  exec?: ExecLike;
}

export interface PushOptions {
  remote: string;
  branch: string;
  /** The remote branch's sha this push may replace; null means the branch must not exist yet. */
  expectedRemoteSha: string | null;
}

export type PushResult = 'pushed' | 'rejected-moved';

export type RebaseResult = { status: 'rebased' } | { status: 'conflict'; files: string[] };

export interface BranchCommit {
  sha: string;
  subject: string;
  /** The whole message, subject included. */
  message: string;
}

// Rejections that mean "the remote branch is not where you thought": the caller re-reads and decides.
const MOVED = /\[rejected\] \((stale info|non-fast-forward|fetch first)\)|\[remote rejected\] \([^)]*(already exists|cannot lock ref)[^)]*\)/;

/**
 * Every git call of the library goes through this class: the git CLI (never a shell), silent, with a C locale so
 * messages can be read, never prompting for credentials, and with credentials redacted from every error.
 */
export class Git {
  readonly cwd: string;
  private readonly env: Record<string, string>;
  private readonly run: ExecLike;
  private readonly gitPath: string;

  constructor(opts: GitOptions) {
    this.cwd = opts.cwd;
    this.run = opts.exec ?? getExecOutput;
    this.gitPath = opts.gitPath ?? 'git';
    const inherited =
      opts.inheritEnv === false ? {} : Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    this.env = { ...inherited, ...opts.env, LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0' };
  }

  /** A Git on the same checkout with more environment (e.g. the push credentials, for one call). */
  with(env: Record<string, string>): Git {
    return new Git({ cwd: this.cwd, env: { ...this.env, ...env }, inheritEnv: false, gitPath: this.gitPath, exec: this.run });
  }

  /** The checked-out branch, or null on a detached HEAD. */
  async currentBranch(): Promise<string | null> {
    const out = await this.git(['symbolic-ref', '--quiet', '--short', 'HEAD'], { allowExit: [1] });
    return out.exitCode === 0 ? out.stdout.trim() : null;
  }

  async headSha(): Promise<string> {
    return this.revParse('HEAD');
  }

  /** The commit sha a ref names; throws when it names nothing. */
  async revParse(ref: string): Promise<string> {
    assertArgument(ref, 'ref');
    const out = await this.git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { allowExit: [1] });
    if (out.exitCode !== 0) throw new GitCommandError('internal', ['rev-parse', ref], out.exitCode, `unknown revision ${JSON.stringify(ref)}`);
    return out.stdout.trim();
  }

  async fetch(remote: string, refspec: string): Promise<void> {
    assertArgument(remote, 'remote');
    assertArgument(refspec, 'refspec');
    await this.git(['fetch', '--no-tags', '--quiet', remote, refspec], { kind: 'github' });
  }

  async checkoutNewBranch(name: string, startPoint: string): Promise<void> {
    assertBranch(name);
    assertArgument(startPoint, 'start point');
    await this.git(['checkout', '--quiet', '--no-track', '-b', name, startPoint, '--']);
  }

  async checkout(name: string): Promise<void> {
    assertArgument(name, 'branch or commit');
    await this.git(['checkout', '--quiet', name, '--']);
  }

  /** Changed, staged and untracked paths. */
  async status(): Promise<StatusEntry[]> {
    const out = await this.git(['status', '--porcelain=v1', '-z', '--untracked-files=all']);
    return parsePorcelainZ(out.stdout);
  }

  async hasChanges(): Promise<boolean> {
    return (await this.status()).length > 0;
  }

  /** Sets the commit identity in this repository's own config only (never --global). */
  async configureBotIdentity(name = 'github-actions[bot]', email = '41898282+github-actions[bot]@users.noreply.github.com'): Promise<void> {
    await this.git(['config', '--local', 'user.name', name]);
    await this.git(['config', '--local', 'user.email', email]);
  }

  /** Stages the paths, deletions included. */
  async add(paths: readonly string[]): Promise<void> {
    if (paths.length === 0) return;
    await this.git(['add', '--all', '--', ...paths]);
  }

  /** Commits what is staged and returns the new commit's sha. Hooks and signing are off: bot commits must not depend on a local setup. */
  async commit(message: string, opts: { allowEmpty?: boolean; identity?: { name: string; email: string } } = {}): Promise<string> {
    if (message.trim() === '') throw new ConfigurationError('must not be empty', 'commit message');
    // An identity for this commit only: a scratch worktree shares the checkout's config, which must stay untouched.
    const identity = opts.identity ? ['-c', `user.name=${opts.identity.name}`, '-c', `user.email=${opts.identity.email}`] : [];
    const args = [...identity, '-c', 'commit.gpgsign=false', 'commit', '--quiet', '--no-verify', '--cleanup=verbatim', '-m', message];
    if (opts.allowEmpty) args.push('--allow-empty');
    await this.git(args);
    return this.headSha();
  }

  /** Paths that differ between the merge base of base and head, and head (what a pull request shows). */
  async changedFiles(base: string, head: string): Promise<string[]> {
    assertArgument(base, 'base');
    assertArgument(head, 'head');
    const out = await this.git(['diff', '--name-only', '-z', '--no-renames', `${base}...${head}`, '--']);
    return out.stdout.split('\0').filter((p) => p !== '');
  }

  /**
   * What a pull request shows as a unified diff: the merge base of base and head against head (`base...head`).
   * No external diff drivers or textconv filters run (they would be the repository's own commands).
   */
  async pullDiff(base: string, head: string): Promise<string> {
    assertSha(base);
    assertSha(head);
    const out = await this.git(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', `${base}...${head}`, '--']);
    return out.stdout;
  }

  /**
   * The pull request's changed lines only: `base...head` with no context lines, paths unquoted (what a scanner's
   * line numbers are matched against).
   */
  async changedLines(base: string, head: string): Promise<string> {
    assertSha(base);
    assertSha(head);
    const args = ['-c', 'core.quotePath=false', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames'];
    const out = await this.git([...args, `${base}...${head}`, '--']);
    return out.stdout;
  }

  /** Whether the repository has the commit (a shallow checkout may lack the PR's base). */
  async hasCommit(sha: string): Promise<boolean> {
    assertSha(sha);
    const out = await this.git(['cat-file', '-e', `${sha}^{commit}`], { allowFailure: true });
    return out.exitCode === 0;
  }

  /** Paths that differ between two commits with git's status letter (A, M, D, T), renames as delete + add. */
  async diffNameStatus(from: string, to: string): Promise<Array<{ status: string; path: string }>> {
    assertArgument(from, 'from');
    assertArgument(to, 'to');
    const out = await this.git(['-c', 'core.quotePath=false', 'diff', '--name-status', '--no-renames', '-z', from, to, '--']);
    const parts = splitZ(out.stdout);
    const files: Array<{ status: string; path: string }> = [];
    for (let i = 0; i + 1 < parts.length; i += 2) files.push({ status: parts[i]!, path: parts[i + 1]! });
    return files;
  }

  /** One file's unified diff between two commits. */
  async fileDiff(from: string, to: string, file: string): Promise<string> {
    assertArgument(from, 'from');
    assertArgument(to, 'to');
    const out = await this.git(['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', from, to, '--', file]);
    return out.stdout;
  }

  /** Puts the files back as they are at `sha`, removing those it lacks, and stages that. */
  async restoreFiles(sha: string, files: readonly string[]): Promise<void> {
    assertSha(sha);
    for (const file of files) {
      const atSha = (await this.git(['ls-tree', '--name-only', sha, '--', file])).stdout.trim() !== '';
      if (atSha) await this.git(['checkout', '--quiet', sha, '--', file]);
      else await this.git(['rm', '--quiet', '-f', '--ignore-unmatch', '--', file]);
    }
  }

  /** A detached worktree of this repository at `sha` in `dir` (which must not exist yet), as a Git of its own. */
  async addWorktree(dir: string, sha: string): Promise<Git> {
    assertArgument(dir, 'worktree folder');
    assertSha(sha);
    await this.git(['worktree', 'add', '--quiet', '--detach', dir, sha]);
    return new Git({ cwd: dir, env: this.env, inheritEnv: false, gitPath: this.gitPath, exec: this.run });
  }

  /** Removes a worktree `addWorktree` made, changes and all; a missing one is not an error. */
  async removeWorktree(dir: string): Promise<void> {
    assertArgument(dir, 'worktree folder');
    await this.git(['worktree', 'remove', '--force', dir], { allowFailure: true });
  }

  /** Files of the tree of a commit, optionally only under a folder (relative to the repository root). */
  async filesAt(sha: string, under?: string): Promise<string[]> {
    assertSha(sha);
    if (under !== undefined) assertArgument(under, 'folder');
    const out = await this.git(['ls-tree', '-r', '-z', '--name-only', '--full-tree', sha, '--', ...(under !== undefined ? [under] : [])]);
    return splitZ(out.stdout);
  }

  /**
   * Pushes HEAD to the branch only if the remote branch is still at `expectedRemoteSha`
   * (git's --force-with-lease with an explicit value), so someone else's commits are never replaced.
   */
  async push(opts: PushOptions): Promise<PushResult> {
    assertArgument(opts.remote, 'remote');
    assertBranch(opts.branch);
    if (opts.expectedRemoteSha !== null && !isFullSha(opts.expectedRemoteSha)) {
      throw new ConfigurationError(
        `must be a full lower-case commit sha or null, got ${JSON.stringify(opts.expectedRemoteSha)}`,
        'expectedRemoteSha',
      );
    }
    const ref = `refs/heads/${opts.branch}`;
    const lease = `--force-with-lease=${ref}:${opts.expectedRemoteSha ?? ''}`;
    const out = await this.git(['push', '--porcelain', '--no-verify', lease, opts.remote, `HEAD:${ref}`], { allowExit: [1], kind: 'github' });
    if (out.exitCode === 0) return 'pushed';
    if (MOVED.test(out.stdout) || MOVED.test(out.stderr)) return 'rejected-moved';
    throw new GitCommandError('github', ['push', redactGitText(opts.remote), ref], out.exitCode, redactGitText(`${out.stdout}\n${out.stderr}`));
  }

  /** Whether the checkout already carries an HTTP auth header (actions/checkout's persisted credentials). */
  async hasPersistedCredentials(): Promise<boolean> {
    const out = await this.git(['config', '--local', '--get-regexp', '^http\\..*extraheader$'], { allowExit: [1] });
    return out.exitCode === 0 && out.stdout.trim() !== '';
  }

  /** The sha of the remote branch, or null when it does not exist. */
  async lsRemote(remote: string, branch: string): Promise<string | null> {
    assertArgument(remote, 'remote');
    assertBranch(branch);
    const ref = `refs/heads/${branch}`;
    const out = await this.git(['ls-remote', '--heads', remote, ref], { kind: 'github' });
    for (const line of out.stdout.split('\n')) {
      const [sha, name] = line.split('\t');
      // ls-remote matches patterns by suffix; only the exact ref counts.
      if (name === ref && sha) return sha;
    }
    return null;
  }

  // History, for the delivery roles: what the branch's own commits did, and resetting an attempt.

  /** The best common ancestor of two commits, or null when they share none (or one is unknown). */
  async mergeBase(a: string, b: string): Promise<string | null> {
    assertSha(a);
    assertArgument(b, 'commit');
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
    return splitZ(out.stdout);
  }

  /** A file's text at a commit, or null when it does not exist there. */
  async fileAt(sha: string, file: string): Promise<string | null> {
    assertSha(sha);
    const out = await this.git(['show', `${sha}:${file}`], { allowFailure: true });
    return out.exitCode === 0 ? out.stdout : null;
  }

  /**
   * Makes git ignore an untracked file at the top of the work tree (`/file` in the repository's own
   * info/exclude, never a tracked .gitignore): clean, status and `add --all` leave it alone. False when the file
   * is tracked (nothing is changed then) or was already ignored there.
   */
  async ignoreLocally(file: string): Promise<boolean> {
    assertArgument(file, 'file name');
    if (file.includes('/')) throw new ConfigurationError(`'${file}' is not a file name at the top of the work tree`, 'ignoreLocally');
    const tracked = await this.git(['ls-files', '-z', '--cached', '--', file]);
    if (tracked.stdout !== '') return false;
    const exclude = (await this.git(['rev-parse', '--git-path', 'info/exclude'])).stdout.trim();
    const target = path.resolve(this.cwd, exclude);
    const line = `/${file}`;
    const current = await readFile(target, 'utf8').catch(() => '');
    if (current.split('\n').includes(line)) return false;
    await mkdir(path.dirname(target), { recursive: true });
    await appendFile(target, `${current === '' || current.endsWith('\n') ? '' : '\n'}${line}\n`);
    return true;
  }

  /** Tracked files, relative to the repository root, in git's (sorted) order. */
  async trackedFiles(): Promise<string[]> {
    const out = await this.git(['ls-files', '-z', '--cached']);
    return splitZ(out.stdout);
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
    const files = splitZ(conflicted.stdout);
    const abort = await this.git(['rebase', '--abort'], { allowFailure: true });
    if (abort.exitCode !== 0 && files.length === 0) {
      const detail = redactGitText(out.stderr.trim() || out.stdout.trim());
      throw new AgentError('internal', `git rebase onto ${upstream} failed and could not be aborted: ${detail}`);
    }
    return { status: 'conflict', files };
  }

  /** The one place git runs. `allowExit` codes (or any, with `allowFailure`) come back to the caller instead of throwing. */
  private async git(args: string[], opts: { allowExit?: number[]; allowFailure?: boolean; kind?: ErrorKind } = {}): Promise<ExecOutput> {
    const out = await this.run(this.gitPath, args, { cwd: this.cwd, env: this.env, silent: true, ignoreReturnCode: true });
    if (out.exitCode !== 0 && !opts.allowFailure && !(opts.allowExit ?? []).includes(out.exitCode)) {
      throw new GitCommandError(opts.kind ?? 'internal', args.map(redactGitText), out.exitCode, redactGitText(out.stderr));
    }
    return out;
  }
}

function splitZ(output: string): string[] {
  return output.split('\0').filter((p) => p !== '');
}
