import { describe, test, expect, beforeEach, afterEach } from '@jest/globals';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecOptions } from '@actions/exec';
import { ConfigurationError } from '@eternia/core';
import { Git, GitCommandError } from '@eternia/git';
import { isolatedEnv, makeRemoteAndClones, sh } from './repos.js';

let repos: ReturnType<typeof makeRemoteAndClones>;
let ours: Git;
beforeEach(() => {
  repos = makeRemoteAndClones();
  ours = new Git({ cwd: repos.ours, env: isolatedEnv });
});
afterEach(() => repos.cleanup());

const write = (dir: string, file: string, text: string) => writeFileSync(join(dir, file), text);

describe('local operations', () => {
  test('ignoreLocally: an untracked top-level file is ignored through info/exclude, once; a tracked one is left alone', async () => {
    const base = await ours.headSha();
    write(repos.ours, 'repo_atlas.json', '{}\n');
    write(repos.ours, 'README.md', 'changed\n');
    expect(await ours.ignoreLocally('repo_atlas.json')).toBe(true);
    expect(await ours.ignoreLocally('repo_atlas.json')).toBe(false);
    expect(
      readFileSync(join(repos.ours, '.git/info/exclude'), 'utf8')
        .split('\n')
        .filter((l) => l === '/repo_atlas.json'),
    ).toHaveLength(1);
    // What the attempts do: neither a diff nor the clean-up touches it.
    expect(await ours.status()).toEqual([{ code: ' M', path: 'README.md' }]);
    expect(await ours.diffFrom(base)).not.toContain('repo_atlas.json');
    await ours.discardChanges(base);
    expect(readFileSync(join(repos.ours, 'repo_atlas.json'), 'utf8')).toBe('{}\n');
    // Tracked: never ignored behind the project's back.
    expect(await ours.ignoreLocally('README.md')).toBe(false);
    expect(readFileSync(join(repos.ours, '.git/info/exclude'), 'utf8')).not.toContain('README.md');
    await expect(ours.ignoreLocally('sub/file.json')).rejects.toThrow(ConfigurationError);
  });

  test('branch, status, identity, commit, changed files', async () => {
    expect(await ours.currentBranch()).toBe('main');
    const base = await ours.headSha();
    expect(base).toMatch(/^[0-9a-f]{40}$/);
    expect(await ours.revParse('origin/main')).toBe(base);

    await ours.checkoutNewBranch('agent/1-hello', 'origin/main');
    expect(await ours.currentBranch()).toBe('agent/1-hello');
    expect(await ours.hasChanges()).toBe(false);

    write(repos.ours, 'new file.txt', 'x\n');
    write(repos.ours, 'README.md', 'changed\n');
    const status = await ours.status();
    expect(status).toEqual(
      expect.arrayContaining([
        { code: '??', path: 'new file.txt' },
        { code: ' M', path: 'README.md' },
      ]),
    );
    expect(await ours.hasChanges()).toBe(true);

    await ours.configureBotIdentity();
    await ours.add(['new file.txt', 'README.md']);
    const sha = await ours.commit('feat: add a file\n\nBody line.\n# not a comment');
    expect(sha).toBe(await ours.headSha());
    expect(sh(repos.ours, 'log', '-1', '--format=%an <%ae>')).toBe('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>');
    expect(sh(repos.ours, 'log', '-1', '--format=%B')).toBe('feat: add a file\n\nBody line.\n# not a comment');
    // Repo-local config only.
    expect(sh(repos.ours, 'config', '--local', 'user.name')).toBe('github-actions[bot]');
    expect(await ours.changedFiles(base, 'HEAD')).toEqual(['README.md', 'new file.txt']);
    expect(await ours.hasChanges()).toBe(false);

    await ours.checkout('main');
    expect(await ours.currentBranch()).toBe('main');
    expect(readFileSync(join(repos.ours, 'README.md'), 'utf8')).toBe('hello\n');
  });

  test('add stages deletions; renames are reported with their source', async () => {
    sh(repos.ours, 'mv', 'README.md', 'DOCS.md');
    expect(await ours.status()).toEqual([{ code: 'R ', path: 'DOCS.md', origPath: 'README.md' }]);
    sh(repos.ours, 'reset', '--quiet');
    rmSync(join(repos.ours, 'DOCS.md'));
    await ours.add(['README.md']);
    expect(await ours.status()).toEqual([{ code: 'D ', path: 'README.md' }]);
  });

  test('commit refuses when nothing is staged, unless allowEmpty', async () => {
    await ours.configureBotIdentity();
    await expect(ours.commit('chore: nothing')).rejects.toThrow(GitCommandError);
    const before = await ours.headSha();
    const sha = await ours.commit('chore: nothing', { allowEmpty: true });
    expect(sha).not.toBe(before);
    await expect(ours.commit('  ')).rejects.toThrow(/commit message/);
  });

  test('detached HEAD has no current branch; unknown revisions throw', async () => {
    sh(repos.ours, 'checkout', '--quiet', '--detach');
    expect(await ours.currentBranch()).toBeNull();
    await expect(ours.revParse('no-such-ref')).rejects.toThrow(/unknown revision "no-such-ref"/);
  });

  test('option-like and invalid names are refused before git runs', async () => {
    const calls: string[][] = [];
    const git = new Git({
      cwd: repos.ours,
      exec: async (_c: string, args?: string[], _o?: ExecOptions) => {
        calls.push(args ?? []);
        return { exitCode: 0, stdout: '', stderr: '' };
      },
    });
    await expect(git.checkout('--orphan=x')).rejects.toThrow(ConfigurationError);
    await expect(git.checkoutNewBranch('bad..name', 'main')).rejects.toThrow(/not a valid branch name: it contains '\.\.'/);
    await expect(git.push({ remote: 'origin', branch: 'x', expectedRemoteSha: 'abc' })).rejects.toThrow(/expectedRemoteSha/);
    await expect(git.fetch('--upload-pack=evil', 'main')).rejects.toThrow(/remote/);
    expect(calls).toEqual([]);
  });

  test('runs git silently, without a shell, with a C locale and no prompts', async () => {
    const seen: { cmd: string; args: string[]; opts: ExecOptions }[] = [];
    const git = new Git({
      cwd: '/somewhere',
      env: { EXTRA: '1' },
      exec: async (cmd, args, opts) => {
        seen.push({ cmd, args: args ?? [], opts: opts ?? {} });
        return { exitCode: 0, stdout: 'feature\n', stderr: '' };
      },
    });
    expect(await git.currentBranch()).toBe('feature');
    const call = seen[0]!;
    expect(call.cmd).toBe('git');
    expect(call.args).toEqual(['symbolic-ref', '--quiet', '--short', 'HEAD']);
    expect(call.opts).toMatchObject({ cwd: '/somewhere', silent: true, ignoreReturnCode: true });
    expect(call.opts.env).toMatchObject({ EXTRA: '1', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' });
  });
});

describe('push with lease', () => {
  async function commitOn(git: Git, dir: string, file: string): Promise<string> {
    write(dir, file, `${file}\n`);
    await git.add([file]);
    return git.commit(`add ${file}`);
  }

  test('new branch, then fast-forward', async () => {
    await ours.configureBotIdentity();
    await ours.checkoutNewBranch('agent/2-x', 'origin/main');
    expect(await ours.lsRemote('origin', 'agent/2-x')).toBeNull();
    const first = await commitOn(ours, repos.ours, 'a.txt');
    expect(await ours.push({ remote: 'origin', branch: 'agent/2-x', expectedRemoteSha: null })).toBe('pushed');
    expect(await ours.lsRemote('origin', 'agent/2-x')).toBe(first);

    const second = await commitOn(ours, repos.ours, 'b.txt');
    expect(await ours.push({ remote: 'origin', branch: 'agent/2-x', expectedRemoteSha: first })).toBe('pushed');
    expect(sh(repos.remote, 'rev-parse', 'refs/heads/agent/2-x')).toBe(second);
  });

  test('a branch that appeared meanwhile is not overwritten (expected null)', async () => {
    const theirs = new Git({ cwd: repos.theirs, env: isolatedEnv });
    await theirs.checkoutNewBranch('agent/3-x', 'origin/main');
    const theirSha = await commitOn(theirs, repos.theirs, 'theirs.txt');
    expect(await theirs.push({ remote: 'origin', branch: 'agent/3-x', expectedRemoteSha: null })).toBe('pushed');

    await ours.configureBotIdentity();
    await ours.checkoutNewBranch('agent/3-x', 'origin/main');
    await commitOn(ours, repos.ours, 'ours.txt');
    expect(await ours.push({ remote: 'origin', branch: 'agent/3-x', expectedRemoteSha: null })).toBe('rejected-moved');
    expect(sh(repos.remote, 'rev-parse', 'refs/heads/agent/3-x')).toBe(theirSha);
  });

  test("a concurrent push from the other clone makes ours 'rejected-moved' and keeps theirs", async () => {
    await ours.configureBotIdentity();
    await ours.checkoutNewBranch('agent/4-x', 'origin/main');
    const base = await commitOn(ours, repos.ours, 'a.txt');
    expect(await ours.push({ remote: 'origin', branch: 'agent/4-x', expectedRemoteSha: null })).toBe('pushed');

    // A human pushes on top of our commit from the other clone.
    const theirs = new Git({ cwd: repos.theirs, env: isolatedEnv });
    await theirs.fetch('origin', 'refs/heads/agent/4-x:refs/remotes/origin/agent/4-x');
    await theirs.checkoutNewBranch('agent/4-x', 'origin/agent/4-x');
    const theirSha = await commitOn(theirs, repos.theirs, 'human.txt');
    expect(await theirs.push({ remote: 'origin', branch: 'agent/4-x', expectedRemoteSha: base })).toBe('pushed');

    // Our next commit still expects `base`: refused, and the human's commit stays.
    await commitOn(ours, repos.ours, 'b.txt');
    expect(await ours.push({ remote: 'origin', branch: 'agent/4-x', expectedRemoteSha: base })).toBe('rejected-moved');
    expect(sh(repos.remote, 'rev-parse', 'refs/heads/agent/4-x')).toBe(theirSha);
    expect(sh(repos.remote, 'log', '--format=%s', 'refs/heads/agent/4-x')).toBe('add human.txt\nadd a.txt\ninit');
  });

  test('an expectedRemoteSha that does not match the remote is refused, even when the push would fast-forward', async () => {
    await ours.configureBotIdentity();
    await ours.checkoutNewBranch('agent/5-x', 'origin/main');
    const first = await commitOn(ours, repos.ours, 'a.txt');
    expect(await ours.push({ remote: 'origin', branch: 'agent/5-x', expectedRemoteSha: null })).toBe('pushed');
    await commitOn(ours, repos.ours, 'b.txt');
    const wrong = sh(repos.ours, 'rev-parse', 'origin/main');
    expect(await ours.push({ remote: 'origin', branch: 'agent/5-x', expectedRemoteSha: wrong })).toBe('rejected-moved');
    expect(sh(repos.remote, 'rev-parse', 'refs/heads/agent/5-x')).toBe(first);
  });

  test('other failures throw with git stderr and credentials redacted', async () => {
    await ours.configureBotIdentity();
    const url = 'https://x-access-token:ghs_secret123@127.0.0.1:1/o/r.git';
    const err = await ours.push({ remote: url, branch: 'agent/6-x', expectedRemoteSha: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitCommandError);
    const e = err as GitCommandError;
    expect(e.kind).toBe('github');
    expect(e.message).toMatch(/^git push failed/);
    expect(e.message + e.stderr + e.args.join(' ')).not.toContain('ghs_secret123');
    expect(e.args.join(' ')).toContain('https://***@127.0.0.1:1/o/r.git');
  });

  test('a server-side hook refusal is an error, not a move', async () => {
    writeFileSync(join(repos.remote, 'hooks', 'pre-receive'), '#!/bin/sh\necho "protected branch" >&2\nexit 1\n', { mode: 0o755 });
    await ours.configureBotIdentity();
    await ours.checkoutNewBranch('agent/7-x', 'origin/main');
    await commitOn(ours, repos.ours, 'a.txt');
    await expect(ours.push({ remote: 'origin', branch: 'agent/7-x', expectedRemoteSha: null })).rejects.toThrow(
      /protected branch|pre-receive hook declined/,
    );
  });
});
