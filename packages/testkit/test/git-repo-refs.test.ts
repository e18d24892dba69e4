/**
 * The emulator reads refs from the bare repository's files instead of starting git: its answers must be git's, for
 * loose and packed refs, nested and missing names, annotated tags, and names it leaves to git.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BareGitRepo } from '../src/github/git-repo.js';
import { runSyncOrThrow } from '../src/process/index.js';

let root: string;
let bare: string;
const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const git = (cwd: string, ...args: string[]) => runSyncOrThrow('git', args, { cwd, env }).trim();
/** What git itself answers. */
const gitSha = (ref: string) => {
  try {
    return execFileSync('git', ['--git-dir', bare, 'rev-parse', '--verify', '--quiet', ref], { env, encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'git-repo-refs-'));
  bare = path.join(root, 'bare.git');
  const work = path.join(root, 'work');
  git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
  git(root, 'clone', '--quiet', bare, work);
  await writeFile(path.join(work, 'a.txt'), 'a\n');
  git(work, 'add', '.');
  git(work, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '--quiet', '-m', 'one');
  git(work, 'push', '--quiet', 'origin', 'HEAD:main', 'HEAD:feature/deep/name', 'HEAD:packed-only');
  git(work, 'branch', 'packed-only-start');
  git(work, '-c', 'user.name=t', '-c', 'user.email=t@e', 'tag', '-a', 'v1', '-m', 'annotated');
  git(work, 'push', '--quiet', 'origin', 'v1');
  git(bare, 'pack-refs', '--all');
  await writeFile(path.join(work, 'b.txt'), 'b\n');
  git(work, 'add', '.');
  git(work, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '--quiet', '-m', 'two');
  // main moves after packing: its loose file now differs from its packed line, and the loose one wins.
  git(work, 'push', '--quiet', 'origin', 'HEAD:main');
  for (const side of ['left', 'right']) {
    git(work, 'checkout', '--quiet', '-b', side, 'packed-only-start');
    await writeFile(path.join(work, 'a.txt'), `${side}\n`);
    git(work, '-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '--quiet', '-am', side);
    git(work, 'push', '--quiet', 'origin', `HEAD:${side}`);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

test('refSha answers as git does: loose over packed, packed only, nested, tags unpeeled, missing', async () => {
  const repo = new BareGitRepo(bare);
  const refs = ['refs/heads/main', 'refs/heads/packed-only', 'refs/heads/feature/deep/name', 'refs/tags/v1', 'refs/heads/nope', 'refs/heads/feature'];
  const ours = await Promise.all(refs.map((ref) => repo.refSha(ref)));
  expect(ours).toEqual(refs.map(gitSha));
  expect(ours.slice(0, 4).every((sha) => /^[0-9a-f]{40}$/.test(sha ?? ''))).toBe(true);
  expect(ours[0]).not.toBe(ours[1]);
  // Names git would refuse or read differently are left to git.
  for (const odd of ['refs/heads/../config', 'refs/heads/x.lock', 'HEAD', 'refs/heads/.hidden']) expect(await repo.refSha(odd)).toBe(gitSha(odd));
});

test('resolveCommit: branches, full shas, annotated tags peeled to their commit, short shas in full', async () => {
  const repo = new BareGitRepo(bare);
  const main = gitSha('refs/heads/main')!;
  const tagged = gitSha('refs/tags/v1^{commit}')!;
  expect(await repo.resolveCommit('main')).toBe(main);
  expect(await repo.resolveCommit('refs/heads/packed-only')).toBe(tagged);
  expect(await repo.resolveCommit(main)).toBe(main);
  expect(await repo.resolveCommit('v1')).toBe(tagged);
  expect(await repo.resolveCommit(main.slice(0, 10))).toBe(main);
  expect(await repo.resolveCommit('nope')).toBeUndefined();
  expect(await repo.resolveCommit('0'.repeat(40))).toBeUndefined();
});

test('mergesCleanly: git merge-tree per pair of commits, a conflict is not clean', async () => {
  const repo = new BareGitRepo(bare);
  const [main, one, left, right] = ['refs/heads/main', 'refs/heads/packed-only', 'refs/heads/left', 'refs/heads/right'].map((ref) => gitSha(ref)!);
  expect(await repo.mergesCleanly(one!, main!)).toBe(true);
  expect(await repo.mergesCleanly(left!, right!)).toBe(false);
  expect(await repo.mergesCleanly(left!, right!)).toBe(false);
  expect(await repo.mergesCleanly(main!, left!)).toBe(true);
});
