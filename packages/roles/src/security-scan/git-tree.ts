/**
 * The git this role needs, with the hardened environment (no hooks, no global config, no credentials): the PR's
 * changed lines, and a scratch worktree where proposed fixes are applied and re-checked, so the checkout (and the
 * SARIF files other scanners left in it) is never touched.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError } from '@eternia/core';
import { Git, hardenedGitEnv, resolveGit } from '@eternia/git';

/** Commits in a scratch worktree are the role's bookkeeping; they never leave it. */
const SCRATCH_IDENTITY = { name: 'eternia', email: 'eternia@invalid' };

export class GitTree {
  readonly #git: Git;

  constructor(
    readonly cwd: string,
    readonly tempDir: string,
  ) {
    this.#git = new Git({ cwd, env: hardenedGitEnv({ tempDir }), inheritEnv: false, gitPath: resolveGit() });
  }

  /** What the PR changed: `git diff --unified=0 <base>...<head>`. */
  async prDiff(base: string, head: string): Promise<string> {
    for (const sha of [base, head]) {
      if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) throw new ConfigurationError(`'${sha}' is not a commit sha`, 'pull request');
      if (!(await this.#git.hasCommit(sha))) {
        throw new ConfigurationError(
          `the checkout has no commit ${sha.slice(0, 12)}: check the PR out with its history (actions/checkout with fetch-depth: 0)`,
          'workspace',
        );
      }
    }
    return this.#git.changedLines(base, head);
  }

  /** A detached worktree at `sha` in the temp folder; `remove` it when done. */
  async scratch(sha: string): Promise<Scratch> {
    const dir = path.join(mkdtempSync(path.join(this.tempDir, 'eternia-security-')), 'tree');
    return new Scratch(this.#git, await this.#git.addWorktree(dir, sha), dir, sha);
  }
}

export class Scratch {
  constructor(
    private readonly repo: Git,
    private readonly git: Git,
    readonly dir: string,
    readonly baseSha: string,
  ) {}

  /** Records the tree as it is (a kept fix), so a later refused fix goes back to it. */
  async keep(message: string): Promise<void> {
    await this.git.add(['.']);
    await this.git.commit(message, { allowEmpty: true, identity: SCRATCH_IDENTITY });
  }

  /** Back to the last kept state. */
  async reset(): Promise<void> {
    await this.git.discardChanges(await this.git.headSha());
  }

  /** Puts the files back as they are at the base (removing those the base lacks) and keeps that state. */
  async revert(files: readonly string[], message: string): Promise<void> {
    await this.git.restoreFiles(this.baseSha, files);
    await this.keep(message);
  }

  /** Files that differ between the base and the kept state. */
  changedFiles(): Promise<Array<{ status: string; path: string }>> {
    return this.git.diffNameStatus(this.baseSha, 'HEAD');
  }

  /** The unified diff of one file between the base and the kept state. */
  fileDiff(file: string): Promise<string> {
    return this.git.fileDiff(this.baseSha, 'HEAD', file);
  }

  async remove(): Promise<void> {
    await this.repo.removeWorktree(this.dir).catch(() => undefined);
    rmSync(path.dirname(this.dir), { recursive: true, force: true });
  }
}
