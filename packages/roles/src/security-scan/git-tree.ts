/**
 * The git this role needs, with the hardened environment (no hooks, no global config, no credentials): the PR's
 * changed lines, and a scratch worktree where proposed fixes are applied and re-checked, so the checkout (and the
 * SARIF files other scanners left in it) is never touched.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ConfigurationError } from '@eternia/core';
import { hardenedGitEnv, resolveGit } from '@eternia/git';

const run = promisify(execFile);

export class GitTree {
  readonly #env: Record<string, string>;
  readonly #git: string;

  constructor(
    readonly cwd: string,
    readonly tempDir: string,
  ) {
    this.#env = { ...hardenedGitEnv({ tempDir }), LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
    this.#git = resolveGit();
  }

  async git(args: string[], cwd = this.cwd): Promise<string> {
    const { stdout } = await run(this.#git, args, { cwd, env: this.#env, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  }

  /** What the PR changed: `git diff --unified=0 <base>...<head>`. */
  async prDiff(base: string, head: string): Promise<string> {
    for (const sha of [base, head]) {
      if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) throw new ConfigurationError(`'${sha}' is not a commit sha`, 'pull request');
      try {
        await this.git(['cat-file', '-e', `${sha}^{commit}`]);
      } catch {
        throw new ConfigurationError(
          `the checkout has no commit ${sha.slice(0, 12)}: check the PR out with its history (actions/checkout with fetch-depth: 0)`,
          'workspace',
        );
      }
    }
    return this.git(['-c', 'core.quotePath=false', 'diff', '--unified=0', '--no-color', '--no-ext-diff', '--no-renames', `${base}...${head}`, '--']);
  }

  /** A detached worktree at `sha` in the temp folder; `remove` it when done. */
  async scratch(sha: string): Promise<Scratch> {
    const dir = path.join(mkdtempSync(path.join(this.tempDir, 'eternia-security-')), 'tree');
    await this.git(['worktree', 'add', '--quiet', '--detach', dir, sha]);
    return new Scratch(this, dir, sha);
  }
}

export class Scratch {
  constructor(
    private readonly tree: GitTree,
    readonly dir: string,
    readonly baseSha: string,
  ) {}

  /** Records the tree as it is (a kept fix), so a later refused fix goes back to it. */
  async keep(message: string): Promise<void> {
    await this.tree.git(['add', '--all'], this.dir);
    await this.tree.git(
      [
        '-c',
        'user.name=eternia',
        '-c',
        'user.email=eternia@invalid',
        '-c',
        'commit.gpgsign=false',
        'commit',
        '--quiet',
        '--allow-empty',
        '-m',
        message,
      ],
      this.dir,
    );
  }

  /** Back to the last kept state. */
  async reset(): Promise<void> {
    await this.tree.git(['reset', '--quiet', '--hard', 'HEAD'], this.dir);
    await this.tree.git(['clean', '-f', '-d', '--quiet'], this.dir);
  }

  /** Puts the files back as they are at the base (removing those the base lacks) and keeps that state. */
  async revert(files: readonly string[], message: string): Promise<void> {
    for (const file of files) {
      const atBase = (await this.tree.git(['ls-tree', '--name-only', this.baseSha, '--', file], this.dir)).trim() !== '';
      if (atBase) await this.tree.git(['checkout', '--quiet', this.baseSha, '--', file], this.dir);
      else await this.tree.git(['rm', '--quiet', '-f', '--ignore-unmatch', '--', file], this.dir);
    }
    await this.keep(message);
  }

  /** Files that differ between the base and the kept state. */
  async changedFiles(): Promise<Array<{ status: string; path: string }>> {
    const out = await this.tree.git(
      ['-c', 'core.quotePath=false', 'diff', '--name-status', '--no-renames', '-z', this.baseSha, 'HEAD', '--'],
      this.dir,
    );
    const parts = out.split('\0').filter((p) => p !== '');
    const files: Array<{ status: string; path: string }> = [];
    for (let i = 0; i + 1 < parts.length; i += 2) files.push({ status: parts[i]!, path: parts[i + 1]! });
    return files;
  }

  /** The unified diff of one file between the base and the kept state. */
  async fileDiff(file: string): Promise<string> {
    return this.tree.git(['diff', '--no-color', '--no-ext-diff', '--no-renames', this.baseSha, 'HEAD', '--', file], this.dir);
  }

  async remove(): Promise<void> {
    await this.tree.git(['worktree', 'remove', '--force', this.dir]).catch(() => undefined);
    rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}
