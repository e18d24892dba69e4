import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit, type Octokit } from '@eternia/core';
import { type GitHubEmulator, type PushEvent, startGitHubEmulator } from '../src/github/index.js';
import { gitConfigQuote } from '../src/github/push-hook.js';

const ZERO = '0'.repeat(40);

/**
 * Plain git CLI as an end-to-end test runs it: the process environment (not the emulator's fixed one),
 * with identity and a throwaway global config so the developer's own config plays no part in the result.
 */
function git(cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return gitWith({}, cwd, ...args);
}

function gitWith(env: Record<string, string>, cwd: string, ...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'Dev',
        GIT_AUTHOR_EMAIL: 'dev@example.com',
        GIT_COMMITTER_NAME: 'Dev',
        GIT_COMMITTER_EMAIL: 'dev@example.com',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ stdout: stdout.trim(), stderr }) : reject(new Error(`git ${args.join(' ')} failed (${code}): ${stderr}`)),
    );
  });
}

async function commitFile(clone: string, file: string, content: string, message: string): Promise<string> {
  await writeFile(join(clone, file), content);
  await git(clone, 'add', file);
  await git(clone, 'commit', '--quiet', '-m', message);
  return (await git(clone, 'rev-parse', 'HEAD')).stdout;
}

describe('GitHub emulator: pushes into the bare repositories reach onPush and simulated CI', () => {
  let emu: GitHubEmulator;
  let gh: Octokit;
  let work: string;
  let clone: string;
  const repo = { owner: 'acme', repo: 'app' };

  beforeAll(async () => {
    emu = await startGitHubEmulator({ validateResponses: true });
    emu.addToken('user-token', 'alice');
    await emu.createRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n' } });
    gh = createOctokit({ token: 'user-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    work = await mkdtemp(join(tmpdir(), 'emu-push-'));
    clone = join(work, 'app');
    await git(work, 'clone', '--quiet', emu.bareRepoPath('acme', 'app'), clone);
  });
  afterAll(async () => {
    const violations = [...emu.violations];
    await emu.close();
    await rm(work, { recursive: true, force: true });
    expect(violations).toEqual([]);
  });

  test('a git push calls onPush with ref, before and after before the push returns; unsubscribe stops it', async () => {
    const seen: PushEvent[] = [];
    const off = emu.onPush((p) => {
      seen.push(p);
    });
    const before = (await git(clone, 'rev-parse', 'HEAD')).stdout;
    const after = await commitFile(clone, 'a.txt', 'a\n', 'add a');
    await git(clone, 'push', '--quiet', 'origin', 'main');
    expect(seen).toEqual([{ owner: 'acme', repo: 'app', ref: 'refs/heads/main', before, after }]);

    await git(clone, 'push', '--quiet', '-o', 'pusher=alice', 'origin', 'main:refs/heads/copy');
    expect(seen[1]).toEqual({ owner: 'acme', repo: 'app', ref: 'refs/heads/copy', before: ZERO, after, pusher: 'alice' });

    off();
    await commitFile(clone, 'b.txt', 'b\n', 'add b');
    await git(clone, 'push', '--quiet', 'origin', 'main');
    expect(seen).toHaveLength(2);
  });

  test('simulateCi: a push gets a completed `test` check run by GitHub Actions on the pushed sha', async () => {
    const off = emu.simulateCi({ ...repo });
    try {
      await git(clone, 'checkout', '--quiet', '-b', 'feature/ok');
      const sha = await commitFile(clone, 'ok.txt', 'ok\n', 'ok');
      await git(clone, 'push', '--quiet', 'origin', 'feature/ok');
      const runs = await gh.rest.checks.listForRef({ ...repo, ref: sha });
      expect(runs.data.total_count).toBe(1);
      const run = runs.data.check_runs[0]!;
      expect(run).toMatchObject({ name: 'test', head_sha: sha, status: 'completed', conclusion: 'success', app: { slug: 'github-actions' } });
      const jobId = Number(/\/actions\/runs\/\d+\/job\/(\d+)$/.exec(run.details_url ?? '')?.[1]);
      const job = await gh.rest.actions.getJobForWorkflowRun({ ...repo, job_id: jobId });
      expect(job.data).toMatchObject({ head_sha: sha, status: 'completed', conclusion: 'success', head_branch: 'feature/ok' });
    } finally {
      off();
    }
  });

  test('simulateCi: a failure conclusion with the job log served; branch globs, tags and deletions are ignored', async () => {
    const pushes: string[] = [];
    const off = emu.simulateCi({
      ...repo,
      name: 'unit',
      branches: 'agent/**',
      conclude: (p) => {
        pushes.push(p.ref);
        return 'failure';
      },
      log: (p) => `FAIL src/x.test.ts at ${p.after}\n`,
    });
    try {
      await git(clone, 'checkout', '--quiet', '-b', 'agent/issue-7');
      const sha = await commitFile(clone, 'bad.txt', 'bad\n', 'bad');
      await git(clone, 'push', '--quiet', 'origin', 'agent/issue-7', `${sha}:refs/heads/other`);
      await git(clone, 'tag', 'v1');
      await git(clone, 'push', '--quiet', 'origin', 'v1');
      await git(clone, 'push', '--quiet', 'origin', '--delete', 'agent/issue-7');
      expect(pushes).toEqual(['refs/heads/agent/issue-7']);

      const runs = await gh.rest.checks.listForRef({ ...repo, ref: sha });
      expect(runs.data.check_runs.map((r) => [r.name, r.conclusion])).toEqual([['unit', 'failure']]);
      const jobId = Number(/\/job\/(\d+)$/.exec(runs.data.check_runs[0]!.details_url ?? '')?.[1]);
      const logs = await gh.rest.actions.downloadJobLogsForWorkflowRun({ ...repo, job_id: jobId });
      expect(String(logs.data)).toBe(`FAIL src/x.test.ts at ${sha}\n`);
    } finally {
      off();
    }
  });

  test('API ref writes fire the same handlers, with the token user as pusher', async () => {
    const seen: PushEvent[] = [];
    const off = emu.onPush((p) => {
      seen.push(p);
    });
    const offCi = emu.simulateCi({ ...repo });
    try {
      const main = (await gh.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
      await gh.rest.git.createRef({ ...repo, ref: 'refs/heads/api-branch', sha: main });
      expect(seen).toEqual([{ owner: 'acme', repo: 'app', ref: 'refs/heads/api-branch', before: ZERO, after: main, pusher: 'alice' }]);
      const checks = await gh.rest.checks.listForRef({ ...repo, ref: main, check_name: 'test' });
      expect(checks.data.check_runs[0]).toMatchObject({ status: 'completed', conclusion: 'success' });

      const put = await gh.rest.repos.createOrUpdateFileContents({
        ...repo,
        path: 'api.txt',
        message: 'via api',
        content: Buffer.from('x\n').toString('base64'),
        branch: 'api-branch',
      });
      expect(seen[1]).toEqual({
        owner: 'acme',
        repo: 'app',
        ref: 'refs/heads/api-branch',
        before: main,
        after: put.data.commit.sha,
        pusher: 'alice',
      });

      await gh.rest.git.deleteRef({ ...repo, ref: 'heads/api-branch' });
      expect(seen[2]).toMatchObject({ ref: 'refs/heads/api-branch', before: put.data.commit.sha, after: ZERO });
    } finally {
      off();
      offCi();
    }
  });

  test('a handler error is reported to the pusher and recorded, but the push succeeds', async () => {
    const off = emu.onPush(() => {
      throw new Error('handler broke');
    });
    try {
      await git(clone, 'checkout', '--quiet', 'main');
      const sha = await commitFile(clone, 'c.txt', 'c\n', 'add c');
      const out = await git(clone, 'push', 'origin', 'main');
      expect(out.stderr).toContain('handler broke');
      expect((await gh.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha).toBe(sha);
      expect(emu.violations.map((v) => v.message)).toEqual([expect.stringContaining('handler broke')]);
    } finally {
      off();
      emu.violations.length = 0;
    }
  });

  test("the developer's core.hooksPath and NODE_OPTIONS do not divert or break the hook", async () => {
    const seen: PushEvent[] = [];
    const off = emu.onPush((p) => {
      seen.push(p);
    });
    try {
      const globalConfig = join(work, 'dev-gitconfig');
      await writeFile(globalConfig, `[core]\n\thooksPath = ${join(work, 'no-hooks')}\n`);
      const env = { GIT_CONFIG_GLOBAL: globalConfig, NODE_OPTIONS: `--require ${join(work, 'missing-loader.cjs')}` };
      await git(clone, 'checkout', '--quiet', 'main');
      const sha = await commitFile(clone, 'd.txt', 'd\n', 'add d');
      await gitWith(env, clone, 'push', '--quiet', 'origin', 'main');
      expect(seen.map((p) => [p.ref, p.after])).toEqual([['refs/heads/main', sha]]);
    } finally {
      off();
    }
  });

  test('simulateCi with delayMs: in_progress when the push returns, completed after the delay', async () => {
    // The conclusion waits for the test's go, so the in-between state is observed whatever the machine's load.
    let go!: () => void;
    const gate = new Promise<void>((r) => (go = r));
    const conclude = async (): Promise<'success'> => {
      await gate;
      return 'success';
    };
    const off = emu.simulateCi({ ...repo, name: 'slow', delayMs: 5, conclude });
    try {
      await git(clone, 'checkout', '--quiet', 'main');
      const sha = await commitFile(clone, 'e.txt', 'e\n', 'add e');
      await git(clone, 'push', '--quiet', 'origin', 'main');
      const first = await gh.rest.checks.listForRef({ ...repo, ref: sha, check_name: 'slow' });
      expect(first.data.check_runs[0]).toMatchObject({ status: 'in_progress', conclusion: null });
      go();
      let later = first.data.check_runs[0]!;
      // No count limit: on a busy machine the simulator may take a while; the test's timeout bounds the wait.
      while (later.status !== 'completed') {
        await new Promise((r) => setTimeout(r, 20));
        later = (await gh.rest.checks.listForRef({ ...repo, ref: sha, check_name: 'slow' })).data.check_runs[0]!;
      }
      expect(later).toMatchObject({ status: 'completed', conclusion: 'success' });
    } finally {
      off();
    }
  });

  test('bad simulateCi options are refused with the option named', () => {
    expect(() => emu.simulateCi({ owner: 'acme', repo: 'nope' })).toThrow(/acme\/nope/);
    expect(() => emu.simulateCi({ ...repo, delayMs: -1 })).toThrow(/delayMs/);
    expect(() => emu.simulateCi({ ...repo, branches: '' })).toThrow(/branches/);
  });

  test('without a listener the hook stays silent and makes no request', async () => {
    const quiet = await startGitHubEmulator();
    await quiet.createRepo({ owner: 'acme', name: 'quiet' });
    const dir = join(work, 'quiet');
    await git(work, 'clone', '--quiet', quiet.bareRepoPath('acme', 'quiet'), dir);
    await commitFile(dir, 'q.txt', 'q\n', 'q');
    const before = quiet.requests.length;
    const out = await git(dir, 'push', 'origin', 'main');
    expect(out.stderr).not.toContain('github emulator');
    expect(quiet.requests.length).toBe(before);
    await quiet.close();
  });

  test('with a closed emulator a push still succeeds, with a message on stderr', async () => {
    // A dataDir of the test's own survives close(), like an end-to-end test that outlives its emulator.
    const other = await startGitHubEmulator({ dataDir: join(work, 'other-data') });
    await other.createRepo({ owner: 'acme', name: 'gone' });
    other.onPush(() => {}); // someone listens, so the hook reports (and finds nobody after close)
    const bare = other.bareRepoPath('acme', 'gone');
    const dir = join(work, 'gone');
    await git(work, 'clone', '--quiet', bare, dir);
    await other.close();
    const sha = await commitFile(dir, 'late.txt', 'late\n', 'late');
    const out = await git(dir, 'push', 'origin', 'main');
    expect(out.stderr).toContain('github emulator: push not reported');
    expect((await git(dir, 'ls-remote', 'origin', 'refs/heads/main')).stdout).toBe(`${sha}\trefs/heads/main`);
  });
});

describe('gitConfigQuote: the hook settings are written into the repository config directly', () => {
  test('git reads back a value with quotes, backslashes and spaces exactly; a line break is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'config-quote-'));
    try {
      await git(dir, 'init', '--bare', '--quiet', 'repo.git');
      const value = String.raw`/tmp/a "quoted" dir\with\backslash and spaces/hooks`;
      await appendFile(join(dir, 'repo.git', 'config'), `[core]\n\thooksPath = ${gitConfigQuote(value)}\n`);
      expect((await git(join(dir, 'repo.git'), 'config', '--get', 'core.hooksPath')).stdout.trim()).toBe(value);
      expect(() => gitConfigQuote('a\nb')).toThrow('a git config value cannot hold a line break');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
