import { afterEach, describe, expect, test } from '@jest/globals';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AgentError } from '@eternia/core';
import { applyPatch } from '@eternia/patch';
import { commitAsBot, Git } from '@eternia/git';
import {
  collectFileContext,
  commitSubject,
  explainProtected,
  guardedPush,
  literalGlob,
  patchPolicyFor,
  renderFileContext,
} from '../src/delivery/index.js';
import { BRANCH, OWNER, REPO, git, isolatedGitEnv, startBench, type Bench } from './delivery-bench.js';

let bench: Bench | undefined;
afterEach(async () => {
  if (bench) expect(bench.gh.violations).toEqual([]);
  await bench?.close();
  bench = undefined;
});

async function commitInWorkspace(b: Bench, file: string, content: string): Promise<{ gitClient: Git; base: string }> {
  const gitClient = new Git({ cwd: b.workspace, env: isolatedGitEnv });
  const base = await gitClient.headSha();
  await writeFile(path.join(b.workspace, file), content);
  await commitAsBot(gitClient, { subject: 'test: something', body: 'body', botLogin: 'github-actions[bot]', files: [file] });
  return { gitClient, base };
}

function pushOptions(b: Bench, gitClient: Git, leaseSha: string) {
  return {
    octokit: b.octokit,
    git: gitClient,
    pushGit: gitClient,
    target: { owner: OWNER, repo: REPO, pr: b.pr, issue: b.issue, freezeLabel: 'needs-human-review' },
    remote: 'origin',
    branch: BRANCH,
    leaseSha,
  };
}

describe('guardedPush', () => {
  test('pushes with the lease when nothing moved', async () => {
    bench = await startBench();
    const { gitClient, base } = await commitInWorkspace(bench, 'notes.txt', 'hello\n');
    const result = await guardedPush(pushOptions(bench, gitClient, base));
    expect(result).toEqual({ status: 'pushed', sha: await gitClient.headSha(), rebased: false, onto: base });
    expect(bench.remoteHead()).toBe(result.sha);
  });

  test('the freeze label on the issue (not the PR) stops the push', async () => {
    bench = await startBench();
    await bench.octokit.rest.issues.addLabels({ owner: OWNER, repo: REPO, issue_number: bench.issue, labels: ['Needs-Human-Review'] });
    const { gitClient, base } = await commitInWorkspace(bench, 'notes.txt', 'hello\n');
    expect(await guardedPush(pushOptions(bench, gitClient, base))).toEqual({ status: 'frozen', sha: null, rebased: false });
    expect(bench.remoteHead()).toBe(base);
  });

  test('a conflicting commit pushed meanwhile: an error, nothing force-pushed, the other commit kept', async () => {
    bench = await startBench();
    const { gitClient, base } = await commitInWorkspace(bench, 'README.md', '# shop by the bot\n');
    const theirs = await bench.pushFromElsewhere('README.md', '# shop by a human\n', 'docs: human readme');
    const error = await guardedPush(pushOptions(bench, gitClient, base)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).kind).toBe('github');
    expect((error as Error).message).toMatch(
      /moved to [0-9a-f]{7} while this job ran, and our commit conflicts with it \(in README\.md\); nothing was pushed/,
    );
    expect(bench.remoteHead()).toBe(theirs);
    // The rebase was aborted: our commit is still where it was, the tree clean.
    expect(git(bench.workspace, 'status', '--porcelain')).toBe('');
    expect(git(bench.workspace, 'rev-parse', 'HEAD^')).toBe(base);
  });
});

describe('commit subjects', () => {
  test('one line, prefix once, control characters gone, at most 72 characters', () => {
    expect(commitSubject('test', 'test: cover\nAC1\u0007 now', 'x')).toBe('test: cover AC1 now');
    expect(commitSubject('feat', '   ', 'implement #4')).toBe('feat: implement #4');
    const long = commitSubject('fix', 'a'.repeat(200), 'x');
    expect(long).toHaveLength(72);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('protected test files', () => {
  test('literal globs match exactly the path, special characters included', async () => {
    bench = await startBench();
    await mkdir(path.join(bench.workspace, 'test/[id]'), { recursive: true });
    await writeFile(path.join(bench.workspace, 'test/[id]/page.test.js'), 'one\n');
    const protectedFiles = ['test/[id]/page.test.js'];
    expect(literalGlob('test/[id]/page.test.js')).toBe('test/\\[id\\]/page.test.js');
    const policy = patchPolicyFor(bench.policy, { protectedFiles });
    const edit = (file: string, from: string) => `--- a/${file}\n+++ b/${file}\n@@ -1 +1 @@\n-${from}\n+changed\n`;
    const refused = explainProtected(
      await applyPatch({ cwd: bench.workspace, patch: edit('test/[id]/page.test.js', 'one'), policy, check: true }),
      protectedFiles,
    );
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.refusals[0]!.message).toContain('holds the tests written first for this change');
    // `[id]` as a character class would match test/i/…; the escaped glob does not.
    await mkdir(path.join(bench.workspace, 'test/i'), { recursive: true });
    await writeFile(path.join(bench.workspace, 'test/i/page.test.js'), 'other\n');
    expect((await applyPatch({ cwd: bench.workspace, patch: edit('test/i/page.test.js', 'other'), policy, check: true })).ok).toBe(true);
  });
});

describe('file context', () => {
  test('plan files first, then tests; denied, missing, symlinked and oversized files are named, not shown', async () => {
    bench = await startBench();
    const ws = bench.workspace;
    await writeFile(path.join(ws, '.env'), 'SECRET=1\n');
    await writeFile(path.join(ws, 'big.js'), 'x'.repeat(500));
    await symlink('/etc/hostname', path.join(ws, 'link.js'));
    const context = await collectFileContext({
      workspace: ws,
      tracked: ['src/cart.js', 'test/cart.test.js', 'README.md', 'package.json'],
      wanted: ['src/cart.js', './src/cart.js', '.env', 'src/missing.js', 'link.js', 'big.js', '../outside.js'],
      testGlobs: bench.policy.paths.tests,
      deny: bench.policy.paths.deny,
      maxFileChars: 300,
      maxTotalChars: 1_000,
    });
    expect(context.files.map((f) => f.path)).toEqual(['src/cart.js', 'big.js', 'test/cart.test.js']);
    expect(context.files[1]).toMatchObject({ omittedChars: 200 });
    expect(context.skipped).toEqual([
      { path: '.env', reason: 'denied by policy' },
      { path: 'src/missing.js', reason: 'does not exist yet' },
      { path: 'link.js', reason: 'not a regular file' },
      { path: '../outside.js', reason: 'outside the repository' },
    ]);
    const text = renderFileContext(context);
    expect(text).not.toContain('SECRET');
    expect(text).toContain('file big.js (first 300 characters; 200 more not shown) (untrusted data');
  });
});
