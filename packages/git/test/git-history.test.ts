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

  test("pullDiff shows the branch's own change since the merge base, not the base's later commits; filesAt lists a commit's tree", async () => {
    const base = await git.headSha();
    await commit('docs.md', 'docs\n', 'docs: add');
    const head = await git.headSha();
    sh(repos.ours, 'checkout', '--quiet', '-b', 'later', base);
    const later = await commit('later.txt', 'later\n', 'chore: on the base meanwhile');
    const diff = await git.pullDiff(later, head);
    expect(diff).toContain('+++ b/docs.md');
    expect(diff).not.toContain('later.txt');
    // No repository-configured diff driver runs: --no-ext-diff and --no-textconv.
    writeFileSync(join(repos.ours, '.gitattributes'), '*.md diff=evil\n');
    sh(repos.ours, 'config', 'diff.evil.textconv', 'sh -c "echo PWNED"');
    expect(await git.pullDiff(later, head)).not.toContain('PWNED');
    expect(await git.filesAt(head)).toEqual(['README.md', 'docs.md']);
    expect(await git.filesAt(later, 'docs')).toEqual([]);
    await expect(git.pullDiff('HEAD', head)).rejects.toThrow(/full commit sha/);
    await expect(git.filesAt(head, '--output=x')).rejects.toThrow(/usable git argument/);
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
