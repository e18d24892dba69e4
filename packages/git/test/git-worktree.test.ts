import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Git } from '@eternia/git';
import { isolatedEnv, makeRemoteAndClones, sh } from './repos.js';

let repos: ReturnType<typeof makeRemoteAndClones>;
let ours: Git;
beforeEach(() => {
  repos = makeRemoteAndClones();
  ours = new Git({ cwd: repos.ours, env: isolatedEnv });
});
afterEach(() => repos.cleanup());

describe('scratch worktrees and two-commit diffs (the security scan re-checks fixes in one)', () => {
  test('a worktree at a commit: commits with their own identity, leaves the checkout and its config alone', async () => {
    const base = await ours.headSha();
    const dir = join(repos.root, 'scratch', 'tree');
    mkdirSync(join(repos.root, 'scratch'));
    const scratch = await ours.addWorktree(dir, base);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('hello\n');

    writeFileSync(join(dir, 'README.md'), 'fixed\n');
    writeFileSync(join(dir, 'ünïcode.txt'), 'new\n');
    await scratch.add(['.']);
    const kept = await scratch.commit('keep', { identity: { name: 'eternia', email: 'eternia@invalid' } });
    expect(sh(dir, 'log', '-1', '--format=%an <%ae>', kept)).toBe('eternia <eternia@invalid>');
    expect(sh(repos.ours, 'config', '--local', 'user.name')).toBe('Human');
    expect(await ours.headSha()).toBe(base);
    expect(readFileSync(join(repos.ours, 'README.md'), 'utf8')).toBe('hello\n');

    expect(await scratch.diffNameStatus(base, 'HEAD')).toEqual([
      { status: 'M', path: 'README.md' },
      { status: 'A', path: 'ünïcode.txt' },
    ]);
    expect(await scratch.fileDiff(base, 'HEAD', 'README.md')).toMatch(/^-hello\n\+fixed\n$/m);

    // Back to the base for both files: the changed one restored, the added one removed.
    await scratch.restoreFiles(base, ['README.md', 'ünïcode.txt']);
    await scratch.commit('revert', { identity: { name: 'eternia', email: 'eternia@invalid' } });
    expect(await scratch.diffNameStatus(base, 'HEAD')).toEqual([]);

    await ours.removeWorktree(dir);
    expect(existsSync(dir)).toBe(false);
    await expect(ours.removeWorktree(dir)).resolves.toBeUndefined();
  });

  test('changed lines of base...head without context, unquoted paths; hasCommit', async () => {
    const base = await ours.headSha();
    writeFileSync(join(repos.ours, 'README.md'), 'hello\nsecond\n');
    writeFileSync(join(repos.ours, 'é.txt'), 'x\n');
    await ours.add(['README.md', 'é.txt']);
    const head = await ours.commit('two files');
    const diff = await ours.changedLines(base, head);
    expect(diff).toContain('+++ b/é.txt');
    expect(diff).toMatch(/^@@ -1,0 \+2 @@.*\n\+second\n/m);
    expect(diff).not.toMatch(/^ hello/m);
    expect(await ours.hasCommit(head)).toBe(true);
    expect(await ours.hasCommit('0'.repeat(40))).toBe(false);
  });
});
