import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOctokit, type Octokit } from '@eternia/core';
import { type GitHubEmulator, startGitHubEmulator } from '../src/github/index.js';
import { runGit } from '../src/github/git-repo.js';

const ident = { GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.com', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.com' };
const git = async (cwd: string, ...args: string[]) => (await runGit(args, { cwd, env: ident })).toString().trim();

describe('GitHub emulator: git data, contents, pull requests backed by a real bare repository', () => {
  let emu: GitHubEmulator;
  let gh: Octokit;
  let bot: Octokit;
  let work: string;
  let mainSha: string;
  const repo = { owner: 'acme', repo: 'app' };

  beforeAll(async () => {
    emu = await startGitHubEmulator({ validateResponses: true });
    emu.addToken('user-token', 'alice');
    emu.addToken('bot-token', 'github-actions[bot]', { type: 'Bot' });
    await emu.createRepo({ owner: 'acme', name: 'app', files: { 'README.md': '# app\n', 'src/index.ts': 'export const x = 1;\n' } });
    gh = createOctokit({ token: 'user-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    bot = createOctokit({ token: 'bot-token', baseUrl: emu.url, fetch: globalThis.fetch, retries: 0 });
    work = await mkdtemp(join(tmpdir(), 'emu-clone-'));
    mainSha = (await gh.rest.git.getRef({ ...repo, ref: 'heads/main' })).data.object.sha;
  });
  afterAll(async () => {
    const violations = [...emu.violations];
    await emu.close();
    await rm(work, { recursive: true, force: true });
    expect(violations).toEqual([]);
  });

  test('a git clone and push to bareRepoPath and the API agree', async () => {
    const clone = join(work, 'app');
    await runGit(['clone', '--quiet', emu.bareRepoPath('acme', 'app'), clone]);
    expect(await git(clone, 'rev-parse', 'HEAD')).toBe(mainSha);
    await git(clone, 'checkout', '--quiet', '-b', 'feature/login');
    await writeFile(join(clone, 'src/login.ts'), 'export function login() {\n  return true;\n}\n');
    await git(clone, 'add', '.');
    await git(clone, 'commit', '--quiet', '-m', 'feat: login');
    await git(clone, 'push', '--quiet', 'origin', 'feature/login');
    const pushed = await git(clone, 'rev-parse', 'HEAD');

    const ref = await gh.rest.git.getRef({ ...repo, ref: 'heads/feature/login' });
    expect(ref.data).toMatchObject({ ref: 'refs/heads/feature/login', object: { sha: pushed, type: 'commit' } });
    const branch = await gh.rest.repos.getBranch({ ...repo, branch: 'feature/login' });
    expect(branch.data.commit.sha).toBe(pushed);
    const commit = await gh.rest.repos.getCommit({ ...repo, ref: pushed });
    expect(commit.data.commit.message).toBe('feat: login');
    expect(commit.data.parents.map((p) => p.sha)).toEqual([mainSha]);
    expect(commit.data.files).toEqual([expect.objectContaining({ filename: 'src/login.ts', status: 'added', additions: 3, deletions: 0 })]);
    const file = await gh.rest.repos.getContent({ ...repo, path: 'src/login.ts', ref: 'feature/login' });
    expect(Buffer.from((file.data as { content: string }).content, 'base64').toString()).toContain('return true');
    const cmp = await gh.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: 'main...feature/login' });
    expect(cmp.data).toMatchObject({ status: 'ahead', ahead_by: 1, behind_by: 0, total_commits: 1 });
    const matching = await gh.rest.git.listMatchingRefs({ ...repo, ref: 'heads/feature' });
    expect(matching.data.map((r) => r.ref)).toEqual(['refs/heads/feature/login']);
  });

  test('create-ref: 201, then 422 "Reference already exists"; unknown sha is 422 too', async () => {
    const created = await bot.rest.git.createRef({ ...repo, ref: 'refs/heads/agent/1-fix', sha: mainSha });
    expect(created.status).toBe(201);
    await expect(bot.rest.git.createRef({ ...repo, ref: 'refs/heads/agent/1-fix', sha: mainSha })).rejects.toMatchObject({
      status: 422,
      response: { data: { message: 'Reference already exists' } },
    });
    await expect(bot.rest.git.createRef({ ...repo, ref: 'refs/heads/x', sha: 'f'.repeat(40) })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Object does not exist'),
    });
  });

  test('two simultaneous create-ref calls for one name: exactly one 201 and one 422', async () => {
    const results = await Promise.allSettled([
      bot.rest.git.createRef({ ...repo, ref: 'refs/heads/race', sha: mainSha }),
      gh.rest.git.createRef({ ...repo, ref: 'refs/heads/race', sha: mainSha }),
    ]);
    const statuses = results.map((r) => (r.status === 'fulfilled' ? r.value.status : (r.reason as { status: number }).status)).sort();
    expect(statuses).toEqual([201, 422]);
  });

  test('update-ref refuses a non fast-forward unless forced; delete-ref removes the branch', async () => {
    const put = await bot.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'notes.md',
      message: 'docs: notes',
      content: Buffer.from('hi\n').toString('base64'),
      branch: 'agent/1-fix',
    });
    expect(put.status).toBe(201);
    const ahead = put.data.commit.sha!;
    expect(put.data.commit.parents?.map((p) => p.sha)).toEqual([mainSha]);
    // moving the branch back to main is not a fast-forward
    await expect(bot.rest.git.updateRef({ ...repo, ref: 'heads/agent/1-fix', sha: mainSha })).rejects.toMatchObject({
      status: 422,
      message: expect.stringContaining('Update is not a fast forward'),
    });
    const forced = await bot.rest.git.updateRef({ ...repo, ref: 'heads/agent/1-fix', sha: mainSha, force: true });
    expect(forced.data.object.sha).toBe(mainSha);
    const ff = await bot.rest.git.updateRef({ ...repo, ref: 'heads/agent/1-fix', sha: ahead });
    expect(ff.data.object.sha).toBe(ahead);
    await bot.rest.git.deleteRef({ ...repo, ref: 'heads/race' });
    await expect(bot.rest.git.getRef({ ...repo, ref: 'heads/race' })).rejects.toMatchObject({ status: 404 });
    await expect(bot.rest.git.deleteRef({ ...repo, ref: 'heads/race' })).rejects.toMatchObject({ status: 422 });
  });

  test('contents: update needs the current sha (422 without, 409 when stale) and creates a real commit', async () => {
    const current = await gh.rest.repos.getContent({ ...repo, path: 'README.md' });
    const sha = (current.data as { sha: string }).sha;
    await expect(gh.rest.repos.createOrUpdateFileContents({ ...repo, path: 'README.md', message: 'x', content: 'eA==' })).rejects.toMatchObject({
      status: 422,
    });
    await expect(
      gh.rest.repos.createOrUpdateFileContents({ ...repo, path: 'README.md', message: 'x', content: 'eA==', sha: 'a'.repeat(40) }),
    ).rejects.toMatchObject({ status: 409 });
    const updated = await gh.rest.repos.createOrUpdateFileContents({
      ...repo,
      path: 'README.md',
      message: 'docs: readme',
      content: Buffer.from('# app v2\n').toString('base64'),
      sha,
    });
    expect(updated.status).toBe(200);
    const log = await git(emu.bareRepoPath('acme', 'app'), 'log', '-1', '--format=%s %an', 'main');
    expect(log).toBe('docs: readme alice');
    mainSha = updated.data.commit.sha!;
    const dir = await gh.rest.repos.getContent({ ...repo, path: '' });
    expect((dir.data as Array<{ name: string; type: string }>).map((e) => `${e.type}:${e.name}`).sort()).toEqual(['dir:src', 'file:README.md']);
    const raw = await gh.rest.repos.getContent({ ...repo, path: 'README.md', mediaType: { format: 'raw' } });
    expect(String(raw.data)).toBe('# app v2\n');
  });

  test('git database: blob, tree and commit creation, then read back', async () => {
    const blob = await bot.rest.git.createBlob({ ...repo, content: 'console.log(1)\n', encoding: 'utf-8' });
    const base = await bot.rest.git.getCommit({ ...repo, commit_sha: mainSha });
    const tree = await bot.rest.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [{ path: 'src/cli.ts', mode: '100644', type: 'blob', sha: blob.data.sha }],
    });
    const commit = await bot.rest.git.createCommit({ ...repo, message: 'feat: cli', tree: tree.data.sha, parents: [mainSha] });
    expect(commit.data.parents[0]!.sha).toBe(mainSha);
    const full = await bot.rest.git.getTree({ ...repo, tree_sha: commit.data.sha, recursive: 'true' });
    expect(
      full.data.tree
        .filter((e) => e.type === 'blob')
        .map((e) => e.path)
        .sort(),
    ).toEqual(['README.md', 'src/cli.ts', 'src/index.ts']);
    const readBlob = await bot.rest.git.getBlob({ ...repo, file_sha: blob.data.sha });
    expect(Buffer.from(readBlob.data.content, 'base64').toString()).toBe('console.log(1)\n');
  });

  test('git database: one tree from inline contents, an executable, a removal and odd path names', async () => {
    const base = await bot.rest.git.getCommit({ ...repo, commit_sha: mainSha });
    const tree = await bot.rest.git.createTree({
      ...repo,
      base_tree: base.data.tree.sha,
      tree: [
        { path: 'bin/run.sh', mode: '100755', type: 'blob', content: '#!/bin/sh\necho run\n' },
        { path: 'docs/tab\there.md', mode: '100644', type: 'blob', content: 'tab\n' },
        { path: 'docs/ünïcode é.md', mode: '100644', type: 'blob', content: 'accents\n' },
        { path: 'src/index.ts', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const full = await bot.rest.git.getTree({ ...repo, tree_sha: tree.data.sha, recursive: 'true' });
    const blobs = Object.fromEntries(full.data.tree.filter((e) => e.type === 'blob').map((e) => [e.path, e.mode]));
    expect(blobs).toEqual({
      'README.md': '100644',
      'bin/run.sh': '100755',
      'docs/tab\there.md': '100644',
      'docs/ünïcode é.md': '100644',
    });
    const script = full.data.tree.find((e) => e.path === 'bin/run.sh')!;
    const read = await bot.rest.git.getBlob({ ...repo, file_sha: script.sha! });
    expect(Buffer.from(read.data.content, 'base64').toString()).toBe('#!/bin/sh\necho run\n');
  });

  test('pull requests: draft create, 422 when one exists, 422 with no commits, list by head, update, merge', async () => {
    const pr = await bot.rest.pulls.create({ ...repo, title: 'Login', head: 'feature/login', base: 'main', draft: true, body: 'Closes #1' });
    expect(pr.status).toBe(201);
    expect(pr.data).toMatchObject({
      draft: true,
      state: 'open',
      head: { ref: 'feature/login' },
      base: { ref: 'main' },
      user: { login: 'github-actions[bot]' },
    });
    await expect(bot.rest.pulls.create({ ...repo, title: 'again', head: 'acme:feature/login', base: 'main' })).rejects.toMatchObject({
      status: 422,
      response: {
        data: {
          message: 'Validation Failed',
          errors: [{ resource: 'PullRequest', code: 'custom', message: 'A pull request already exists for acme:feature/login.' }],
        },
      },
    });
    await bot.rest.git.createRef({ ...repo, ref: 'refs/heads/empty', sha: mainSha });
    await expect(bot.rest.pulls.create({ ...repo, title: 'empty', head: 'empty', base: 'main' })).rejects.toMatchObject({
      status: 422,
      response: { data: { errors: [expect.objectContaining({ message: 'No commits between main and empty' })] } },
    });
    await expect(bot.rest.pulls.create({ ...repo, title: 'x', head: 'nope', base: 'main' })).rejects.toMatchObject({ status: 422 });

    const listed = await bot.rest.pulls.list({ ...repo, head: 'acme:feature/login', state: 'open' });
    expect(listed.data.map((p) => p.number)).toEqual([pr.data.number]);
    expect((await bot.rest.pulls.list({ ...repo, head: 'acme:other' })).data).toEqual([]);
    // A pull request is an issue with a pull_request key.
    const asIssue = await bot.rest.issues.get({ ...repo, issue_number: pr.data.number });
    expect(asIssue.data.pull_request?.url).toContain(`/pulls/${pr.data.number}`);
    const files = await bot.rest.pulls.listFiles({ ...repo, pull_number: pr.data.number });
    expect(files.data.map((f) => f.filename)).toEqual(['src/login.ts']);

    // review: own PR cannot be approved; a comment review with an inline comment on a diff line works
    await expect(bot.rest.pulls.createReview({ ...repo, pull_number: pr.data.number, event: 'APPROVE' })).rejects.toMatchObject({ status: 422 });
    const review = await bot.rest.pulls.createReview({
      ...repo,
      pull_number: pr.data.number,
      event: 'COMMENT',
      body: 'Rubric: 4/5',
      comments: [{ path: 'src/login.ts', line: 2, body: 'nit: name the constant' }],
    });
    expect(review.data.state).toBe('COMMENTED');
    await expect(
      bot.rest.pulls.createReview({
        ...repo,
        pull_number: pr.data.number,
        event: 'COMMENT',
        body: 'x',
        comments: [{ path: 'README.md', line: 1, body: 'not in diff' }],
      }),
    ).rejects.toMatchObject({ status: 422 });
    const approved = await gh.rest.pulls.createReview({ ...repo, pull_number: pr.data.number, event: 'APPROVE' });
    expect(approved.data.state).toBe('APPROVED');
    expect((await bot.rest.pulls.listReviews({ ...repo, pull_number: pr.data.number })).data.map((r) => r.state)).toEqual(['COMMENTED', 'APPROVED']);
    const inline = await bot.rest.pulls.listReviewComments({ ...repo, pull_number: pr.data.number });
    expect(inline.data[0]).toMatchObject({
      path: 'src/login.ts',
      line: 2,
      pull_request_review_id: review.data.id,
      diff_hunk: expect.stringContaining('@@'),
    });

    await expect(bot.rest.pulls.merge({ ...repo, pull_number: pr.data.number })).rejects.toMatchObject({ status: 405 });
    const ready = emu.state.repo('acme', 'app')!.issues.find((i) => i.number === pr.data.number)!;
    ready.pull!.draft = false; // "ready for review" is GraphQL-only; tests flip the record
    const merged = await gh.rest.pulls.merge({ ...repo, pull_number: pr.data.number, merge_method: 'squash' });
    expect(merged.data.merged).toBe(true);
    const after = await gh.rest.pulls.get({ ...repo, pull_number: pr.data.number });
    expect(after.data).toMatchObject({ merged: true, state: 'closed', merge_commit_sha: merged.data.sha });
    const content = await gh.rest.repos.getContent({ ...repo, path: 'src/login.ts' });
    expect((content.data as { type: string }).type).toBe('file');
  });
});
