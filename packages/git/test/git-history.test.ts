import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Git } from '@eternia/git';
import { isolatedEnv, makeRemoteAndClones, sh } from './repos.js';

let repos: ReturnType<typeof makeRemoteAndClones>;
let git: Git;
beforeEach(() => {
  repos = makeRemoteAndClones();
  git = new Git({ cwd: repos.ours, env: isolatedEnv });
});
afterEach(() => repos.cleanup());

async function commit(file: string, text: string, message: string): Promise<string> {
  writeFileSync(join(repos.ours, file), text);
  await git.add([file]);
  return git.commit(message);
}

describe('history operations', () => {
  test("the branch's own commits, their files and file contents", async () => {
    const base = await git.headSha();
    const first = await commit('a.test.js', 'a\n', 'test: a\n\nRed-Test: a works');
    await commit('b.js', 'b\n', 'feat: b');
    expect(await git.mergeBase(base, 'HEAD')).toBe(base);
    expect(await git.mergeBase('0'.repeat(40), 'HEAD')).toBeNull();
    expect((await git.commitsSince(base)).map((c) => [c.subject, c.message])).toEqual([
      ['test: a', 'test: a\n\nRed-Test: a works'],
      ['feat: b', 'feat: b'],
    ]);
    expect(await git.filesOfCommit(first)).toEqual(['a.test.js']);
    expect(await git.fileAt(first, 'a.test.js')).toBe('a\n');
    expect(await git.fileAt(base, 'a.test.js')).toBeNull();
    expect(await git.isAncestorOfHead(base)).toBe(true);
    expect(await git.trackedFiles()).toEqual(['README.md', 'a.test.js', 'b.js']);
    await expect(git.commitsSince('HEAD')).rejects.toThrow(/full commit sha/);
  });

  test('diffFrom shows new files; discardChanges puts everything back', async () => {
    const base = await git.headSha();
    writeFileSync(join(repos.ours, 'README.md'), 'changed\n');
    writeFileSync(join(repos.ours, 'new.txt'), 'new\n');
    const diff = await git.diffFrom(base);
    expect(diff).toContain('+changed');
    expect(diff).toContain('new.txt');
    await git.discardChanges(base);
    expect(readFileSync(join(repos.ours, 'README.md'), 'utf8')).toBe('hello\n');
    expect(existsSync(join(repos.ours, 'new.txt'))).toBe(false);
    expect(await git.hasChanges()).toBe(false);
  });

  test('rebase onto a moved branch, and a conflict aborted with HEAD unchanged', async () => {
    await git.configureBotIdentity();
    const base = await git.headSha();
    const ours = await commit('ours.txt', 'ours\n', 'feat: ours');
    sh(repos.ours, 'checkout', '--quiet', '-b', 'other', base);
    const clean = await commit('theirs.txt', 'theirs\n', 'docs: theirs');
    const conflicting = await commit('ours.txt', 'different\n', 'docs: conflicting');
    sh(repos.ours, 'checkout', '--quiet', '-B', 'work', ours);
    expect(await git.rebase(conflicting)).toEqual({ status: 'conflict', files: ['ours.txt'] });
    expect(await git.headSha()).toBe(ours);
    expect(await git.rebase(clean)).toEqual({ status: 'rebased' });
    expect(await git.isAncestorOfHead(clean)).toBe(true);
  });
});
