/**
 * The emulator builds a sample repository once per process and copies it for every later repository with the same
 * seed: the copies must be whole, independent repositories, and another seed must never get the copy.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedCommit, initBareRepo } from '../src/github/repo-setup.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'repo-templates-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const author = { name: 'Octo Cat', email: 'octo@example.com' };
const seed = (files: Record<string, string>) => ({ defaultBranch: 'main', files, author, name: 'shop' });

/** Resolves once the clock's second has changed, so a commit made afterwards gets another date. */
async function nextSecond(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) === now) await new Promise((r) => setTimeout(r, 50));
}

test('the same seed gives a copy of the first repository (same commit, made before), whole and independent', async () => {
  const files = { 'README.md': '# shop\n', 'src/cart.js': 'export const total = 0;\n' };
  const first = await initBareRepo(join(root, 'first.git'), seed(files));
  const firstMain = await first.refSha('refs/heads/main');
  await nextSecond();
  const copy = await initBareRepo(join(root, 'copy.git'), seed({ ...files }));
  // Built again, the commit would carry the new second in its date, so another id.
  expect(await copy.refSha('refs/heads/main')).toBe(firstMain);
  expect((await copy.tree(firstMain as string, { recursive: true })).map((e) => e.path)).toEqual(['README.md', 'src', 'src/cart.js']);

  const target = (git: typeof copy) => ({ git, defaultBranch: 'main', fullName: 'octo/shop' });
  await seedCommit(target(copy), { branch: 'main', files: { 'src/cart.js': 'export const total = 1;\n' }, message: 'change', author });
  expect(await copy.refSha('refs/heads/main')).not.toBe(firstMain);
  expect(await first.refSha('refs/heads/main')).toBe(firstMain);
  const third = await initBareRepo(join(root, 'third.git'), seed(files));
  expect(await third.refSha('refs/heads/main')).toBe(firstMain);
});

test('another seed (a file, the branch or the author differs) is built, not copied', async () => {
  const files = { 'README.md': '# other\n' };
  const base = await initBareRepo(join(root, 'base.git'), seed(files));
  const baseMain = (await base.refSha('refs/heads/main')) as string;
  const otherFile = await initBareRepo(join(root, 'other-file.git'), seed({ 'README.md': '# other!\n' }));
  expect(await otherFile.refSha('refs/heads/main')).not.toBe(baseMain);
  const otherBranch = await initBareRepo(join(root, 'other-branch.git'), { ...seed(files), defaultBranch: 'trunk' });
  expect(await otherBranch.refSha('refs/heads/main')).toBeUndefined();
  expect(await otherBranch.refSha('refs/heads/trunk')).toBeDefined();
  const otherAuthor = await initBareRepo(join(root, 'other-author.git'), { ...seed(files), author: { name: 'Someone', email: 's@example.com' } });
  expect((await otherAuthor.commit((await otherAuthor.refSha('refs/heads/main')) as string))?.author.name).toBe('Someone');
});
